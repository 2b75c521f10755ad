"""Remembered answers of ``ctypes.util.find_library`` while WeasyPrint loads its C libraries.

WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject through cffi, trying several names for
each (``libpango-1.0-0``, ``pango-1.0-0``, ``pango-1.0``, ...). For a name that is not a file,
cffi asks ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``, ``gcc`` and ``ld``
to answer: measured here, 22 lookups, 86 child processes and 0.30 s of every PDF command (about
a quarter of WeasyPrint's own start-up), to learn what was already known the run before.

The answers depend only on which libraries the system has, and installing or removing one
rewrites ``/etc/ld.so.cache`` (package managers run ``ldconfig``). So the answers are kept in
the user's cache folder under a fingerprint of that file (and of ``LD_LIBRARY_PATH``, the
machine and the Python), and asked again as soon as the fingerprint differs: a library installed
after a "missing library" error is found on the next run. Only Linux, where the lookups are
slow; anywhere else, or without a cache folder, nothing changes. Any failure to read or write
the cache is silent: it is an optimisation only. A remembered library that no longer opens is
looked up again; an entry that is not a bare soname (a path planted in the file) is ignored.
"""

from __future__ import annotations

import ctypes.util
import json
import os
import platform
import re
import sys
from contextlib import contextmanager
from pathlib import Path

from assessor.files import write_cache_entry

FILE = "find-library.json"
# What find_library answers on Linux: a bare soname, searched by the dynamic loader. A path, or
# anything else, in the file was not written by us and is asked again, never loaded.
SONAME = re.compile(r"lib[A-Za-z0-9_.+-]*\.so(\.[0-9]+)*")
LD_SO_CACHE = Path("/etc/ld.so.cache")


def fingerprint(ld_so_cache: Path = LD_SO_CACHE) -> str | None:
    """What the answers depend on, or None where they are not worth remembering."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        st = ld_so_cache.stat()
    except OSError:
        return None
    return (f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}|{os.environ.get('LD_LIBRARY_PATH', '')}"
            f"|{platform.machine()}|{sys.implementation.cache_tag}")


def _read(path: Path, key: str) -> dict[str, str | None]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found = data.get("found") if isinstance(data, dict) and data.get("fingerprint") == key else None
    if not isinstance(found, dict):
        return {}
    return {k: v for k, v in found.items()
            if isinstance(k, str) and (v is None or (isinstance(v, str) and SONAME.fullmatch(v)))}


def _write(path: Path, key: str, found: dict[str, str | None]) -> None:
    write_cache_entry(path, json.dumps({"fingerprint": key, "found": found}, sort_keys=True))


def _opens(soname: str) -> bool:
    """A remembered library still loads (the caller loads it next anyway, so this costs only a
    reference count); one removed behind the fingerprint's back is asked for again."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


@contextmanager
def remembered_lookups(cache: Path | None, *, ld_so_cache: Path = LD_SO_CACHE):
    """Inside the block, ``find_library`` answers from the cache and remembers what it asks.
    Yields the names answered from the cache (empty when nothing was remembered)."""
    key = fingerprint(ld_so_cache) if cache is not None else None
    served: list[str] = []
    if key is None:
        yield served
        return
    path = cache / FILE
    known = _read(path, key)
    asked: dict[str, str | None] = {}
    real = ctypes.util.find_library

    def find_library(name):
        if name in known and (known[name] is None or _opens(known[name])):
            served.append(name)
            return known[name]
        asked[name] = result = real(name)
        return result

    ctypes.util.find_library = find_library
    try:
        yield served
    finally:
        ctypes.util.find_library = real
    if asked:
        _write(path, key, {**known, **asked})


def forget(cache: Path | None) -> None:
    """Drop the remembered answers (a library they named could not be opened)."""
    if cache is not None:
        try:
            (cache / FILE).unlink(missing_ok=True)
        except OSError:
            pass
