"""Commands the tool suggests, spelled so they work exactly as printed (profile included)."""

from __future__ import annotations

import shlex

DEFAULT_PROFILE = "me"


def command(words: str, profile: str | None = None) -> str:
    """``assessor WORDS`` plus ``--profile NAME`` when the profile is not the default one."""
    flag = "" if not profile or profile == DEFAULT_PROFILE else f" --profile {shlex.quote(profile)}"
    return f"`assessor {words}{flag}`"

PROFILE_MAX_LENGTH = 64
PROFILE_RULE = (f"a profile name is 1-{PROFILE_MAX_LENGTH} printable characters (letters, digits, "
                "spaces, punctuation; no control characters), not only spaces")


def profile_problem(name: str) -> str | None:
    """What is wrong with ``name`` as a profile name, or None. One rule for every command and the
    export format, so whatever is saved under a name can be exported and imported again."""
    if not name.strip():
        return "it is empty" if not name else "it is only spaces"
    if len(name) > PROFILE_MAX_LENGTH:
        return f"it is {len(name):,} characters long"
    if not name.isprintable():
        return "it holds control or other unprintable characters"
    return None
