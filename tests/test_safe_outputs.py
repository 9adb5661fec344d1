"""Outputs that stay in their place (issue 23, item 5): offline caches of two guides on one host, prose file
names, `serve` answering only its own host names."""

from __future__ import annotations

import itertools

import pytest

from helpers import content_copy, run_check
from pathways import urls


def test_no_guides_offline_cache_prefix_matches_another_guides_caches():
    ids = ["brooks", "brooks-east", "b", "brooks-e", "trois-rivieres", "trois"]
    for one, other in itertools.permutations(ids, 2):
        caches = [f"{urls.offline_cache_prefix(other)}{lang}-0123abcd" for lang in ("fr", "en")]
        caches += [f"{urls.offline_cache_prefix(other)}en-booklets-0123abcd"]
        assert not any(name.startswith(urls.offline_cache_prefix(one)) for name in caches), (one, other)


@pytest.mark.parametrize("name", ['pages/a"b.md', "pages/<x>.md", "pages/a b.md", "pag>es/about.md", "pages/%2e.md"])
def test_prose_file_names_that_would_not_be_plain_web_addresses_are_refused(tmp_path, capsys, monkeypatch, name):
    content_copy(tmp_path, {f"en/ca/ab/testville/{name}": "---\ntitle: X\n---\nText.\n"})
    monkeypatch.chdir(tmp_path)
    code, lines = run_check(capsys, "--content", "content")
    assert code == 1
    assert f"content/en/ca/ab/testville/{name}:1:1: prose file name '{name}': a name may only use letters, digits, " \
           "'-', '_' and '.' (it becomes a web address); rename the file or folder" in lines


def test_the_download_copys_opening_page_has_the_shared_head_and_policy():
    from pathways.output.archive import opening_page
    from pathways.output.offline import offline_page
    from pathways.output.render import CONTENT_SECURITY_POLICY

    head = '<meta http-equiv="Content-Security-Policy" content="%s">' % CONTENT_SECURITY_POLICY.replace("'", "&#x27;")
    for lang in ("fr", "en", "ar"):
        opening, offline = opening_page(lang), offline_page(lang)
        assert head in opening and head in offline
        assert opening.split("<title>")[0].replace('<meta http-equiv="refresh" content="0; url=%s/index.html">\n'
                                                   % lang, "") == offline.split("<title>")[0]
