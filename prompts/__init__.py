"""Versioned Jinja2 prompt templates.

Each prompt is a pair of templates, ``<name>.system.j2`` (the fixed part, identical for every
article so a server can reuse its KV cache) and ``<name>.user.j2`` (the article). The version
string that goes into every result combines the revision number, bumped by hand when the
wording changes on purpose, with a hash of the template text, so an unnoticed edit still
changes the version (and so every cache key that depends on it).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jinja2

PROMPT_REVISIONS: dict[str, int] = {"extract": 6}


@dataclass(frozen=True)
class RenderedPrompt:
    """A prompt ready to send: chat messages plus the version that produced them."""

    version: str
    messages: list[dict[str, str]]


def _template_text(filename: str) -> str:
    return resources.files("prompts").joinpath(filename).read_text(encoding="utf-8")


@cache
def _environment() -> jinja2.Environment:
    loader = jinja2.FunctionLoader(_template_text)
    return jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        autoescape=False,
    )


@cache
def prompt_version(name: str) -> str:
    """``<name>-v<revision>-<hash of both templates>``, e.g. ``extract-v1-3fa2c1d0``."""
    if name not in PROMPT_REVISIONS:
        raise KeyError(f"unknown prompt {name!r}; known: {', '.join(sorted(PROMPT_REVISIONS))}")
    digest = hashlib.sha256()
    for part in ("system", "user"):
        digest.update(_template_text(f"{name}.{part}.j2").encode("utf-8"))
    return f"{name}-v{PROMPT_REVISIONS[name]}-{digest.hexdigest()[:8]}"


def render_prompt(name: str, **context: Any) -> RenderedPrompt:
    """Render the system and user templates of prompt ``name`` into chat messages."""
    env = _environment()
    system = env.get_template(f"{name}.system.j2").render(**context).strip()
    user = env.get_template(f"{name}.user.j2").render(**context).strip()
    return RenderedPrompt(
        version=prompt_version(name),
        messages=[{"role": "system", "content": system}, {"role": "user", "content": user}],
    )


__all__ = ["PROMPT_REVISIONS", "RenderedPrompt", "prompt_version", "render_prompt"]
