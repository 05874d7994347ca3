"""The regression gate: compare an eval run with the committed baseline."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.dataset import PROJECT_ROOT
from evals.summary import TRACKED_FIELDS, EvalSummary

BASELINE = PROJECT_ROOT / "evals" / "baseline.json"
# Replay is deterministic: any loss is a regression. Live sampling can wobble a little.
DEFAULT_MARGIN = {"replay": 0.0, "live": 0.02}


@dataclass
class GateResult:
    """Whether the run may pass, and why not."""

    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        """True when nothing regressed."""
        return not self.failures


def load_baseline(path: Path = BASELINE) -> dict[str, Any] | None:
    """The committed baseline, or None when there is none yet."""
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def write_baseline(summary: EvalSummary, path: Path = BASELINE) -> None:
    """Rewrite the baseline from ``summary`` (done deliberately, with --update-baseline)."""
    data = summary.as_dict()
    baseline = {
        "updated": time.strftime("%Y-%m-%d"),
        "mode": data["mode"],
        "model": data["model"],
        "prompt_version": data["prompt_version"],
        "articles": data["articles"],
        "overall": data["overall"],
        "fields": {
            name: data["fields"][name]["f1"] for name in TRACKED_FIELDS if name in data["fields"]
        },
        "numbers_not_in_text": data["numbers_not_in_text"],
        "cost": data["cost"],
        "correct_facts": summary.correct_facts(),
    }
    path.write_text(json.dumps(baseline, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def check(summary: EvalSummary, baseline: dict[str, Any], margin: float) -> GateResult:
    """Fail when overall or a tracked field's F1 drops by more than ``margin``, when a number
    not in the text appears, or (with margin 0) when any fact correct in the baseline is lost."""
    result = GateResult()
    data = summary.as_dict()
    overall, before = data["overall"]["f1"], baseline["overall"]["f1"]
    if overall < before - margin:
        result.failures.append(
            f"overall F1 fell from {before:.4f} to {overall:.4f} (margin {margin})"
        )
    for name, old in baseline.get("fields", {}).items():
        new = data["fields"].get(name, {}).get("f1", 0.0)
        if new < old - margin:
            result.failures.append(f"{name} F1 fell from {old:.4f} to {new:.4f}")
    if data["numbers_not_in_text"] > baseline["numbers_not_in_text"]:
        result.failures.append(
            f"numbers not in the article rose from {baseline['numbers_not_in_text']} to {data['numbers_not_in_text']}"
        )
    lost = sorted(set(baseline.get("correct_facts", [])) - set(summary.correct_facts()))
    if lost:
        listing = [f"  lost: {fact}" for fact in lost[:50]] + (
            [f"  … and {len(lost) - 50} more"] if len(lost) > 50 else []
        )
        if margin == 0.0:
            result.failures.append(
                f"{len(lost)} fact(s) correct in the baseline are no longer correct:"
            )
            result.failures += listing
        else:
            result.notes.append(
                f"{len(lost)} fact(s) correct in the baseline are no longer correct:"
            )
            result.notes += listing
    gained = len(set(summary.correct_facts()) - set(baseline.get("correct_facts", [])))
    if gained:
        result.notes.append(
            f"{gained} fact(s) newly correct (run with --update-baseline to keep them)"
        )
    return result
