"""plinth's own data files read through libyaml (plinth/datafile.py) give exactly what PyYAML's
pure loader gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from plinth import datafile

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted([*ROOT.glob("plinth/data/*.yaml"), *ROOT.glob("policies/*.yaml"), *ROOT.glob("policies/data/*.yaml")])


def test_there_are_data_files():
    names = {p.name for p in FILES}
    assert {"accelerators.yaml", "prices.yaml", "regions.yaml", "controls.yaml", "settings.yaml"} <= names


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_same_data_as_the_pure_loader(path):
    assert datafile.load(path) == yaml.safe_load(path.read_text(encoding="utf-8"))
