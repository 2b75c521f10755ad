"""A cache of parsed rubric files, keyed by the file's bytes, so YAML is parsed once per change.

PyYAML builds Python objects in pure Python even with the C parser: the bundled rubric (31
files, ~36,000 nodes) takes ~0.4 s to parse, which every command paid before it could print a
line, and a 10,000-skill company rubric took 20 s. The parsed data of a file is plain JSON
(mappings, lists, text, numbers), so it is stored as JSON under the user's cache folder, named
by the SHA-256 of the file's bytes and of what shapes the parse (this tool's version and the
loader's rules). A hit is one small JSON read; validation still runs on it, so a cached file is
checked exactly like a freshly parsed one.

Only data that survives the JSON round trip unchanged is stored (a YAML mapping with integer
keys would come back with text keys and validate differently). Files with problems are never
stored. The cache is an optimisation only: any failure to read or write it is silent, and a
damaged entry is ignored and replaced.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from assessor import __version__
from assessor.files import write_cache_entry

SUBFOLDER = "rubric-parse"  # inside the cache folder, beside the compiled templates
# Bump when the loader's rules change what a file parses to (resolvers, duplicate keys, ...).
PARSE_RULES = "yaml-dates-as-text-1;bounded-aliases-depth;duplicate-keys-refused"


def cache_key(raw: bytes) -> str:
    seed = f"{__version__}\0{PARSE_RULES}\0".encode()
    return hashlib.sha256(seed + raw).hexdigest()


def lookup(folder: Path | None, raw: bytes) -> tuple[bool, Any]:
    """(True, data) when ``raw`` was parsed before; (False, None) otherwise."""
    if folder is None:
        return False, None
    try:
        text = (folder / SUBFOLDER / f"{cache_key(raw)}.json").read_text(encoding="utf-8")
        return True, json.loads(text)
    except (OSError, ValueError):
        return False, None


def remember(folder: Path | None, raw: bytes, data: Any) -> None:
    """Store the parse of ``raw`` if it is plain JSON data; never raises."""
    if folder is None:
        return
    try:
        text = json.dumps(data, ensure_ascii=False, allow_nan=False)
        if json.loads(text) != data:  # integer keys come back as text: keep those out
            return
    except (ValueError, TypeError, RecursionError):
        return
    write_cache_entry(folder / SUBFOLDER / f"{cache_key(raw)}.json", text)
