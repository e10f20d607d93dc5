"""A rule or answers file's text: read within a size bound and decoded as UTF-8, or refused with a located reason."""

from __future__ import annotations

import os

from selfcheck.errors import Problem, SelfcheckError
from selfcheck.rulefile.yaml_nodes import line_col

MAX_BYTES = 1024 * 1024  # a rule file's bound; the bundled one is far below it


def read_text(path: str, max_bytes: int = MAX_BYTES) -> str:
    """Read a file as UTF-8 text, refusing what is missing, not a regular file, too large or not UTF-8."""
    refused = not_a_file(path)
    if refused:
        raise SelfcheckError([Problem(path, 0, 0, refused)])
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1)
    except FileNotFoundError:
        raise SelfcheckError([Problem(path, 0, 0, "no such file")]) from None
    except PermissionError:
        raise SelfcheckError([Problem(path, 0, 0, "permission denied")]) from None
    except OSError as e:
        raise SelfcheckError([Problem(path, 0, 0, f"cannot read: {e.strerror or e}")]) from None
    return decode(path, data, max_bytes)


def not_a_file(path: str) -> str:
    """Why path cannot be read as a file ('' when it can): missing, a folder, or not a regular file.

    Checked before opening: opening a FIFO with no writer blocks for ever, and a device never ends.
    """
    import stat

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file"
    except PermissionError:
        return "permission denied"
    except ValueError:  # Python's own refusal of a NUL in a name
        return "cannot be read: its name contains a NUL character"
    except OSError as e:  # a name too long, a loop of links
        return f"cannot be read: {e.strerror or e}"
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "is a directory, not a file"
    if stat.S_ISFIFO(mode):
        return "is a FIFO (named pipe), not a regular file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a regular file"
    return "is not a regular file"


def decode(path: str, data: bytes, max_bytes: int = MAX_BYTES) -> str:
    """Decode bytes as UTF-8, naming the line and column of the first bad byte."""
    if len(data) > max_bytes:
        raise SelfcheckError([Problem(path, 0, 0, f"file is too large (over {max_bytes} bytes)")])
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise SelfcheckError([Problem(path, 1, 1, "file is UTF-32; save it as UTF-8")])
    # Without a byte-order mark, UTF-16 text shows as ASCII letters alternating with zero bytes.
    ascii_then_zero = len(data) > 1 and ((0 < data[0] < 128 and data[1] == 0) or (data[0] == 0 and 0 < data[1] < 128))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or ascii_then_zero:
        raise SelfcheckError([Problem(path, 1, 1, "file is UTF-16; save it as UTF-8")])
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        before = data[: e.start].decode("utf-8")  # all good up to the first bad byte
        line, col = line_col(before, len(before))
        raise SelfcheckError(
            [Problem(path, line, col, f"byte 0x{data[e.start]:02x} is not UTF-8; save the file as UTF-8")]
        ) from None
