"""What the commands print on a terminal or a pipe: JSON listings and width-aware text."""

from __future__ import annotations

import json

from assessor.environment import Environment


def emit_json(env: Environment, data) -> int:
    """The one JSON writer of every ``--json`` listing."""
    env.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    return 0


def listing_width(env: Environment) -> int:
    """Listings follow the terminal, within readable bounds."""
    return max(60, min(env.terminal_width, 120))
