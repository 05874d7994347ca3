"""Grammar-first greedy sampling: which requests take it, and that it picks llama.cpp's tokens."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from extractor import Settings
from extractor.draft import ContestResults
from extractor.errors import ExtractorError
from extractor.local_server import embedded_model_path
from prompts import render_prompt

llama_cpp = pytest.importorskip("llama_cpp")  # the optional [local] extra
embedded_server = pytest.importorskip("extractor.embedded_server")


class _Recorder:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.kwargs = kwargs


@pytest.fixture
def routed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Which sampler each _init_sampler call built: 'grammar-first' or 'stock'."""
    built: list[str] = []
    monkeypatch.setattr(
        embedded_server,
        "GrammarFirstGreedySampler",
        lambda *a, **k: built.append("grammar-first") or _Recorder(*a, **k),
    )
    monkeypatch.setattr(
        embedded_server, "_stock_init_sampler", lambda self, *a, **k: built.append("stock")
    )
    return built


class _FakeLlama:
    _model = object()
    _n_vocab = 10
    last_n_tokens_size = 64


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"grammar": "g", "temp": 0.0}, "grammar-first"),
        ({"grammar": "g", "temp": 0.0, "repeat_penalty": 1.1}, "grammar-first"),
        ({"grammar": None, "temp": 0.0}, "stock"),  # no grammar: nothing to speed up
        ({"grammar": "g", "temp": 0.8}, "stock"),  # sampling, not greedy
        ({"grammar": "g", "temp": 0.0, "logits_processor": [print]}, "stock"),
        ({"grammar": "g", "temp": 0.0, "mirostat_mode": 2}, "stock"),
    ],
)
def test_only_greedy_grammar_requests_take_the_grammar_first_sampler(
    routed: list[str], kwargs: dict[str, Any], expected: str
) -> None:
    embedded_server._init_sampler(_FakeLlama(), **kwargs)  # type: ignore[arg-type]
    assert routed == [expected]


def _model_path() -> Path:
    settings = Settings.from_env()
    if not settings.uses_embedded_model:
        settings = Settings(cache_dir=settings.cache_dir)
    try:
        return embedded_model_path(settings)
    except ExtractorError as error:
        if os.environ.get("EXTRACTOR_REQUIRE_LIVE") == "1":
            pytest.fail(f"live model required but unavailable: {error}")
        pytest.skip(f"embedded model unavailable: {error}")


@pytest.mark.live
@pytest.mark.parametrize("repeat_penalty", [1.0, 1.1])
def test_grammar_first_sampling_picks_the_same_tokens_as_llama_cpp(
    repeat_penalty: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = llama_cpp.Llama(
        str(_model_path()), n_ctx=2048, n_threads=os.cpu_count() or 2, verbose=False
    )
    passage = (
        "Labour's Jane Cole won Hillford with 12,480 votes, ahead of the Conservative Tom Grey "
        "on 9,379 and the Green Ann Moss on 1,204."
    )
    messages = render_prompt("extract", article=passage, topic="contests").messages
    prompt = llama_cpp.llama_chat_format.format_chatml(messages).prompt  # the server's format
    schema = json.dumps(ContestResults.model_json_schema())

    def answer() -> str:
        grammar = llama_cpp.LlamaGrammar.from_json_schema(schema, verbose=False)
        completion = model.create_completion(
            prompt, max_tokens=90, temperature=0.0, repeat_penalty=repeat_penalty, grammar=grammar
        )
        return str(completion["choices"][0]["text"])

    stock = answer()
    samplers: list[Any] = []
    original = embedded_server._init_sampler

    def keep(self: Any, *args: Any, **kwargs: Any) -> Any:
        sampler = original(self, *args, **kwargs)
        samplers.append(sampler)
        return sampler

    monkeypatch.setattr(llama_cpp.Llama, "_init_sampler", keep)
    assert answer() == stock
    assert stock.startswith('{"contests":[{"area":"Hillford"')
    (sampler,) = samplers
    assert isinstance(sampler, embedded_server.GrammarFirstGreedySampler)
