"""The runners that talk to a person in a terminal: arrow keys, plain numbered mode, saving, stopping."""
