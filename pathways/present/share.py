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
from pathways.i18n import gettext_for
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


@dataclass(frozen=True)
class ReportView:
    """"Report an error on this page": a `mailto:` to the guide's `report_email`, the page's title and address
    in the message. Nothing is sent by the page: the reader's own mail app opens."""

    email: str
    mailto: str


def report_view(guide: Guide, lang: str, page_url: str, title: str) -> ReportView | None:
    """None when the guide gives no `report_email` (the model accepted it as a plain address: `addresses.email`)."""
    email = guide.community.report_email
    if not email:
        return None
    _ = gettext_for(lang)
    subject = _("Error on the page: {title}").format(title=title)
    if is_example_address(guide.community.base_url):  # a draft has no address to give: the title says which page
        body = _("Page: {title}\n\nWhat is wrong, and what is right:\n").format(title=title)
    else:
        url = public_url(guide, lang, page_url)
        body = _("Page: {title}\nAddress: {url}\n\nWhat is wrong, and what is right:\n").format(title=title, url=url)
    return ReportView(email, f"mailto:{email}?subject={quote(subject, safe='')}&body={quote(body, safe='')}")
