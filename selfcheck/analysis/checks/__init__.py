"""The analysis checks, one module each: ID, FAMILY, WALKS and check(ctx) yielding Findings (see ../registry.py)."""
