"""aws constructs."""
