"""Party registry: canonical party names and the aliases articles use for them.

The table lives in ``schemas/data/parties.json`` so that it can be extended without code.
A name that matches no alias is kept as written (local parties keep their own names).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

NO_OVERALL_CONTROL = "No overall control"

_POSSESSIVE = re.compile(r"(?:'s|’s|s'|s’)$")
# "The Labour Party Candidate" (official notices' description of a candidate) is the party.
_TRAILING_PARTY = re.compile(r"\s+party(?:\s+candidate)?$")
_LEADING_THE = re.compile(r"^the\s+")


_TRAILING_BRACKET = re.compile(r"^(?P<name>[^()]+?)\s*\([^()]+\)$")


def normalise_party_key(name: str) -> str:
    """Fold a party name to a comparison key: lower case, no accents, punctuation or 'the'."""
    text = name.strip().replace("’", "'").replace("‘", "'")
    text = _POSSESSIVE.sub("", text)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    text = _LEADING_THE.sub("", text)
    return _TRAILING_PARTY.sub("", text)


@dataclass(frozen=True)
class PartyRegistry:
    """Maps aliases to canonical party names."""

    canonical_by_key: dict[str, str]
    aliases_by_canonical: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_mapping(
        cls, parties: dict[str, list[str]], no_overall_control: list[str]
    ) -> PartyRegistry:
        """Build a registry from ``{canonical: [alias, ...]}``."""
        by_key: dict[str, str] = {}
        aliases: dict[str, tuple[str, ...]] = {}
        for canonical, names in parties.items():
            aliases[canonical] = (canonical, *names)
            for alias in aliases[canonical]:
                by_key[normalise_party_key(alias)] = canonical
        aliases[NO_OVERALL_CONTROL] = (NO_OVERALL_CONTROL, *no_overall_control)
        for alias in aliases[NO_OVERALL_CONTROL]:
            by_key[normalise_party_key(alias)] = NO_OVERALL_CONTROL
        return cls(canonical_by_key=by_key, aliases_by_canonical=aliases)

    def canonical(self, name: str | None) -> str | None:
        """Return the canonical name for ``name``; unknown parties keep their own name."""
        if name is None or not name.strip():
            return None
        return self._lookup(name) or name.strip()

    def is_known(self, name: str) -> bool:
        """True when ``name`` is a registered party or alias."""
        return self._lookup(name) is not None

    def _lookup(self, name: str) -> str | None:
        """The canonical name of ``name``, or of the party before its bracket when the registry
        does not list it whole: "Scottish National Party (SNP)", "Alliance (NI)" (a person
        before the bracket, "Jane Smith (Labour)", is no party)."""
        found = self.canonical_by_key.get(normalise_party_key(name))
        bracket = _TRAILING_BRACKET.match(name.strip())
        if found is None and bracket:
            found = self.canonical_by_key.get(normalise_party_key(bracket.group("name")))
        return found

    def aliases(self, canonical: str) -> tuple[str, ...]:
        """All names (canonical first) under which ``canonical`` may appear in text."""
        return self.aliases_by_canonical.get(canonical, (canonical,))

    def alternation(self, keep: Callable[[str, str], bool] | None = None) -> str:
        """The aliases ``keep(canonical, alias)`` admits (all by default) as one regular
        expression alternation, escaped, longest first ("Liberal Democrats" before "Liberal")."""
        names = {
            alias
            for canonical, aliases in self.aliases_by_canonical.items()
            for alias in aliases
            if keep is None or keep(canonical, alias)
        }
        return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@lru_cache(maxsize=1)
def default_registry() -> PartyRegistry:
    """The registry shipped with the package (``schemas/data/parties.json``)."""
    raw = resources.files("schemas").joinpath("data/parties.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    return PartyRegistry.from_mapping(data["parties"], data["no_overall_control"])


def canonical_party(name: str | None) -> str | None:
    """Canonical party name for ``name`` using the default registry."""
    return default_registry().canonical(name)
