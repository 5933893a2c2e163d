"""Parsing many texts at once: each distinct content once (the parse cache, keyed by content
hash), in worker processes when there is enough work to pay for them.

Files found on disk and documents found inside other documents (an OpenAPI body or a policy
in a Terraform attribute) both go through here, so every format is parsed the same way.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, Iterable

from compliance.parse import parse_source
from compliance.parse.cache import ParseCache

# Below this much work a process pool costs more than it saves.
PARALLEL_MIN_JOBS = 16
PARALLEL_MIN_BYTES = 256 * 1024

Key = tuple[str, str]  # (parser kind, sha256 of the content)

# Kinds whose small documents are cheaper to parse again than to read back from the cache (a
# policy's JSON parses in microseconds; a cache entry is a file to open)
UNCACHED_KINDS = frozenset({"iam-policy"})
UNCACHED_MAX_BYTES = 64 * 1024
NO_CACHE = ParseCache(None)


def content_key(kind: str, data: bytes) -> Key:
    return kind, hashlib.sha256(data).hexdigest()


def text_key(kind: str, text: str) -> Key:
    """The key of a text found inside another document (already decoded, and as Python
    strings may, holding lone surrogates)."""
    return content_key(kind, text.encode("utf-8", "surrogatepass"))


def _parse_one(job: tuple[str, bytes | str, str, ParseCache]) -> dict[str, Any]:
    """Parse one content and cache the result (in the worker, to keep the main process free
    for collecting results)."""
    kind, data, digest, cache = job
    if isinstance(data, str):  # a text found inside another document: already decoded
        result = parse_source(kind, data)
    else:
        try:
            result = parse_source(kind, data.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            result = {"resources": [],
                      "errors": [{"line": line, "message": "not valid UTF-8 text"}]}
    cache.put(kind, digest, result)
    return result


def parse_many(contents: Iterable[tuple[Key, bytes | str]], cache: ParseCache,
               workers: int | None = None,
               progress: Callable[[int, int], None] = lambda done, total: None
               ) -> dict[Key, dict[str, Any]]:
    """The parse result of each distinct (kind, digest) among `contents` (bytes of a file, or
    the text of a document found inside another)."""
    data: dict[Key, bytes | str] = {}
    for key, content in contents:
        data.setdefault(key, content)
    results: dict[Key, dict[str, Any]] = {}
    misses: list[Key] = []
    for key in data:
        content = data[key]
        if key[0] in UNCACHED_KINDS and len(content) < UNCACHED_MAX_BYTES:
            results[key] = _parse_one((key[0], content, key[1], NO_CACHE))
            continue
        cached = cache.get(*key)
        if cached is None:
            misses.append(key)
        else:
            results[key] = cached
    done, total = len(results), len(data)
    progress(done, total)
    jobs = [(kind, data[(kind, digest)], digest, cache) for kind, digest in misses]
    workers = workers or os.cpu_count() or 1
    parallel = (workers > 1 and len(jobs) >= PARALLEL_MIN_JOBS
                and sum(len(job[1]) for job in jobs) >= PARALLEL_MIN_BYTES)
    if parallel:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            chunk = max(1, min(32, len(jobs) // (workers * 8)))
            for key, result in zip(misses, pool.map(_parse_one, jobs, chunksize=chunk)):
                results[key] = result
                done += 1
                progress(done, total)
    else:
        for key, job in zip(misses, jobs):
            results[key] = _parse_one(job)
            done += 1
            progress(done, total)
    return results
