"""Where a command's output goes: the screen or a new file (--output, --force), in the format asked or named."""

from __future__ import annotations

import os
import sys

from selfcheck.cli.error_handler import EXIT_OK, EXIT_PROBLEMS
from selfcheck.errors import visible
from selfcheck.model.records import TYPE_CHECKING

if TYPE_CHECKING:
    from selfcheck.engine.answers import Reading

EXTENSION_FORMATS = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".json": "json"}
EXTENSION_FORMATS.update({".html": "html", ".htm": "html"})
EXTENSION_FORMATS.update({".svg": "svg", ".dot": "dot", ".gv": "dot", ".mmd": "mermaid", ".mermaid": "mermaid"})


def output_format(command: str, given: str | None, output: str | None, formats: tuple[str, ...]) -> str | None:
    """The format to write: --format if given, else the one --output's extension names (saying so), else the first.

    None (after telling the person why) when the extension names a format the command cannot write.
    """
    if given or not output:
        return given or formats[0]
    extension = os.path.splitext(output)[1].lower()
    fmt = EXTENSION_FORMATS.get(extension)
    if fmt is None:
        return formats[0]
    if fmt not in formats:
        print(
            f"selfcheck {command}: cannot write {fmt} (from the name {output}); the formats are "
            f"{', '.join(formats)}: choose one with --format",
            file=sys.stderr,
        )
        return None
    return fmt


def from_name(given: str | None, output: str | None, fmt: str, default: str) -> str:
    """What the saved message adds when --output's name chose the format: said once the file is written."""
    return f" in {fmt} (from its name; --format chooses another)" if not given and output and fmt != default else ""


def emit(text: str, output: str | None, force: bool, what: str, note: str = "") -> int:
    """The text on the screen, or in a new file (replacing one only with --force) with a line saying so."""
    from selfcheck.ui.saving import write_new  # only here: tempfile and pathlib cost about 5 ms at start-up

    if output is not None:
        write_new(output, text, force)
        print(f"Saved the {what} to {visible(output)}{note}.")
    else:
        sys.stdout.write(text)
    return EXIT_OK


def after_result(reading: Reading) -> int:
    """Once the result is out: the answers that were ignored, then the problems; exit 1 if there are any."""
    sys.stdout.flush()
    for warning in reading.warnings:
        print(warning._replace(message=f"warning: {warning.message}"), file=sys.stderr)
    for problem in reading.problems:
        print(problem, file=sys.stderr)
    return EXIT_PROBLEMS if reading.problems else EXIT_OK
