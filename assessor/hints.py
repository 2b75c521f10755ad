"""Commands the tool suggests, spelled so they work exactly as printed (profile included)."""

from __future__ import annotations

import shlex

DEFAULT_PROFILE = "me"


def command(words: str, profile: str | None = None) -> str:
    """``assessor WORDS`` plus ``--profile NAME`` when the profile is not the default one."""
    flag = "" if not profile or profile == DEFAULT_PROFILE else f" --profile {shlex.quote(profile)}"
    return f"`assessor {words}{flag}`"
