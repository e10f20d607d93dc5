"""The one error boundary: everything a person can cause becomes a message and an exit code, never a traceback."""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Callable

from selfcheck.errors import SelfcheckError, visible

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def _show_unshowable_as_question_marks() -> None:
    """A terminal that cannot show a character (PYTHONIOENCODING=ascii or LC_ALL=C and Spanish texts, say)
    gets '?', not an internal error: advice with a few '?' in it is still advice."""
    if isinstance(sys.stdout, io.TextIOWrapper) and sys.stdout.errors in ("strict", "surrogateescape"):
        import codecs

        codecs.register_error("selfcheck", _unshowable)
        sys.stdout.reconfigure(errors="selfcheck")


def _stream_failure(e: OSError) -> str:
    """What went wrong with a standard stream (or a file named in the error), in words."""
    if e.filename:
        return f"{visible(str(e.filename))}: {e.strerror or e}"
    if e.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return f"cannot write the output: {e.strerror}"
    return f"reading the input or writing the output failed: {e.strerror or e}"


def handled(command: Callable[[], int]) -> int:
    """Run the command: the one error boundary, so nothing a person causes shows a traceback."""
    from selfcheck.ui import stopping

    if sys.stdout is None:  # started with stdout closed (`>&-`): nowhere to show anything
        print("selfcheck: standard output is closed, so nothing can be shown", file=sys.stderr)
        return EXIT_USAGE
    _show_unshowable_as_question_marks()
    try:
        code = command()
        sys.stdout.flush()  # here, so a full disk or a closed pipe is met inside this boundary
        return code
    except SelfcheckError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        if e.note:
            print(e.note, file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt as e:
        print("\nStopped. Nothing was saved.", file=sys.stderr)
        return stopping.exit_code(e, EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader went away (for example `| head`); there is nobody left to tell. Exit 2, as for any
        # standard output that cannot be written (the README's exit codes).
        _drop_stdout()
        return EXIT_USAGE
    except OSError as e:
        # Every file selfcheck opens names itself in a SelfcheckError; what is left is a standard stream:
        # stdout full (`> /dev/full`) or gone, or the terminal hung up.
        _drop_stdout()
        print(f"selfcheck: {_stream_failure(e)}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as e:  # a bug in selfcheck, not something the user did
        if os.environ.get("SELFCHECK_DEBUG"):
            raise
        print(
            f"selfcheck: internal error ({type(e).__name__}: {e}); please report it. "
            "Set SELFCHECK_DEBUG=1 to see the details.",
            file=sys.stderr,
        )
        return EXIT_BUG


def _unshowable(error: UnicodeError) -> tuple[str | bytes, int]:
    """'?' for a character the output cannot encode; bytes read with surrogateescape are written back as they came."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chunk = error.object[error.start : error.end]
    if all(0xDC80 <= ord(ch) <= 0xDCFF for ch in chunk):
        return bytes(ord(ch) - 0xDC00 for ch in chunk), error.end
    return "?" * len(chunk), error.end


def _drop_stdout() -> None:
    """Point stdout at /dev/null once it cannot be written, so the final flush cannot fail again at exit."""
    import contextlib

    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
