"""Reading rule files: strict YAML, the typed reader, the loader, the JSON Schema, sign-off."""
