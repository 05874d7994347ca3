"""End to end on the real embedded model (slow: starts llama-server and runs a 1.5B model).

Skipped when the model runtime or weights are missing, unless EXTRACTOR_REQUIRE_LIVE=1 (as in
`make test` and CI), where a missing model is a failure, not a skip.
"""

import os
from pathlib import Path

import pytest

from extractor import Settings, extract_article
from extractor.errors import ExtractorError
from extractor.local_server import embedded_model_path
from extractor.runtime import server_binary
from tests.support import assert_grounded

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def embedded() -> Settings:
    settings = Settings.from_env()
    if not settings.uses_embedded_model:
        settings = Settings(cache_dir=settings.cache_dir)
    try:
        server_binary(settings.cache_dir)
        embedded_model_path(settings)
    except ExtractorError as error:
        if os.environ.get("EXTRACTOR_REQUIRE_LIVE") == "1":
            pytest.fail(f"live model required but unavailable: {error}")
        pytest.skip(f"embedded model unavailable: {error}")
    return settings


def test_kensington_end_to_end_on_the_embedded_model(embedded: Settings) -> None:
    article = (ROOT / "seeds" / "004_36c3a55acffc1229.txt").read_text(encoding="utf-8")
    result = extract_article(article, settings=embedded)
    assert_grounded(result, article)
    kensington = next(c for c in result.contests if c.area == "Kensington")
    votes = {c.name: (c.party, c.votes, c.elected) for c in kensington.candidates}
    assert votes["Emma Dent Coad"] == ("Labour", 16333, True)
    # The model gives Borwick Labour too; the article writes "Labour's Emma Dent Coad", so the
    # party is dropped from Borwick rather than reported wrong. Never a wrong party.
    assert votes["Victoria Borwick"] in {("Conservative", 16313, False), (None, 16313, False)}
    assert (kensington.winner_party, kensington.outcome) == ("Labour", "gain")
    assert kensington.turnout_pct is None
    text = result.model_dump_json(exclude={"meta"})
    assert "7361" not in text
    assert result.meta is not None and result.meta.usage.requests >= 1


def test_the_seeds_on_a_local_ray_cluster_with_the_embedded_model(
    embedded: Settings, tmp_path: Path
) -> None:
    """The Ray path end to end: workers with no server given use the embedded model (here the
    one this test process started, which they find and share)."""
    ray = pytest.importorskip("ray")
    import io

    from extractor.inputs import iter_inputs
    from extractor.local_server import ensure_server
    from extractor.progress import QuietReporter, RunStats
    from extractor.ray import run_ray
    from tests.test_bulk import records_of

    ensure_server(embedded)
    seeds = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
    out = tmp_path / "ray.jsonl"
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        run_ray(
            iter_inputs(seeds),
            settings=embedded,
            reporter=QuietReporter(RunStats(), io.StringIO()),
            output=out,
            workers=1,
            jobs=1,
        )
    finally:
        ray.shutdown()
    records = {r["id"]: r for r in records_of(out)}
    assert set(records) == set(seeds)
    assert all(r["status"] == "ok" for r in records.values())
    kensington = records[str(ROOT / "seeds" / "004_36c3a55acffc1229.txt")]["extraction"]
    votes = {
        c["name"]: c["votes"]
        for contest in kensington["contests"]
        if contest["area"] == "Kensington"
        for c in contest["candidates"]
    }
    assert votes["Emma Dent Coad"] == 16333


def test_the_embedded_server_decodes_its_slots_together_under_the_schema_grammar(
    embedded: Settings,
) -> None:
    """Four requests at once on the real server: it has the slots, holds every answer to the
    row schema (a row of five columns, whatever the prompt asks) and answers all four."""
    import json
    from concurrent.futures import ThreadPoolExecutor

    import httpx2

    from extractor.draft import ContestResults
    from extractor.local_server import ensure_server

    info = ensure_server(embedded)
    root = info.base_url.removesuffix("/v1")
    assert httpx2.get(f"{root}/props", timeout=10).json()["total_slots"] == embedded.slots
    schema = ContestResults.model_json_schema()

    def ask(area: str) -> dict[str, object]:
        body = {
            "model": "embedded",
            "temperature": 0,
            "max_tokens": 120,
            "messages": [
                {
                    "role": "user",
                    "content": f"In {area}, Jane Cole (Labour) won 12,480 votes. Give the result "
                    "with each candidate as a row of just two values: name and votes.",
                }
            ],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "ContestResults", "schema": schema},
            },
        }
        reply = httpx2.post(f"{info.base_url}/chat/completions", json=body, timeout=300)
        reply.raise_for_status()
        return dict(reply.json())

    areas = ["Leeds North", "Bath", "Derby South", "Stroud"]
    with ThreadPoolExecutor(4) as pool:
        replies = list(pool.map(ask, areas))
    for reply in replies:
        choice = reply["choices"][0]  # type: ignore[index]
        if choice["finish_reason"] != "stop":
            continue  # cut off: the grammar still held, but there is no whole answer to read
        answer = json.loads(choice["message"]["content"])
        for contest in answer["contests"]:
            assert all(len(row) == 5 for row in contest["candidates"])
        ContestResults.model_validate(answer)
