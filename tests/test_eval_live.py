"""`extractor eval --live` over real HTTP: a local server answers from the dev set's recordings.

The live path (its own client, the response cache, recording) runs against a real socket, so
what it sends must be exactly what was recorded; with ``jobs`` it reads several articles at
once and must give the same runs, in article order, as one at a time.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from evals.dataset import load_dev_set
from evals.runner import REPLAY_DIR, run_live, run_replay
from extractor import Settings
from extractor.replay import load_cassette, request_key

ONLY = ["004_36c3a55acffc1229", "103_ge2017_scotland_shares", "106_ge2024_count_night_new_mp"]
ONLY += ["117_referendum2016_eu_north_east"]


@pytest.fixture(scope="module")
def recorded_server() -> Iterator[str]:
    answers = {
        item["key"]: item["response"]
        for name in ONLY
        for item in load_cassette(REPLAY_DIR / f"{name}.json")
    }

    class Answer(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            recorded = answers.get(request_key("POST", self.path, body))
            status, payload = (
                (recorded["status"], recorded["body"])
                if recorded
                else (404, {"error": {"message": "not recorded"}})
            )
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()


def test_live_eval_reads_articles_together_and_gives_the_one_by_one_runs(
    recorded_server: str, tmp_path: Path
) -> None:
    articles = load_dev_set(only=ONLY)
    assert len(articles) == len(ONLY)
    settings = Settings(
        base_url=recorded_server, api_key="k", model="embedded", provider="embedded"
    )
    one_by_one = run_live(articles, settings, cache_dir=tmp_path / "a")
    seen: list[str] = []
    together = run_live(
        articles,
        settings,
        cache_dir=tmp_path / "b",
        jobs=4,
        on_done=lambda r: seen.append(r.article.id),
    )
    replayed = run_replay(articles)
    assert [r.article.id for r in together] == [a.id for a in articles]  # article order
    assert sorted(seen) == sorted(a.id for a in articles)
    for runs in (one_by_one, together):
        assert all(r.error is None for r in runs)
        assert [r.result.model_dump(exclude={"meta"}) for r in runs if r.result] == [
            r.result.model_dump(exclude={"meta"}) for r in replayed if r.result
        ]
