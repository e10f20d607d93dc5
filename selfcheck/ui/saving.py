"""Writing reports safely: a temporary file renamed into place, never over a file without --force."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from selfcheck.errors import Problem, SelfcheckError, visible
from selfcheck.model.records import TYPE_CHECKING
from selfcheck.render.phrases import say

if TYPE_CHECKING:
    from selfcheck.engine.flow import Result


def write_new(path: str, text: str, force: bool = False) -> None:
    """Write text to path atomically; refuse an existing file unless force. Nothing half-written is left.

    The temporary file is private (0600) from the start, and removed on any failure or stopping signal
    (SIGTERM and SIGHUP stop selfcheck as Ctrl-C does, see selfcheck.ui.stopping), so no copy of a report is left
    for others to read.
    """
    refuse_existing(path, force)
    target = Path(path)
    folder = target.parent
    tmp = ""
    try:
        # A short name of its own, so a target name near the file system's limit still leaves room for it.
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".selfcheck-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        if force:
            os.replace(tmp, target)
        else:
            _place_new(tmp, target)
        tmp = ""
    except FileExistsError:
        raise SelfcheckError([Problem(path, 0, 0, "already exists; use --force to replace it")]) from None
    except OSError as e:
        why = "the file name is too long" if e.errno == errno.ENAMETOOLONG else f"cannot write: {e.strerror or e}"
        raise SelfcheckError([Problem(path, 0, 0, why)]) from None
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def refuse_existing(path: str, force: bool = False) -> None:
    """Refuse what can never be written: a bad name, a missing folder, a folder, and anything existing (unless
    force: then only a regular file may be replaced, never a link, FIFO or device)."""
    bad = _bad_name(path)
    if bad is not None:
        raise SelfcheckError([bad])
    folder = os.path.dirname(path) or "."
    if not os.path.isdir(folder):
        raise SelfcheckError([Problem(path, 0, 0, f"folder '{folder}' does not exist")])
    info = _lstat(path)
    if info is None:
        return
    mode = info.st_mode
    if stat.S_ISDIR(mode) or (stat.S_ISLNK(mode) and os.path.isdir(path)):
        raise SelfcheckError([Problem(path, 0, 0, "is a directory; name a file to write")])
    if not force:
        raise SelfcheckError([Problem(path, 0, 0, "already exists; use --force to replace it")])
    if stat.S_ISLNK(mode):
        message = "is a symbolic link; --force replaces only regular files, so name the file it points to"
        raise SelfcheckError([Problem(path, 0, 0, message)])
    if not stat.S_ISREG(mode):
        raise SelfcheckError([Problem(path, 0, 0, f"is {_kind(mode)}; --force replaces only regular files")])


def _bad_name(path: str) -> Problem | None:
    """What is wrong with the name itself, before the file system is asked."""
    if not path:
        return Problem("selfcheck", 0, 0, "the output file name is empty; name a file to write")
    if "\0" in path:
        return Problem(path, 0, 0, "a file name cannot contain a NUL character")
    if path.endswith(("/", os.sep)):
        return Problem(path, 0, 0, "names a folder (it ends in '/'); name a file to write")
    return None


def _lstat(path: str) -> os.stat_result | None:
    """The file's status, not following a link; None when there is no such file."""
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        if e.errno == errno.ENAMETOOLONG:
            raise SelfcheckError([Problem(path, 0, 0, "the file name is too long")]) from None
        if e.errno == errno.ENOTDIR:
            raise SelfcheckError([Problem(path, 0, 0, "a part of this path is a file, not a folder")]) from None
        raise SelfcheckError([Problem(path, 0, 0, f"cannot write: {e.strerror or e}")]) from None


def _kind(mode: int) -> str:
    """What a file that is not a regular one is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _place_new(tmp: str, target: Path) -> None:
    """Move the finished temporary file to target, failing with FileExistsError if target exists meanwhile."""
    try:
        # link() fails if the file appeared meanwhile, so a file is never clobbered by a race.
        os.link(tmp, target)
    except FileExistsError:
        raise
    except OSError:
        # Some file systems (FAT, exFAT, some network and FUSE mounts) have no hard links: claim the name with an
        # exclusive create, then rename over that empty claim, so the name never holds a half-written report.
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        try:
            os.replace(tmp, target)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(target)
            raise
        return
    os.unlink(tmp)


def free_name(stem: str, suffix: str) -> str:
    """A file name in the current folder that does not exist yet, to offer as a default."""
    name, n = stem + suffix, 1
    while os.path.lexists(name):
        n += 1
        name = f"{stem}-{n}{suffix}"
    return name


def offers_save(result: Result) -> bool:
    """Whether the runners offer to save the report after this result."""
    # Not after an emergency (a stop rule fired): it ends with the advice on screen, nothing more to answer
    # before acting on it.
    return result.level.id != "emergency"


def report_name(fmt: str) -> str:
    """A new name in the current folder to suggest for a report saved in fmt (text or markdown)."""
    return free_name("selfcheck-report", ".md" if fmt == "markdown" else ".txt")


def save_report(name: str, text: str, lang: str) -> tuple[bool, str]:
    """Save text to the new file a person named: (saved, what to tell them, in lang). Never over an existing file."""
    path = os.path.expanduser(name.strip())
    if not path:
        return False, say(lang, "type_file_name")
    if os.path.lexists(path) and not os.path.isdir(path):
        return False, say(lang, "file_exists", path=visible(path))
    try:
        write_new(path, text)
    except SelfcheckError as e:
        return False, "\n".join(str(p) for p in e.problems)
    return True, say(lang, "saved", path=visible(os.path.abspath(path)))


def replace_file(path: str, text: str) -> None:
    """Replace a regular file's text atomically (same folder, fsync, rename), keeping its permissions."""
    import stat

    try:
        info = os.lstat(path)
    except FileNotFoundError:
        raise SelfcheckError([Problem(path, 0, 0, "no such file")]) from None
    except OSError as e:
        raise SelfcheckError([Problem(path, 0, 0, f"cannot read: {e.strerror or e}")]) from None
    if not stat.S_ISREG(info.st_mode):
        what = "a symbolic link" if stat.S_ISLNK(info.st_mode) else "not a regular file"
        raise SelfcheckError([Problem(path, 0, 0, f"is {what}; name the rule file itself")])
    folder = os.path.dirname(os.path.abspath(path))
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fchmod(f.fileno(), stat.S_IMODE(info.st_mode))
            os.fsync(f.fileno())
        os.replace(tmp, path)
        tmp = ""
        with contextlib.suppress(OSError):  # the rename itself survives a crash once the folder is synced
            dir_fd = os.open(folder, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
    except OSError as e:
        raise SelfcheckError([Problem(path, 0, 0, f"cannot write: {e.strerror or e}")]) from None
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
