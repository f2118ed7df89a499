"""Page chrome: the parts of a web page (or of a page printed from a browser) that are the
site's, not the report's — skip links, cookie banners, menus, breadcrumbs, "Share this
page", feedback prompts, footers, error pages, and the date-and-title header and address
footer a browser prints on every page.

The web page reader already drops what the page's markup marks as such (nav, header,
footer, cookie classes); this catches the same lines wherever they survive — in a page
with no such markup, or in text copied out of the browser — so that none of them is ever
taken for the report's title or for a finding.

Pure: no I/O.
"""

from __future__ import annotations

import re

_WHOLE_LINE = re.compile(
    r"^(?:skip to (?:main )?content|menu|home|search(?: this site)?|cookies?.*|accessibility"
    r"(?: statement)?|contact us|back to top|print this page|share this page|print|share"
    r"|share (?:on|via) \w+|publications|our work|news|about us|about|jobs|careers|sitemap"
    r"|site map|privacy(?: notice| policy)?|terms and conditions|freedom of information"
    r"|related (?:pages|content|publications|links)|view cookies|hide (?:this )?message"
    r"|(?:(?:error )?404\b.*)|page not found|sorry,? (?:we can['’]t|we cannot) find (?:that|the) page\.?"
    r"|(?:is|was) this page (?:useful|helpful)\??(?: yes no)?|yes|no"
    r"|report a problem with this page|sign up for (?:email )?(?:updates|alerts)"
    r"|download\b.{0,150}\((?:pdf|docx?|odt|html)\b[^)]*\)|(?:pdf|docx?),?\s+[\d.]+\s*[km]b"
    r"|(?:©|\(c\)|copyright)\s.*|crown copyright.*|all content is available under the open"
    r" government licen[cs]e.*"
    r"|hmicfrs|hmic|his majesty['’]s inspectorate of constabulary(?: and fire (?:&|and) rescue"
    r" services)?|her majesty['’]s inspectorate of constabulary(?: and fire (?:&|and) rescue"
    r" services)?|justice inspectorates)$",
    re.IGNORECASE,
)
# "Home > Publications > PEEL 2018/19", "You are here: Home / Our work".
_BREADCRUMB = re.compile(r"^(?:you are here:?\s*)?home\s*(?:>|›|»|/|\|)\s*\S", re.IGNORECASE)
_SEPARATED = re.compile(r"\s(?:>|›|»)\s")
# What a browser prints at the top and bottom of each page: "04/10/2019, 10:15 Title - Site"
# and the page's address with "1/12".
_PRINTED_HEADER = re.compile(r"^\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}[:.]\d{2}(?:\s*[ap]m)?\b",
                             re.IGNORECASE)
# A page header built from the title and the site's name: "PEEL 2018/19 – HMICFRS".
_SITE_SUFFIX = re.compile(r"\s[-\u2013\u2014|]\s*(?:HMICFRS|HMIC|HM Inspectorate of Constabulary\b.*"
                          r"|His Majesty['’]s Inspectorate of Constabulary\b.*)$")
_ADDRESS = re.compile(r"^(?:https?://|www\.)\S+(?:\s+\d{1,4}\s*/\s*\d{1,4})?$", re.IGNORECASE)


def is_chrome(text: str) -> bool:
    """Is this block the site's rather than the report's?"""
    text = text.strip()
    if len(text) >= 300:
        return False  # chrome is short; most of a report is not
    # Cheap tests first: this runs on every block of every report.
    lowered = text.lower()
    if "cookie" in lowered:
        return True  # a cookie banner's sentences, "Accept additional cookies"
    if _WHOLE_LINE.match(text) or _PRINTED_HEADER.match(text) or _BREADCRUMB.match(text):
        return True
    if lowered.startswith(("http", "www.")) and _ADDRESS.match(text):
        return True
    if ("hmic" in lowered or "inspectorate" in lowered) and _SITE_SUFFIX.search(text):
        return True
    return (">" in text or "›" in text or "»" in text) and len(_SEPARATED.findall(text)) >= 2
