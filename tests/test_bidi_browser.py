"""Issue 22 in a real browser (Debian chromium): every page of the Arabic guides (both shipped communities) at
360 × 740, every phone number, e-mail and web address printed in the text reads left to right on screen (the
glyph of each character to the right of the one before, on one line), and a phone number never breaks.
The home page of every added language shows its translation notice on the first screen."""

from __future__ import annotations

import pytest

from conftest import serve

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}

# For each phone / e-mail / URL in the visible text of the main content: its characters' boxes, in logical
# order. Left to right means each character's box starts right of the previous one's, on the same line
# (a URL or e-mail may wrap: the order is checked on each line).
GLYPH_ORDER = r"""
() => {
  const phoneNumber = String.raw`(?:\+?1[ -])?(?:\(\d{3}\) ?|\d{3}[ -])\d{3}-\d{4}|\b\d{3}-\d{4}\b`;
  const pattern = new RegExp(String.raw`[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?:\/\/[^\s<>"']*[^\s<>"'.,;:!?)\]]|` + phoneNumber, "g");
  const root = document.querySelector("article") || document.body;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const found = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const style = getComputedStyle(node.parentElement);
    if (style.display === "none" || style.visibility === "hidden" || !node.parentElement.getClientRects().length) continue;
    if (node.parentElement.closest("details:not([open]) > :not(summary)")) continue;  // closed: not laid out
    for (const match of node.data.matchAll(pattern)) {
      const text = match[0].trim();
      const boxes = [];
      for (let i = 0; i < match[0].length; i++) {
        if (match[0][i] === " ") continue;
        const range = document.createRange();
        range.setStart(node, match.index + i);
        range.setEnd(node, match.index + i + 1);
        const r = range.getBoundingClientRect();
        if (r.width > 0) boxes.push([Math.round(r.left), Math.round(r.top)]);
      }
      const lines = new Set(boxes.map(b => b[1])).size;
      let ordered = true;
      for (let i = 1; i < boxes.length; i++) {
        if (boxes[i][1] === boxes[i - 1][1] && boxes[i][0] < boxes[i - 1][0]) ordered = false;
      }
      const phone = new RegExp("^(?:" + phoneNumber + ")$").test(text);
      found.push({text, ordered, lines, phone, boxes: boxes.length});
    }
  }
  return found;
}
"""


@pytest.fixture(scope="module")
def servers(shipped_site):
    with serve(shipped_site / "trois-rivieres") as rivers, serve(shipped_site / "brooks") as brooks:
        yield {"trois-rivieres": rivers, "brooks": brooks}


@pytest.fixture
def phone(browser, outside):
    context = browser.new_context(viewport=PHONE, locale="ar")
    context.route("**/*", lambda route: route.continue_() if "127.0.0.1" in route.request.url
                  else (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    yield page
    context.close()


def arabic_pages(shipped_site, community: str) -> list[str]:
    root = shipped_site / community / "ar"
    return sorted(str(p.parent.relative_to(root)) + "/" for p in root.rglob("index.html")
                  if "pagefind" not in p.parts and p.parent != root) + [""]


def test_the_checker_sees_a_reversed_address_and_a_broken_number(phone):
    """Without isolation, the bidirectional algorithm shows `311@v3r.net` as `v3r.net@311` in Arabic text and
    a long enough line breaks a number at a hyphen: the check reports both; isolated, neither."""
    phone.set_content('<article dir="rtl" lang="ar"><p>اكتب إلى 311@v3r.net الآن</p>'
                      '<p style="width:5em;overflow-wrap:anywhere">اتصل بالرقم المجاني 1-888-933-9007 الآن</p>'
                      '<p>اكتب إلى <bdi dir="ltr">311@v3r.net</bdi> الآن</p>'
                      '<p style="width:5em;overflow-wrap:anywhere">اتصل بالرقم المجاني <bdi dir="ltr" style="white-space:nowrap">'
                      '1-888-933-9007</bdi> الآن</p></article>')
    found = [(item["text"], item["ordered"], item["lines"]) for item in phone.evaluate(GLYPH_ORDER)]
    assert found[0] == ("311@v3r.net", False, 1) and found[1][0] == "1-888-933-9007" and found[1][2] > 1
    assert found[2] == ("311@v3r.net", True, 1) and found[3] == ("1-888-933-9007", True, 1)


@pytest.mark.parametrize("community", ["trois-rivieres", "brooks"])
def test_every_number_address_and_email_reads_left_to_right_in_arabic(phone, servers, shipped_site, community):
    checked, wrong = 0, []
    for path in arabic_pages(shipped_site, community):
        phone.goto(f"{servers[community]}/ar/{path}")
        phone.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        for item in phone.evaluate(GLYPH_ORDER):
            checked += 1
            if not item["ordered"] or (item["phone"] and item["lines"] > 1):
                wrong.append((path, item["text"], "reversed" if not item["ordered"] else "broken"))
    assert checked > 50, checked
    assert wrong == [], "\n".join(map(str, wrong))


@pytest.mark.parametrize("lang", ["es", "ar"])
@pytest.mark.parametrize("community", ["trois-rivieres", "brooks"])
def test_the_home_notice_is_on_the_first_screen(phone, servers, community, lang):
    phone.goto(f"{servers[community]}/{lang}/")
    notice = phone.locator("article p.pw-translation")
    assert notice.count() == 1
    box = notice.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], box
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing sideways
