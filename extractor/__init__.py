"""election-extractor: structured, verifiable election facts from news articles.

from extractor import extract_article
result = extract_article(open("seeds/004_36c3a55acffc1229.txt").read())
"""

from __future__ import annotations

from extractor.config import Settings
from extractor.core import aextract_article, extract_article
from extractor.errors import (
    ArticleDecodeError,
    ArticleTooLargeError,
    BinaryArticleError,
    EmptyArticleError,
    ExtractionFailedError,
    ExtractorError,
    InvalidArticleError,
    LocalServerError,
    ModelNotAvailableError,
)
from extractor.frames import load
from extractor.many import extract_many
from prompts import prompt_version
from schemas import ArticleExtraction

__all__ = [
    "ArticleDecodeError",
    "ArticleExtraction",
    "ArticleTooLargeError",
    "BinaryArticleError",
    "EmptyArticleError",
    "ExtractionFailedError",
    "ExtractorError",
    "InvalidArticleError",
    "LocalServerError",
    "ModelNotAvailableError",
    "Settings",
    "aextract_article",
    "extract_article",
    "extract_many",
    "load",
    "prompt_version",
]
