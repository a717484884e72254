"""Makes ./constructs importable as `plinth_constructs` without ever shadowing PyPI `constructs`.

./constructs deliberately has no `__init__.py`: with the repository root on sys.path (pytest,
`python main.py`), `import constructs` still finds the library cdktf needs, because a regular
package anywhere on sys.path wins over a folder without `__init__.py`.
"""

from __future__ import annotations

import sys
import types

from plinth.paths import ROOT

NAME = "plinth_constructs"


def install() -> types.ModuleType:
    """Register the package once; later imports of `plinth_constructs.aws.…` resolve in ./constructs."""
    module = sys.modules.get(NAME)
    if module is None:
        module = types.ModuleType(NAME, "plinth's CDKTF constructs (./constructs)")
        module.__path__ = [str(ROOT / "constructs")]
        module.__package__ = NAME
        sys.modules[NAME] = module
    return module
