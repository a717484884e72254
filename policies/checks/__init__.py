"""plinth custom checkov checks: one per file, named by its ID (loaded with --external-checks-dir)."""
