"""Where the slow, independent pieces of a build run: a process pool (`--jobs N`) or this process.

MkDocs + Pagefind of one language and WeasyPrint of one booklet are plain functions of plain data, so
they run in `concurrent.futures.ProcessPoolExecutor` workers; the order their results are written in
never depends on which finishes first, so the output is the same for every N.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any, Callable, Iterator

from pathways.engine.cache import NO_CACHE, cache_root


def default_jobs() -> int:
    """The machine's cores (those this process may use)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class Inline(Executor):
    """Runs each task at once, in this process (`--jobs 1`, and tests that count calls)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 — handed to whoever asks for the result, like a pool
            future.set_exception(error)
        return future


@contextlib.contextmanager
def inline() -> Iterator[Executor]:
    yield Inline()


@contextlib.contextmanager
def pool(jobs: int) -> Iterator[Executor]:
    """`jobs` worker processes, or this process when 1."""
    if jobs <= 1:
        yield Inline()
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=_context(), initializer=_use_cache,
                             initargs=(str(cache_root()), os.environ.get(NO_CACHE, ""))) as executor:
        yield executor


def _use_cache(root: str, no_cache: str) -> None:
    """Workers use this process's build cache (or none, `--no-cache`): a fork server's children have the
    environment the server started with, which may name another cache (`serve` and tests set PATHWAYS_CACHE
    later)."""
    os.environ["PATHWAYS_CACHE"] = root
    os.environ[NO_CACHE] = no_cache


def warm_up(executor: Executor) -> None:
    """Start a worker now (in a pool, the fork server and its import of the build), without waiting for it:
    it gets ready while this process does its own work."""
    executor.submit(os.getpid)


def can_fork() -> bool:
    """Whether a worker may be a plain fork of this process: the system has fork and no other thread runs."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def process_context() -> multiprocessing.context.BaseContext:
    """How to start a child process now: the pool's workers and `contain`'s bounded parser start alike."""
    return _context()


def _context() -> multiprocessing.context.BaseContext:
    """Workers are forks of this process when it runs no other thread: they start at once, with everything
    already imported. Otherwise (`serve` forks while its HTTP thread may hold a lock, which a forked child
    would never see released) they start from a fork server that imported the build once."""
    methods = multiprocessing.get_all_start_methods()
    if can_fork():
        return multiprocessing.get_context("fork")
    if "forkserver" not in methods:  # not POSIX
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["pathways.commands.build"])
    return context
