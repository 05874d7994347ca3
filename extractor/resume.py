"""What decides an extraction, and which earlier records may be reused for it.

A record is reused on resume only when it was made under the same configuration: the model and
server, the prompt and schema versions, the package version and every setting that changes
answers (:data:`ANSWER_SETTINGS`). The configuration is written into each record (``config``)
beside its short hash (``config_key``), so a run can say not only that an earlier record is
stale but why ("verify: True → False; package: 0.1.0 → 0.2.0"). ``--reuse-stale`` keeps stale
records anyway, for a user who knows the change does not matter to them.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata
from typing import Any

from extractor.config import Settings
from extractor.inputs import PreparedInput
from schemas import SCHEMA_VERSION

Record = dict[str, Any]

# The settings that change what an extraction answers (limits, readers, passes, re-asks,
# verification). Timeouts, retries, keys and cache places do not.
ANSWER_SETTINGS = (
    "reasks",
    "max_output_tokens",
    "temperature",
    "max_chars",
    "parse_lists",
    "chunk_chars",
    "passages",
    "passage_chars",
    "whole_chars",
    "whole_reading",
    "token_budget",
    "grounding_reask",
    "verify",
    "disabled",
)
OLDER_RECORD = "made by a version that did not record its settings"


@cache
def package_version() -> str:
    """The installed version of election-extractor ("0+unknown" when run from sources)."""
    try:
        return metadata.version("election-extractor")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def run_config(settings: Settings, model: str, base_url: str | None, prompt: str) -> dict[str, Any]:
    """Everything that decides an extraction's answers, as plain JSON values."""
    config: dict[str, Any] = {
        "package": package_version(),
        "model": model,
        "server": (base_url or "").rstrip("/"),
        "prompt": prompt,
        "schema": SCHEMA_VERSION,
    }
    for name in ANSWER_SETTINGS:
        value = getattr(settings, name)
        config[name] = sorted(value) if isinstance(value, frozenset) else value
    return config


def config_key(config: dict[str, Any]) -> str:
    """A short hash of a :func:`run_config`."""
    payload = json.dumps(config, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def config_changes(old: dict[str, Any] | None, new: dict[str, Any]) -> str:
    """What differs between two configurations, readably: "verify: True → False"."""
    if not old:
        return OLDER_RECORD
    changed = [
        f"{name}: {old.get(name)!r} → {new.get(name)!r}"
        for name in new
        if old.get(name) != new.get(name)
    ]
    return "; ".join(changed) or "the same settings, another key"


@dataclass
class ResumeIndex:
    """What an earlier run already wrote, by article id and content hash.

    Records of the current configuration are reused; records of another (stale ones) are not,
    unless ``reuse_stale``. ``stale`` counts the articles whose latest record is stale, by the
    reason (:func:`config_changes`).
    """

    records: Iterable[Record]
    key: str
    config: dict[str, Any] = field(default_factory=dict)
    reuse_stale: bool = False
    by_id_and_sha: dict[tuple[str, str], Record] = field(default_factory=dict, init=False)
    ok_by_sha: dict[str, Record] = field(default_factory=dict, init=False)
    stale: Counter[str] = field(default_factory=Counter, init=False)

    def __post_init__(self) -> None:
        stale_records: dict[tuple[str, str], Record] = {}
        for record in self.records:
            pair = (str(record.get("id")), str(record.get("sha256")))
            if record.get("config_key") != self.key and not self.reuse_stale:
                stale_records[pair] = record
                continue
            stale_records.pop(pair, None)
            self.by_id_and_sha[pair] = record
            if record.get("status") == "ok":
                self.ok_by_sha[pair[1]] = record
        for pair, record in stale_records.items():
            if pair not in self.by_id_and_sha:
                self.stale[config_changes(record.get("config"), self.config)] += 1

    def decide(self, item: PreparedInput, *, retry_errors: bool) -> tuple[str, Record | None]:
        """``("skip", record)``, ``("copy", ok record of the same text)`` or ``("run", None)``."""
        existing = self.by_id_and_sha.get((item.article.id, item.sha256))
        if existing is not None and (existing.get("status") == "ok" or not retry_errors):
            return "skip", existing
        same_text = self.ok_by_sha.get(item.sha256)
        if same_text is not None:
            return "copy", same_text
        return "run", None

    def stale_note(self) -> str | None:
        """What the run says about stale records before it starts, or None when there are none."""
        total = sum(self.stale.values())
        if not total:
            return None
        reasons = "; ".join(f"{reason} ({count})" for reason, count in self.stale.most_common(3))
        return (
            f"{total} article(s) in the output were extracted under other settings and will be "
            f"redone when among the inputs [{reasons}]; --reuse-stale keeps them"
        )


__all__ = [
    "ANSWER_SETTINGS",
    "ResumeIndex",
    "config_changes",
    "config_key",
    "package_version",
    "run_config",
]
