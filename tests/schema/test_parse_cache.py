"""The parsed-rubric cache: a hit skips YAML entirely, a changed byte re-parses, and nothing the
cache holds (or fails to hold) can change what a rubric validates to."""

from __future__ import annotations

import shutil

import pytest

from assessor.environment import Environment
from assessor.errors import InvalidFilesError
from assessor.paths import bundled
from assessor.schema import parse_cache, validation
from assessor.schema.loader import load_rubric


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "rubric"
    shutil.copytree(bundled("rubrics"), target)
    return target


def _no_yaml(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("YAML was parsed although every file was cached")
    monkeypatch.setattr(validation, "load_yaml", refuse)  # every YAML parse goes through it


def test_second_load_reads_no_yaml_and_gives_the_same_rubric(copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = load_rubric(copy, cache)
    entries = sorted((cache / parse_cache.SUBFOLDER).glob("*.json"))
    assert len(entries) == len(list(copy.rglob("*.yaml")))  # one entry per rubric file
    _no_yaml(monkeypatch)
    second = load_rubric(copy, cache)
    assert second.rubric == first.rubric and second.digest == first.digest
    assert second.aliases == first.aliases


def test_a_changed_file_is_parsed_again(copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    load_rubric(copy, cache)
    meta = copy / "rubric.yaml"
    meta.write_text(meta.read_text().replace('version: "', 'version: "edited-'))
    calls = []
    real = validation.load_yaml
    monkeypatch.setattr(validation, "load_yaml", lambda *a, **k: calls.append(1) or real(*a, **k))
    again = load_rubric(copy, cache)
    assert again.rubric.meta.version.startswith("edited-") and calls == [1]


def test_a_damaged_cache_entry_is_ignored(copy, tmp_path):
    cache = tmp_path / "cache"
    before = load_rubric(copy, cache)
    for entry in (cache / parse_cache.SUBFOLDER).glob("*.json"):
        entry.write_text('{"not": "the file"')  # cut short, as by a crash
    assert load_rubric(copy, cache).rubric == before.rubric


def test_an_unwritable_cache_is_silent(copy, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    assert load_rubric(copy, blocker / "cache").rubric == load_rubric(copy).rubric


def test_a_file_with_problems_is_never_cached(copy, tmp_path):
    cache = tmp_path / "cache"
    (copy / "roles.yaml").write_text("roles: [unclosed\n")
    with pytest.raises(InvalidFilesError):
        load_rubric(copy, cache)
    key = parse_cache.cache_key((copy / "roles.yaml").read_bytes())
    assert not (cache / parse_cache.SUBFOLDER / f"{key}.json").exists()


@pytest.mark.parametrize("data, stored", [
    ({"rating": True, "level": 2, "share": 0.5, "note": None, "tags": ["a"]}, True),
    ({1: "an integer key would come back as text"}, False),
    ({"level": float("inf")}, False),
])
def test_only_data_that_survives_json_unchanged_is_stored(tmp_path, data, stored):
    parse_cache.remember(tmp_path, b"raw", data)
    hit, back = parse_cache.lookup(tmp_path, b"raw")
    assert hit is stored
    if stored:
        assert back == data and type(back["rating"]) is bool


def test_the_cache_can_be_turned_off_or_moved(tmp_path):
    assert Environment(environ={"ASSESSOR_CACHE": "off"}).cache_dir() is None
    moved = Environment(environ={"ASSESSOR_CACHE": str(tmp_path)}).cache_dir()
    assert moved is not None and moved.is_relative_to(tmp_path)
