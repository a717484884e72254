"""The libyaml fast path of plinth/loader.py gives the same nodes, tags and marks as PyYAML's
pure-Python parser (the reference), and every text libyaml refuses goes to the reference."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from plinth import loader

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(ROOT.glob("blueprints/*.yaml")) + sorted(ROOT.glob("tests/*/blueprints/*.yaml"))
TRICKY = [
    'a: "é\u2028x"\nb: [1, 2]\nc: d\r\ne: ü f\n',
    "a: &x {b: 1}\nc: *x\n*x : 2\n",
    "k: |\n  line one\n  line two\nm: >-\n  folded\n  text\n",
    "? [complex, key]\n: v\nlist:\n- 1\n-  - 2\n   - 3\n",
    "s: 'it''s'\nt: !!str 12\nu: 0x1F\nv: 1_000\nw: ~\n",
]


def _shape(node) -> object:
    marks = (node.start_mark.line, node.start_mark.column, node.end_mark.line, node.end_mark.column)
    if isinstance(node, yaml.ScalarNode):
        return (type(node).__name__, node.tag, node.value, node.style, marks)
    if isinstance(node, yaml.MappingNode):
        return (type(node).__name__, node.tag, marks, [(_shape(k), _shape(v)) for k, v in node.value])
    return (type(node).__name__, node.tag, marks, [_shape(v) for v in node.value])


def _both(text: str):
    def compose(cls):
        try:
            return _shape(yaml.compose(text, Loader=cls))
        except yaml.YAMLError as exc:
            return type(exc).__name__
    return compose(loader._FastBoundedLoader), compose(loader._BoundedLoader)


pytestmark = pytest.mark.skipif(loader._CParser is None, reason="PyYAML without libyaml")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: str(p.relative_to(ROOT)))
def test_blueprints_compose_identically(path):
    fast, reference = _both(path.read_text())
    assert fast == reference


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_yaml_composes_identically(text):
    fast, reference = _both(text)
    assert fast == reference and not isinstance(fast, str)


def test_two_documents_are_refused_by_both():
    assert _both("a: 1\n---\nb: 2\n") == ("ComposerError", "ComposerError")


def test_refused_and_unprintable_text_is_reported_by_the_reference(monkeypatch):
    used = []
    real = yaml.compose

    def spy(text, Loader):
        used.append(Loader.__name__)
        return real(text, Loader=Loader)

    monkeypatch.setattr(yaml, "compose", spy)
    with pytest.raises(yaml.YAMLError):
        loader._compose("a: [1, 2\n")
    assert used == ["_FastBoundedLoader", "_BoundedLoader"]
    used.clear()
    with pytest.raises(yaml.YAMLError):
        loader._compose("a: b\x07c\n")
    assert used == ["_BoundedLoader"]
