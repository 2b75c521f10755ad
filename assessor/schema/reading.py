"""Reading a data file without trusting it: bounded bytes, regular files only, bounded YAML.

Answers and rubric files are small; a hostile or mistaken one must cost a clear message, never a
hang or the machine's memory. So: at most :data:`MAX_FILE_BYTES` are read, and only from a regular
file (``/dev/zero``, a FIFO or a socket is refused before it is read). YAML is first *composed*
into its node graph, where aliases are still shared; that graph is measured before any value is
built, so a 351-byte alias bomb, a 200,000-level nesting (which crashes libyaml's composer) or a
duplicated key is reported at its line instead of being expanded, crashing, or silently winning.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, ScalarNode
from yaml.resolver import Resolver

MAX_FILE_BYTES = 4 * 1024 * 1024  # answers and rubric files; the bundled rubric's largest is 93 KB
MAX_DEPTH = 100  # nesting levels; the formats need fewer than 10
MAX_ALIAS_VALUES = 100_000  # values that aliases may add on top of those written out
MAX_DIGITS = 1000  # Python refuses to read integers over 4,300 digits; no field needs more than 10
_SHALLOW = 1000  # below this bound on nesting, libyaml's (recursive, C) composer is safe and fast
_INT_TAG = "tag:yaml.org,2002:int"
_MERGE_TAG = "tag:yaml.org,2002:merge"
_BLOCK_LEAD = re.compile(r"^[ \t?-]*", re.M)


class FileRefused(Exception):
    """The file cannot be read as a data file: for each reason, where (may be empty), what was
    found and what was expected instead."""

    def __init__(self, found: str, expected: str, where: str = "",
                 rows: list[tuple[str, str, str]] | None = None):
        super().__init__(found)
        self.rows = rows or [(where, found, expected)]


class FileTooLarge(FileRefused):
    """The file is larger than the reader's limit (a caller may word this its own way)."""


# --- bytes ---------------------------------------------------------------------------------------

_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _kind(mode: int) -> str | None:
    """None for a regular file, else what it is (a directory, a device, a pipe...)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, reading at most ``limit + 1`` of them; only a regular file is opened.

    The type is checked before opening (a device is never opened) and again on the open file
    (it may have been swapped in between); ``O_NONBLOCK`` keeps even that open from waiting for
    a FIFO's writer. Raises ``OSError`` (missing, unreadable) or :class:`FileRefused`.
    """
    expected = "a regular file (save it to a file first: devices, pipes and <(...) are not read)"
    kind = _kind(os.stat(path).st_mode)
    if kind is not None:
        raise FileRefused(kind, "a YAML or JSON file" if kind == "a directory" else expected)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        kind = _kind(info.st_mode)
        if kind is not None:
            raise FileRefused(kind, expected)
        if info.st_size > limit:
            raise FileTooLarge(f"{info.st_size:,} bytes", _size_rule(limit))
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(fd)
    if size > limit:  # it grew while being read
        raise FileTooLarge(f"more than {limit:,} bytes", _size_rule(limit))
    return b"".join(chunks)


def _size_rule(limit: int) -> str:
    return f"at most {limit / 2**20:g} MB ({limit:,} bytes)"


def bytes_or_empty(path: Path) -> bytes:
    """For a digest only: the bounded bytes, or nothing when the file cannot be read
    (:func:`read_bounded`'s caller reports why)."""
    try:
        return read_bounded(path)
    except (OSError, ValueError, FileRefused):
        return b""


# --- YAML ----------------------------------------------------------------------------------------

def _without_timestamps(cls):
    """Dates stay text, so the models parse them and ``target_date: 2026-02-30`` is reported as
    that field's error ("not a valid date"), not as a file that cannot be read."""
    cls.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in Resolver.yaml_implicit_resolvers.items()}
    return cls


class _DepthComposer(Composer):
    """PyYAML's composer in Python, stopping at :data:`MAX_DEPTH` with the line it got to."""

    def compose_node(self, parent, index):
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise FileRefused(f"values nested more than {MAX_DEPTH} levels deep", _PLAIN,
                                  f"line {mark.line + 1}")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_PLAIN = "plain YAML: mappings, lists, strings, numbers"
_CParser = getattr(getattr(yaml, "_yaml", None), "CParser", None)
if _CParser is not None and hasattr(yaml, "CSafeLoader"):
    @_without_timestamps
    class _FastLoader(yaml.CSafeLoader):  # type: ignore[misc, valid-type]
        """libyaml throughout: parsing and composing in C (the same safe constructor)."""

    @_without_timestamps
    class _DeepLoader(_DepthComposer, _CParser, SafeConstructor, Resolver):  # type: ignore[misc, valid-type]
        """libyaml's parser, PyYAML's composer: for texts that might nest deeper than C's stack."""

        def __init__(self, stream):
            _CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            Composer.__init__(self)
else:  # no libyaml: the pure-Python loader, with the depth limit
    @_without_timestamps
    class _FastLoader(_DepthComposer, yaml.SafeLoader):  # type: ignore[no-redef]
        pass

    _DeepLoader = _FastLoader  # type: ignore[misc]


def nesting_bound(text: str) -> int:
    """An upper bound on how deep ``text`` can nest, cheap to compute: each flow level needs a
    ``[`` or ``{``; each block level a deeper indent or a ``-``/``?`` indicator before the content."""
    lead = max((len(m) for m in _BLOCK_LEAD.findall(text)), default=0)
    return text.count("[") + text.count("{") + 2 * lead + 2


def load_yaml(text: str) -> Any:
    """The document's value; raises ``yaml.YAMLError`` or :class:`FileRefused` (with a line)."""
    loader = (_FastLoader if nesting_bound(text) <= _SHALLOW else _DeepLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_nodes(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _line(node) -> str:
    return f"line {node.start_mark.line + 1}"


def _kids(node) -> list:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return node.value


def _check_scalar(node) -> None:
    if node.tag == _INT_TAG and len(node.value) > MAX_DIGITS:
        raise FileRefused(f"a number {len(node.value):,} characters long",
                          f"a number of at most {MAX_DIGITS:,} digits", _line(node))


def check_nodes(root) -> None:
    """Measure the composed graph before any value is built, in one pass over its distinct nodes
    (an alias is the same node object again, so nothing is expanded): how many values it would
    become, how deep it nests, whether an alias refers to itself, and duplicate keys (all of them).

    Only collections go on the stack; scalars are checked where they stand (most nodes are scalars).
    """
    if isinstance(root, ScalarNode):
        return _check_scalar(root)
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    parents: dict[int, tuple[Any, str | int]] = {}  # first parent and the key or index under it
    open_nodes: set[int] = set()
    duplicates: list[tuple[str, str, str]] = []
    distinct = 0
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            total, levels = 1, 1
            for kid in _kids(node):
                if type(kid) is ScalarNode:
                    total += 1
                else:
                    total += size[id(kid)]
                    levels = max(levels, height[id(kid)])
            size[key], height[key] = total, levels + 1
            if levels + 1 > MAX_DEPTH:
                raise FileRefused(f"values nested more than {MAX_DEPTH} levels deep", _PLAIN, _line(node))
            if total - distinct > MAX_ALIAS_VALUES:
                raise FileRefused(f"aliases (*name) that expand to over {total - distinct:,} "
                                  "values (an alias bomb?)",
                                  f"at most {MAX_ALIAS_VALUES:,} values added by aliases; write the "
                                  "values out instead of referring to them", _line(node))
            continue
        if key in size:
            continue
        if key in open_nodes:
            raise FileRefused("an alias (*name) inside the value it names (a loop)",
                              "aliases only to values defined before and outside them", _line(node))
        open_nodes.add(key)
        distinct += 1
        stack.append((node, True))
        if isinstance(node, MappingNode):
            duplicates += _duplicate_keys(node, parents)
            pairs = [(value, key_node) for key_node, value in node.value]
            pairs += [(key_node, None) for key_node, _ in node.value]
        else:
            pairs = list(zip(node.value, range(len(node.value))))
        for kid, label in reversed(pairs):
            if type(kid) is ScalarNode:
                distinct += 1
                if kid.tag == _INT_TAG and len(kid.value) > MAX_DIGITS:
                    _check_scalar(kid)
            elif id(kid) not in size:
                if id(kid) not in parents:
                    parents[id(kid)] = (node, _label(label) if isinstance(label, ScalarNode) else label)
                stack.append((kid, False))
    if duplicates:
        raise FileRefused("", "", rows=duplicates)


def _label(key_node) -> str:
    value = key_node.value if isinstance(key_node, ScalarNode) else "?"  # a list or mapping as key
    return value if len(value) <= 60 else value[:57] + "..."


def _path(node, parents: dict) -> str:
    """``ratings.python``, ``roles[3].requirements``: where a mapping sits in the document."""
    parts: list[str] = []
    while id(node) in parents and len(parts) < MAX_DEPTH:
        node, label = parents[id(node)]
        parts.append(f"[{label}]" if isinstance(label, int) else f".{label}")
    return "".join(reversed(parts)).lstrip(".")


def _duplicate_keys(node: MappingNode, parents: dict) -> list[tuple[str, str, str]]:
    """A key written twice would silently keep the last value (``python: 2`` then ``python: 4``)."""
    texts = [k.value for k, _ in node.value if type(k) is ScalarNode]
    if len(set(texts)) == len(texts):  # the usual case, decided in C
        return []
    seen: dict[tuple[str, str], Any] = {}
    rows = []
    for key_node, _ in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag == _MERGE_TAG:
            continue
        ident = (key_node.tag, key_node.value)
        if ident in seen:
            first, again = seen[ident].start_mark.line + 1, key_node.start_mark.line + 1
            where = ".".join(p for p in (_path(node, parents), _label(key_node)) if p)
            rows.append((where,
                         f"the key {_label(key_node)!r} twice: on line {first} and on line {again}",
                         "each key once: keep the line you mean and delete the other"))
        else:
            seen[ident] = key_node
    return rows
