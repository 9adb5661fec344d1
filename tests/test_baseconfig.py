"""Item 5 of issue 9: the base MkDocs configuration is code; only the settings pathways sets pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import pathways.commands.build
from pathways.output.baseconfig import BaseConfigRefused, load_base_config
from pathways.resources import BASE_CONFIG

from conftest import SITE_AS_OF, SITE_COMMUNITY, SITE_FIXTURE

HOSTILE = Path(__file__).parent / "hostile" / "config" / "mkdocs_base.yml"
TOP = "site_name, theme, markdown_extensions, extra"
WHY = ("only the settings pathways sets are allowed here ({allowed}); anything else could add tracking, outside "
       "scripts or code run at build time. Partner settings go in community.yaml.")


def refused(path: Path, lang: str = "en") -> list[str]:
    with pytest.raises(BaseConfigRefused) as caught:
        load_base_config(path)
    return [item.render(lang) for item in caught.value.problems]


def test_the_shipped_configuration_passes():
    config = load_base_config(BASE_CONFIG)
    assert config["theme"]["name"] == "material" and config["theme"]["font"] is False
    assert config["extra"]["pathways"]["default_community"] == "trois-rivieres"


def test_every_refused_setting_with_its_line_and_why():
    path = HOSTILE
    features = ("navigation.expand, navigation.indexes, navigation.path, navigation.prune, navigation.sections, "
                "navigation.top, toc.follow, toc.integrate")
    assert refused(path) == [
        f"{path}:7:3: the value of 'theme.features' is refused; allowed: {features}",
        f"{path}:8:3: 'theme.custom_dir' is refused: " + WHY.format(allowed="theme.name, theme.font, theme.features"),
        f"{path}:9:1: 'extra_javascript' is refused: " + WHY.format(allowed=TOP),
        f"{path}:11:1: 'extra_css' is refused: " + WHY.format(allowed=TOP),
        f"{path}:12:1: 'hooks' is refused: " + WHY.format(allowed=TOP),
        f"{path}:14:1: 'plugins' is refused: " + WHY.format(allowed=TOP),
        f"{path}:15:1: the value of 'markdown_extensions' is refused; allowed: attr_list, md_in_html, tables, toc",
        f"{path}:19:3: 'extra.analytics' is refused: " + WHY.format(allowed="extra.pathways"),
        f"{path}:20:3: 'extra.polyfills' is refused: " + WHY.format(allowed="extra.pathways"),
    ]


def test_refusals_in_french(tmp_path):
    path = tmp_path / "mkdocs_base.yml"
    path.write_text("site_name: x\nhooks: [evil.py]\n", encoding="utf-8")
    assert refused(path, "fr") == [
        f"{path}:2:1: « hooks » est refusé : seuls les réglages que pathways utilise sont permis ici "
        f"({TOP}) ; tout autre réglage pourrait ajouter un pistage, des scripts extérieurs ou du code exécuté "
        "pendant la construction. Les réglages des partenaires vont dans community.yaml."]


@pytest.mark.parametrize("text, message", [
    ("theme:\n  name: readthedocs\n", "2:3: the value of 'theme.name' is refused; allowed: material"),
    ("theme:\n  font: {text: Roboto}\n", "2:3: the value of 'theme.font' is refused; allowed: false"),
    ("markdown_extensions:\n  - toc: {permalink: true}\n",
     "1:1: the value of 'markdown_extensions' is refused; allowed: attr_list, md_in_html, tables, toc"),
    ("theme: material\n", "1:1: theme must be a mapping of settings"),
])
def test_values_outside_the_short_lists(tmp_path, text, message):
    path = tmp_path / "base.yml"
    path.write_text(text, encoding="utf-8")
    assert refused(path) == [f"{path}:{message}"]


def test_build_refuses_it_with_exit_1_and_no_traceback(tmp_path, monkeypatch, capsys):
    hostile = tmp_path / "mkdocs_base.yml"
    hostile.write_text("site_name: x\nextra:\n  analytics: {provider: google}\n", encoding="utf-8")
    monkeypatch.setattr(pathways.commands.build, "BASE_CONFIG", hostile)
    from pathways.cli import main

    code = main(["build", "--content", str(SITE_FIXTURE), "--community", SITE_COMMUNITY, "--as-of", SITE_AS_OF,
                 "--out", str(tmp_path / "site"), "--lang", "en", "--no-pdf"])
    err = capsys.readouterr().err
    assert code == 1 and "Traceback" not in err
    assert f"{hostile}:3:3: 'extra.analytics' is refused" in err
    assert "The base MkDocs configuration was refused; nothing was built." in err
    assert not (tmp_path / "site" / SITE_COMMUNITY).exists()


def test_a_mkdocs_yml_in_the_current_folder_is_ignored(tmp_path, monkeypatch):
    # It used to be read as the guides' configuration: a file where the command runs could add tracking.
    (tmp_path / "mkdocs.yml").write_text("extra:\n  analytics: {provider: google}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    from conftest import build_fixture_site

    assert build_fixture_site(tmp_path / "site", SITE_FIXTURE, "--no-pdf") == 0
    page = (tmp_path / "site" / SITE_COMMUNITY / "en" / "index.html").read_text(encoding="utf-8")
    assert "googletagmanager" not in page and "__md_analytics" not in page


def test_mkdocs_build_at_the_project_root_leaves_built_guides_alone(tmp_path):
    root = Path(__file__).parent.parent
    project = tmp_path / "project"
    project.mkdir()
    (project / "mkdocs.yml").write_bytes((root / "mkdocs.yml").read_bytes())
    (project / "docs").mkdir()
    for page in (root / "docs").glob("*.md"):
        (project / "docs" / page.name).write_bytes(page.read_bytes())
    guide = project / "site" / "trois-rivieres" / "fr" / "index.html"
    guide.parent.mkdir(parents=True)
    guide.write_text("published guide", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert guide.read_text(encoding="utf-8") == "published guide"
    assert (project / "build" / "docs" / "partner-guide.en" / "index.html").is_file()
