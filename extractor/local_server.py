"""The embedded OpenAI-compatible server (llama.cpp's ``llama-server``) on 127.0.0.1.

Started on a free port when no server is configured, health-checked, stopped at exit, and
reused when one this toolkit started is already running (``extractor serve`` keeps one up for
bulk runs; its address is kept in a state file in the cache directory). It decodes up to
``Settings.slots`` sequences at once in one batch (see :mod:`extractor.runtime`).
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import fcntl
import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx2

from extractor.config import EMBEDDED_MODEL_ALIAS, Settings
from extractor.errors import LocalServerError
from extractor.local_model import embedded_model, locate_model
from extractor.runtime import RUNTIME, server_binary

# Threads: decode speed on a CPU is nearly linear in cores (2 threads ~1.8x one).
DEFAULT_THREADS = max(1, min(os.cpu_count() or 2, 8))
DEFAULT_CONTEXT = 8192  # tokens per slot: a live blog's chunk and its answer fit
STARTUP_TIMEOUT_S = 180.0
# llama-cpp-python's server used a repeat penalty of 1.1 unless asked otherwise; llama.cpp's
# defaults to none. The dev set's answers were tuned with 1.1, so the server keeps it.
REPEAT_PENALTY = 1.1


@dataclass(frozen=True)
class ServerInfo:
    """A running embedded server."""

    base_url: str
    pid: int
    model_path: str
    log_path: str
    chat_format: str | None = None
    # State files of earlier versions lack these or differ: those servers are not reused.
    runtime: str = "llama_cpp.server"
    slots: int = 1


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def is_healthy(base_url: str, timeout_s: float = 2.0) -> bool:
    """True when the llama-server at ``base_url`` (``.../v1``) has its model loaded.

    Its ``GET /health`` says 503 while the model loads and 200 once requests are served.
    """
    root = base_url.removesuffix("/").removesuffix("/v1")
    try:
        response = httpx2.get(f"{root}/health", timeout=timeout_s)
    except httpx2.HTTPError:
        return False
    return response.status_code == 200


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _state_path(settings: Settings) -> Path:
    return settings.cache_dir / "server.json"


@contextlib.contextmanager
def _start_lock(settings: Settings) -> Iterator[None]:
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    with (settings.cache_dir / "server.lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read_state(settings: Settings) -> ServerInfo | None:
    try:
        return ServerInfo(**json.loads(_state_path(settings).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def running_server(settings: Settings, model_path: Path) -> ServerInfo | None:
    """A healthy server recorded in the state file and serving ``model_path``, if any."""
    info = _read_state(settings)
    if (
        info is None
        or info.model_path != str(model_path)
        or info.chat_format != chat_format_for(settings)
        or info.runtime != RUNTIME
        or info.slots != settings.slots
        or not _pid_alive(info.pid)
    ):
        return None
    return info if is_healthy(info.base_url) else None


def embedded_model_path(settings: Settings) -> Path:
    """The GGUF file the embedded server should load."""
    if settings.gguf_path is not None:
        if not settings.gguf_path.is_file():
            raise LocalServerError(
                f"EXTRACTOR_GGUF points to {settings.gguf_path}, which is missing"
            )
        return settings.gguf_path
    return locate_model(settings.local_model, settings.cache_dir)


def chat_format_for(settings: Settings) -> str | None:
    """The server's prompt format: the embedded model's registered one; for a GGUF of the
    user's own (``EXTRACTOR_GGUF``), None: the template inside the file."""
    if settings.gguf_path is not None:
        return None
    return embedded_model(settings.local_model).chat_format


def server_command(
    binary: Path,
    model_path: Path,
    port: int,
    *,
    threads: int,
    n_ctx: int,
    slots: int = 1,
    chat_format: str | None = None,
) -> list[str]:
    """The command line that starts ``llama-server`` with ``slots`` parallel sequences.

    The KV cache is one pool shared by the slots (``--kv-unified``), sized for ``n_ctx``
    tokens in each, so one long call may use what idle slots leave.
    """
    return [
        str(binary),
        "--model",
        str(model_path),
        "--alias",
        EMBEDDED_MODEL_ALIAS,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--ctx-size",
        str(n_ctx * slots),
        "--parallel",
        str(slots),
        "--kv-unified",
        "--threads",
        str(threads),
        "--threads-batch",
        str(threads),
        "--repeat-penalty",
        str(REPEAT_PENALTY),
        "--no-webui",
        "--metrics",  # token and time counters at /metrics (benchmarks/bench_runtime.py)
        *(("--chat-template", chat_format) if chat_format else ()),
    ]


_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """Runs in the child before exec: Linux kills it when the parent dies, even by ``kill -9``.

    Without this a crashed or killed caller leaves a 3 GB server running (seen in practice).
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def start_server(
    settings: Settings,
    *,
    threads: int = DEFAULT_THREADS,
    n_ctx: int = DEFAULT_CONTEXT,
    stop_at_exit: bool = True,
) -> ServerInfo:
    """Start a new embedded server and wait until it is healthy."""
    binary = server_binary(settings.cache_dir)
    model_path = embedded_model_path(settings)
    chat_format = chat_format_for(settings)
    port = free_port()
    log_path = settings.cache_dir / f"server-{port}.log"
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            server_command(
                binary,
                model_path,
                port,
                threads=threads,
                n_ctx=n_ctx,
                slots=settings.slots,
                chat_format=chat_format,
            ),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_die_with_parent if stop_at_exit else None,
        )
    info = ServerInfo(
        f"http://127.0.0.1:{port}/v1",
        process.pid,
        str(model_path),
        str(log_path),
        chat_format,
        RUNTIME,
        settings.slots,
    )
    if stop_at_exit:
        atexit.register(stop_server, info, settings)
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
            raise LocalServerError(f"embedded server exited with {process.returncode}:\n{tail}")
        if is_healthy(info.base_url):
            _smoke_test(info, process)
            _state_path(settings).write_text(json.dumps(asdict(info)), encoding="utf-8")
            return info
        time.sleep(0.5)
    stop_server(info, settings)
    raise LocalServerError(
        f"embedded server not healthy after {STARTUP_TIMEOUT_S:.0f} s; see {log_path}"
    )


CPU_BUILD_HINT = (
    "the embedded server crashed on its first completion. On x86-64 this is usually a llama.cpp "
    "build using CPU instructions the machine refuses (AMX in a VM). Rebuild it without them: "
    "CMAKE_ARGS='-DGGML_NATIVE=OFF' extractor model fetch --rebuild"
)


def _smoke_test(info: ServerInfo, process: subprocess.Popen[bytes]) -> None:
    """One 1-token completion: a server can answer /models yet crash on its first real request."""
    try:
        httpx2.post(
            f"{info.base_url}/chat/completions",
            json={
                "model": EMBEDDED_MODEL_ALIAS,
                "messages": [{"role": "user", "content": "hi"}],
                "max_tokens": 1,
            },
            timeout=120,
        ).raise_for_status()
    except httpx2.HTTPError as error:
        time.sleep(0.5)
        if process.poll() is not None:
            raise LocalServerError(f"{CPU_BUILD_HINT} (see {info.log_path})") from error
        raise LocalServerError(f"embedded server failed its first completion: {error}") from error


def stop_server(info: ServerInfo, settings: Settings) -> None:
    """Stop a server this process started and forget it."""
    if _pid_alive(info.pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(info.pid, signal.SIGTERM)
        for _ in range(50):
            if not _pid_alive(info.pid):
                break
            with contextlib.suppress(ChildProcessError):
                os.waitpid(info.pid, os.WNOHANG)
            time.sleep(0.1)
        else:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(info.pid, signal.SIGKILL)
    current = _read_state(settings)
    if current is not None and current.pid == info.pid:
        _state_path(settings).unlink(missing_ok=True)


def ensure_server(settings: Settings) -> ServerInfo:
    """A healthy embedded server: the running one if there is one, else a new one."""
    model_path = embedded_model_path(settings)
    with _start_lock(settings):
        existing = running_server(settings, model_path)
        if existing is not None:
            return existing
        return start_server(settings)
