"""Turning YAML/JSON text and pydantic errors into :class:`Problem` rows a person can act on.

Shared by the rubric loader and the answers loader so both speak the same error language:
file, dotted location (with the item's id when it has one), what was found, what was expected.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from assessor.errors import Problem, short
from assessor.schema.reading import MAX_DEPTH, FileRefused, load_yaml, read_bounded


def read_document(path: Path, problems: list[Problem], *, allow_json: bool = False) -> Any:
    """Parse one YAML (or JSON) file; on failure record a problem and return None."""
    raw = read_bytes(path, problems)
    return None if raw is None else parse_bytes(path, raw, problems, allow_json=allow_json)


def read_bytes(path: Path, problems: list[Problem]) -> bytes | None:
    """The bytes of one input file, or None with a problem recorded (missing, unreadable, too big,
    not a regular file). Bounded: see :func:`.reading.read_bounded`."""
    name = str(path)
    try:
        raw = read_bounded(path)
    except FileNotFoundError:
        problems.append(Problem(name, "", "no such file", "an existing file (check the path)"))
        return None
    except IsADirectoryError:
        problems.append(Problem(name, "", "a directory", "a YAML or JSON file"))
        return None
    except FileRefused as exc:
        problems.extend(Problem(name, *row) for row in exc.rows)
        return None
    except (OSError, ValueError) as exc:  # ValueError: a path the OS cannot take (a NUL in it)
        reason = getattr(exc, "strerror", None) or type(exc).__name__
        problems.append(Problem(name, "", f"unreadable ({reason})", "a readable file"))
        return None
    return raw


def parse_bytes(path: Path, raw: bytes, problems: list[Problem], *, allow_json: bool = False) -> Any:
    """Parse the bytes of a YAML (or JSON) file; on failure record a problem and return None.
    The YAML is measured before it is built (aliases, nesting, duplicate keys: :mod:`.reading`)."""
    name = str(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(Problem(name, f"byte {exc.start}", "bytes that are not UTF-8 text",
                                "a UTF-8 encoded text file"))
        return None
    if "\x00" in text:
        problems.append(Problem(name, "", "NUL characters (a binary file?)", "a UTF-8 text file"))
        return None
    try:
        if allow_json and path.suffix.lower() == ".json":
            return json.loads(text, object_pairs_hook=_unique_keys)
        return load_yaml(text)
    except FileRefused as exc:
        problems.extend(Problem(name, *row) for row in exc.rows)
    except json.JSONDecodeError as exc:
        problems.append(Problem(name, f"line {exc.lineno}, column {exc.colno}", exc.msg, "valid JSON"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if "nesting depth" in what:  # PyYAML 6.0.4+ stops deep nesting itself: say it as we do
            problems.append(Problem(name, where, f"values nested more than {MAX_DEPTH} levels deep",
                                    "plain YAML: mappings, lists, strings, numbers"))
        else:
            problems.append(Problem(name, where, f"invalid YAML ({what})", "valid YAML syntax"))
    except (RecursionError, ValueError, OverflowError) as exc:
        problems.append(Problem(name, "", f"a document that cannot be read ({type(exc).__name__})",
                                "plain YAML: mappings, lists, strings, numbers"))
    return None


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict:
    """JSON objects too: a key given twice is an error, not "the last one wins"."""
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise FileRefused(f"the key {short(key, 60)} twice in one object",
                              "each key once: keep the one you mean and delete the other")
        out[key] = value
    return out


def dotted(loc: tuple[str | int, ...], data: Any = None) -> str:
    """``roles[3] (mlops_engineer).requirements[2].skill``: indexes plus the id a human searches for."""
    out = ""
    node = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f" ({node['id']})"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(top level)"


def _expected(err: dict) -> str:
    kind, msg = err["type"], err["msg"]
    if kind == "missing":
        return "this field (it is required)"
    if kind == "extra_forbidden":
        return "no such field here: a typo? (`assessor rubrics schema` lists the fields)"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "a whole number written as a number (a rating is 0-4, or null to skip), not text, yes/no or a decimal"
    if msg.startswith("Value error, "):
        return msg.removeprefix("Value error, ")
    return msg[0].lower() + msg[1:] if msg else kind


def _found(err: dict) -> str:
    if err["type"] == "missing":
        return "nothing"
    if err["type"] == "extra_forbidden":
        return f"field {short(err['loc'][-1], 60)}"
    return short(err.get("input"))


def validation_problems(file: str, exc: ValidationError, data: Any,
                        prefix: tuple[str | int, ...] = ()) -> list[Problem]:
    rows = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
        rows.append(Problem(file, dotted(prefix + loc, data), _found(err), _expected(err)))
    return rows


def validate_document(model: type[BaseModel], file: str, data: Any, problems: list[Problem]):
    """Validate ``data`` as ``model``; on failure add every error to ``problems`` and return None."""
    if not isinstance(data, dict):
        problems.append(Problem(file, "(top level)",
                                "an empty file" if data is None else f"a {type(data).__name__}",
                                f"a mapping with the fields of {model.__name__}"))
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems.extend(validation_problems(file, exc, data))
        return None
    except RecursionError:
        problems.append(Problem(file, "(top level)", "a document nested too deeply", "plain YAML"))
        return None
