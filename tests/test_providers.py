import instructor
import pytest

from extractor.config import Settings
from extractor.providers import GENERIC, provider_names, resolve_provider


@pytest.mark.parametrize(
    ("base_url", "name", "mode"),
    [
        ("https://api.openai.com/v1", "openai", instructor.Mode.TOOLS),
        ("http://localhost:11434/v1", "ollama", instructor.Mode.JSON),
        ("http://gpu-box:8000/v1", "vllm", instructor.Mode.JSON_SCHEMA),
        ("http://127.0.0.1:8080/v1", "llama-cpp", instructor.Mode.TOOLS),
        ("https://llm.example.org/v1", "generic", instructor.Mode.TOOLS),
        (None, "generic", instructor.Mode.TOOLS),
    ],
)
def test_provider_is_chosen_from_the_base_url(
    base_url: str | None, name: str, mode: instructor.Mode
) -> None:
    profile = resolve_provider(None, base_url)
    assert (profile.name, profile.mode) == (name, mode)


def test_provider_can_be_forced_by_name() -> None:
    assert resolve_provider("ollama", "https://api.openai.com/v1").name == "ollama"
    assert resolve_provider("GENERIC", None) is GENERIC


def test_unknown_provider_names_the_choices() -> None:
    with pytest.raises(ValueError, match="llama-cpp"):
        resolve_provider("bogus", None)
    assert "embedded" in provider_names()


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "EXTRACTOR_MODEL"):
        monkeypatch.delenv(name, raising=False)
    assert Settings.from_env().uses_embedded_model
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:11434/v1")
    monkeypatch.setenv("EXTRACTOR_MODEL", "qwen2.5:7b")
    monkeypatch.setenv("EXTRACTOR_REASKS", "3")
    settings = Settings.from_env()
    assert not settings.uses_embedded_model
    assert (settings.model, settings.reasks) == ("qwen2.5:7b", 3)
    assert settings.with_overrides(model="other", base_url=None).model == "other"
    monkeypatch.setenv("EXTRACTOR_REASKS", "many")
    with pytest.raises(ValueError, match="EXTRACTOR_REASKS"):
        Settings.from_env()
