import json
import os
from pathlib import Path

import pytest

from extractor import local_server
from extractor.config import Settings
from extractor.local_server import (
    ServerInfo,
    chat_format_for,
    running_server,
    server_command,
)
from extractor.runtime import RUNTIME


def test_the_embedded_model_is_served_in_its_registered_prompt_format(tmp_path: Path) -> None:
    settings = Settings(cache_dir=tmp_path)
    assert chat_format_for(settings) == "chatml"  # no tool schemas pasted into each prompt
    binary = tmp_path / "llama-server"
    command = server_command(
        binary, tmp_path / "m.gguf", 8080, threads=2, n_ctx=8192, chat_format="chatml"
    )
    assert command[0] == str(binary)
    assert command[command.index("--chat-template") + 1] == "chatml"
    # A GGUF of the user's own keeps the template inside the file.
    own = Settings(cache_dir=tmp_path, gguf_path=tmp_path / "own.gguf")
    assert chat_format_for(own) is None
    assert "--chat-template" not in server_command(
        binary, tmp_path / "own.gguf", 8080, threads=2, n_ctx=512
    )


def test_the_server_decodes_its_slots_in_one_shared_cache(tmp_path: Path) -> None:
    command = server_command(
        tmp_path / "llama-server", tmp_path / "m.gguf", 8080, threads=2, n_ctx=8192, slots=4
    )

    def value(flag: str) -> str:
        return command[command.index(flag) + 1]

    assert value("--parallel") == "4"
    assert value("--ctx-size") == str(4 * 8192)  # each slot may hold a long call
    assert "--kv-unified" in command
    # llama-cpp-python's server penalised repeats by 1.1 unless told otherwise; kept.
    assert value("--repeat-penalty") == "1.1"


def test_a_running_server_in_another_prompt_format_is_not_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(local_server, "is_healthy", lambda base_url: True)
    settings = Settings(cache_dir=tmp_path)
    model = tmp_path / "m.gguf"

    def state(chat_format: str | None, runtime: str = RUNTIME, slots: int = 4) -> None:
        info = ServerInfo(
            "http://127.0.0.1:1/v1", os.getpid(), str(model), "log", chat_format, runtime, slots
        )
        (tmp_path / "server.json").write_text(json.dumps(info.__dict__), encoding="utf-8")

    state("chatml")
    assert running_server(settings, model) is not None
    state(None)  # started by an earlier version, with the GGUF's own template
    assert running_server(settings, model) is None
    state("chatml", "extractor.embedded_server")  # an earlier version: llama-cpp-python's
    assert running_server(settings, model) is None
    state("chatml", slots=1)  # started with other slots than these settings ask for
    assert running_server(settings, model) is None
    (tmp_path / "server.json").write_text(
        json.dumps(
            {"base_url": "x", "pid": os.getpid(), "model_path": str(model), "log_path": "l"}
        ),
        encoding="utf-8",
    )
    assert running_server(settings, model) is None
