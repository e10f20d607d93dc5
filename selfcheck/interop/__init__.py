"""Exchange with other systems' formats."""
