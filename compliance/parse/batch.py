"""Parsing many texts at once: each distinct content once (the parse cache, keyed by content
hash), in worker processes when there is enough work to pay for them.

Files found on disk and documents found inside other documents (an OpenAPI body or a policy
in a Terraform attribute) both go through here, so every format is parsed the same way.
"""

from __future__ import annotations

import gc
import hashlib
import os
from typing import Any, Callable, Iterable

import orjson

from compliance.parse import budget, parse_source
from compliance.parse.cache import FINITE_KINDS, ParseCache, entry_text, exact_json
from compliance.processes.forked import Fed, fed_in_background

# Below this much work a process pool costs more than it saves.
PARALLEL_MIN_JOBS = 16
PARALLEL_MIN_BYTES = 256 * 1024

Key = tuple[str, str]  # (parser kind, sha256 of the content)

# Kinds whose small documents are cheaper to parse again than to read back from the cache (a
# policy's JSON parses in microseconds; a cache entry is a file to open)
UNCACHED_KINDS = frozenset({"iam-policy"})
UNCACHED_MAX_BYTES = 64 * 1024
NO_CACHE = ParseCache(None)
# Wall time one file's parsing may take (a 5 MiB Terraform file parses in a few seconds)
FILE_TIME_BUDGET_S = 60.0


def content_key(kind: str, data: bytes) -> Key:
    return kind, hashlib.sha256(data).hexdigest()


def text_key(kind: str, text: str) -> Key:
    """The key of a text found inside another document (already decoded, and as Python
    strings may, holding lone surrogates)."""
    return content_key(kind, text.encode("utf-8", "surrogatepass"))


Job = tuple[str, bytes | str, str, ParseCache, float | None]


def _parse_one(job: Job) -> dict[str, Any]:
    """Parse one content in this process (see `_parsed_and_cached`)."""
    return _parsed_and_cached(job, False)[0]


def _parse_in_worker(job: Job) -> dict[str, Any] | bytes:
    """Parse one content in a pool's worker: a result that has its exact JSON comes back as
    that JSON, which the worker encodes once for the cache and the pipe both, and which the
    main process reads faster than a pickle (`_received`)."""
    result, exact = _parsed_and_cached(job, True)
    return exact if exact is not None else result


def _received(sent: dict[str, Any] | bytes) -> dict[str, Any]:
    return orjson.loads(sent) if isinstance(sent, bytes) else sent


def _parsed_and_cached(job: Job, encode: bool) -> tuple[dict[str, Any], bytes | None]:
    """Parse one content within its time budget and cache the result (in the worker, to keep
    the main process free for collecting results); with its exact JSON (`exact_json`) when
    the cache or `encode` asked for it. A result cut short by a budget is not cached: with
    more time or memory the same content may parse."""
    kind, data, digest, cache, seconds = job
    try:
        with budget.time_limit(seconds) as mine:
            result = _parse_content(kind, data)
    except budget.OverBudget as over:
        if over.limit is not mine:
            raise
        result = {"resources": [], "errors": [{"line": None, "limit": True, "message":
                  f"took longer than {seconds:g} s to read (work limit); not read"}]}
    except MemoryError:
        result = {"resources": [], "errors": [{"line": None, "limit": True, "message":
                  "ran out of the scan's memory budget while reading it; not read"}]}
    exact = exact_json(kind, result) if encode or cache.directory is not None else None
    if _cacheable(result):
        cache.put(kind, digest, result, exact)
    return result, exact


def _cacheable(result: dict[str, Any]) -> bool:
    """Whether a parse result may be cached: not cut short by a time or memory budget."""
    return not any(error.get("limit") for error in result["errors"])


def _parse_content(kind: str, data: bytes | str) -> dict[str, Any]:
    if isinstance(data, str):  # a text found inside another document: already decoded
        return parse_source(kind, data)
    try:
        return parse_source(kind, data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return {"resources": [], "errors": [{"line": line, "message": "not valid UTF-8 text"}]}


def _worker_started() -> None:
    budget.forget_inherited_limits()  # the scan's own limit is the main process's to enforce
    # What the worker was forked with (the scan's catalog, modules...) is never garbage here:
    # frozen, the collector does not walk it, which would write to every object's header and
    # copy each page the worker shares with the main process (2,500 faults, 0.07 s of system
    # time on the benchmark corpus). Then collected as usual: parsing is not paused
    # (pipeline/scan.py pauses the scan).
    gc.freeze()
    gc.enable()


def parse_many(contents: Iterable[tuple[Key, bytes | str]], cache: ParseCache,
               workers: int | None = None,
               progress: Callable[[int, int], None] = lambda done, total: None,
               file_seconds: float | None = FILE_TIME_BUDGET_S,
               ) -> dict[Key, dict[str, Any]]:
    """The parse result of each distinct (kind, digest) among `contents` (bytes of a file, or
    the text of a document found inside another)."""
    with ParseBatch(cache, workers, file_seconds) as batch:
        for key, content in contents:
            batch.add(key, content)
        return batch.parsed(progress)


class ParseBatch:
    """Contents handed over one at a time (`add`: a scan adds each file as discovery finds
    it), each distinct one parsed once: read from the cache, or parsed in worker processes,
    which start as soon as there is enough work to pay for them and parse while the rest is
    still being found; `parsed` once all are in. Leaving it (a context manager) ends the
    workers, whatever happened: a scan out of time does not wait for the queued files.

    With `leave_writes`, the workers do not write the cache entries of the kinds they send
    back as JSON (`FINITE_KINDS`, the bulk of a repository), made from the bytes received, for
    the caller to write when it has a processor to spare (a cold scan of the benchmark corpus
    spent 0.2 s of its parse creating a thousand files): with `helpers`, a helper forked with
    the workers takes each as it is made and writes them all once told (`entries_writer`);
    without (or when none could be had), `unwritten` holds them."""

    def __init__(self, cache: ParseCache, workers: int | None = None,
                 file_seconds: float | None = FILE_TIME_BUDGET_S, leave_writes: bool = False,
                 helpers: int = 0):
        self.cache, self.file_seconds = cache, file_seconds
        self.workers = workers or os.cpu_count() or 1
        self.unwritten: list[tuple[str, str, bytes]] = []  # (kind, digest, entry_text)
        self._leave_writes = leave_writes and cache.directory is not None
        self._helpers = helpers
        self._writer: Fed | None = None
        self._results: dict[Key, dict[str, Any]] = {}
        self._seen: set[Key] = set()
        self._misses: list[Key] = []  # in the order they were added
        self._waiting: list[Job] = []  # misses not handed to a worker yet
        self._waiting_bytes = 0
        self._sent: list[Any] = []  # a future for each chunk handed to the workers
        self._pool: Any = None
        self._finished = False

    def __enter__(self) -> ParseBatch:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=self._finished, cancel_futures=True)
            if not self._finished:
                for process in list((getattr(self._pool, "_processes", None) or {}).values()):
                    process.terminate()
            self._pool = None

    def add(self, key: Key, content: bytes | str) -> None:
        if key in self._seen:
            return
        self._seen.add(key)
        if key[0] in UNCACHED_KINDS and len(content) < UNCACHED_MAX_BYTES:
            self._results[key] = _parse_one((key[0], content, key[1], NO_CACHE,
                                             self.file_seconds))
            return
        cached = self.cache.get(*key)
        if cached is not None:
            self._results[key] = cached
            return
        self._misses.append(key)
        self._waiting.append((key[0], content, key[1], self.cache, self.file_seconds))
        self._waiting_bytes += len(content)
        if self._pool is None and self.workers > 1 and len(self._waiting) >= PARALLEL_MIN_JOBS \
                and self._waiting_bytes >= PARALLEL_MIN_BYTES:
            self._start_workers()
        if self._pool is not None and len(self._waiting) >= CHUNK:
            self._hand_over()

    def _start_workers(self) -> None:
        if self._leave_writes and self._helpers:  # before the pool's thread makes fork unsafe
            self._writer = fed_in_background(self._write_records, self._helpers)
        # multiprocessing imported only when there is parsing to share out
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_worker_started)

    def _hand_over(self) -> None:
        jobs = [self._for_worker(job) for job in self._waiting]
        for start in range(0, len(jobs), CHUNK):
            self._sent.append(self._pool.submit(_parse_chunk, jobs[start:start + CHUNK]))
        self._waiting, self._waiting_bytes = [], 0

    def _left_to_write(self, kind: str) -> bool:
        """Whether a worker is told not to write the entry of a content of `kind`."""
        return self._leave_writes and kind in FINITE_KINDS

    def _for_worker(self, job: Job) -> Job:
        kind, content, digest, _cache, seconds = job
        return (kind, content, digest, NO_CACHE, seconds) if self._left_to_write(kind) else job

    def parsed(self, progress: Callable[[int, int], None] = lambda done, total: None,
               ) -> dict[Key, dict[str, Any]]:
        """The result of every content added, by key."""
        total = len(self._seen)
        done = total - len(self._misses)
        progress(done, total)
        if self._pool is None:
            for job in self._waiting:
                self._results[(job[0], job[2])] = _parse_one(job)
                done += 1
                progress(done, total)
            self._waiting = []
            return self._results
        from concurrent.futures.process import BrokenProcessPool

        self._hand_over()
        try:
            misses = iter(self._misses)  # the chunks hold them in order
            for position, future in enumerate(self._sent):
                for sent in future.result():
                    key = next(misses)
                    result = self._results[key] = _received(sent)
                    if self._left_to_write(key[0]) and _cacheable(result):
                        exact = sent if isinstance(sent, bytes) else None
                        self._leave(*key, entry_text(key[0], result, exact))
                    done += 1
                    progress(done, total)
                self._sent[position] = None  # read: what the worker sent can go (memory)
            self._finished = True
        except BrokenProcessPool:  # a worker killed (by the kernel, out of memory): the
            for key in self._misses:  # files it had are named as not read, never lost quietly
                self._results.setdefault(key, {"resources": [], "errors": [{
                    "line": None, "limit": True,
                    "message": "its parser process was killed (out of memory?); not read"}]})
        return self._results

    def _leave(self, kind: str, digest: str, text: bytes) -> None:
        if self._writer is not None:
            self._writer.feed(f"{kind}\0{digest}\0".encode() + text)
        else:
            self.unwritten.append((kind, digest, text))

    def _write_records(self, records: list[bytes]) -> None:  # pragma: no cover - in a helper
        for record in records:
            kind, digest, text = record.split(b"\0", 2)
            self.cache.put_text(kind.decode(), digest.decode(), text)

    def entries_writer(self) -> Callable[[], None] | None:
        """What tells the helper that took the entries left to write to write them (None:
        none took them; `unwritten` holds them)."""
        return self._writer.tell if self._writer is not None else None


# contents a worker is handed at a time: a few milliseconds of parsing
CHUNK = 16


def _parse_chunk(jobs: list[Job]) -> list[dict[str, Any] | bytes]:
    return [_parse_in_worker(job) for job in jobs]
