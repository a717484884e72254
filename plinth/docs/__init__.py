"""Documentation generated from data, and the list of every generated doc.

    python -m plinth.docs            # regenerate every generated doc that is out of date
    python -m plinth.docs --check    # exit 1 (naming the command to run) when one is out of date

Each generated doc has its own generator module with `expected() -> {path: text}` (or, for
plinth.rules.docs, `DOC` and `render()`); `GENERATED_DOCS` lists them with the command that
regenerates each. tests/docs/test_docs_current.py fails when a committed doc differs, and when a doc
under docs/ says it is generated but is not listed here.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

from plinth.paths import ROOT


@dataclass(frozen=True)
class GeneratedDoc:
    paths: tuple[str, ...]   # relative to the repository root
    module: str              # the generator; `python -m <module>` regenerates the paths
    source: str              # what the doc is generated from

    @property
    def command(self) -> str:
        return f"python -m {self.module}"

    def expected(self) -> dict[Path, str]:
        """{absolute path: text it must have}. Imports the generator only when asked."""
        gen = importlib.import_module(self.module)
        out = gen.expected() if hasattr(gen, "expected") else {gen.DOC: gen.render()}
        listed = {ROOT / p for p in self.paths}
        if set(out) != listed:
            raise ValueError(f"{self.module} generates {sorted(map(str, out))}, "
                             f"GENERATED_DOCS lists {sorted(map(str, listed))}")
        return out


GENERATED_DOCS: tuple[GeneratedDoc, ...] = (
    GeneratedDoc(("docs/blueprints.md",), "plinth.docs.blueprint_reference", "schemas/*.schema.json"),
    GeneratedDoc(("docs/rules.md",), "plinth.rules.docs", "the rule pack in plinth/rules/"),
    GeneratedDoc(("docs/controls/hipaa.md", "docs/controls/pci.md"), "plinth.gate.docs",
                 "policies/controls.yaml and the check names"),
)


def stale() -> list[tuple[Path, GeneratedDoc]]:
    """Every generated doc whose committed text differs from what its generator makes now."""
    out = []
    for doc in GENERATED_DOCS:
        for path, text in doc.expected().items():
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                out.append((path, doc))
    return out
