"""The last line of defence: an exception no check anticipated becomes one clear message and exit
code 70 (EX_SOFTWARE), not a traceback. Every error a user can cause has its own positioned message
before this; reaching here is a bug in plinth. PLINTH_DEBUG=1 shows the traceback."""

from __future__ import annotations

import os
import sys
from typing import Callable

EXIT_INTERNAL = 70


def guarded(run: Callable[[], int], command: str) -> int:
    try:
        return run()
    except KeyboardInterrupt:
        print(f"{command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # noqa: BLE001 - the point of this function
        if os.environ.get("PLINTH_DEBUG"):
            raise
        detail = str(exc).splitlines()[0] if str(exc) else ""
        print(f"{command}: internal error: {type(exc).__name__}{': ' + detail if detail else ''}\n"
              "  This is a bug in plinth, not something your blueprint should have to avoid.\n"
              "  Please report it with the blueprint (PLINTH_DEBUG=1 shows the traceback).", file=sys.stderr)
        return EXIT_INTERNAL
