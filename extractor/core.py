"""``extract_article``: one article in, grounded election facts out.

The flow, each step its own module: prepare the text (:mod:`extractor.text`) → render the
versioned prompt (:mod:`prompts`) → call the model through instructor on the openai client,
network retries below it (:mod:`extractor.transport`), validation re-asks inside it → parse
into the compact draft (:mod:`extractor.draft`) → ground every value in the article
(:mod:`extractor.ground`) → :class:`~schemas.ArticleExtraction` with its metadata.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any

import httpx2
import instructor
import openai
from instructor.core.exceptions import (
    IncompleteOutputException,
    InstructorRetryException,
    TokenBudgetError,
)

from extractor.cache import (
    AsyncCachingTransport,
    CachingTransport,
    ResponseCache,
    open_cache,
    server_identity,
)
from extractor.checks import uses_stv
from extractor.config import EMBEDDED_MODEL_ALIAS, Settings
from extractor.context import election_year
from extractor.draft import DraftAnswer, DraftKind, ElectionFacts
from extractor.errors import ExtractionFailedError
from extractor.local_server import ensure_server
from extractor.parsers import ParsedBlock, infer_kind, reports_by_elections, text_for_model
from extractor.passes import PassState, run_pipeline
from extractor.providers import ProviderProfile, resolve_provider
from extractor.readers import READER_NAMES, read_in_code
from extractor.reasks import (
    CUT_OFF,
    async_reask_policy,
    complete_part,
    passage_output_tokens,
    reask_policy,
)
from extractor.text import (
    prepare_article,
    result_passages,
    split_paragraphs,
    with_capitals_headings_in_title_case,
    with_dateline_as_metadata,
)
from extractor.topics import Topic, plan_calls
from extractor.transport import AsyncRetryingTransport, NetworkRetryPolicy, RetryingTransport
from extractor.usage import CallTracker, UsageTracker
from prompts import prompt_version, render_prompt
from schemas import ArticleExtraction, ExtractionMeta, Usage

PROMPT_NAME = "extract"
WHOLE_READING_CHARS = 100_000  # the whole-text reading reads texts up to this long in one call


@dataclass(frozen=True)
class Endpoint:
    """Where requests go and how to talk to that server."""

    base_url: str | None
    api_key: str
    model: str
    profile: ProviderProfile


def resolve_endpoint(settings: Settings) -> Endpoint:
    """The server to use: the configured one, else the embedded local model (started if needed)."""
    if settings.uses_embedded_model:
        server = ensure_server(settings)
        profile = resolve_provider("embedded", server.base_url)
        return Endpoint(server.base_url, "not-needed", EMBEDDED_MODEL_ALIAS, profile)
    profile = resolve_provider(settings.provider, settings.base_url)
    model = settings.model or profile.default_model
    if model is None:
        raise ValueError(
            f"no model name for the {profile.name} server at {settings.base_url}: "
            "set EXTRACTOR_MODEL or pass model=..."
        )
    return Endpoint(settings.base_url, settings.api_key or "not-needed", model, profile)


def _policy(settings: Settings) -> NetworkRetryPolicy:
    return NetworkRetryPolicy(attempts=settings.network_retries + 1)


def response_cache_for(settings: Settings, endpoint: Endpoint) -> ResponseCache | None:
    """The on-disk response cache ``settings`` ask for (None when switched off)."""
    if not settings.response_cache:
        return None
    identity = server_identity(settings.embedded_model_name, endpoint.base_url)
    return open_cache(
        settings.response_cache_dir, identity, max_bytes=settings.response_cache_mb << 20
    )


def make_client(settings: Settings, endpoint: Endpoint) -> openai.OpenAI:
    """An openai client whose network retries are ours (tenacity) and the SDK's are off,
    answering requests seen before from the response cache (:mod:`extractor.cache`)."""
    transport: httpx2.BaseTransport = RetryingTransport(policy=_policy(settings))
    cache = response_cache_for(settings, endpoint)
    if cache is not None:
        transport = CachingTransport(transport, cache)
    return openai.OpenAI(
        api_key=endpoint.api_key,
        base_url=endpoint.base_url,
        max_retries=0,
        timeout=settings.timeout_s,
        http_client=httpx2.Client(transport=transport, timeout=settings.timeout_s),
    )


def make_async_client(settings: Settings, endpoint: Endpoint) -> openai.AsyncOpenAI:
    """The async twin of :func:`make_client`."""
    transport: httpx2.AsyncBaseTransport = AsyncRetryingTransport(policy=_policy(settings))
    cache = response_cache_for(settings, endpoint)
    if cache is not None:
        transport = AsyncCachingTransport(transport, cache)
    return openai.AsyncOpenAI(
        api_key=endpoint.api_key,
        base_url=endpoint.base_url,
        max_retries=0,
        timeout=settings.timeout_s,
        http_client=httpx2.AsyncClient(transport=transport, timeout=settings.timeout_s),
    )


@dataclass(frozen=True)
class _Request:
    article: str
    settings: Settings
    endpoint: Endpoint
    prompt_version: str
    calls: list[dict[str, Any]]  # one model call per chunk of the article
    parsed: ElectionFacts
    pieces: list[str]  # the text each call reads, in call order
    kind: DraftKind  # the article's election kind, from its cue words
    passages: bool  # read passage by passage (else in whole chunks)
    # The whole-text reading (EXTRACTOR_WHOLE_READING): one call with every topic on the text
    # as the model would read it with no readers, and the text it reads.
    second: dict[str, Any] | None = None
    second_piece: str = ""

    def wants_second(self, answers: list[ElectionFacts]) -> bool:
        """Whether the whole-text reading is asked for after the passage calls' ``answers``."""
        if self.second is None:
            return False
        if self.settings.whole_reading == "always":
            return True
        found = [self.parsed, *answers]
        return not any(f.contests or f.councils or f.seat_totals or f.referendums for f in found)


def _settings_for(
    settings: Settings | None,
    *,
    model: str | None,
    base_url: str | None,
    api_key: str | None,
    verify: bool | None = None,
) -> Settings:
    base = settings or Settings.from_env()
    return base.with_overrides(model=model, base_url=base_url, api_key=api_key, verify=verify)


def _endpoint_for_client(
    settings: Settings, client: openai.OpenAI | openai.AsyncOpenAI
) -> Endpoint:
    base_url = str(client.base_url)
    profile = resolve_provider(settings.provider, base_url)
    model = settings.model or profile.default_model
    if model is None:
        raise ValueError("pass model=... (or set EXTRACTOR_MODEL) when injecting a client")
    return Endpoint(base_url, "", model, profile)


def _model_text(article: str, blocks: list[ParsedBlock]) -> str:
    """The text the model reads: the article less what the readers read in code."""
    return with_capitals_headings_in_title_case(
        with_dateline_as_metadata(text_for_model(article, blocks))
    )


def _call(
    article: str, chunk: str, topic: Topic | None, settings: Settings, endpoint: Endpoint
) -> dict[str, Any]:
    """One model call on ``chunk``: one topic's, or (``None``) every topic's with the whole schema."""
    prompt = render_prompt(PROMPT_NAME, article=chunk, topic=topic.name if topic else "all")
    return {
        "model": endpoint.model,
        "messages": prompt.messages,
        "response_model": topic.answer if topic else ElectionFacts,
        "max_retries": settings.reasks,
        "temperature": settings.temperature,
        "max_tokens": (
            passage_output_tokens(chunk, settings.max_output_tokens)
            if topic
            else settings.max_output_tokens
        ),
        "token_budget": settings.token_budget,
        **({"context": {"article": article}} if settings.grounding_reask else {}),
    }


def _build_request(article: str, settings: Settings, endpoint: Endpoint) -> _Request:
    # Shapes code reads exactly are read first; the model reads the rest (fewer tokens in and
    # out). EXTRACTOR_PARSE_LISTS=0 leaves everything but seat tallies to the model.
    kind = infer_kind(article)
    off = settings.disabled | (
        frozenset() if settings.parse_lists else frozenset(READER_NAMES) - {"seat_tallies"}
    )
    blocks, parsed = read_in_code(article, kind, off)
    model_text = _model_text(article, blocks)
    # Passages: calls topic by topic (the server's prompt cache keeps one topic's system
    # prompt), neighbouring passages joined. Chunks (long-article mode): every topic at once.
    # A text of at most EXTRACTOR_WHOLE_CHARS is read whole, in one call with every topic.
    passages = settings.passages and len(model_text) > settings.whole_chars
    plan: list[tuple[Topic | None, str]] = (
        list(plan_calls(result_passages(model_text), kind, settings.passage_chars))
        if passages
        else [(None, chunk) for chunk in split_paragraphs(model_text, settings.chunk_chars)]
    )
    calls = [_call(article, chunk, topic, settings, endpoint) for topic, chunk in plan]
    pieces = [chunk for _, chunk in plan]
    second, second_piece = None, ""
    if settings.whole_reading != "off" and passages:
        # Exactly the call a reading with no readers and no passages makes, so the two share
        # answers in the response cache; its facts come after the passages' in the merge.
        bare = frozenset(READER_NAMES) - {"seat_tallies"}
        bare_blocks, _ = read_in_code(article, kind, bare)
        chunks = split_paragraphs(_model_text(article, bare_blocks), WHOLE_READING_CHARS)
        if len(chunks) == 1:
            second_piece = chunks[0]
            second = _call(article, second_piece, None, settings, endpoint)
    return _Request(
        article,
        settings,
        endpoint,
        prompt_version(PROMPT_NAME),
        calls,
        parsed,
        pieces,
        kind,
        passages,
        second,
        second_piece,
    )


def _raw_output(completion: Any) -> str | None:
    """The text or tool-call arguments of a raw completion, for error reports."""
    try:
        message = completion.choices[0].message
    except (AttributeError, IndexError, TypeError):
        return None
    calls = getattr(message, "tool_calls", None) or []
    if calls:
        return str(calls[0].function.arguments)
    content = getattr(message, "content", None)
    return str(content) if content is not None else None


def _failure(
    error: InstructorRetryException | IncompleteOutputException, call: CallTracker
) -> ExtractionFailedError:
    cause = error.__cause__ or error
    if isinstance(error, TokenBudgetError):
        what = f"the token budget for re-asks was spent ({str(error)[:200]})"
    elif isinstance(cause, openai.APIStatusError):
        what = f"the server answered HTTP {cause.status_code}: {cause.message}"
    elif isinstance(cause, openai.APITimeoutError):
        what = "the server did not answer in time"
    elif isinstance(cause, openai.APIConnectionError):
        what = "the server could not be reached"
    else:
        what = f"the model gave no valid output ({type(cause).__name__}: {str(cause)[:300]})"
    if call.last_finish_reason == "length":
        what += "; the last output hit max_tokens and was truncated"
    attempts = int(getattr(error, "n_attempts", 1) or 0)
    return ExtractionFailedError(
        f"extraction failed after {attempts} attempt(s): {what}",
        attempts=attempts,
        usage=call.article.usage,
        last_output=_raw_output(error.last_completion),
        cause_type=type(cause).__name__,
    )


NO_FACTS = ElectionFacts(contests=[], councils=[], seat_totals=[], referendums=[])
SALVAGED = "the re-ask budget was spent on values not in the article; they were dropped instead"


def _salvage(
    error: InstructorRetryException | IncompleteOutputException,
    call: CallTracker,
    answer: type[DraftAnswer],
) -> ElectionFacts:
    """What can be kept of a call whose re-asks failed: the last answer checked for structure
    only when only the grounding re-ask failed; the complete results before the cut when the
    token limit cut the answer off (one looping passage never loses the article): a forced
    tool call says so by its length, a JSON-schema answer by instructor's
    IncompleteOutputException."""
    raw = _raw_output(error.last_completion)
    if raw is not None and not isinstance(error, TokenBudgetError):
        if isinstance(error, IncompleteOutputException) or call.cut_off():
            call.warnings.append(CUT_OFF)
            part = complete_part(raw, answer)
            return part.as_facts() if part else NO_FACTS
        try:
            facts = answer.model_validate_json(raw).as_facts()
        except ValueError:
            pass
        else:
            call.warnings.append(SALVAGED)
            return facts
    raise _failure(error, call) from error


def _finish(
    request: _Request, answers: list[ElectionFacts], tracker: UsageTracker, started: float
) -> ArticleExtraction:
    tracker.finished()
    whole_reading = len(answers) > len(request.calls)  # the whole-text reading was asked too
    state = run_pipeline(
        PassState(
            article=request.article,
            kind=request.kind,
            year=election_year(request.article),
            pieces=(
                [*request.pieces, *([request.second_piece] if whole_reading else [])]
                if request.passages
                else []
            ),
            parsed=request.parsed,
            answers=answers,
            disabled=request.settings.skipped_passes,
            single_seat=reports_by_elections(request.article),
            stv=uses_stv(request.article),
            whole_reading=whole_reading,
        )
    )
    assert state.extraction is not None
    extraction, warnings = state.extraction, state.warnings
    warnings = [*dict.fromkeys(tracker.warnings), *warnings]
    if len(request.calls) > 1 and not request.passages:
        warnings.append(
            f"the article was read in {len(request.calls)} chunks and the results merged"
        )
    if tracker.truncated:
        warnings.append("the model output hit max_tokens; facts after the cut may be missing")
    meta = ExtractionMeta(
        model=request.endpoint.model,
        base_url=request.endpoint.base_url,
        prompt_version=request.prompt_version,
        article_sha256=hashlib.sha256(request.article.encode("utf-8")).hexdigest(),
        article_chars=len(request.article),
        usage=tracker.usage,
        seconds=round(time.perf_counter() - started, 3),
        warnings=warnings,
        dropped=state.dropped,
        changed=state.changed,
    )
    return extraction.model_copy(update={"meta": meta})


@contextmanager
def _instructor_logs_muted() -> Iterator[None]:
    logger = logging.getLogger("instructor")
    was_disabled = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = was_disabled


def request_bodies(article: str, settings: Settings, endpoint: Endpoint) -> list[dict[str, Any]]:
    """The chat-completion request bodies a live call sends for ``article``, one per chunk.

    ``article`` is prepared text (:func:`~extractor.text.prepare_article`). The bodies are
    captured from the very code path :func:`extract_article` uses (instructor on the openai
    client, with this endpoint's mode), sent to an in-memory transport instead of a server, so
    a batch request is byte-for-byte what a live first attempt would be.
    """
    request = _build_request(article, settings, endpoint)
    bodies: list[dict[str, Any]] = []

    def capture(http_request: httpx2.Request) -> httpx2.Response:
        bodies.append(json.loads(http_request.content))
        return httpx2.Response(400, json={"error": {"message": "captured, not sent"}})

    client = openai.OpenAI(
        api_key="capture",
        base_url=endpoint.base_url or "http://capture.invalid/v1",
        max_retries=0,
        http_client=httpx2.Client(transport=httpx2.MockTransport(capture)),
    )
    patched = instructor.from_openai(client, mode=endpoint.profile.mode)
    with _instructor_logs_muted():
        for call in request.calls:
            with suppress(InstructorRetryException):
                patched.chat.completions.create_with_completion(**call)
    client.close()
    if len(bodies) != len(request.calls):
        raise RuntimeError(f"captured {len(bodies)} request bodies for {len(request.calls)} calls")
    return bodies


def answer_models(article: str, settings: Settings, endpoint: Endpoint) -> list[type[DraftAnswer]]:
    """The answer model of each request of :func:`request_bodies`, in the same order."""
    return [call["response_model"] for call in _build_request(article, settings, endpoint).calls]


def finish_answers(
    article: str,
    answers: list[ElectionFacts],
    *,
    settings: Settings,
    endpoint: Endpoint,
    usage: Usage,
    truncated: bool = False,
    started: float | None = None,
    warnings: list[str] | None = None,
) -> ArticleExtraction:
    """Ground model answers obtained elsewhere (e.g. the Batch API) exactly as a live call does.

    ``answers`` holds one parsed draft per chunk of :func:`request_bodies`, in order; the
    deterministic parser's contests are merged in, every value is grounded in ``article`` and
    the metadata is filled, as in :func:`extract_article`.
    """
    request = _build_request(article, settings, endpoint)
    tracker = UsageTracker(usage=usage, warnings=list(warnings or []))
    tracker.truncated = truncated
    return _finish(request, answers, tracker, time.perf_counter() if started is None else started)


def _prepare(
    text: str | bytes,
    client: openai.OpenAI | openai.AsyncOpenAI | None,
    settings: Settings | None,
    model: str | None,
    base_url: str | None,
    api_key: str | None,
    encoding: str | None,
    verify: bool | None = None,
) -> _Request:
    settings = _settings_for(
        settings, model=model, base_url=base_url, api_key=api_key, verify=verify
    )
    # Validate the input before anything costly (such as starting the embedded server).
    article = prepare_article(text, max_chars=settings.max_chars, encoding=encoding)
    endpoint = _endpoint_for_client(settings, client) if client else resolve_endpoint(settings)
    return _build_request(article, settings, endpoint)


def _instrumented(
    openai_client: openai.OpenAI | openai.AsyncOpenAI, request: _Request
) -> tuple[Any, UsageTracker]:
    """instructor on ``openai_client``, with every response's usage counted."""
    patched = instructor.from_openai(openai_client, mode=request.endpoint.profile.mode)
    tracker = UsageTracker()
    patched.on("completion:response", tracker)
    return patched, tracker


def extract_article(
    text: str | bytes,
    *,
    model: str | None = None,
    client: openai.OpenAI | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    settings: Settings | None = None,
    encoding: str | None = None,
    verify: bool | None = None,
) -> ArticleExtraction:
    """Extract grounded election facts from one article.

    With no server configured (no ``OPENAI_API_KEY``/``OPENAI_BASE_URL``, no ``client``) the
    embedded local model is started on 127.0.0.1 and used. General-election contests are
    checked against the official count (``verify=False`` skips it; see :mod:`extractor.verify`).
    Raises
    :class:`~extractor.errors.InvalidArticleError` for unusable input and
    :class:`~extractor.errors.ExtractionFailedError` when the model call fails for good.
    """
    started = time.perf_counter()
    request = _prepare(text, client, settings, model, base_url, api_key, encoding, verify)
    openai_client = client or make_client(request.settings, request.endpoint)
    patched, tracker = _instrumented(openai_client, request)

    def ask(call: dict[str, Any], tracked: CallTracker) -> ElectionFacts:
        policy = reask_policy(call["max_retries"], tracked.cut_off)
        with tracked.current():
            try:
                answer = patched.chat.completions.create_with_completion(
                    **{**call, "max_retries": policy}
                )[0]
                return answer.as_facts()  # type: ignore[no-any-return]
            except (InstructorRetryException, IncompleteOutputException) as error:
                return _salvage(error, tracked, call["response_model"])

    try:
        # The passages are independent: up to calls_in_flight at once (a batching server
        # decodes them together); the answers come back in call order whatever finishes first.
        trackers = [tracker.for_call(call) for call in request.calls]
        in_flight = min(request.settings.calls_in_flight, len(request.calls))
        if in_flight > 1:
            with ThreadPoolExecutor(in_flight, thread_name_prefix="extractor-call") as pool:
                answers = list(pool.map(ask, request.calls, trackers))
        else:
            answers = [
                ask(call, tracked) for call, tracked in zip(request.calls, trackers, strict=True)
            ]
        if request.second is not None and request.wants_second(answers):
            answers.append(ask(request.second, tracker.for_call(request.second)))
    finally:
        if client is None:
            openai_client.close()
    return _finish(request, answers, tracker, started)


async def aextract_article(
    text: str | bytes,
    *,
    model: str | None = None,
    client: openai.AsyncOpenAI | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    settings: Settings | None = None,
    encoding: str | None = None,
    verify: bool | None = None,
) -> ArticleExtraction:
    """The async twin of :func:`extract_article` (same arguments, same result)."""
    started = time.perf_counter()
    request = _prepare(text, client, settings, model, base_url, api_key, encoding, verify)
    openai_client = client or make_async_client(request.settings, request.endpoint)
    patched, tracker = _instrumented(openai_client, request)
    in_flight = asyncio.Semaphore(request.settings.calls_in_flight)

    async def ask(call: dict[str, Any], tracked: CallTracker) -> ElectionFacts:
        policy = async_reask_policy(call["max_retries"], tracked.cut_off)
        async with in_flight:
            with tracked.current():  # each task runs in its own copy of the context
                try:
                    answer = (
                        await patched.chat.completions.create_with_completion(
                            **{**call, "max_retries": policy}
                        )
                    )[0]
                    return answer.as_facts()  # type: ignore[no-any-return]
                except (InstructorRetryException, IncompleteOutputException) as error:
                    return _salvage(error, tracked, call["response_model"])

    try:
        trackers = [tracker.for_call(call) for call in request.calls]
        tasks = [
            asyncio.ensure_future(ask(c, t)) for c, t in zip(request.calls, trackers, strict=True)
        ]
        try:
            answers = list(await asyncio.gather(*tasks))
        except BaseException:
            for task in tasks:  # one call failed for good (or we were cancelled): stop the rest
                task.cancel()
            raise
        if request.second is not None and request.wants_second(answers):
            answers.append(await ask(request.second, tracker.for_call(request.second)))
    finally:
        if client is None:
            await openai_client.close()
    return _finish(request, answers, tracker, started)
