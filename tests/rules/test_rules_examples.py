"""The findings the bundled examples produce today, exactly. None may have severity error."""

from __future__ import annotations

import pytest

from plinth.pipeline import validate_paths
from plinth.rules import ERROR, run

from _rule_helpers import ROOT

EXPECTED = {
    "blueprints/fraud-inference.yaml": [],
    "blueprints/global-inference.yaml": [
        ("AIX-010", "info", "embed", 31, 18,
         "serving endpoint `embed` uses `aws-inferentia2` (inferentia, 32 GB), which only aws offers; "
         "nearest GPU by memory: gcp `nvidia-l4` (24 GB), azure `nvidia-t4` (16 GB)"),
    ],
    "blueprints/imaging-training.yaml": [],
    "blueprints/llm-finetune.yaml": [],
}


@pytest.fixture(scope="module")
def examples():
    import os

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = validate_paths(["blueprints/"])
    finally:
        os.chdir(cwd)
    assert result.ok
    return {bp.file: bp for bp in result.blueprints}


def test_examples_findings_exactly(examples):
    got = {file: [(f.rule, f.severity, f.component, f.line, f.column, f.message) for f in run(bp)]
           for file, bp in examples.items()}
    assert got == EXPECTED


def test_no_example_has_an_error_finding(examples):
    assert [f for bp in examples.values() for f in run(bp) if f.severity == ERROR] == []
