"""Posting text: HTML to plain lines, and the normalisation shared by aliases and postings."""

from __future__ import annotations

import re
from html.parser import HTMLParser

MAX_CHARS = 200_000  # a posting is a page or two; past this it is not a posting

_SPECIAL = ((re.compile(r"c\+\+"), " cplusplus "), (re.compile(r"c#"), " csharp "), (re.compile(r"\br&d\b"), " rnd "),
            (re.compile(r"(?<![a-z0-9])\.net\b"), " dotnet "), (re.compile(r"\bnode\.js\b"), " nodejs "))
_NON_WORD = re.compile(r"[^a-z0-9+]+")
_BLOCK = {"p", "div", "li", "ul", "ol", "br", "tr", "section", "article", "header", "footer",
          "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "table"}


def singular(token: str) -> str:
    if len(token) > 5 and token.endswith(("sses", "shes", "ches", "xes")):
        return token[:-2]
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    """Lower case, punctuation and hyphens to spaces, plurals to singular: "Vector-DBs" -> vector db."""
    t = text.lower()
    for pattern, repl in _SPECIAL:
        t = pattern.sub(repl, t)
    return [singular(w) for w in _NON_WORD.sub(" ", t).split() if w.strip("+")]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in _BLOCK:
            self.out.append("\n")
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.out.append("# ")
            elif tag == "li":
                self.out.append("- ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(html|body|p|div|li|ul|h[1-6]|br)\b", text[:5000], re.I))


def plain_lines(text: str) -> list[str]:
    """The posting as stripped, non-empty lines; HTML tags become line breaks, never links.
    HTML comments (pasted pages and Markdown both carry them) are nobody's requirement."""
    text = re.sub(r"<!--.*?(-->|$)", " ", text, flags=re.S)
    if looks_like_html(text):
        parser = _Text()
        parser.feed(text)
        parser.close()
        text = "".join(parser.out)
    return [ln.strip() for ln in text.replace("\r", "\n").split("\n") if ln.strip()]
