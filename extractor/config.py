"""Configuration: where the model is, which model, and the limits of one extraction.

Values come from keyword arguments first, then environment variables, then defaults:

=========================  =======================================================
``OPENAI_API_KEY``         key for a remote OpenAI-compatible server
``OPENAI_BASE_URL``        base URL of the server (``.../v1``)
``EXTRACTOR_MODEL``        model name sent to the server
``EXTRACTOR_PROVIDER``     force a provider profile (see :mod:`extractor.providers`)
``EXTRACTOR_LOCAL_MODEL``  embedded model when no server is configured (default 1.5B)
``EXTRACTOR_GGUF``         use this GGUF file for the embedded server instead
``EXTRACTOR_CACHE_DIR``    where the embedded model and server state live
``EXTRACTOR_TIMEOUT``      seconds for one HTTP request (default 300)
``EXTRACTOR_NET_RETRIES``  network retries per request (default 4)
``EXTRACTOR_REASKS``       validation re-asks per article (default 1)
``EXTRACTOR_MAX_CHARS``    largest article accepted, in characters (default 400000)
``EXTRACTOR_PARSE_LISTS``  read candidate lists with the deterministic parser (default 1)
``EXTRACTOR_CHUNK_CHARS``  longest text sent in one model call; longer is split (default 12000)
``EXTRACTOR_PASSAGES``     focused model calls on result passages instead of whole chunks (default 1)
``EXTRACTOR_PASSAGE_CHARS`` most characters of neighbouring passages joined in one call (default 800)
``EXTRACTOR_TOKEN_BUDGET`` most tokens one article may spend on validation re-asks (default 60000)
``EXTRACTOR_GROUNDING_REASK`` re-ask the model when it gives numbers not in the article (default 0)
``EXTRACTOR_WHOLE_READING`` also read the whole text in one call: off, fallback (when the
                           passages find nothing) or always (default off)
``EXTRACTOR_VERIFY``       check general-election figures against the official count (default 1)
``EXTRACTOR_RESPONSE_CACHE`` answer a request seen before from the on-disk cache (default 1)
``EXTRACTOR_RESPONSE_CACHE_MB`` most megabytes the response cache may hold (default 1024)
``EXTRACTOR_RESPONSE_CACHE_DIR`` where it is (default ``$EXTRACTOR_CACHE_DIR/responses``)
``EXTRACTOR_SLOTS``        sequences the embedded server decodes at once (default 4)
``EXTRACTOR_CALLS_IN_FLIGHT`` an article's model calls sent together (default 4)
``EXTRACTOR_LLAMA_SERVER`` a llama-server binary of your own for the embedded model
=========================  =======================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

EMBEDDED_MODEL_ALIAS = "embedded"
WHOLE_READINGS = ("off", "fallback", "always")


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from exc


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc


def default_cache_dir() -> Path:
    """The per-user cache directory (``$EXTRACTOR_CACHE_DIR`` or ``~/.cache/election-extractor``)."""
    configured = os.environ.get("EXTRACTOR_CACHE_DIR")
    if configured:
        return Path(configured).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "election-extractor"


def default_response_cache_dir() -> Path:
    """``$EXTRACTOR_RESPONSE_CACHE_DIR``, else ``responses/`` in :func:`default_cache_dir`."""
    configured = os.environ.get("EXTRACTOR_RESPONSE_CACHE_DIR")
    return Path(configured).expanduser() if configured else default_cache_dir() / "responses"


@dataclass(frozen=True)
class Settings:
    """Everything one extraction needs to know about its model and limits."""

    api_key: str | None = None
    base_url: str | None = None
    model: str | None = None
    provider: str | None = None
    local_model: str = "qwen2.5-coder-1.5b"
    gguf_path: Path | None = None
    cache_dir: Path = field(default_factory=default_cache_dir)
    timeout_s: float = 300.0
    network_retries: int = 4
    reasks: int = 1
    max_chars: int = 400_000
    max_output_tokens: int = 2048
    temperature: float = 0.0
    parse_lists: bool = True
    chunk_chars: int = 12_000
    passages: bool = True
    passage_chars: int = 800
    whole_chars: int = 0  # a prepared text up to this long is read whole, in one call
    whole_reading: str = "off"  # off | fallback | always: a whole-text call beside the passages
    token_budget: int = 60_000
    grounding_reask: bool = False
    verify: bool = True  # check general-election contests against the official count
    response_cache: bool = True  # model answers cached on disk by the full request
    response_cache_mb: int = 1024
    response_cache_dir: Path = field(default_factory=default_response_cache_dir)
    # The embedded server's parallel slots, and how many of one article's calls are sent at
    # once (their answers are merged in passage order whatever order they finish in).
    slots: int = 4
    calls_in_flight: int = 4
    # Post-processing passes and grounding rules to skip, by name (extractor.passes.PIPELINE).
    disabled: frozenset[str] = frozenset()

    @classmethod
    def from_env(cls) -> Settings:
        """Settings from the environment variables listed in this module's docstring."""
        gguf = os.environ.get("EXTRACTOR_GGUF")
        return cls(
            api_key=os.environ.get("OPENAI_API_KEY") or None,
            base_url=os.environ.get("OPENAI_BASE_URL") or None,
            model=os.environ.get("EXTRACTOR_MODEL") or None,
            provider=os.environ.get("EXTRACTOR_PROVIDER") or None,
            local_model=os.environ.get("EXTRACTOR_LOCAL_MODEL") or cls.local_model,
            gguf_path=Path(gguf).expanduser() if gguf else None,
            timeout_s=_env_float("EXTRACTOR_TIMEOUT", cls.timeout_s),
            network_retries=_env_int("EXTRACTOR_NET_RETRIES", cls.network_retries),
            reasks=_env_int("EXTRACTOR_REASKS", cls.reasks),
            max_chars=_env_int("EXTRACTOR_MAX_CHARS", cls.max_chars),
            parse_lists=_env_int("EXTRACTOR_PARSE_LISTS", 1) != 0,
            chunk_chars=_env_int("EXTRACTOR_CHUNK_CHARS", cls.chunk_chars),
            passages=_env_int("EXTRACTOR_PASSAGES", 1) != 0,
            passage_chars=_env_int("EXTRACTOR_PASSAGE_CHARS", cls.passage_chars),
            whole_chars=_env_int("EXTRACTOR_WHOLE_CHARS", cls.whole_chars),
            whole_reading=os.environ.get("EXTRACTOR_WHOLE_READING") or cls.whole_reading,
            token_budget=_env_int("EXTRACTOR_TOKEN_BUDGET", cls.token_budget),
            grounding_reask=_env_int("EXTRACTOR_GROUNDING_REASK", 0) != 0,
            verify=_env_int("EXTRACTOR_VERIFY", 1) != 0,
            response_cache=_env_int("EXTRACTOR_RESPONSE_CACHE", 1) != 0,
            response_cache_mb=_env_int("EXTRACTOR_RESPONSE_CACHE_MB", cls.response_cache_mb),
            slots=_env_int("EXTRACTOR_SLOTS", cls.slots),
            calls_in_flight=_env_int("EXTRACTOR_CALLS_IN_FLIGHT", cls.calls_in_flight),
            disabled=frozenset(
                n.strip() for n in os.environ.get("EXTRACTOR_DISABLE", "").split(",") if n.strip()
            ),
        )

    def __post_init__(self) -> None:
        if self.whole_reading not in WHOLE_READINGS:
            raise ValueError(
                f"whole_reading must be one of {', '.join(WHOLE_READINGS)}, not {self.whole_reading!r}"
            )
        if self.slots < 1 or self.calls_in_flight < 1:
            raise ValueError("slots and calls_in_flight must be at least 1")
        if self.disabled:
            from extractor.passes import check_disabled  # the pipeline imports the settings

            check_disabled(self.disabled)

    def with_overrides(self, **overrides: object) -> Settings:
        """A copy with the given fields replaced; ``None`` values are ignored."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]

    @property
    def embedded_model_name(self) -> str | None:
        """The embedded model file's name, when no server is configured."""
        if not self.uses_embedded_model:
            return None
        return self.gguf_path.name if self.gguf_path else self.local_model

    @property
    def skipped_passes(self) -> frozenset[str]:
        """The passes this run leaves out: the disabled ones, and verification when off."""
        return self.disabled if self.verify else self.disabled | {"verify_official"}

    @property
    def uses_embedded_model(self) -> bool:
        """True when no server is configured, so the embedded local model is used."""
        return self.base_url is None and self.api_key is None
