"""`pathways print`: where PDFs go, and exit codes (0 ok, 1 content problems, 2 usage) without tracebacks."""

from __future__ import annotations

import pytest

from helpers import AS_OF, FIXTURE, content_copy
from pathways.cli import main


def run_print(capsys, *args: str, content=FIXTURE) -> tuple[int, str, str]:
    code = main(["print", "--content", str(content), "--as-of", AS_OF, *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_one_booklet_goes_to_the_site_print_folder_by_default(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_print(capsys, "--community", "testville", "--status", "student", "--lang", "fr")
    target = tmp_path / "site" / "testville" / "print" / "student-fr.pdf"
    assert code == 0 and out.strip() == "site/testville/print/student-fr.pdf"
    assert target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in target.parent.iterdir()] == ["student-fr.pdf"]  # no temporary file left behind


def test_all_writes_every_leaf_status_in_both_languages(tmp_path, capsys):
    code, _, _ = run_print(capsys, "--community", "ca/ab/testville", "--all", "--out", str(tmp_path / "pdf"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == sorted(
        f"{s}-{lang}.pdf" for s in ("pr-economic", "pr-family", "claimant", "student") for lang in ("fr", "en"))


def test_unknown_status_is_a_usage_error_naming_the_known_ones(tmp_path, capsys):
    code, _, err = run_print(capsys, "--community", "testville", "--status", "pr-economc", "--lang", "en",
                             "--out", str(tmp_path / "x.pdf"))
    assert code == 2
    assert err.strip() == ("pathways: unknown status 'pr-economc'; known statuses: "
                           "pr-economic, pr-family, claimant, student")
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_status_in_french(capsys, tmp_path):
    code, _, err = run_print(capsys, "--community", "testville", "--status", "nope", "--lang", "fr",
                             "--out", str(tmp_path / "x.pdf"))
    assert code == 2 and "statut inconnu" in err and "pr-economic, pr-family, claimant, student" in err


def test_a_parent_status_names_its_children(capsys, tmp_path):
    code, _, err = run_print(capsys, "--community", "testville", "--status", "pr", "--lang", "en",
                             "--out", str(tmp_path / "x.pdf"))
    assert code == 2
    assert err.strip() == "pathways: 'pr' groups several statuses; print one of them: pr-economic, pr-family"


@pytest.mark.parametrize(("args", "message"), [
    (["--status", "student"], "say which community to print: --community ID"),
    (["--community", "testville"], "say which booklet to print: --status ID, or --all"),
    (["--community", "testville", "--status", "student", "--all"], "say which booklet to print"),
    (["--community", "nowhere", "--all"], "unknown community 'nowhere'; known communities: testville"),
])
def test_usage_errors(capsys, args, message):
    code, _, err = run_print(capsys, "--lang", "en", *args)
    assert code == 2 and message in err


def test_content_error_exits_1_with_file_line_and_column(tmp_path, capsys):
    content = content_copy(tmp_path, {"regions/ca/ab/testville/services.yaml": (
        FIXTURE / "regions/ca/ab/testville/services.yaml").read_text(encoding="utf-8").replace(
        "  languages: [en, fr]\n", "  languages: [en, fr]\n  opening: always\n")})
    code, _, err = run_print(capsys, "--community", "testville", "--status", "student", "--lang", "en",
                             "--out", str(tmp_path / "x.pdf"), content=content)
    assert code == 1
    assert "regions/ca/ab/testville/services.yaml:" in err and "opening" in err
    assert not (tmp_path / "x.pdf").exists()


def test_print_publishes_like_build_world_readable_and_only_into_its_own_site(tmp_path, monkeypatch, capsys):
    """Issue 23: `print` wrote PDFs mode 600 and into any folder at site/<id>; now as `build` does."""
    import stat

    monkeypatch.chdir(tmp_path)
    code, _, err = run_print(capsys, "--community", "testville", "--status", "student", "--lang", "fr")
    assert code == 0, err
    site = tmp_path / "site" / "testville"
    assert stat.S_IMODE((site / "print" / "student-fr.pdf").stat().st_mode) == 0o644
    assert stat.S_IMODE((site / "print").stat().st_mode) == 0o755
    assert (site / ".pathways-site").is_file()  # a later build may replace it
    other = tmp_path / "site" / "testville"
    (other / ".pathways-site").write_text('{"community": "brooks"}', encoding="utf-8")
    code, _, err = run_print(capsys, "--community", "testville", "--status", "student", "--lang", "en")
    assert code == 2 and "holds the site of another community (brooks), not testville" in err
    assert not (site / "print" / "student-en.pdf").exists()


def test_all_makes_its_booklets_in_the_pool_and_again_only_those_whose_view_changed(tmp_path, capsys, monkeypatch):
    """Issue 25 item 5: `print --all` makes its booklets on every core, as `build` does, and makes again only
    the booklets whose HTML changed (a service renamed: the booklets that show it); the others come from the
    cache, and every PDF is the one a clean run makes."""
    from pathways.output import booklet

    asked = []
    real_pool = booklet.pool
    monkeypatch.setattr(booklet, "default_jobs", lambda: 2)
    monkeypatch.setattr(booklet, "pool", lambda jobs: asked.append(jobs) or real_pool(jobs))
    monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path / "cache"))
    content = content_copy(tmp_path)
    out = tmp_path / "pdf"

    def print_all(cache: str = "cache") -> tuple[dict[str, bytes], int]:
        monkeypatch.setenv("PATHWAYS_CACHE", str(tmp_path / cache))
        code, _, _ = run_print(capsys, "--community", "testville", "--all", "--out", str(out), content=content)
        assert code == 0
        stored = tmp_path / cache / "booklets"
        return {p.name: p.read_bytes() for p in out.iterdir()}, len(list(stored.iterdir()))

    first, made = print_all()
    assert asked == [2] and made == 8
    services = content / "regions/ca/ab/testville/services.yaml"
    services.write_text(services.read_text(encoding="utf-8").replace("Refugee clinic", "Refugee health clinic"),
                        encoding="utf-8")
    second, made_in_all = print_all()
    changed = {name for name in first if first[name] != second[name]}
    assert 0 < len(changed) < 8 and made_in_all == 8 + len(changed)  # the others taken from the cache
    clean, _ = print_all("clean-cache")
    assert clean == second
