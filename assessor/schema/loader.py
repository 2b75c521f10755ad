"""Load and validate a whole rubric directory, reporting every problem in every file at once.

Every command that uses the rubric goes through :func:`load_rubric`, so a broken roles file is
reported even by ``assessor skills``: half-valid rubrics would produce wrong scores silently.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from assessor.errors import InvalidFilesError, Problem, UsageError
from assessor.schema.rubric import CareerFile, CrossReferenceErrors, Rubric, RubricMeta
from assessor.schema.rubric_files import CategoriesFile, CertificationsFile, ChecksFile, ReflectionFile, RolesFile, SkillsFile
from assessor.schema import parse_cache
from assessor.schema.validation import dotted, parse_bytes, read_bytes, validate_document

FIX = ("Fix the rubric files above (`assessor rubrics check DIR` re-checks them; "
       "`assessor rubrics schema` prints the format), or unset ASSESSOR_RUBRICS to use the bundled rubric.")

SINGLE_FILES = {
    "rubric.yaml": RubricMeta,
    "categories.yaml": CategoriesFile,
    "roles.yaml": RolesFile,
    "certifications.yaml": CertificationsFile,
    "career.yaml": CareerFile,
}
OPTIONAL_FILES = {"reflection.yaml": ReflectionFile}


@dataclass(frozen=True)
class LoadedRubric:
    rubric: Rubric
    directory: Path
    digest: str  # sha256 of every file's bytes: tells stored runs apart when the rubric changed
    aliases: dict[str, list[str]] | None = None  # aliases.yaml (posting matching); None when absent


def load_rubric(directory: Path, cache: Path | None = None) -> LoadedRubric:
    """Every file read, parsed (or taken from ``cache``, see :mod:`parse_cache`) and validated."""
    if not directory.is_dir():
        raise UsageError(
            f"The rubric directory {directory} does not exist or is not a directory. "
            "Point ASSESSOR_RUBRICS (or the DIR argument) at a folder holding rubric.yaml, "
            "categories.yaml, skills/*.yaml, checks/*.yaml, roles.yaml, certifications.yaml and career.yaml.")
    problems: list[Problem] = []
    digest = hashlib.sha256()
    parsed: dict[str, object] = {}
    raw: dict[str, object] = {}

    def load(rel: str, model):
        path = directory / rel
        before = len(problems)
        data, blob = read_cached(path, problems, cache)
        if blob is not None:
            digest.update(rel.encode() + b"\0" + blob + b"\0")
            raw[rel] = data
        if len(problems) == before:  # read and parsed (an empty file is then "an empty file")
            parsed[rel] = validate_document(model, str(path), data, problems)

    for rel, model in SINGLE_FILES.items():
        load(rel, model)
    for rel, model in OPTIONAL_FILES.items():
        if (directory / rel).exists():
            load(rel, model)
    skill_files = sorted((directory / "skills").glob("*.yaml")) if (directory / "skills").is_dir() else []
    if not skill_files:
        problems.append(Problem(str(directory / "skills"), "", "no skills/*.yaml files",
                                "a skills/ folder with at least one YAML file of skills"))
    for path in skill_files:
        load(f"skills/{path.name}", SkillsFile)
    check_files = sorted((directory / "checks").glob("*.yaml")) if (directory / "checks").is_dir() else []
    for path in check_files:
        load(f"checks/{path.name}", ChecksFile)

    if problems:
        raise InvalidFilesError("The rubric is not valid", problems, FIX)

    # Every file is valid on its own; now check the links between them.
    skills, origins = _combined(parsed, "skills", skill_files)
    checks, check_origins = _combined(parsed, "checks", check_files)
    reflection = parsed.get("reflection.yaml")
    try:
        rubric = Rubric(
            meta=parsed["rubric.yaml"], categories=parsed["categories.yaml"].categories,
            skills=skills, roles=parsed["roles.yaml"].roles,
            certifications=parsed["certifications.yaml"].certifications,
            career=parsed["career.yaml"], checks=checks, reflection=reflection.questions if reflection else [])
    except CrossReferenceErrors as exc:
        for p in exc.problems:
            rel, loc = _origin(p.loc, origins, check_origins)
            problems.append(Problem(str(directory / rel), dotted(loc, raw.get(rel)), p.found, p.expected))
        raise InvalidFilesError("The rubric's files do not fit together", problems, FIX) from None
    aliases = _load_aliases(directory, rubric, problems, cache)
    if problems:
        raise InvalidFilesError("The rubric's aliases do not fit its skills", problems, FIX)
    return LoadedRubric(rubric, directory, digest.hexdigest(), aliases)


def read_cached(path: Path, problems: list[Problem], cache: Path | None) -> tuple[object, bytes | None]:
    """(parsed data, the file's bytes), or (None, None) with a problem recorded."""
    blob = read_bytes(path, problems)
    if blob is None:
        return None, None
    hit, data = parse_cache.lookup(cache, blob)
    if not hit:
        before = len(problems)
        data = parse_bytes(path, blob, problems)
        if len(problems) == before:
            parse_cache.remember(cache, blob, data)
    return data, blob


def _load_aliases(directory: Path, rubric: Rubric, problems: list[Problem], cache: Path | None) -> dict[str, list[str]] | None:
    """``aliases.yaml`` is optional; every key must be a skill id of the rubric (strict)."""
    from assessor.schema.aliases import AliasesFile

    path = directory / "aliases.yaml"
    if not path.is_file():
        return None
    data, _ = read_cached(path, problems, cache)
    parsed = validate_document(AliasesFile, str(path), data, problems)
    if parsed is None:
        return None
    for skill_id in parsed.aliases:
        if skill_id not in rubric.skill_map:
            problems.append(Problem(str(path), f"aliases.{skill_id}", f"unknown skill id {skill_id!r}",
                                    "a skill id of the rubric (`assessor skills` lists them), "
                                    "or move it under `pending:`"))
    return {k: list(v) for k, v in parsed.aliases.items()}


def _combined(parsed: dict, folder: str, files: list[Path]) -> tuple[list, list[tuple[str, int]]]:
    """The items of every ``folder/*.yaml`` file in one list, and where each came from
    (combined index -> (file, index in that file)), so an error can name its file."""
    items, origins = [], []
    for path in files:
        rel = f"{folder}/{path.name}"
        for k, item in enumerate(getattr(parsed[rel], folder)):
            origins.append((rel, k))
            items.append(item)
    return items, origins


def _origin(loc: tuple, origins: list[tuple[str, int]],
            check_origins: list[tuple[str, int]]) -> tuple[str, tuple]:
    """Map a location in the combined :class:`Rubric` back to the file and place it came from."""
    head, rest = loc[0], tuple(loc[1:])
    if head in ("skills", "checks"):
        rel, k = (origins if head == "skills" else check_origins)[rest[0]]
        return rel, (head, k, *rest[1:])
    if head == "career":
        return "career.yaml", rest
    if head == "reflection":
        return "reflection.yaml", ("questions", *rest)
    return f"{head}.yaml", loc
