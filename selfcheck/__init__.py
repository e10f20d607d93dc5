"""selfcheck: a rule-based symptom self-check that says how soon to see a doctor, never what you have."""

__version__ = "0.1.0"
