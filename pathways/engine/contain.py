"""Containment: partner files are parsed (and their Markdown rendered) in a child process with limits, so no
file can crash, stall or exhaust the command that reads it.

Why a process, not a list of dangerous patterns: the parsers are libraries (libyaml in C, Babel's PO reader,
`json`, Python-Markdown), and whatever they do with a crafted text — a C stack overflow (exit 139), a
RecursionError, quadratic time, memory without end — stays in the child. The parent sees a dead child, a
child over its time, or one out of memory, and says so in one plain message naming the file. The build and
`serve` go on; the previous site is untouched because nothing was built.

Cost on the common path: nothing. Only a text the parse cache (`cache.parsed`) has not seen runs here, in one
child started on the first such text and kept for the rest of the command (one fork per command, not per
file); a child that died or overran is replaced for the next file. The child is a fork of this process when
no other thread runs (it starts at once, with everything imported), otherwise it comes from a fork server
(`serve`, whose HTTP thread may hold a lock a plain fork would never see released).

Limits: SECONDS of wall-clock time per file (the parent kills the child past it), and the child's address
space may grow by at most MEMORY_BYTES beyond what it started with.
"""

from __future__ import annotations

import faulthandler
import os
import resource
import signal
import threading
from multiprocessing.connection import Connection
from typing import Any, Callable

from pathways.engine.pool import process_context

SECONDS = 20.0  # per file: the largest real file parses in milliseconds; a loaded laptop is not 1,000× slower
MEMORY_BYTES = 1 << 30  # 1 GiB beyond the child's start: a 2 MB text never needs near that to parse


class Runaway(Exception):
    """The work on one file crashed, overran its time or its memory, or recursed too deep."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(kind)
        self.kind = kind  # "crash", "time", "memory", "depth"
        self.detail = detail


class _Worker:
    def __init__(self) -> None:
        context = process_context()
        self.connection, child_end = context.Pipe()
        self.process = context.Process(target=_serve, args=(child_end,), daemon=True)
        self.process.start()
        child_end.close()
        self.owner = os.getpid()  # a fork of this process (a pool worker) inherits this object: not its child

    def call(self, fn: Callable[..., Any], args: tuple[Any, ...], seconds: float) -> Any:
        try:
            self.connection.send((fn, args))
            ready = self.connection.poll(seconds)
            if not ready:
                self.stop()
                raise Runaway("time")
            kind, value = self.connection.recv()
        except (EOFError, OSError, BrokenPipeError):  # the child died: a crash (or killed for memory)
            self.process.join(5)
            code = self.process.exitcode
            raise Runaway("crash", f"signal {-code}" if code is not None and code < 0 else f"exit {code}") from None
        if kind == "ok":
            return value
        raise Runaway(kind, value)

    def alive(self) -> bool:
        return self.owner == os.getpid() and self.process.is_alive()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.connection.close()


_local = threading.local()


def run(fn: Callable[..., Any], *args: Any, seconds: float | None = None) -> Any:
    """`fn(*args)` in the bounded child; its result, or `Runaway`. `fn` must be a module-level function and its
    arguments and result picklable; it returns what went wrong as values (any exception it raises is a
    Runaway("crash") naming the exception's type: never a traceback for the reader)."""
    worker = getattr(_local, "worker", None)
    if worker is None or not worker.alive():
        worker = _local.worker = _Worker()
    try:
        return worker.call(fn, args, SECONDS if seconds is None else seconds)
    except Runaway:
        worker.stop()
        _local.worker = None
        raise


def stop() -> None:
    """End this thread's child, if any (the next `run` starts another)."""
    worker = getattr(_local, "worker", None)
    if worker is not None and worker.owner == os.getpid():
        worker.stop()
    _local.worker = None


def _serve(connection: Connection) -> None:
    """The child: limits first, then one call after another until the parent closes the pipe or is gone (a
    forked child holds a copy of the parent's end too, so the end of the parent, or of the fork server that
    started this child, is also watched for: this child is then handed to another parent)."""
    parent = os.getppid()
    faulthandler.disable()  # a crash is said by the parent, in one plain message: no dump of this child's stack
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the parent, which ends this child
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crash leaves no core file (and is reported at once)
    _limit_memory()
    while True:
        try:
            while not connection.poll(1.0):
                if os.getppid() != parent:
                    os._exit(0)
            fn, args = connection.recv()
        except (EOFError, OSError):
            os._exit(0)
        try:
            reply = ("ok", fn(*args))
        except MemoryError:
            reply = ("memory", "")
        except RecursionError:
            reply = ("depth", "")
        except Exception as error:  # noqa: BLE001 — said as a plain message by the parent, never a traceback
            reply = ("crash", type(error).__name__)
        try:
            connection.send(reply)
        except MemoryError:
            connection.send(("memory", ""))


def _limit_memory() -> None:
    """No more than MEMORY_BYTES of address space beyond what this child already maps (the parent's copy)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            mapped = int(statm.read().split()[0]) * resource.getpagesize()
    except OSError:  # not Linux: the time limit still holds
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = mapped + MEMORY_BYTES
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft == resource.RLIM_INFINITY or limit < soft:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
