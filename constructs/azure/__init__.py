"""azure constructs."""
