"""The CDKTF app: `cdktf synth` and `cdktf deploy` run the same pipeline as `plinth build`.

Blueprints come from PLINTH_BLUEPRINTS (paths separated by `:`; default `blueprints/`). The app
validates them, synthesizes every stack into the cdktf CLI's output folder, and then runs the
gate on that output: a failing gate exits non-zero, so `cdktf deploy` stops before `terraform init`.
"""

from __future__ import annotations

import os
import sys

from plinth.app_entry import main
from plinth.crash import guarded

if __name__ == "__main__":
    sys.exit(guarded(lambda: main(os.environ.get("PLINTH_BLUEPRINTS", "blueprints/").split(":")), "plinth (cdktf app)"))
