"""Reading a rule or answers file's text: what is refused, with which place and words, and what is kept."""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest

from selfcheck.errors import Problem, SelfcheckError
from selfcheck.rulefile import file_text


def refusal(call: Callable[..., object], *args: object) -> tuple[Problem, ...]:
    with pytest.raises(SelfcheckError) as info:
        call(*args)
    return info.value.problems


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"a: 1\n", "a: 1\n"),
        (b"\xef\xbb\xbfa: 1\n", "a: 1\n"),  # a UTF-8 byte-order mark is dropped
        (b"a", "a"),  # one byte: nothing to pair with a zero
        (b"\x00\x00", "\x00\x00"),  # two zeros are not UTF-16 letters (the YAML reader refuses them)
        (b"ab\x00", "ab\x00"),  # a zero after two letters is not UTF-16's pattern
        ("é: 1".encode(), "é: 1"),
    ],
)
def test_utf8_text_is_kept_as_it_is(data: bytes, text: str) -> None:
    assert file_text.decode("f.yaml", data) == text


@pytest.mark.parametrize(
    "data",
    [
        "a: 1\n".encode("utf-16-le"),
        "a: 1\n".encode("utf-16-be"),
        "a: 1\n".encode("utf-16"),  # with the byte-order mark
        b"\xfe\xff\x00a",  # big-endian byte-order mark
        b"a\x00",
        b"\x01\x00",  # the lowest ASCII byte, then a zero
        b"\x7f\x00",
        b"\x00\x01",
        b"\x00\x7f",
    ],
)
def test_utf16_is_refused_at_the_first_byte(data: bytes) -> None:
    problem = Problem("f.yaml", 1, 1, "file is UTF-16; save it as UTF-8")
    assert refusal(file_text.decode, "f.yaml", data) == (problem,)


@pytest.mark.parametrize("data", ["a: 1\n".encode("utf-32"), "a: 1\n".encode("utf-32-be")])
def test_utf32_with_a_byte_order_mark_is_refused_at_the_first_byte(data: bytes) -> None:
    if not data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        data = b"\x00\x00\xfe\xff" + data  # utf-32-be writes no mark: put the big-endian one first
    problem = Problem("f.yaml", 1, 1, "file is UTF-32; save it as UTF-8")
    assert refusal(file_text.decode, "f.yaml", data) == (problem,)


@pytest.mark.parametrize(
    ("data", "line", "col", "byte"),
    [
        (b"\x80\x00", 1, 1, "0x80"),  # not ASCII, so not UTF-16's pattern: a bad UTF-8 byte
        (b"\x00\x80", 1, 2, "0x80"),
        (b"a: 1\nb: \xff\n", 2, 4, "0xff"),
        ("é\n".encode() + b"\xe9", 2, 1, "0xe9"),
        ("aé".encode() + b"\xff", 1, 3, "0xff"),  # columns count letters, not bytes
    ],
)
def test_a_byte_that_is_not_utf8_is_named_at_its_line_and_column(data: bytes, line: int, col: int, byte: str) -> None:
    problem = Problem("f.yaml", line, col, f"byte {byte} is not UTF-8; save the file as UTF-8")
    assert refusal(file_text.decode, "f.yaml", data) == (problem,)


def test_the_size_bound_is_inclusive(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"abcd")
    assert file_text.read_text(str(path), max_bytes=4) == "abcd"
    assert file_text.decode("f.yaml", b"abcd", max_bytes=4) == "abcd"
    path.write_bytes(b"abcde")
    too_large = Problem(str(path), 0, 0, "file is too large (over 4 bytes)")
    assert refusal(file_text.read_text, str(path), 4) == (too_large,)
    assert refusal(file_text.decode, str(path), b"abcde", 4) == (too_large,)


def test_the_default_bound_is_one_mebibyte(tmp_path: Path) -> None:
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a" * file_text.MAX_BYTES)
    assert len(file_text.read_text(str(path))) == 1024 * 1024
    path.write_bytes(b"a" * (file_text.MAX_BYTES + 1))
    assert refusal(file_text.read_text, str(path)) == (
        Problem(str(path), 0, 0, "file is too large (over 1048576 bytes)"),
    )


def test_a_folder_or_a_missing_file_is_refused_before_opening(tmp_path: Path) -> None:
    assert refusal(file_text.read_text, str(tmp_path)) == (Problem(str(tmp_path), 0, 0, "is a directory, not a file"),)
    missing = str(tmp_path / "nope.yaml")
    assert refusal(file_text.read_text, missing) == (Problem(missing, 0, 0, "no such file"),)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_what_is_not_a_regular_file_says_what_it_is(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert file_text.not_a_file(str(fifo)) == "is a FIFO (named pipe), not a regular file"
    assert file_text.not_a_file(os.devnull) == "is a device, not a regular file"
    plain = tmp_path / "f.yaml"
    plain.write_text("a: 1\n", encoding="utf-8")
    assert file_text.not_a_file(str(plain)) == ""


def test_a_socket_is_not_a_regular_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if not hasattr(socket, "AF_UNIX"):
        pytest.skip("no Unix sockets here")
    monkeypatch.chdir(tmp_path)  # a short relative name: a socket's path has a length limit of about 100
    with socket.socket(socket.AF_UNIX) as s:
        s.bind("s")
        assert file_text.not_a_file("s") == "is not a regular file"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("a\0b.yaml", "cannot be read: its name contains a NUL character"),
        # a name too long: the system's own words for it
        ("x" * 5000, f"cannot be read: {os.strerror(errno.ENAMETOOLONG)}"),
    ],
)
def test_a_name_that_can_never_be_a_file_is_refused_with_why(name: str, message: str) -> None:
    if name.startswith("x") and os.name != "posix":
        pytest.skip("the length limit and its errno are POSIX's")
    assert file_text.not_a_file(name) == message
    assert refusal(file_text.read_text, name) == (Problem(name, 0, 0, message),)


def raising(error: BaseException) -> Callable[..., NoReturn]:
    def fail(*_args: object, **_kwargs: object) -> NoReturn:
        raise error

    return fail


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (PermissionError(13, "Permission denied"), "permission denied"),
        (OSError(5, "Input/output error"), "cannot be read: Input/output error"),
        (OSError("no errno"), "cannot be read: no errno"),
    ],
)
def test_a_file_that_cannot_be_looked_at_is_refused_with_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, message: str
) -> None:
    # Reachable for real only as a user without rights (a test run as root reads everything): the call is faked.
    path = str(tmp_path / "f.yaml")
    monkeypatch.setattr(os, "stat", raising(error))
    assert file_text.not_a_file(path) == message


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (FileNotFoundError(2, "No such file or directory"), "no such file"),  # gone between the look and the open
        (PermissionError(13, "Permission denied"), "permission denied"),
        (OSError(5, "Input/output error"), "cannot read: Input/output error"),
        (OSError("no errno"), "cannot read: no errno"),
    ],
)
def test_a_file_that_cannot_be_opened_is_refused_with_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError, message: str
) -> None:
    path = tmp_path / "f.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    monkeypatch.setattr(file_text, "open", raising(error), raising=False)
    assert refusal(file_text.read_text, str(path)) == (Problem(str(path), 0, 0, message),)
