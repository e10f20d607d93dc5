"""`selfcheck analyze` and `diff`: the answer space, walks, findings, requirements, wording."""
