"""Clinical case files: expected results run against a rule file, with coverage."""
