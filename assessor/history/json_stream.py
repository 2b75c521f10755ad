"""Reading one large JSON object a member at a time, and one array member an item at a time.

An export holds a person's every run; read whole, a 250 MB file became well over a gigabyte of
Python objects before a single run was checked. Here only a window of the text is held: each
value is decoded by the standard library's own decoder (``raw_decode``) as soon as it is
complete, and the text before it is dropped. Errors keep the line and column the standard
decoder would report for the whole file.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable
from json.decoder import WHITESPACE
from typing import Any, BinaryIO

CHUNK = 1 << 20
_DECODER = json.JSONDecoder()
_NUMBER_TAIL = re.compile(r"[0-9.eE+\-]*\Z")  # after a value: it may be a number cut short


class JsonSyntaxError(ValueError):
    def __init__(self, msg: str, lineno: int, colno: int):
        super().__init__(f"{msg}: line {lineno} column {colno}")
        self.msg, self.lineno, self.colno = msg, lineno, colno


class NotUtf8(ValueError):
    def __init__(self, offset: int):
        super().__init__(f"not UTF-8 at byte {offset}")
        self.offset = offset


class TooLarge(ValueError):
    pass


class NotAnObject(ValueError):
    """The document is valid JSON, but not an object; ``kind`` is the Python type's name."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


class _Window:
    """The part of the file not yet parsed, with the line count of what was dropped."""

    def __init__(self, handle: BinaryIO, limit: int):
        self._handle, self._limit = handle, limit
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.text, self.pos, self.eof = "", 0, False
        self._bytes = 0
        self._lines = 0    # newlines before text[0]
        self._column = 0   # characters since the last of them

    def more(self) -> bool:
        """Read the next chunk (at least as much as is held, so one long value is read in
        O(n log n)); False at the end of the file."""
        if self.eof:
            return False
        self._drop_parsed()
        data = self._handle.read(max(CHUNK, len(self.text)))
        pending = len(self._decoder.getstate()[0])
        self._bytes += len(data)
        if self._bytes > self._limit:
            raise TooLarge()
        try:
            self.text += self._decoder.decode(data, final=not data)
        except UnicodeDecodeError as exc:
            raise NotUtf8(self._bytes - len(data) - pending + exc.start) from None
        self.eof = not data
        return True

    def _drop_parsed(self) -> None:
        k = self.pos
        newlines = self.text.count("\n", 0, k)
        if newlines:
            self._lines += newlines
            self._column = k - self.text.rfind("\n", 0, k) - 1
        else:
            self._column += k
        self.text, self.pos = self.text[k:], 0

    def error(self, msg: str, pos: int) -> JsonSyntaxError:
        newlines = self.text.count("\n", 0, pos)
        if newlines:
            return JsonSyntaxError(msg, self._lines + newlines + 1, pos - self.text.rfind("\n", 0, pos))
        return JsonSyntaxError(msg, self._lines + 1, self._column + pos + 1)

    def next_char(self) -> str | None:
        """The next character that is not whitespace (None at the end of the file)."""
        while True:
            self.pos = WHITESPACE.match(self.text, self.pos).end()
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return None

    def expect(self, chars: str, msg: str) -> str:
        char = self.next_char()
        if char is None or char not in chars:
            raise self.error(msg, self.pos)
        self.pos += 1
        return char

    def value(self) -> Any:
        """The JSON value starting at the next character, read as far as it needs."""
        if self.next_char() is None:
            raise self.error("Expecting value", self.pos)
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                cut = exc.msg.startswith("Unterminated string") or exc.pos >= len(self.text) - 16
                if cut and self.more():  # the value may only be cut off by the window
                    continue
                raise self.error(exc.msg, exc.pos) from None
            except RecursionError:
                raise self.error("JSON nested too deeply", self.pos) from None
            if _NUMBER_TAIL.match(self.text, end) and self.more():  # "0." may go on as "0.5"
                continue
            self.pos = end
            return value


def read_object(handle: BinaryIO, *, limit: int, streamed: str,
                on_member: Callable[[str, Any], None], on_item: Callable[[int, Any], None]) -> None:
    """Walk the top-level object: ``on_member(key, value)`` for each member, except that the
    items of an array under ``streamed`` go one by one to ``on_item(index, item)``. Either
    callback may raise to stop reading. Raises :class:`JsonSyntaxError`, :class:`NotUtf8`,
    :class:`TooLarge` (more than ``limit`` bytes) or :class:`NotAnObject`."""
    w = _Window(handle, limit)
    first = w.next_char()
    if first != "{":
        if first == "[":
            raise NotAnObject("list")
        raise NotAnObject(type(w.value()).__name__)
    w.pos += 1
    if w.next_char() == "}":
        w.pos += 1
    else:
        while True:
            if w.next_char() != '"':
                raise w.error("Expecting property name enclosed in double quotes", w.pos)
            key = w.value()
            w.expect(":", "Expecting ':' delimiter")
            if key == streamed and w.next_char() == "[":
                _items(w, on_item)
            else:
                on_member(key, w.value())
            if w.expect(",}", "Expecting ',' delimiter") == "}":
                break
    if w.next_char() is not None:
        raise w.error("Extra data", w.pos)


def _items(w: _Window, on_item: Callable[[int, Any], None]) -> None:
    w.pos += 1  # the "["
    if w.next_char() == "]":
        w.pos += 1
        return
    index = 0
    while True:
        on_item(index, w.value())
        index += 1
        if w.expect(",]", "Expecting ',' delimiter") == "]":
            return
