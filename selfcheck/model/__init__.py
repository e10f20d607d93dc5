"""The rule set's records, the condition language, its English and its partial evaluation."""
