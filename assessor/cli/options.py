"""Typed options: argparse's ``Namespace`` becomes one frozen object per command, once, at the edge.

Defaults live here and nowhere else, so a bare ``assessor`` (which runs ``assess`` or ``demo``)
and ``assessor assess`` can never disagree about them.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

from assessor.formats import DocumentOptions
from assessor.hints import DEFAULT_PROFILE


@dataclass(frozen=True)
class AssessOptions:
    profile: str = DEFAULT_PROFILE
    answers: str | None = None
    role: str | None = None
    mode: str | None = None
    resume: bool = False
    save_answers: str | None = None
    no_save: bool = False
    document: DocumentOptions = field(default_factory=DocumentOptions)


@dataclass(frozen=True)
class DemoOptions:
    document: DocumentOptions = field(default_factory=DocumentOptions)


@dataclass(frozen=True)
class ReportOptions:
    profile: str = DEFAULT_PROFILE
    run: str | None = None
    document: DocumentOptions = field(default_factory=DocumentOptions)


@dataclass(frozen=True)
class MatchOptions:
    posting: str = "-"
    profile: str = DEFAULT_PROFILE
    run: str | None = None
    answers: str | None = None
    document: DocumentOptions = field(default_factory=DocumentOptions)


@dataclass(frozen=True)
class ListOptions:
    json: bool = False
    category: str | None = None


@dataclass(frozen=True)
class RubricsOptions:
    action: str | None = None
    dir: str | None = None


@dataclass(frozen=True)
class HistoryOptions:
    profile: str = DEFAULT_PROFILE
    json: bool = False
    delete: str | None = None
    yes: bool = False


@dataclass(frozen=True)
class ProgressOptions:
    profile: str = DEFAULT_PROFILE
    run_a: str | None = None
    run_b: str | None = None
    json: bool = False


@dataclass(frozen=True)
class TransferOptions:
    """``export`` and ``import``: ``profile_given`` says whether the user named a profile."""

    file: str
    profile: str = DEFAULT_PROFILE
    profile_given: bool = False


def check_role(rubric, role: str | None) -> None:
    """``--role`` must name a role of the rubric in use; said the same way by every command."""
    from assessor.errors import UsageError

    if role and role not in rubric.role_map:
        raise UsageError(f"--role {role}: no such role. `assessor roles` lists the ids.")


def _profile(args: argparse.Namespace) -> tuple[str, bool]:
    """``--profile`` is accepted before or after the command name; after wins. Checked here, once,
    for every command, so no command stores (or exports) a name the others cannot use."""
    from assessor.errors import UsageError, short
    from assessor.hints import PROFILE_RULE, profile_problem

    given = getattr(args, "sub_profile", None)
    if given is None:
        given = args.profile
    problem = None if given is None else profile_problem(given)
    if problem:
        raise UsageError(f"--profile {short(given, 40)}: {problem}; {PROFILE_RULE}.")
    return (given or DEFAULT_PROFILE), given is not None


def _document(args: argparse.Namespace) -> DocumentOptions:
    """Checked before any work starts, so a bad --out never costs the user their answers."""
    from assessor.errors import UsageError
    from assessor.formats import UnknownSuffix, format_for, unknown_suffix_message

    doc = DocumentOptions(format=args.format, out=args.out, paper=args.paper, brief=args.brief)
    try:
        format_for(doc.out, doc.format)
    except UnknownSuffix as exc:
        raise UsageError(unknown_suffix_message(doc.out, str(exc))) from None
    return doc


def refuse_pdf_on_terminal(doc: DocumentOptions, env) -> None:
    """``--out -`` with a PDF would pour binary onto the screen (and garble it until `reset`)."""
    from assessor.errors import UsageError
    from assessor.formats import format_for

    try:
        on_terminal = env.stdout.isatty()
    except (AttributeError, ValueError):
        on_terminal = False
    if doc.out == "-" and format_for(doc.out, doc.format) == "pdf" and on_terminal:
        raise UsageError("--out - would print the PDF's bytes on your terminal. Give a file "
                         "name (--out plan.pdf), pipe it (`--out - > plan.pdf`), or add "
                         "--format md or json to read it on screen.")


def options_for(args: argparse.Namespace):
    """The typed options of the command ``args`` names (a bare ``assessor`` gets assess/demo defaults)."""
    profile, given = _profile(args)
    command = args.command
    if command is None:
        return None
    if command == "assess":
        return AssessOptions(profile=profile, answers=args.answers, role=args.role, mode=args.mode,
                             resume=args.resume, save_answers=args.save_answers,
                             no_save=args.no_save, document=_document(args))
    if command == "demo":
        return DemoOptions(document=_document(args))
    if command == "report":
        return ReportOptions(profile=profile, run=args.run, document=_document(args))
    if command == "match":
        return MatchOptions(posting=args.posting, profile=profile, run=args.run, answers=args.answers,
                            document=_document(args))
    if command in ("skills", "roles", "certs"):
        return ListOptions(json=args.json, category=getattr(args, "category", None))
    if command == "rubrics":
        return RubricsOptions(action=args.rubrics_command, dir=getattr(args, "dir", None))
    if command == "history":
        return HistoryOptions(profile=profile, json=args.json, delete=args.delete, yes=args.yes)
    if command == "progress":
        return ProgressOptions(profile=profile, run_a=args.run_a, run_b=args.run_b, json=args.json)
    if command in ("export", "import"):
        return TransferOptions(file=args.file, profile=profile, profile_given=given)
    raise AssertionError(f"no options for command {command!r}")  # the parser knows every command
