"""Command line: the parser, and the single exit point that maps errors to exit codes.

Only argparse is imported at start-up so ``assessor --help`` and ``--version`` stay instant;
each command imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import sys

from assessor import __version__
from assessor.errors import ExitCode
from assessor.formats import FORMATS


class _Parser(argparse.ArgumentParser):
    stderr = None  # where errors go: the environment's stderr once main() has one

    def error(self, message: str):  # argparse's own exit code is 2 already; keep its wording
        self.print_usage(sys.stderr)
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message}\n")

    def _print_message(self, message, file=None):
        if file is None or file is sys.stderr:
            file = _Parser.stderr or sys.stderr
        super()._print_message(message, file)

    def unrecognized(self, extra: list[str]):
        """This command's usage, and the closest option for each typo ("did you mean --mode?")."""
        import difflib

        options = [o for a in self._actions for o in a.option_strings if o.startswith("--")]
        hints = []
        for word in extra:
            close = difflib.get_close_matches(word.split("=")[0], options, n=1, cutoff=0.6)
            if word.startswith("-") and close:
                hints.append(f"{word}: did you mean {close[0]}?")
        tail = ("\n" + "\n".join(hints)) if hints else f"\n`{self.prog} --help` lists the options."
        self.error(f"unrecognized arguments: {' '.join(extra)}{tail}")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="assessor",
        description="A private AI-career skill-gap assessor: rate yourself against a target role, "
                    "get a prioritised PDF learning plan, and track your progress. "
                    "Everything stays on this machine.",
        epilog="Run bare `assessor` on a terminal to start an assessment; without a terminal it "
               "writes the sample plan (`assessor demo`).")
    p.add_argument("--version", action="version", version=f"assessor {__version__}")
    p.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    p.add_argument("--profile", default=None, metavar="NAME",
                   help="whose history to use (default: me); a mentor can track several people")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def output_options(cmd, default_format="pdf"):
        cmd.add_argument("--format", choices=FORMATS, default=None,
                         help=f"output format (default: from the --out file's extension, else {default_format})")
        cmd.add_argument("--out", metavar="PATH",
                         help="where to write the document; `-` writes it to stdout "
                              "(default: the data directory's reports folder)")
        cmd.add_argument("--paper", choices=("a4", "letter"), default=None,
                         help="PDF paper size (default: letter for region us/canada, else a4)")
        cmd.add_argument("--brief", action="store_true",
                         help="a one-page summary for a mentor or manager instead of the full plan")

    a = sub.add_parser("assess", help="take the assessment (interactive, or from --answers FILE)",
                       description="Assess yourself against a target role and write a learning plan.")
    a.add_argument("--answers", metavar="FILE", help="a YAML or JSON answers file (no prompts)")
    a.add_argument("--role", metavar="ID", help="target role id (see `assessor roles`)")
    a.add_argument("--mode", choices=("quick", "full"), default=None,
                   help="quick: self-ratings only (~5 min, default); full: adds evidence and knowledge checks")
    a.add_argument("--resume", action="store_true", help="continue the interrupted assessment")
    a.add_argument("--save-answers", metavar="FILE",
                   help="also write your answers as an editable, replayable YAML file")
    a.add_argument("--no-save", action="store_true", help="do not store this run in the history")
    output_options(a)

    d = sub.add_parser("demo", help="run the bundled sample profile through the whole pipeline",
                       description="Write the learning plan of a bundled sample profile.")
    output_options(d)

    r = sub.add_parser("report", help="render a saved run again",
                       description="Render a saved run (default: the latest) as PDF, HTML, Markdown or JSON.")
    r.add_argument("--run", metavar="ID", help="run id from `assessor history` (default: latest)")
    output_options(r)

    m = sub.add_parser("match", help="match your latest run against a job posting",
                       description="Which of a job posting's skills you have, your gaps for that job, "
                                   "and a plan. The posting is read offline and never fetched from.")
    m.add_argument("posting", metavar="POSTING", help="a text, Markdown or HTML file, or - for stdin")
    m.add_argument("--run", metavar="ID", help="run id to score (default: the latest)")
    m.add_argument("--answers", metavar="FILE", help="score this answers file instead of a saved run")
    output_options(m, default_format="pdf")
    profile_option(m)

    for name, what in (("skills", "skills"), ("roles", "roles"), ("certs", "certifications")):
        c = sub.add_parser(name, help=f"list the rubric's {what}",
                           description=f"List the rubric's {what}.")
        c.add_argument("--json", action="store_true", help="print JSON instead of a table")
        if name == "skills":
            c.add_argument("--category", metavar="ID", help="only this category")

    rb = sub.add_parser("rubrics", help="check a rubric directory or print its schema",
                        description="Tools for rubric authors.")
    rsub = rb.add_subparsers(dest="rubrics_command", metavar="ACTION", parser_class=_Parser)
    chk = rsub.add_parser("check", help="validate a rubric directory and report every problem",
                          description="Validate a rubric directory (default: the one in use).")
    chk.add_argument("dir", nargs="?", metavar="DIR")
    rsub.add_parser("schema", help="print the JSON Schema of the rubric and answers formats",
                    description="Print the JSON Schema of every rubric file and the answers file.")

    h = sub.add_parser("history", help="list your saved runs, newest first",
                       description="List the saved runs of a profile, newest first.")
    h.add_argument("--json", action="store_true", help="print JSON")
    h.add_argument("--delete", metavar="RUN", help="delete one run (asks first)")
    h.add_argument("--yes", action="store_true", help="do not ask before deleting")

    g = sub.add_parser("progress", help="what changed between two runs (default: the last two)",
                       description="Compare two runs: readiness, skill levels, gaps closed and opened.")
    g.add_argument("run_a", nargs="?", metavar="RUN_A")
    g.add_argument("run_b", nargs="?", metavar="RUN_B")
    g.add_argument("--json", action="store_true", help="print JSON")

    for cmd in (a, r, h, g):
        profile_option(cmd)
    e = sub.add_parser("export", help="write a profile's whole history to a JSON file",
                       description="Export every run and draft of a profile (backup, moving machines).")
    e.add_argument("file", metavar="FILE")
    i = sub.add_parser("import", help="read a history export (never duplicates a run)",
                       description="Import an export file; runs already present are skipped.")
    i.add_argument("file", metavar="FILE")
    profile_option(e)
    profile_option(i)
    p.subparsers = {name: parser for name, parser in sub.choices.items()}
    p.subparsers["rubrics"] = rb  # its own actions are one level down
    return p


def profile_option(cmd: argparse.ArgumentParser) -> None:
    """``--profile`` is accepted before or after the command name."""
    cmd.add_argument("--profile", dest="sub_profile", metavar="NAME", default=None,
                     help="whose history to use (default: me)")


def _safe_streams() -> None:
    """A non-UTF-8 terminal (``LC_ALL=C``) gets ``?`` for what it cannot show, never a crash."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None and (stream.encoding or "").lower().replace("-", "") != "utf8":
                stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):
            pass


def main(argv: list[str] | None = None, env=None) -> int:
    """Ctrl-C at any moment, even while the parser is built, is exit 130 without a traceback.

    Safe to call from another program or a test: the caller's garbage collector is left alone
    (only :func:`run`, the process's own entry, schedules it)."""
    try:
        return _main(argv, env)
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED


def run() -> int:
    """The entry of a process started for one command (the ``assessor`` script, ``python -m
    assessor``): the garbage collector is scheduled for a short-lived process (see
    :mod:`assessor.heap`)."""
    from assessor import heap

    heap.command_starting()
    try:
        return main()
    finally:
        heap.command_exiting()


def _main(argv: list[str] | None = None, env=None) -> int:
    from assessor.environment import Environment

    if env is None:
        _safe_streams()
    env = env or Environment()
    _Parser.stderr = env.stderr
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:  # a typo in a subcommand's flag: that subcommand's usage, not the top-level one
        parser.subparsers.get(args.command, parser).unrecognized(extra)
    try:
        from assessor.cli import commands
        from assessor.cli.options import options_for

        return commands.dispatch(args.command, options_for(args), env) or ExitCode.OK
    except KeyboardInterrupt:
        env.say("\nInterrupted.")
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return ExitCode.OK
    except Exception as exc:  # the one place errors become exit codes
        from assessor.errors import AssessorError

        if args.debug:
            raise
        if isinstance(exc, AssessorError):
            env.say(f"assessor: {exc.message}")
            return exc.exit_code
        env.say("assessor: internal error (a bug, not your input). Rerun with --debug "
                f"for the traceback and report it.\n  {type(exc).__name__}: {exc}")
        return ExitCode.BUG
