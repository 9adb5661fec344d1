"""The partner guide tells the truth: its commands run, its messages are the program's, its YAML parses,
its two languages match; and the whole partner workflow works end to end on a new town.

Convention in docs/partner-guide.{fr,en}.md: every line starting with `pathways ` inside a ```sh block is a
command to run, in order, in the project folder; every line of a ```text block is a message the program
prints word for word."""

from __future__ import annotations

import datetime as dt
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml

from helpers import AS_OF
from pathways.commands import scaffold
from pathways.commands.check import check
from pathways.cli import main, make_parser
from test_scaffold import partner_content

ROOT = Path(__file__).parent.parent
GUIDES = {lang: ROOT / "docs" / f"partner-guide.{lang}.md" for lang in ("fr", "en")}
PARTNER = Path(__file__).parent / "fixtures" / "partner"
CASES = yaml.safe_load((PARTNER / "errors.yaml").read_text(encoding="utf-8"))
BLOCK = re.compile(r"^(?P<indent> *)```(?P<kind>\w*)\n(?P<body>.*?)^(?P=indent)```", re.M | re.S)
TAKES_AS_OF = {"check", "build", "print", "serve"}


def blocks(lang: str, kind: str) -> list[str]:
    text = GUIDES[lang].read_text(encoding="utf-8")
    found = []
    for match in BLOCK.finditer(text):
        if match["kind"] == kind:
            indent = len(match["indent"])
            found.append("".join(line[indent:] for line in match["body"].splitlines(keepends=True)))
    return found


def commands(lang: str) -> list[str]:
    return [line.strip() for body in blocks(lang, "sh") for line in body.splitlines()
            if line.strip().startswith("pathways ")]


def messages(lang: str) -> list[str]:
    return [line for body in blocks(lang, "text") for line in body.splitlines() if line.strip()]


@pytest.fixture(autouse=True)
def fixed_day(monkeypatch):
    monkeypatch.setattr(scaffold, "current_date", lambda: dt.date.fromisoformat(AS_OF))


def guide_project(tmp_path: Path) -> Path:
    """A project folder like the partner's: the fixture content plus a `qc` province folder (the guide's
    example town is in Québec; the fixture has only Alberta)."""
    root = partner_content(tmp_path)
    (root / "regions/ca/qc").mkdir()
    (root / "regions/ca/qc/index.yaml").write_text("name: {fr: Québec, en: Quebec}\n", encoding="utf-8")
    return root


# ---------------------------------------------------------------- the guide's commands


def test_both_guides_give_the_same_commands_and_examples():
    assert commands("fr") == commands("en")
    assert len(commands("en")) >= 6
    for kind in ("sh", "yaml", "text", "markdown"):
        assert len(blocks("fr", kind)) == len(blocks("en", kind)), kind
    headings = {lang: re.findall(r"(?m)^#{1,3} ", GUIDES[lang].read_text(encoding="utf-8")) for lang in GUIDES}
    assert headings["fr"] == headings["en"]


def test_every_command_of_the_guide_exists_with_these_options():
    parser = make_parser()
    for line in commands("en"):
        parser.parse_args(shlex.split(line)[1:])  # argparse exits on an unknown command or option


@pytest.mark.parametrize("option", ["--name-fr", "--name-en", "--default-lang", "--strict", "--as-of", "--port",
                                    "--lang", "--community", "--all"])
def test_the_guide_explains_every_option_a_partner_needs(option):
    for lang, path in GUIDES.items():
        assert f"`{option}" in path.read_text(encoding="utf-8") or f" {option}" in path.read_text(encoding="utf-8"), (
            lang, option)


def test_the_guide_names_every_file_the_scaffold_writes():
    for lang, path in GUIDES.items():
        text = path.read_text(encoding="utf-8")
        for name in [*scaffold.YAML_FILES, "home"]:
            assert f"`{name}." in text, (lang, name)


def test_the_guides_commands_run_in_order_on_a_fresh_copy(tmp_path, monkeypatch, capsys):
    guide_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    for line in commands("fr"):
        argv = shlex.split(line)[1:]
        if argv[0] in TAKES_AS_OF and "--as-of" not in argv:
            argv += ["--as-of", AS_OF]
        argv += ["--messages" if argv[0] == "translations" else "--lang", "fr"]  # there --lang is the translation's
        if argv[0] == "serve":
            run_serve_briefly(argv, tmp_path)
            continue
        code = main(argv)
        output = capsys.readouterr()
        assert "Traceback" not in output.out + output.err
        # a fresh town still has placeholders: only the --strict commands may (and must) refuse
        assert code == (1 if "--strict" in argv else 0), (line, output.err)
    assert (tmp_path / "content/regions/ca/qc/shawinigan/community.yaml").is_file()
    assert (tmp_path / "site/shawinigan/index.html").is_file()
    assert (tmp_path / "site/shawinigan/fr/index.html").is_file()
    assert sorted(p.name for p in (tmp_path / "site/shawinigan/print").glob("*.pdf"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_serve_briefly(argv: list[str], cwd: Path) -> None:
    """`pathways serve` for real: wait for its address, fetch the French home page, stop it with Ctrl+C."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "pathways", *argv, "--port", str(port)], cwd=cwd,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        for line in process.stdout:
            if url in line:
                break
        else:
            pytest.fail("serve never printed its address: " + process.stderr.read())
        with urllib.request.urlopen(url + "fr/", timeout=10) as response:
            assert response.status == 200 and 'lang="fr"' in response.read().decode()
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "Aperçu arrêté." in out and "Traceback" not in err


# ---------------------------------------------------------------- the guide's messages


def printed_by_check(tmp_path: Path, monkeypatch, capsys, case: dict, lang: str) -> list[str]:
    root = guide_project(tmp_path / case["name"] / lang)
    monkeypatch.chdir(root.parent)
    assert main(["new-community", "qc/shawinigan", "--name-fr", "Shawinigan", "--name-en", "Shawinigan",
                 "--content", "content", "--lang", lang]) == 0
    for relative, text in case["files"].items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    capsys.readouterr()
    main(["check", "--content", "content", "--community", "shawinigan", "--as-of", AS_OF, "--lang", lang])
    return capsys.readouterr().err.splitlines()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_message_in_the_guide_is_printed_by_the_program(lang, tmp_path, monkeypatch, capsys):
    printed: set[str] = set()
    for case in CASES:
        lines = printed_by_check(tmp_path, monkeypatch, capsys, case, lang)
        for expected in case[lang]:
            assert expected in lines, (case["name"], lines)
        printed.update(lines)
    missing = [line for line in messages(lang) if line not in printed]
    assert not missing, missing


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_yaml_example_in_the_guide_parses(lang):
    for body in blocks(lang, "yaml"):
        yaml.safe_load(body)


# ---------------------------------------------------------------- end to end: a new town, filled, built


@pytest.fixture(scope="module")
def newtown(tmp_path_factory):
    """Scaffold `ab/newtown` in a copy of the fixture, fill it as a partner would, build it."""
    tmp = tmp_path_factory.mktemp("newtown")
    mp = pytest.MonkeyPatch()
    mp.setattr(scaffold, "current_date", lambda: dt.date.fromisoformat(AS_OF))
    mp.chdir(tmp)
    try:
        root = partner_content(tmp)
        assert main(["new-community", "ab/newtown", "--name-fr", "Nouvelle-Ville", "--name-en", "Newtown",
                     "--content", "content", "--lang", "en"]) == 0
        for part in ("regions", "fr", "en"):
            shutil.copytree(PARTNER / "newtown" / part, root / part, dirs_exist_ok=True)
        code = main(["build", "--content", "content", "--community", "newtown", "--as-of", AS_OF,
                     "--out", str(tmp / "site"), "--lang", "en"])
        yield root, tmp / "site" / "newtown", code
    finally:
        mp.undo()


def section(html: str, anchor: str, until: tuple[str, ...] = ("not-for-you", "ask", "steps")) -> str:
    """The HTML of a status page section, from its anchor (`id="help"`…) to the next of the `until` anchors."""
    start = html.find(f'id="{anchor}"')
    if start < 0:
        return ""
    ends = [html.find(f'id="{name}"', start + 1) for name in until]
    ends = [end for end in ends if end > 0]
    return html[start:min(ends, default=len(html))]


def test_new_town_builds(newtown):
    _, site, code = newtown
    assert code == 0
    assert (site / "index.html").is_file() and (site / "en/index.html").is_file() and (site / "fr/index.html").is_file()


def test_local_service_follows_its_program_in_the_evaluation(newtown):
    root, _, _ = newtown
    evaluation = check(root, ["ca/ab/newtown"], dt.date.fromisoformat(AS_OF)).communities["ca/ab/newtown"].evaluation
    pr = evaluation.of("pr-family", "newtown-job-club")
    assert pr.value == "eligible" and pr.rulings[0].rule_id == "settlement"
    assert evaluation.of("student", "newtown-job-club").value == "not_eligible"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_local_service_on_the_built_status_pages(newtown, lang):
    _, site, _ = newtown
    link = "services/newtown-job-club/"
    pr = (site / lang / "statuses/pr-family/index.html").read_text(encoding="utf-8")
    student = (site / lang / "statuses/student/index.html").read_text(encoding="utf-8")
    assert link in section(pr, "help")
    assert link not in section(student, "help")
    assert link in section(student, "not-for-you")


def test_the_expired_rule_is_reported(newtown, capsys):
    root, _, _ = newtown
    capsys.readouterr()
    code = main(["check", "--content", str(root), "--community", "newtown", "--as-of", AS_OF, "--lang", "en",
                 "--strict"])
    lines = capsys.readouterr().err.splitlines()
    assert code == 1
    expired = [line for line in lines if "review date 2026-06-01 has passed" in line]
    assert len(expired) == 1 and re.search(r"newtown/services\.yaml:23:\d+: warning: ", expired[0]), lines  # at review_by (issue 21)
    assert not [line for line in lines if "placeholder" in line], lines  # everything was filled in
