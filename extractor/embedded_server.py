"""The embedded model's server: llama-cpp-python's, with grammar-constrained greedy decoding sped up.

Run as ``python -m extractor.embedded_server <llama_cpp.server options>`` (``local_server`` does).

llama-cpp-python checks every token of the vocabulary (151,936 for Qwen2.5) against the JSON
grammar before each greedy pick; on two CPU cores that was about a quarter of the decode time.
llama.cpp's own sampler instead checks the most likely token first and runs the full grammar
pass only when the grammar rejects it, which picks the same token: when the grammar accepts the
best token, it is also the best of the tokens the grammar accepts. This module swaps that
order in for greedy, grammar-constrained requests (what the extractor sends) and leaves every
other request to llama-cpp-python's own sampler chain.
"""

from __future__ import annotations

import ctypes
import math
import sys
from typing import Any

import llama_cpp
import numpy as np
from llama_cpp.llama import Llama
from llama_cpp.llama_grammar import LlamaGrammar

# The llama_token_data layout (id, logit, p) as numpy sees it, to fill and scan it in bulk.
_TOKEN_DATA = np.dtype([("id", np.int32), ("logit", np.float32), ("p", np.float32)])


class GrammarFirstGreedySampler:
    """Greedy sampling under a grammar that checks the best token before the whole vocabulary.

    Stands in for llama-cpp-python's chain (penalties → grammar → greedy) and picks the same
    tokens: the penalties change the logits first, as in the chain.
    """

    def __init__(
        self,
        model: Any,
        grammar: LlamaGrammar,
        *,
        n_vocab: int,
        penalty_last_n: int,
        penalty_repeat: float,
        penalty_freq: float,
        penalty_present: float,
    ) -> None:
        self._n_vocab = n_vocab
        self._grammar = llama_cpp.llama_sampler_init_grammar(
            model.vocab, grammar._grammar.encode("utf-8"), grammar._root.encode("utf-8")
        )
        if not self._grammar:
            raise ValueError("llama.cpp could not parse the grammar")
        penalised = penalty_last_n != 0 and (
            penalty_repeat != 1.0 or penalty_freq != 0.0 or penalty_present != 0.0
        )
        self._penalties = (
            llama_cpp.llama_sampler_init_penalties(
                n_vocab, penalty_last_n, penalty_repeat, penalty_freq, penalty_present
            )
            if penalised
            else None
        )
        self._all = (llama_cpp.llama_token_data * n_vocab)()
        self._all_view = np.frombuffer(memoryview(self._all), dtype=_TOKEN_DATA)
        self._all_view["id"] = np.arange(n_vocab, dtype=np.int32)
        self._one = (llama_cpp.llama_token_data * 1)()
        self.full_passes = 0  # how often the best token was refused (for tests and curiosity)

    def _array(self, data: Any, size: int) -> llama_cpp.llama_token_data_array:
        return llama_cpp.llama_token_data_array(
            data=ctypes.cast(data, llama_cpp.llama_token_data_p),
            size=size,
            selected=-1,
            sorted=False,
        )

    def sample(self, ctx: Any, idx: int) -> int:
        """The next token: the best one the grammar allows, after the penalties."""
        logits_pointer = llama_cpp.llama_get_logits_ith(ctx.ctx, idx)
        logits = np.ctypeslib.as_array(logits_pointer, shape=(self._n_vocab,))
        view = self._all_view
        view["logit"] = logits  # ids were set once; p stays 0, as no sampler here reads it
        everything = self._array(self._all, self._n_vocab)
        if self._penalties is not None:
            llama_cpp.llama_sampler_apply(self._penalties, ctypes.byref(everything))
        token = int(np.argmax(view["logit"]))
        self._one[0] = llama_cpp.llama_token_data(token, float(view["logit"][token]), 0.0)
        llama_cpp.llama_sampler_apply(self._grammar, ctypes.byref(self._array(self._one, 1)))
        if math.isinf(self._one[0].logit):
            # The best token breaks the grammar: filter the whole vocabulary, as the chain does.
            self.full_passes += 1
            llama_cpp.llama_sampler_apply(self._grammar, ctypes.byref(everything))
            token = int(np.argmax(view["logit"]))
        llama_cpp.llama_sampler_accept(self._grammar, token)
        if self._penalties is not None:
            llama_cpp.llama_sampler_accept(self._penalties, token)
        return token

    def __del__(self) -> None:
        for sampler in (getattr(self, "_grammar", None), getattr(self, "_penalties", None)):
            if sampler:
                llama_cpp.llama_sampler_free(sampler)


_stock_init_sampler = Llama._init_sampler


def _init_sampler(self: Llama, *args: Any, **kwargs: Any) -> Any:
    """Llama._init_sampler, with greedy grammar requests sent to GrammarFirstGreedySampler."""
    grammar = kwargs.get("grammar")
    if (
        args
        or grammar is None
        or kwargs.get("temp") != 0.0
        or kwargs.get("logits_processor") is not None
        or kwargs.get("mirostat_mode", 0) != 0
    ):
        return _stock_init_sampler(self, *args, **kwargs)
    return GrammarFirstGreedySampler(
        self._model,
        grammar,
        n_vocab=self._n_vocab,
        penalty_last_n=self.last_n_tokens_size,
        penalty_repeat=kwargs.get("repeat_penalty", 1.0),
        penalty_freq=kwargs.get("frequency_penalty", 0.0),
        penalty_present=kwargs.get("presence_penalty", 0.0),
    )


def install() -> None:
    """Route llama-cpp-python's greedy grammar sampling through GrammarFirstGreedySampler."""
    Llama._init_sampler = _init_sampler  # type: ignore[method-assign]


def main() -> None:
    """Start llama-cpp-python's OpenAI-compatible server with the faster sampler installed."""
    install()
    from llama_cpp.server.__main__ import main as serve

    sys.argv[0] = "extractor.embedded_server"
    serve()  # type: ignore[no-untyped-call]


if __name__ == "__main__":
    main()
