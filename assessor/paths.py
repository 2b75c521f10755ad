"""Where things live: bundled rubrics and templates, and the user's data directory.

The bundled folders sit inside the installed package (a wheel puts them at ``assessor/rubrics``);
in a source checkout they are the top-level ``rubrics/`` and ``report_templates/``.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
APP_NAME = "assessor"


def bundled(folder: str) -> Path:
    for candidate in (PACKAGE_DIR / folder, PACKAGE_DIR.parent / folder):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"bundled folder {folder!r} is missing from the installation")


def rubric_dir(environ: os._Environ | dict) -> Path:
    """``ASSESSOR_RUBRICS`` points at a company's own rubric; the bundled one is the default."""
    custom = environ.get("ASSESSOR_RUBRICS")
    return Path(custom).expanduser() if custom else bundled("rubrics")


def templates_dir() -> Path:
    return bundled("report_templates")


def data_dir(environ: os._Environ | dict) -> Path:
    """``ASSESSOR_HOME`` wins; otherwise the platform's user data dir. Nothing is written elsewhere."""
    home = environ.get("ASSESSOR_HOME")
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def cache_dir(environ: os._Environ | dict) -> Path | None:
    """Where parsed rubric files (``rubric-parse/``) and compiled templates (``templates/``) are
    cached: ``ASSESSOR_CACHE`` (``off`` turns the cache off), else the platform's user cache dir.
    It holds rubric and template data only, never a user's answers."""
    given = environ.get("ASSESSOR_CACHE")
    if given is not None and given.strip().lower() in ("off", "0", "no", "false", ""):
        return None
    if given:
        return Path(given).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
