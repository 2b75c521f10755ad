"""The document formats, in one place: the parser's choices, file suffixes and --out inference."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

FORMATS = ("pdf", "html", "md", "json")
SUFFIXES = {"pdf": ".pdf", "html": ".html", "md": ".md", "json": ".json"}
_BY_SUFFIX = {".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json"}


class UnknownSuffix(ValueError):
    """``--out plan.txt`` without ``--format``: guessing would write a PDF under a .txt name."""


def format_for(out: str | None, given: str | None = None) -> str:
    """``--format`` wins; else ``--out plan.md`` means Markdown; no extension means PDF."""
    if given:
        return given
    suffix = PurePath(out).suffix.lower() if out and out != "-" else ""
    if suffix and suffix not in _BY_SUFFIX:
        raise UnknownSuffix(suffix)
    return _BY_SUFFIX.get(suffix, "pdf")


def unknown_suffix_message(out: str, suffix: str) -> str:
    known = ", ".join(sorted(_BY_SUFFIX))
    return (f"--out {out}: the extension {suffix} names no format this tool writes ({known}). "
            f"Use one of those extensions, or add --format {'|'.join(FORMATS)}.")


@dataclass(frozen=True)
class DocumentOptions:
    """Where and how to write a document: ``format`` None means "from the --out extension"."""

    format: str | None = None
    out: str | None = None
    paper: str = "a4"
