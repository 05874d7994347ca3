"""Shared test setup: every test gets its own empty response cache."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _own_response_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Model answers cached by one test are never served to another (or to the user's runs)."""
    directory = tmp_path_factory.mktemp("responses")
    monkeypatch.setenv("EXTRACTOR_RESPONSE_CACHE_DIR", str(directory))
    return directory
