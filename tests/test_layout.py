"""The repository layout keeps its promises: ./constructs never shadows the PyPI `constructs`
package that cdktf imports, the construct modules load as `plinth_constructs`, and `plinth validate`
stays light (no cdktf, no jsii, no Node)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ROOT / "constructs"
HEAVY = ("cdktf", "jsii", "constructs", "checkov", "plinth_constructs")
ENV = {**os.environ, "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20", "PYTHONDONTWRITEBYTECODE": "1"}


def _python(code: str, cwd: Path = ROOT, env: dict | None = None, timeout: float = 60) -> str:
    proc = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env or ENV, capture_output=True,
                          text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().splitlines()[-1]


def _is_library(origin: str) -> bool:
    path = Path(origin).resolve()
    return "site-packages" in path.parts and not path.is_relative_to(LOCAL.resolve())


def test_import_constructs_from_the_root_gives_the_library() -> None:
    """`python -c` / `python main.py` from the root: the root is sys.path[0]."""
    origin = _python("import sys, constructs; assert sys.path[0] in ('', '.'); "
                     "print(constructs.__file__, hasattr(constructs, 'Construct'))")
    path, has_construct = origin.rsplit(" ", 1)
    assert _is_library(path), path
    assert has_construct == "True"


def test_import_constructs_with_the_root_inserted_first_gives_the_library(tmp_path: Path) -> None:
    """pytest (rootdir/conftest insertion) and PYTHONPATH put the root first from any cwd."""
    inserted = _python(f"import sys; sys.path.insert(0, {str(ROOT)!r}); import constructs; print(constructs.__file__)",
                       cwd=tmp_path)
    assert _is_library(inserted), inserted
    env = {**ENV, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    via_env = _python("import importlib.util; print(importlib.util.find_spec('constructs').origin)", cwd=tmp_path, env=env)
    assert _is_library(via_env), via_env


def test_the_check_would_catch_a_shadowing_package(tmp_path: Path) -> None:
    """Control: a `constructs/__init__.py` on sys.path does shadow the library, so the tests above mean something."""
    (tmp_path / "constructs").mkdir()
    (tmp_path / "constructs" / "__init__.py").write_text("")
    origin = _python("import importlib.util; print(importlib.util.find_spec('constructs').origin)", cwd=tmp_path)
    assert not _is_library(origin)


def test_constructs_folder_is_not_a_package() -> None:
    assert LOCAL.is_dir()
    assert not (LOCAL / "__init__.py").exists()
    assert not list(LOCAL.glob("__init__.*")), "no __init__ of any kind at constructs/"
    assert not (ROOT / "constructs.py").exists()


def test_install_makes_plinth_constructs_importable() -> None:
    """construct_lib.install() maps `plinth_constructs.<cloud>` onto ./constructs/<cloud> (found,
    not executed, so this stays fast however heavy the modules get), and `constructs` is still the library."""
    code = ("import importlib.util, json; from plinth import construct_lib; construct_lib.install(); "
            "found = {c: importlib.util.find_spec(f'plinth_constructs.{c}').origin for c in ('aws', 'gcp', 'azure')}; "
            "found['constructs'] = importlib.util.find_spec('constructs').origin; print(json.dumps(found))")
    found = json.loads(_python(code))
    for cloud in ("aws", "gcp", "azure"):
        assert Path(found[cloud]).resolve() == (LOCAL / cloud / "__init__.py").resolve(), found[cloud]
    assert _is_library(found["constructs"])


def test_install_is_idempotent() -> None:
    code = ("import sys; from plinth import construct_lib; m = construct_lib.install(); "
            "assert construct_lib.install() is m and sys.modules['plinth_constructs'] is m; "
            "print(list(m.__path__))")
    assert _python(code) == repr([str(LOCAL)])


def test_validate_never_loads_cdktf_or_jsii() -> None:
    """In-process `plinth validate`, on valid and invalid blueprints, in a fresh interpreter."""
    code = ("import sys, json; from plinth.cli import main; "
            "rc = [main(['validate', 'blueprints/']), main(['validate', 'tests/validation/bad/', '--format', 'json'])]; "
            f"heavy = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m.startswith('cdktf_')); "
            "print(); print(json.dumps({'rc': rc, 'heavy': heavy}))")
    result = json.loads(_python(code))
    assert result["rc"] == [0, 2]
    assert result["heavy"] == [], f"validate imported {result['heavy']}"


def test_validate_is_fast() -> None:
    plinth = Path(sys.executable).parent / "plinth"
    cmd = [str(plinth)] if plinth.exists() else [sys.executable, "-m", "plinth.cli"]
    start = time.monotonic()
    proc = subprocess.run([*cmd, "validate", "blueprints/"], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=60)
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr
    assert elapsed < 4.0, f"plinth validate took {elapsed:.1f}s (loading cdktf alone takes seconds)"
