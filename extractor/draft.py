"""The compact schema the model fills in (mapped onto :mod:`schemas` in code).

Small on purpose: short keys, no evidence fields (evidence is found in code by aligning each
value to the article), and every field required-but-nullable, because under a JSON-schema
grammar a model skips fields that have defaults.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, model_validator
from pydantic.json_schema import SkipJsonSchema

from extractor.align import find_number
from extractor.numbers import parse_number

DraftKind = Literal["general", "local", "by-election", "mayoral", "devolved", "other"]


def _as_text(value: Any) -> Any:
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


# Numbers travel as text, exactly as the article prints them ("16,333", "57.6"): asked for a
# JSON integer, a small model copying "35,423" stops at the comma and emits 35.
Num = Annotated[str | None, BeforeValidator(_as_text)]


# Marks a model the model writes as a positional row ``["Jane Cole", "Labour", "12,480", ...]``
# rather than an object: the keys of every row were 23% of the model's output tokens on the dev
# set, and output tokens set the time on a CPU. compact_schema turns the marked object into a
# fixed-length JSON array (``prefixItems``) in field order; Row accepts either form back.
ROW_MARK = "x-row"


class Row(BaseModel):
    """A model asked for as a positional row; its asked fields in order are the columns."""

    model_config = ConfigDict(json_schema_extra={ROW_MARK: True})

    @classmethod
    @cache
    def columns(cls) -> tuple[str, ...]:
        """The fields the model writes, in row order (fields hidden from its schema excluded)."""
        return tuple(cls.model_json_schema()["properties"])

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, data: Any) -> Any:
        if not isinstance(data, list | tuple):
            return data
        columns = cls.columns()
        if len(data) != len(columns):
            raise ValueError(
                f"a {cls.__name__} row has {len(columns)} values [{', '.join(columns)}], "
                f"not {len(data)}"
            )
        return dict(zip(columns, data, strict=True))


class DraftCandidate(Row):
    """One candidate as the model read it: [name, party, votes, share, elected]."""

    name: str | None
    party: str | None
    votes: Num
    share: Num = Field(description="per cent of the vote")
    elected: bool | None
    # Not asked of the model: prose rarely states it, and the null cost output tokens on every
    # candidate (dev set: F1 -0.001 without the model's values). Parsed result lists fill it.
    change: SkipJsonSchema[Num] = None
    # Not asked of the model: where a parsed result list's row starts in the article, so its
    # figures are read at their own row (a party-only row's party is named elsewhere too).
    at: SkipJsonSchema[int | None] = None


class DraftContest(BaseModel):
    """One constituency/ward/mayoral result."""

    area: str | None
    # Not asked of the model (left out of its schema): the article's cue words decide the kind
    # (extractor.context.with_election_kind), and it saved output tokens on every contest.
    kind: SkipJsonSchema[DraftKind] = "other"
    # Asked: a model dating a result before the article's election marks a past result.
    year: int | None
    winner: str | None = Field(description="winning party")
    outcome: Literal["hold", "gain"] | None
    gained_from: str | None
    majority: Num
    turnout: Num = Field(description="turnout per cent")
    # Bounded so a looping model cannot run to max_tokens (the grammar enforces maxItems).
    candidates: list[DraftCandidate] = Field(max_length=20)


class DraftCouncilParty(Row):
    """A party's seats on a council: [party, seats, change]."""

    party: str
    seats: Num
    change: Num
    # Not asked of the model: where a reader in code found the seats figure in the article (a
    # table's cell stands far from its party's name in the header).
    at: SkipJsonSchema[int | None] = None


class DraftCouncil(BaseModel):
    """A council's composition and control."""

    council: str
    year: SkipJsonSchema[int | None] = None  # filled in code from the article
    control: str | None
    outcome: Literal["hold", "gain"] | None
    parties: list[DraftCouncilParty]


class DraftTallyParty(Row):
    """A party's seats in a national tally: [party, seats]."""

    party: str
    seats: Num


class DraftSeatTotal(BaseModel):
    """A national or regional seat tally."""

    scope: str | None
    year: SkipJsonSchema[int | None] = None  # filled in code from the article
    status: Literal["declared", "projected"]
    parties: list[DraftTallyParty]


class DraftOption(Row):
    """One referendum answer: [option, votes, share] (the order articles print them in)."""

    option: str
    votes: Num
    share: Num


class DraftReferendum(BaseModel):
    """A referendum result."""

    area: str | None
    year: SkipJsonSchema[int | None] = None  # filled in code from the article
    question: str | None
    options: list[DraftOption]


def compact_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A smaller equivalent JSON schema: refs inlined, titles dropped, nullables as type lists.

    The schema is sent with every request and the grammar is built from it; pydantic's verbose
    form (titles, ``$defs``, ``anyOf`` with null) tripled the prompt of the embedded model.
    """
    definitions = schema.get("$defs", {})

    def simplify(node: Any) -> Any:
        if isinstance(node, list):
            return [simplify(item) for item in node]
        if not isinstance(node, dict):
            return node
        if "$ref" in node:
            return simplify(definitions[node["$ref"].rsplit("/", 1)[-1]])
        # Object docstrings are for readers of this module, not for the model.
        dropped = ("title", "$defs", "default", *(("description",) if "properties" in node else ()))
        out = {k: simplify(v) for k, v in node.items() if k not in dropped}
        if out.pop(ROW_MARK, False):
            # Each column keeps its field name, for models shown the schema (remote servers).
            columns = [
                {**column, "description": f"{name}: {column['description']}"}
                if "description" in column
                else {"description": name, **column}
                for name, column in out["properties"].items()
            ]
            return {
                "type": "array",
                "prefixItems": columns,
                "minItems": len(columns),
                "maxItems": len(columns),
            }
        options = out.get("anyOf")
        if isinstance(options, list) and {"type": "null"} in options and len(options) == 2:
            (other,) = [o for o in options if o != {"type": "null"}]
            del out["anyOf"]
            if set(other) == {"type"} and isinstance(other["type"], str):
                out["type"] = [other["type"], "null"]
            elif set(other) == {"enum"} or set(other) == {"type", "enum"}:
                out["enum"] = [*other["enum"], None]
            else:
                out["anyOf"] = [other, {"type": "null"}]
        return out

    compact: dict[str, Any] = simplify(schema)
    compact["title"] = schema["title"]
    return compact


class DraftAnswer(BaseModel):
    """What one model call returns: the compact schema, a numbers check, and the merged shape."""

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """The compact schema (see :func:`compact_schema`) that instructor sends to the model."""
        return compact_schema(super().model_json_schema(*args, **kwargs))

    @model_validator(mode="after")
    def _numbers_occur_in_article(self, info: ValidationInfo) -> Self:
        """With ``context={"article": text}``, refuse numbers the article does not contain.

        The error goes back to the model as an instructor re-ask naming each value; after the
        re-ask budget the values are dropped by grounding instead (see ``extractor.core``).
        """
        article = (info.context or {}).get("article")
        if not isinstance(article, str):
            return self
        missing = [
            f"{path} = {text!r}"
            for path, text in self.numbers()
            if not number_occurs(article, text)
        ]
        if missing:
            raise ValueError(
                "these numbers do not occur in the article; copy numbers exactly as the article "
                "writes them, or use null: " + "; ".join(missing[:20])
            )
        return self

    def numbers(self) -> list[tuple[str, str]]:
        """Every number the model wrote, with its path."""
        found: list[tuple[str, str]] = []

        def visit(node: Any, path: str) -> None:
            if isinstance(node, BaseModel):
                for name in type(node).model_fields:
                    visit(getattr(node, name), f"{path}.{name}" if path else name)
            elif isinstance(node, list):
                for index, item in enumerate(node):
                    visit(item, f"{path}[{index}]")
            elif isinstance(node, str) and path.rsplit(".", 1)[-1] in NUMBER_FIELDS:
                found.append((path, node))

        visit(self, "")
        return found

    def as_facts(self) -> ElectionFacts:
        """The answer as a full draft (the lists this answer does not hold are empty)."""
        return ElectionFacts(
            contests=getattr(self, "contests", []),
            councils=getattr(self, "councils", []),
            seat_totals=getattr(self, "seat_totals", []),
            referendums=getattr(self, "referendums", []),
        )


class ElectionFacts(DraftAnswer):
    """Election results stated in the article.

    The bound on ``contests`` is the model's (the grammar's maxItems for one answer); facts
    read in code or merged from many answers are not bounded by it: build them with
    :meth:`of`.
    """

    @classmethod
    def of(
        cls,
        contests: list[DraftContest],
        councils: list[DraftCouncil],
        seat_totals: list[DraftSeatTotal],
        referendums: list[DraftReferendum],
    ) -> ElectionFacts:
        """Facts from already validated parts, however many (a results page of 69 wards)."""
        return cls.model_construct(
            contests=contests, councils=councils, seat_totals=seat_totals, referendums=referendums
        )

    contests: list[DraftContest] = Field(max_length=40)
    councils: list[DraftCouncil]
    seat_totals: list[DraftSeatTotal]
    referendums: list[DraftReferendum]


class ContestResults(DraftAnswer):
    """Constituency, ward, division and mayoral results stated in the passage."""

    contests: list[DraftContest] = Field(max_length=40)


class CouncilResults(DraftAnswer):
    """Council compositions and control stated in the passage."""

    councils: list[DraftCouncil] = Field(max_length=20)


class SeatTotalResults(DraftAnswer):
    """National or regional seat tallies (declared or projected) stated in the passage."""

    seat_totals: list[DraftSeatTotal] = Field(max_length=10)


class ReferendumResults(DraftAnswer):
    """Referendum results stated in the passage."""

    referendums: list[DraftReferendum] = Field(max_length=10)


NUMBER_FIELDS = frozenset({"votes", "share", "change", "majority", "turnout", "seats"})


def number_occurs(article: str, text: str) -> bool:
    """True when the number written as ``text`` occurs in ``article`` (or is no number at all)."""
    value = parse_number(text)
    if value is None:
        return True  # "null", words like "more than 20,000": grounding decides, not a re-ask
    return bool(find_number(article, value))
