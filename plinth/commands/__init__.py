"""One module per CLI command; each has `register(subparsers)` and `run(args) -> int`."""

COMMANDS = ("validate", "synth", "check", "audit", "build", "accelerators", "schema", "rules", "lint", "cost", "graph", "coverage")
