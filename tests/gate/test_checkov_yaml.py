"""checkov on libyaml (plinth/gate/checkov_yaml.py) reads every stack exactly as checkov's own
loader does, and stands aside when checkov's loader is not what it expects."""

from __future__ import annotations

import types
from pathlib import Path

import pytest
import yaml

from plinth.gate import checkov_yaml

ROOT = Path(__file__).resolve().parents[2]
STACKS = sorted(ROOT.glob("generated/*/*/cdk.tf.json")) + sorted(ROOT.glob("tests/gate/fixtures/**/*.tf.json"))


@pytest.fixture(scope="module")
def loaders():
    from checkov.common.parsers.yaml import loader

    pure = getattr(loader, "_plinth_pure_loader", loader.SafeLineLoader)
    return pure, checkov_yaml._FastLineLoader


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="PyYAML without libyaml")
def test_every_stack_reads_the_same(loaders):
    pure, fast = loaders
    assert len(STACKS) > 20
    for path in STACKS:
        text = path.read_text()
        assert list(yaml.load_all(text, Loader=fast)) == list(yaml.load_all(text, Loader=pure)), path


def test_a_changed_checkov_loader_is_left_alone(loaders):
    pure, _ = loaders

    class Changed(yaml.SafeLoader):
        bool_values = pure.bool_values

        def construct_mapping(self, node, deep=False):
            return {}

        def something_new(self):
            return None

    module = types.SimpleNamespace(SafeLineLoader=Changed)
    assert checkov_yaml.install(module) is False and not hasattr(module, "loads")


def test_a_loader_that_reads_differently_is_left_alone(loaders):
    pure, _ = loaders

    class Different(yaml.SafeLoader):
        bool_values = pure.bool_values

        def construct_mapping(self, node, deep=False):
            mapping = super().construct_mapping(node, deep=deep)
            mapping["__startline__"] = node.start_mark.line   # not + 1: not what plinth's variant does
            return mapping

    module = types.SimpleNamespace(SafeLineLoader=Different)
    assert checkov_yaml.install(module) is False and not hasattr(module, "loads")


def test_tab_indented_json_is_read_where_checkov_alone_drops_it():
    """PyYAML's pure loader rejects tab-indented JSON, and checkov then skips the file without a
    word (a false negative for `plinth audit` of JSON written by other tools). libyaml reads it."""
    from checkov.common.parsers.yaml import loader

    assert getattr(loader.loads, "_plinth_fast", False) or checkov_yaml.install(loader)
    tabbed = '{\n\t"resource": {\n\t\t"aws_s3_bucket": {"b": {"bucket": "x"}}\n\t}\n}\n'
    with pytest.raises(yaml.YAMLError):
        list(yaml.load_all(tabbed, Loader=loader._plinth_pure_loader))
    [doc] = loader.loads(tabbed)
    assert doc["resource"]["aws_s3_bucket"]["b"] == {"bucket": "x", "__startline__": 3, "__endline__": 3}


def test_what_libyaml_refuses_goes_to_checkov_s_own_loader(monkeypatch):
    from checkov.common.parsers.yaml import loader

    assert getattr(loader.loads, "_plinth_fast", False) or checkov_yaml.install(loader)
    text = "a: 1\n? [unterminated\n"
    assert loader.loads(text) == [None]     # checkov's own answer for text it cannot read
