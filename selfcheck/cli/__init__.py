"""The command line: parsing, dispatch and the one error boundary."""
