"""When the cyclic garbage collector runs during one command, run as its own process.

A command builds a few hundred thousand objects that live until it exits (modules, the validated
rubric, WeasyPrint's fonts and stylesheets) and frees almost everything else by reference
counting. The collector's passes over that long-lived heap find next to nothing, and they are
not cheap: measured on the full report (medians of 15 fresh processes, one run), they cost
~0.2 s while modules are imported and the rubric is validated, and ~0.5 s at exit, when the
interpreter's final collection walks every object only to free memory the OS takes back anyway.

So, in a process started by the ``assessor`` command (``assessor.cli.main.run``; never when a
test or another program calls ``main``): the collector is off while the command starts; what start-up built is then frozen
(``gc.freeze``: kept out of every later pass) and collection resumes as usual, so a long
questionnaire or a streamed import never grows without bound; phases that only allocate and free
(:func:`paused`) switch it off again; at exit everything is frozen, so the final pass is skipped.
Frozen objects are freed normally when their last reference goes; a reference cycle frozen at
start-up or exit is never collected (its ``__del__`` does not run), so nothing here may rely
on the collector to close a file, a database or a temporary folder: the code that opens one
closes it (``with`` blocks, explicit ``close``).
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

_process = False  # True only in a process that the command line started


def command_starting() -> None:
    """The command line's entry: collection off until :func:`command_started`."""
    global _process
    _process = True
    gc.disable()


def command_started() -> None:
    """Start-up is over: freeze what it built, collect as usual from here on."""
    if _process:
        gc.freeze()
        gc.enable()


@contextmanager
def paused(*, keep: bool = False):
    """No collection inside (in tests too: it only saves time). ``keep``: what the block
    built lives as long as the process (a loaded rubric), so freeze it at the end."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if keep and _process:
            gc.freeze()
        if was_enabled:
            gc.enable()


def command_exiting() -> None:
    """Skip the interpreter's final pass over a heap the OS is about to reclaim."""
    if _process:
        gc.disable()
        gc.freeze()
