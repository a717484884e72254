"""Where plinth's own data lives (schemas, policies, catalogs), independent of the cwd."""

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
SCHEMAS = ROOT / "schemas"
POLICIES = ROOT / "policies"
DATA = PACKAGE / "data"
