"""Writing the user's files: atomically where a file is replaced, in place for devices and pipes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from assessor.errors import UsageError


def write_atomically(target: Path, data: bytes, *, make_parents: bool = False) -> None:
    """Regular files are replaced atomically; devices and pipes (``/dev/null``) are written in place.

    Missing folders are created only when ``make_parents`` (the tool's own data directory): a
    typo in a user's path must not silently create ``/nonexistent/dir``.
    """
    if not make_parents and not target.parent.is_dir():
        missing = target.parent
        while not missing.parent.exists() and missing.parent != missing:
            missing = missing.parent
        raise UsageError(f"Cannot write {target}: the folder {missing} does not exist. Create it "
                         "first, or choose another path.")
    try:
        if target.exists() and not target.is_file() and not target.is_dir():
            with open(target, "wb") as fh:
                fh.write(data)
            return
        if make_parents:
            target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except IsADirectoryError:
        raise UsageError(f"--out {target}: is a directory; give a file name such as {target / 'plan.pdf'}.") from None
    except OSError as exc:
        raise UsageError(f"Cannot write {target} ({exc.strerror}). Choose another --out path, "
                         "or `--out -` to write to stdout.") from None
