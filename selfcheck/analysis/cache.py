"""The figures of a finished analysis, kept by content so `review` after `analyze` need not walk the answers again.

The key is a SHA-256 of everything the figures depend on: the rule file's text, the language its texts are
read in, the day (the review date checks depend on it), selfcheck's version and the source of selfcheck
itself (so an edited checkout never reads figures an older analysis made). Only a complete analysis is
kept. The folder is $SELFCHECK_CACHE, else $XDG_CACHE_HOME/selfcheck, else ~/.cache/selfcheck;
SELFCHECK_CACHE=off keeps nothing. Keeping figures removes ours written a day before them. A folder that
cannot be read or written is skipped without a word: the analysis is then simply run again.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import zlib
from functools import cache
from pathlib import Path
from typing import Any

from selfcheck import __version__
from selfcheck.model.records import sha256_hex
from selfcheck.model.ruleset import RuleSet

ENV = "SELFCHECK_CACHE"
MAX_AGE_SECONDS = 24 * 60 * 60  # figures older than this are another day's, which no key asks for again


def folder() -> Path | None:
    """Where analyses are kept, or None when SELFCHECK_CACHE is off."""
    given = os.environ.get(ENV, "")
    if given == "off":
        return None
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "selfcheck"


def key(ruleset: RuleSet, today: datetime.date | None = None) -> str:
    """The key of an analysis of ruleset on today (by default the real today)."""
    # SHA-256 without hashlib, which loads OpenSSL (model.records.sha256_hex; with tempfile, 8 ms of analyze).
    parts = (__version__, _source_digest(), ruleset.language, (today or datetime.date.today()).isoformat())
    return sha256_hex(b"".join(part.encode("utf-8") + b"\0" for part in parts) + ruleset.text.encode("utf-8"))


@cache
def _source_digest() -> str:
    """A digest of selfcheck's own modules: a changed analysis never reads an old one's figures. Each module
    counts by its name, length and CRC-32 (zlib: 1 ms for the 850 KB; SHA-256 over the text without OpenSSL
    took 5 ms): an edit that keeps both is one in four billion, and would only show a review older figures."""
    top = Path(__file__).resolve().parent.parent  # the selfcheck package
    parts = []
    for path in sorted(top.rglob("*.py")):
        text = path.read_bytes()
        parts.append(f"{path.relative_to(top).as_posix()}\0{len(text)}\0{zlib.crc32(text)}\0")
    return sha256_hex("".join(parts).encode("utf-8"))


def load(name: str) -> dict[str, Any] | None:
    """The figures kept under name, or None."""
    where = folder()
    if where is None:
        return None
    try:
        data = json.loads((where / f"analysis-{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def store(name: str, data: dict[str, Any]) -> None:
    """Keep the figures under name (written whole or not at all)."""
    where = folder()
    if where is None:
        return
    # A name of this process's own, made with O_EXCL as tempfile would (without importing it: shutil, random,
    # bz2 and lzma come with it).
    tmp = os.path.join(where, f".analysis-{os.getpid()}-{name[:16]}.tmp")
    try:
        where.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError:
        return
    target = where / f"analysis-{name}.json"
    replaced = False
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f)
        os.replace(tmp, target)
        replaced = True
    except OSError:
        return  # no figures kept this time; the analysis that made them is reported all the same
    finally:
        if not replaced:  # a failed write, or Ctrl-C in the middle of one (which goes on up)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _remove_old(where, target)


def _remove_old(where: Path, written: Path) -> None:
    """Remove figures (and temporary files of processes killed mid-write) last written a day before `written`.

    A key has its day in it, so nothing reads them again; without this the folder would grow by a file for
    every day and every edit analysed, for ever. Only names this module makes are touched: SELFCHECK_CACHE
    may name a folder that holds other files too.
    """
    try:
        # The time of the file just written, not time.time(): a network folder stamps files by its own clock.
        before = os.stat(written).st_mtime - MAX_AGE_SECONDS
    except OSError:
        return
    with contextlib.suppress(OSError), os.scandir(where) as entries:
        for entry in entries:
            if _ours(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < before:
                        os.unlink(entry.path)


def _ours(name: str) -> bool:
    """A name store() makes: analysis-<64 hex digits>.json, or .analysis-<pid>-<16 hex digits>.tmp."""
    if name.startswith("analysis-") and name.endswith(".json"):
        digest = name[len("analysis-") : -len(".json")]
        return len(digest) == 64 and _made_of(digest, "0123456789abcdef")
    if name.startswith(".analysis-") and name.endswith(".tmp"):
        pid, _, digest = name[len(".analysis-") : -len(".tmp")].partition("-")
        return _made_of(pid, "0123456789") and len(digest) == 16 and _made_of(digest, "0123456789abcdef")
    return False


def _made_of(text: str, allowed: str) -> bool:
    """Text of one or more of the allowed characters (str.isdigit would also take '²' and other digits)."""
    return bool(text) and all(c in allowed for c in text)
