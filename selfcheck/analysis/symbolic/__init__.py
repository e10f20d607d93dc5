"""The symbolic (BDD) backend of `analyze`: the answer space as one boolean function, counted exactly (needs dd)."""
