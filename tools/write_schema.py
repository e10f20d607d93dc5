"""The JSON Schema of rule files, generated from the format spec (selfcheck/rulefile/spec.py): print or write it.

    python tools/write_schema.py --schema      print the JSON Schema generated from the spec
    python tools/write_schema.py --write       write it to selfcheck/rulefile/schema/rules.schema.json

A tool for whoever edits the spec, not a part of selfcheck: `selfcheck schema` prints the shipped file, and a
test fails when that file differs from what the spec generates.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from selfcheck.rulefile.schema import SCHEMA_PATH, generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tools/write_schema.py", description=(__doc__ or "").splitlines()[0])
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--schema", action="store_true", help="print the JSON Schema generated from the spec")
    what.add_argument("--write", action="store_true", help="write it to the schema file shipped in the package")
    args = parser.parse_args(argv)
    if args.write:
        SCHEMA_PATH.write_text(generate.schema_text(), encoding="utf-8")
        print(f"wrote {SCHEMA_PATH}")
    else:
        print(generate.schema_text(), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
