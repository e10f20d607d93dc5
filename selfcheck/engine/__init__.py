"""The pure engine: the next question, what still applies, the result, sessions, answers files."""
