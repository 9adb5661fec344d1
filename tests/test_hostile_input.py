"""The hostile-content corpus, input side: each case in tests/hostile/input/ is content an attacker or a
careless partner could send (payload files, links, pipes), and the exact lines `pathways check` must
print. The CLI runs in a subprocess, so a crash (segmentation fault, memory exhaustion) fails the case
instead of the test run; its memory is capped at 1 GiB (bounded memory is part of the refusal), and the
timeout is a safety net, not a timing assertion."""

from __future__ import annotations

import os
import resource
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from helpers import AS_OF, content_copy

CASES = sorted((Path(__file__).parent / "hostile" / "input").glob("*.yaml"))
SAFETY_NET_SECONDS = 60
MEMORY_CAP_BYTES = 1024 ** 3  # the alias bomb took gigabytes; a refusal must fit well under this


def spec_of(case: Path) -> dict:
    return yaml.safe_load(case.read_text(encoding="utf-8"))


def payload(value: str | list) -> str:
    """A file's text: a string, or pieces — strings and [string, times] — so a 100 KB payload is one line."""
    if isinstance(value, str):
        return value
    return "".join(piece if isinstance(piece, str) else piece[0] * piece[1] for piece in value)


def hostile_content(tmp_path: Path, spec: dict) -> Path:
    """The fixture content with the case's files, links and pipes; `outside/` holds what lies beyond it."""
    outside = tmp_path / "outside"
    outside.mkdir()
    for name, text in (spec.get("outside") or {}).items():
        (outside / name).write_text(text, encoding="utf-8")
    root = content_copy(tmp_path, {path: payload(value) for path, value in (spec.get("files") or {}).items()})
    for path, target in (spec.get("links") or {}).items():
        link = root / path
        link.parent.mkdir(parents=True, exist_ok=True)
        link.unlink(missing_ok=True)
        link.symlink_to(target.format(outside=outside))
    for path in spec.get("fifos") or []:
        (root / path).unlink(missing_ok=True)
        os.mkfifo(root / path)
    return root


def run_cli(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """The CLI in a child process with its address space capped: running out is a failure, not a swap storm."""
    return subprocess.run([sys.executable, "-m", "pathways", *args], cwd=tmp_path, capture_output=True,
                          text=True, timeout=SAFETY_NET_SECONDS, env={**os.environ, "PATHWAYS_LANG": "en"},
                          preexec_fn=_cap_memory)


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP_BYTES, MEMORY_CAP_BYTES))


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_hostile_input_is_refused_with_exact_words(case, tmp_path):
    spec = spec_of(case)
    hostile_content(tmp_path, spec)
    done = run_cli(tmp_path, "check", "--content", "content", "--as-of", AS_OF, "--lang", "en")
    assert "Traceback" not in done.stderr
    assert done.returncode == 1, done.stderr[-2000:]
    assert done.stderr.splitlines()[:-1] == spec["expected"]


def test_every_case_names_its_item_and_expects_something():
    items = set()
    for case in CASES:
        spec = spec_of(case)
        assert spec["description"] and spec["expected"] and (spec.get("files") or spec.get("links")), case.name
        items.add(spec["item"])
    assert items == {2, 6, 7, 8, 9, 11, 15, 16}


@pytest.mark.parametrize("case", [c for c in CASES if spec_of(c).get("serve")], ids=lambda c: c.stem)
def test_serve_survives_and_says_why(case, tmp_path):
    hostile_content(tmp_path, spec_of(case))
    with socket.socket() as probe:  # a free port for this run
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "pathways", "serve", "--content", "content", "--community",
                               "testville", "--port", str(port), "--lang", "en", "--as-of", AS_OF],
                              cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    try:
        printed = _read_until(server, "The build failed")
        assert server.poll() is None, printed  # still serving (and watching for the fix)
        assert "nested more than 40 levels deep" in printed and "Traceback" not in printed
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=SAFETY_NET_SECONDS)


def _read_until(process: subprocess.Popen, marker: str) -> str:
    lines: list[str] = []
    deadline = time.monotonic() + SAFETY_NET_SECONDS  # a safety net: the marker normally comes in seconds
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line)
        if marker in line:
            break
    return "".join(lines)
