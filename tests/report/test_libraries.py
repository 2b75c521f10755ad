"""WeasyPrint's library lookups, remembered between runs (assessor.report.libraries)."""

from __future__ import annotations

import ctypes.util
import json
import os
import subprocess
import sys

import pytest

from assessor.report import libraries
from assessor.report.libraries import remembered_lookups

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")


@pytest.fixture
def system(tmp_path, monkeypatch):
    """A stand-in for /etc/ld.so.cache and a counting find_library."""
    ld_so_cache = tmp_path / "ld.so.cache"
    ld_so_cache.write_bytes(b"libraries v1")
    asked: list[str] = []

    def find_library(name):
        asked.append(name)
        return {"pango-1.0": "libc.so.6"}.get(name)  # a library that opens everywhere on Linux

    monkeypatch.setattr(ctypes.util, "find_library", find_library)
    return ld_so_cache, asked


def lookup(cache, ld_so_cache, *names):
    with remembered_lookups(cache, ld_so_cache=ld_so_cache) as served:
        answers = [ctypes.util.find_library(n) for n in names]
    return answers, list(served)


def test_the_second_run_asks_the_system_nothing(tmp_path, system):
    ld_so_cache, asked = system
    cache = tmp_path / "cache"
    first = lookup(cache, ld_so_cache, "libpango-1.0-0", "pango-1.0")
    assert first == ([None, "libc.so.6"], [])
    assert asked == ["libpango-1.0-0", "pango-1.0"]
    second = lookup(cache, ld_so_cache, "libpango-1.0-0", "pango-1.0")
    assert second == ([None, "libc.so.6"], ["libpango-1.0-0", "pango-1.0"])
    assert asked == ["libpango-1.0-0", "pango-1.0"]  # nothing new was asked
    lookup(cache, ld_so_cache, "pango-1.0", "fontconfig")  # a new name is asked and added
    assert asked[-1] == "fontconfig"
    assert set(json.loads((cache / libraries.FILE).read_text())["found"]) == {
        "libpango-1.0-0", "pango-1.0", "fontconfig"}


def test_a_library_installed_since_is_found_on_the_next_run(tmp_path, system):
    ld_so_cache, asked = system
    cache = tmp_path / "cache"
    lookup(cache, ld_so_cache, "harfbuzz-subset")
    ld_so_cache.write_bytes(b"libraries v2, with one more")  # what ldconfig does on install
    os.utime(ld_so_cache, ns=(1, 1))
    assert lookup(cache, ld_so_cache, "harfbuzz-subset")[1] == []
    assert asked == ["harfbuzz-subset", "harfbuzz-subset"]


@pytest.mark.parametrize("content", ["", "{not json", '{"fingerprint": 1, "found": []}',
                                     '{"fingerprint": "x", "found": {"a": 3}}', "[]"])
def test_a_damaged_cache_is_ignored_and_replaced(tmp_path, system, content):
    ld_so_cache, asked = system
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / libraries.FILE).write_text(content)
    assert lookup(cache, ld_so_cache, "pango-1.0") == (["libc.so.6"], [])
    assert lookup(cache, ld_so_cache, "pango-1.0") == (["libc.so.6"], ["pango-1.0"])


def test_a_remembered_library_that_no_longer_opens_is_asked_for_again(tmp_path, system):
    ld_so_cache, asked = system
    cache = tmp_path / "cache"
    lookup(cache, ld_so_cache, "pango-1.0")
    data = json.loads((cache / libraries.FILE).read_text())
    data["found"]["pango-1.0"] = "libremoved-3.so.1"
    (cache / libraries.FILE).write_text(json.dumps(data))
    assert lookup(cache, ld_so_cache, "pango-1.0") == (["libc.so.6"], [])
    assert asked == ["pango-1.0", "pango-1.0"]
    assert json.loads((cache / libraries.FILE).read_text())["found"] == {"pango-1.0": "libc.so.6"}


@pytest.mark.parametrize("planted", ["/tmp/evil.so", "../libx.so.1", "libc.so.6; rm -rf ~", 7])
def test_an_entry_that_is_not_a_bare_soname_is_never_loaded(tmp_path, system, monkeypatch, planted):
    ld_so_cache, asked = system
    cache = tmp_path / "cache"
    lookup(cache, ld_so_cache, "pango-1.0")
    data = json.loads((cache / libraries.FILE).read_text())
    data["found"]["pango-1.0"] = planted
    (cache / libraries.FILE).write_text(json.dumps(data))
    opened = []
    monkeypatch.setattr(libraries.ctypes, "CDLL", lambda name: opened.append(name))
    assert lookup(cache, ld_so_cache, "pango-1.0") == (["libc.so.6"], [])
    assert opened == [] and asked == ["pango-1.0", "pango-1.0"]


def test_no_cache_folder_or_no_ld_so_cache_changes_nothing(tmp_path, system):
    ld_so_cache, asked = system
    patched = ctypes.util.find_library
    with remembered_lookups(None, ld_so_cache=ld_so_cache):
        assert ctypes.util.find_library is patched
    with remembered_lookups(tmp_path / "cache", ld_so_cache=tmp_path / "absent"):
        assert ctypes.util.find_library is patched
    assert not (tmp_path / "cache").exists()


def test_the_real_lookup_is_restored_even_when_the_import_fails(tmp_path, system):
    ld_so_cache, _ = system
    patched = ctypes.util.find_library
    with pytest.raises(OSError), remembered_lookups(tmp_path / "c", ld_so_cache=ld_so_cache):
        assert ctypes.util.find_library is not patched
        raise OSError("cannot load library")
    assert ctypes.util.find_library is patched


def test_a_pdf_command_spawns_no_lookup_process_once_answers_are_remembered(tmp_path):
    """The real command, twice, in fresh processes; the second run starts no child process
    (``ldconfig``, ``gcc``, ``ld``) and writes the same kind of PDF."""
    if libraries.fingerprint() is None:
        pytest.skip("no /etc/ld.so.cache here")
    env = {**os.environ, "ASSESSOR_HOME": str(tmp_path / "home"), "ASSESSOR_CACHE": str(tmp_path / "cache")}
    probe = (
        "import subprocess, sys\n"
        "spawned = []\n"
        "real = subprocess.Popen.__init__\n"
        "def spy(self, args, *a, **k):\n"
        "    spawned.append(args)\n"
        "    real(self, args, *a, **k)\n"
        "subprocess.Popen.__init__ = spy\n"
        "from assessor.cli.main import main\n"
        "code = main(['demo', '--brief', '--out', sys.argv[1]])\n"
        "print(len(spawned), file=sys.stderr)\n"
        "sys.exit(code)\n")
    counts = []
    for n in (1, 2):
        out = tmp_path / f"brief{n}.pdf"
        proc = subprocess.run([sys.executable, "-c", probe, str(out)], env=env, capture_output=True,
                              text=True, timeout=120, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert out.read_bytes().startswith(b"%PDF")
        counts.append(int(proc.stderr.strip().splitlines()[-1]))
    assert counts[0] > 0 and counts[1] == 0


def test_answers_that_no_longer_open_are_forgotten_and_the_pdf_still_made(tmp_path):
    """A remembered answer naming a library that fails to open (removed behind the cache's
    back): the command asks the system again, succeeds, and keeps the fresh answers."""
    key = libraries.fingerprint()
    if key is None:
        pytest.skip("no /etc/ld.so.cache here")
    cache = tmp_path / "cache"
    cache.mkdir()
    # libc opens, so the remembered answers are used, and WeasyPrint's import then fails on
    # GObject's missing functions: the retry path (forget, import again from scratch) runs.
    names = ["gobject-2.0", "gobject-2.0-0", "libgobject-2.0-0"]
    (cache / libraries.FILE).write_text(json.dumps(
        {"fingerprint": key, "found": {n: "libc.so.6" for n in names}}))
    env = {**os.environ, "ASSESSOR_HOME": str(tmp_path / "home"), "ASSESSOR_CACHE": str(cache)}
    out = tmp_path / "brief.pdf"
    proc = subprocess.run([sys.executable, "-m", "assessor", "demo", "--brief", "--out", str(out)],
                          env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(b"%PDF")
    found = json.loads((cache / libraries.FILE).read_text())["found"]
    assert "libc.so.6" not in found.values()
