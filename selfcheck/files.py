"""Writing reports safely: a temporary file renamed into place, never over a file without --force."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from selfcheck.errors import Problem, SelfcheckError


def write_new(path: str, text: str, force: bool = False) -> None:
    """Write text to path atomically; refuse an existing file unless force. Nothing half-written is left."""
    target = Path(path)
    if target.is_dir():
        raise SelfcheckError([Problem(path, 0, 0, "is a directory; name a file to write")])
    if target.exists() and not force:
        raise SelfcheckError([Problem(path, 0, 0, "already exists; use --force to replace it")])
    folder = target.parent
    if not folder.is_dir():
        raise SelfcheckError([Problem(path, 0, 0, f"folder '{folder}' does not exist")])
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if force:
            os.replace(tmp, target)
        else:
            # link() fails if the file appeared meanwhile, so a file is never clobbered by a race.
            os.link(tmp, target)
            os.unlink(tmp)
        tmp = ""
    except FileExistsError:
        raise SelfcheckError([Problem(path, 0, 0, "already exists; use --force to replace it")]) from None
    except OSError as e:
        raise SelfcheckError([Problem(path, 0, 0, f"cannot write: {e.strerror or e}")]) from None
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
