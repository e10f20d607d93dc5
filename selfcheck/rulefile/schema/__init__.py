"""The JSON Schema of rule files, shipped in the package so editors and `selfcheck schema` use the same file."""

from __future__ import annotations

from pathlib import Path

SCHEMA_PATH = Path(__file__).resolve().parent / "rules.schema.json"


def schema_text() -> str:
    """The schema exactly as shipped (JSON Schema draft 2020-12)."""
    return SCHEMA_PATH.read_text(encoding="utf-8")
