"""Pydantic models of election facts: the output contract of election-extractor."""

from __future__ import annotations

import json
from typing import Any

from schemas.facts import (
    SCHEMA_VERSION,
    ArticleExtraction,
    Candidate,
    ChangedFact,
    Contest,
    Council,
    CouncilParty,
    DroppedFact,
    Election,
    ElectionKind,
    Evidence,
    ExtractionMeta,
    FigureCheck,
    Outcome,
    Referendum,
    ReferendumOption,
    SeatTally,
    SeatTotal,
    TallyStatus,
    Usage,
    Verification,
    VerificationStatus,
)
from schemas.parties import NO_OVERALL_CONTROL, PartyRegistry, canonical_party, default_registry


def article_extraction_json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`ArticleExtraction`, for non-Python consumers."""
    schema = ArticleExtraction.model_json_schema()
    schema["$id"] = f"https://election-extractor/schemas/article-extraction-{SCHEMA_VERSION}.json"
    return schema


def article_extraction_json_schema_text() -> str:
    """The JSON Schema of :class:`ArticleExtraction` as indented text."""
    return json.dumps(article_extraction_json_schema(), indent=2, ensure_ascii=False) + "\n"


__all__ = [
    "NO_OVERALL_CONTROL",
    "SCHEMA_VERSION",
    "ArticleExtraction",
    "Candidate",
    "ChangedFact",
    "Contest",
    "Council",
    "CouncilParty",
    "DroppedFact",
    "Election",
    "ElectionKind",
    "Evidence",
    "ExtractionMeta",
    "FigureCheck",
    "Outcome",
    "PartyRegistry",
    "Referendum",
    "ReferendumOption",
    "SeatTally",
    "SeatTotal",
    "TallyStatus",
    "Usage",
    "Verification",
    "VerificationStatus",
    "article_extraction_json_schema",
    "article_extraction_json_schema_text",
    "canonical_party",
    "default_registry",
]
