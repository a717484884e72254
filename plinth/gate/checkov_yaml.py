"""checkov reads Terraform JSON through PyYAML's pure-Python loader (to get line numbers): about a
third of a checkov run over plinth's stacks. This gives checkov's SafeLineLoader libyaml's parser
underneath, with the same constructor behaviour (`__startline__` / `__endline__` on every mapping,
checkov's `bool_values`), so the documents are the same: install() itself compares both loaders on
a sample first, and tests/gate/test_checkov_yaml.py compares them on every generated stack. Without
libyaml, or when checkov's loader is not the shape this expects, nothing changes."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

SAMPLE = ('{\n  "resource": {"aws_s3_bucket": {"b": {"bucket": "x", "force_destroy": false, "tags": {"on": "yes"},\n'
          '    "n": [1, 2.5, null, "off", {"k": "v"}]}}},\n  "//": {"metadata": {"version": "0.21.0"}}\n}\n')
_KNOWN_MEMBERS = {"__module__", "__doc__", "__qualname__", "construct_mapping", "bool_values",
                  "__firstlineno__", "__static_attributes__"}


class _FastLineLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """checkov's SafeLineLoader (checkov/common/parsers/yaml/loader.py) on libyaml's parser."""

    _plinth_fast = True

    def construct_mapping(self, node: Any, deep: bool = False) -> dict:
        mapping = SafeConstructor.construct_mapping(self, node, deep=deep)
        mapping["__startline__"] = node.start_mark.line + 1
        mapping["__endline__"] = node.end_mark.line + 1
        return mapping


def install(module: ModuleType) -> bool:
    """Give `module.loads` (checkov.common.parsers.yaml.loader) libyaml's parser, only if it reads a
    sample exactly as checkov's own SafeLineLoader does; anything libyaml refuses is read as before."""
    pure = getattr(module, "SafeLineLoader", None)
    if not hasattr(yaml, "CSafeLoader") or pure is None or getattr(getattr(module, "loads", None), "_plinth_fast", False):
        return False
    if set(vars(pure)) - _KNOWN_MEMBERS:
        return False   # checkov changed its loader: keep it as it is
    _FastLineLoader.bool_values = pure.bool_values
    if list(yaml.load_all(SAMPLE, Loader=_FastLineLoader)) != list(yaml.load_all(SAMPLE, Loader=pure)):
        return False
    plain_loads = module.loads

    def loads(content: str) -> list:
        """checkov's loads() on libyaml; whatever libyaml refuses goes to checkov's own loads()."""
        try:
            return list(yaml.load_all(content, Loader=_FastLineLoader))
        except Exception:  # noqa: BLE001 - the reference loader decides, exactly as before
            return plain_loads(content)

    loads._plinth_fast = True  # type: ignore[attr-defined]
    module.loads = loads
    module._plinth_pure_loader = pure
    return True
