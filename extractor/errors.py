"""Typed errors: every failure a caller can meet, with what is known about it."""

from __future__ import annotations

import importlib
from typing import Any

from schemas import Usage


def import_extra(module: str, extra: str, purpose: str) -> Any:
    """``module``, or an ImportError saying which extra of the package brings it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(
            f"{purpose} needs {module}: pip install 'election-extractor[{extra}]'"
        ) from error


class ExtractorError(Exception):
    """Base class of every error this toolkit raises on purpose."""

    kind = "error"


class InvalidArticleError(ExtractorError, ValueError):
    """The input cannot be treated as an article."""

    kind = "invalid_article"


class EmptyArticleError(InvalidArticleError):
    """The article has no text (empty or whitespace only)."""

    kind = "empty_article"


class BinaryArticleError(InvalidArticleError):
    """The input is binary data, not text."""

    kind = "binary_article"


class ArticleDecodeError(InvalidArticleError):
    """The bytes are not valid in the accepted encodings."""

    kind = "decode_error"


class ArticleTooLargeError(InvalidArticleError):
    """The article is longer than the configured maximum."""

    kind = "article_too_large"


class ModelNotAvailableError(ExtractorError):
    """The embedded model is missing, unknown or failed verification."""

    kind = "model_not_available"


class LocalServerError(ExtractorError):
    """The embedded model server could not be started or did not become healthy."""

    kind = "local_server_error"


class ExtractionFailedError(ExtractorError):
    """The model call failed after every retry and re-ask.

    Carries what a caller needs to decide what to do next: how many attempts were made,
    the tokens they cost, and the last raw output the model produced (if any).
    """

    kind = "extraction_failed"

    def __init__(
        self,
        message: str,
        *,
        attempts: int = 0,
        usage: Usage | None = None,
        last_output: str | None = None,
        cause_type: str | None = None,
    ) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.usage = usage or Usage()
        self.last_output = last_output
        self.cause_type = cause_type
