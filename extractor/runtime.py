"""The embedded model's runtime: llama.cpp's own ``llama-server``, built once from PyPI sources.

llama.cpp's server decodes several sequences in one batch (parallel slots, continuous
batching), which llama-cpp-python's server cannot; on a CPU that is where the time goes, since
decoding one token for one sequence leaves the cores waiting on memory. No binary wheel of it
is on PyPI, but the sdist of llama-cpp-python (a registry package) carries the llama.cpp
sources: this module downloads that sdist with ``pip download --no-binary``, builds only the
``llama-server`` target with CMake (static, no network features, no web UI) and keeps the
binary in the cache directory. ``EXTRACTOR_LLAMA_SERVER`` points at a binary of your own
instead (``brew install llama.cpp``, a CUDA build, ...).
"""

from __future__ import annotations

import os
import platform
import shlex
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Callable
from pathlib import Path

from extractor.errors import LocalServerError

# The registry package whose sdist vendors the llama.cpp sources we build (its llama.cpp
# commit is the one the toolkit is tested with).
SOURCE_PACKAGE = "llama-cpp-python"
SOURCE_VERSION = "0.3.36"
BINARY_NAME = "llama-server"
BINARY_ENV = "EXTRACTOR_LLAMA_SERVER"
# Names this runtime wherever answers or servers of another must not pass for its own: the
# embedded server's state file, the records' config and the response cache's identity.
RUNTIME = f"{BINARY_NAME}-{SOURCE_VERSION}"

# A native build uses AMX where the CPU lists it, but VMs that do not grant AMX state kill the
# server with a general protection fault in ggml's AMX matmul (seen on these machines).
_NO_AMX = "-mno-amx-tile -mno-amx-int8 -mno-amx-bf16"
# Only what the embedded server needs: no downloads (curl, OpenSSL), no web UI, no tests.
_BASE_FLAGS = (
    "-DCMAKE_BUILD_TYPE=Release",
    "-DBUILD_SHARED_LIBS=OFF",
    "-DLLAMA_BUILD_TESTS=OFF",
    "-DLLAMA_BUILD_EXAMPLES=OFF",
    "-DLLAMA_USE_PREBUILT_UI=OFF",
    "-DLLAMA_CURL=OFF",
    "-DLLAMA_OPENSSL=OFF",
)


def runtime_dir(cache_dir: Path) -> Path:
    """Where the built ``llama-server`` of this toolkit's llama.cpp version lives."""
    return cache_dir / "runtime" / f"llama.cpp-{SOURCE_VERSION}"


def built_binary(cache_dir: Path) -> Path:
    """Where :func:`build_runtime` puts ``llama-server`` (it may not be there yet)."""
    return runtime_dir(cache_dir) / BINARY_NAME


def cmake_flags() -> list[str]:
    """The CMake flags of the build: ours, then the user's ``CMAKE_ARGS`` (which win)."""
    flags = list(_BASE_FLAGS)
    if platform.machine() in {"x86_64", "AMD64"}:
        flags += ["-DGGML_NATIVE=ON", f"-DCMAKE_C_FLAGS={_NO_AMX}", f"-DCMAKE_CXX_FLAGS={_NO_AMX}"]
    return flags + shlex.split(os.environ.get("CMAKE_ARGS", ""))


def server_binary(cache_dir: Path) -> Path:
    """The ``llama-server`` to run: ``$EXTRACTOR_LLAMA_SERVER``, else the one built here.

    Raises :class:`LocalServerError` saying how to get one when there is none.
    """
    own = os.environ.get(BINARY_ENV)
    if own:
        path = Path(own).expanduser()
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise LocalServerError(f"{BINARY_ENV} points to {path}, which is not an executable")
        return path
    built = built_binary(cache_dir)
    if built.is_file():
        return built
    raise LocalServerError(
        f"the embedded runtime ({BINARY_NAME}) is not built yet: run `extractor model fetch` "
        f"(builds it from the {SOURCE_PACKAGE} {SOURCE_VERSION} sources, a few minutes), "
        f"or set {BINARY_ENV} to a llama-server binary of your own"
    )


def _run(command: list[str], log: Path, what: str) -> None:
    with log.open("ab") as handle:
        handle.write(f"$ {shlex.join(command)}\n".encode())
        handle.flush()
        done = subprocess.run(command, stdout=handle, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise LocalServerError(f"{what} failed (exit {done.returncode}); see {log}:\n{tail}")


def _sources(work: Path, log: Path, sdist: Path | None) -> Path:
    """The llama.cpp source tree, unpacked from the package's sdist (downloaded if not given)."""
    if sdist is None:
        _run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--no-binary",
                ":all:",
                "--dest",
                str(work),
                f"{SOURCE_PACKAGE}=={SOURCE_VERSION}",
            ],
            log,
            f"downloading the {SOURCE_PACKAGE} {SOURCE_VERSION} sources",
        )
        found = sorted(work.glob("*.tar.gz"))
        if not found:
            raise LocalServerError(f"pip downloaded no sdist of {SOURCE_PACKAGE}; see {log}")
        sdist = found[0]
    with tarfile.open(sdist) as archive:
        archive.extractall(work, filter="data")
    trees = sorted(work.glob("*/vendor/llama.cpp/CMakeLists.txt"))
    if not trees:
        raise LocalServerError(f"{sdist} holds no vendor/llama.cpp sources")
    return trees[0].parent


def build_runtime(
    cache_dir: Path, *, sdist: Path | None = None, jobs: int | None = None, force: bool = False
) -> Path:
    """Build ``llama-server`` into :func:`runtime_dir` (kept; rebuilt only with ``force``)."""
    target = built_binary(cache_dir)
    if target.is_file() and not force:
        return target
    if shutil.which("cmake") is None:
        raise LocalServerError("building the embedded runtime needs cmake and a C++ compiler")
    target.parent.mkdir(parents=True, exist_ok=True)
    log = target.parent / "build.log"
    log.write_text("", encoding="utf-8")
    jobs = jobs or int(os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or os.cpu_count() or 2)
    with tempfile.TemporaryDirectory(prefix="extractor-runtime-") as tmp:
        work = Path(tmp)
        tree = _sources(work, log, sdist)
        build = work / "build"
        _run(
            ["cmake", "-S", str(tree), "-B", str(build), *cmake_flags()],
            log,
            "configuring llama.cpp",
        )
        _run(
            ["cmake", "--build", str(build), "-j", str(jobs), "--target", BINARY_NAME],
            log,
            "building llama-server",
        )
        partial = target.with_suffix(".partial")
        shutil.copy2(build / "bin" / BINARY_NAME, partial)
        partial.replace(target)  # atomic: a half-copied binary is never found
    return target


def ensure_runtime(
    cache_dir: Path, *, rebuild: bool = False, announce: Callable[[str], None] | None = None
) -> Path:
    """The ``llama-server`` to run: ``$EXTRACTOR_LLAMA_SERVER``, else the one built here,
    built first when there is none (or ``rebuild``); ``announce`` hears that a build starts."""
    if os.environ.get(BINARY_ENV):
        return server_binary(cache_dir)
    if announce is not None and (rebuild or not built_binary(cache_dir).is_file()):
        announce(
            f"building {BINARY_NAME} from the {SOURCE_PACKAGE} {SOURCE_VERSION} sources "
            "(a few minutes) ..."
        )
    return build_runtime(cache_dir, force=rebuild)


__all__ = [
    "BINARY_ENV",
    "RUNTIME",
    "SOURCE_PACKAGE",
    "SOURCE_VERSION",
    "build_runtime",
    "built_binary",
    "cmake_flags",
    "ensure_runtime",
    "runtime_dir",
    "server_binary",
]
