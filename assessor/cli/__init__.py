"""The command line: the only stage that prints, reads the terminal and sets exit codes."""

from assessor.cli.main import main, run

__all__ = ["main", "run"]
