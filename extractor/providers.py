"""Provider profiles: which instructor mode and defaults each kind of server needs.

Chosen from a table by base URL (or forced with ``EXTRACTOR_PROVIDER``), never by if-chains.
The llama.cpp server in llama-cpp-python 0.3.x rejects ``response_format`` of type
``json_schema`` (instructor ``Mode.JSON_SCHEMA`` gives HTTP 500) but honours a forced tool
call, so a server on llama.cpp's usual port uses ``Mode.TOOLS``. The embedded server is
llama.cpp's own ``llama-server``, which takes no named tool choice but compiles a
``json_schema`` response format to its grammar: it uses ``Mode.JSON_SCHEMA``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import instructor


@dataclass(frozen=True)
class ProviderProfile:
    """How to talk to one kind of OpenAI-compatible server."""

    name: str
    mode: instructor.Mode
    url_pattern: str | None
    default_model: str | None
    description: str

    def matches(self, base_url: str | None) -> bool:
        """True when ``base_url`` looks like this provider's server."""
        if self.url_pattern is None or base_url is None:
            return False
        return re.search(self.url_pattern, base_url) is not None


PROVIDERS: tuple[ProviderProfile, ...] = (
    ProviderProfile(
        name="openai",
        mode=instructor.Mode.TOOLS,
        url_pattern=r"api\.openai\.com",
        default_model="gpt-4o-mini",
        description="OpenAI's API (forced tool calls).",
    ),
    ProviderProfile(
        name="ollama",
        mode=instructor.Mode.JSON,
        url_pattern=r":11434\b",
        default_model="qwen2.5:7b",
        description="Ollama's OpenAI-compatible endpoint (JSON mode).",
    ),
    ProviderProfile(
        name="vllm",
        mode=instructor.Mode.JSON_SCHEMA,
        url_pattern=r":8000\b",
        default_model=None,
        description="vLLM (guided decoding through response_format json_schema).",
    ),
    ProviderProfile(
        name="llama-cpp",
        mode=instructor.Mode.TOOLS,
        url_pattern=r":8080\b",
        default_model=None,
        description="A llama.cpp / llama-cpp-python server (forced tool call grammar).",
    ),
    ProviderProfile(
        name="embedded",
        mode=instructor.Mode.JSON_SCHEMA,
        url_pattern=None,
        default_model="embedded",
        description="The embedded llama-server started by the toolkit (json_schema grammar).",
    ),
)

GENERIC = ProviderProfile(
    name="generic",
    mode=instructor.Mode.TOOLS,
    url_pattern=None,
    default_model=None,
    description="Any other OpenAI-compatible server (forced tool calls).",
)

_BY_NAME = {profile.name: profile for profile in (*PROVIDERS, GENERIC)}


def provider_names() -> list[str]:
    """Names accepted by ``EXTRACTOR_PROVIDER``."""
    return sorted(_BY_NAME)


def resolve_provider(name: str | None, base_url: str | None) -> ProviderProfile:
    """The profile named ``name``, else the first whose URL pattern matches, else generic."""
    if name:
        try:
            return _BY_NAME[name.lower()]
        except KeyError:
            raise ValueError(
                f"unknown provider {name!r}; choose one of {', '.join(provider_names())}"
            ) from None
    for profile in PROVIDERS:
        if profile.matches(base_url):
            return profile
    return GENERIC
