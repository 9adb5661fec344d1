"""Share actions of a page: the links a reader follows to send the page's title and public address.

Every action is a plain link or a button: nothing is requested until the reader uses one (`sms:` and
`mailto:` open an app on the device; WhatsApp is an outbound link to wa.me the reader chooses to follow).
The address is the page's public URL (`urls.public_url`); while `base_url` is an example address there is
nothing to share, and `share_view` says so by returning None.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from pathways.content.guide import Guide
from pathways.urls import is_example_address, public_url


@dataclass(frozen=True)
class ShareView:
    title: str  # the page title, in the page's language
    url: str  # the page's public address
    sms: str  # sms:?&body=… (the `?&` form is the one both Android and iOS read)
    whatsapp: str  # https://wa.me/?text=…
    email: str  # mailto:?subject=…&body=…

    @property
    def text(self) -> str:
        return f"{self.title} — {self.url}"


def share_view(guide: Guide, lang: str, page_url: str, title: str) -> ShareView | None:
    """What to share for the page at directory URL `page_url`; None while the guide has no real address."""
    if is_example_address(guide.community.base_url):
        return None
    url = public_url(guide, lang, page_url)
    text = quote(f"{title} — {url}", safe="")
    return ShareView(title=title, url=url, sms=f"sms:?&body={text}", whatsapp=f"https://wa.me/?text={text}",
                     email=f"mailto:?subject={quote(title, safe='')}&body={text}")
