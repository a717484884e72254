"""The only place that starts CDKTF/jsii. Everything that needs cdktf calls `start()` first."""

from __future__ import annotations

import os
import types

from plinth import construct_lib
from plinth.compile import lazy_providers


def start() -> types.ModuleType:
    """Prepare the environment (quiet Node, no telemetry) and import cdktf once per process."""
    os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
    os.environ.setdefault("CHECKPOINT_DISABLE", "1")
    construct_lib.install()
    lazy_providers.install()
    import cdktf

    return cdktf


def stop() -> None:
    """Stop the Node process behind jsii once synthesis is done (frees its memory before the gate).

    After this, no CDKTF object may be used in this process: call it only from a command that has
    its output in hand (plinth build, main.py)."""
    import sys

    if "jsii" not in sys.modules:
        return
    from jsii import _runtime

    _runtime.kernel.provider._process.stop()
