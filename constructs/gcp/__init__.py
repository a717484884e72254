"""gcp constructs."""
