"""Every custom check (policies/checks/PLN_*.py) has a passing and a failing fixture, and gives
exactly the expected results on them: resources named pass_* pass, fail_* fail, skip_* get none."""

from __future__ import annotations

import ast
import re

import pytest

from plinth.gate.addresses import resolve
from plinth.gate.stacks import load_stack

from gate_paths import FIXTURES, ROOT

CHECKS_DIR = ROOT / "policies" / "checks"
CHECK_IDS = sorted(p.stem for p in CHECKS_DIR.glob("PLN_*.py"))
ID_PATTERN = re.compile(r"^PLN_(AWS|GCP|AZ)_[0-9]{3}$")


def test_checks_found():
    assert len(CHECK_IDS) >= 20
    assert all(ID_PATTERN.match(i) for i in CHECK_IDS), CHECK_IDS


def test_only_checks_and_the_library_in_the_checks_folder():
    names = sorted(p.name for p in CHECKS_DIR.glob("*.py"))
    assert set(names) == {f"{i}.py" for i in CHECK_IDS} | {"__init__.py", "plinth_checklib.py"}


@pytest.mark.parametrize("check_id", CHECK_IDS)
def test_check_file_declares_its_own_id_and_ends_with_an_instance(check_id):
    source = (CHECKS_DIR / f"{check_id}.py").read_text()
    tree = ast.parse(source)
    assert f'"{check_id}"' in source
    last = tree.body[-1]
    assert isinstance(last, ast.Assign) and last.targets[0].id == "check", "checkov needs `check = Cls()` last"
    assert ast.get_docstring(tree), "each check explains itself"


def test_checks_are_registered_with_checkov(custom_fixture_run):
    from plinth.gate.checkov_engine import registry

    assert set(CHECK_IDS) <= set(registry())


@pytest.mark.parametrize("check_id", CHECK_IDS)
def test_custom_check_fixtures(check_id, custom_fixture_run):
    from plinth.gate.checkov_engine import registry

    supported = registry()[check_id][1]
    for kind in ("pass", "fail"):
        path = FIXTURES / check_id / f"{kind}.tf.json"
        assert path.is_file(), f"{check_id} needs {path.relative_to(ROOT)}"
        stack = load_stack(kind, path)
        names = [r.name for r in stack.resources]
        assert names and all(n.startswith(("pass_", "fail_", "skip_")) for n in names), names
        got = {"pass": set(), "fail": set()}
        for raw in custom_fixture_run.results:
            if raw.check_id == check_id and raw.file == path.resolve():
                got["pass" if raw.passed else "fail"].add(resolve(raw.resource, stack, supported)[0])
        expected = {k: {r.address for r in stack.resources if r.name.startswith(k + "_")} for k in ("pass", "fail")}
        assert got == expected, f"{path.relative_to(ROOT)}"
    assert expected["fail"], "the fail fixture must hold at least one failing resource"


def test_fixtures_exist_only_for_checks():
    assert sorted(p.name for p in FIXTURES.glob("PLN_*") if p.is_dir()) == CHECK_IDS


def test_no_parse_errors_or_logged_errors(custom_fixture_run):
    assert custom_fixture_run.parsing_errors == ()
    assert custom_fixture_run.log_errors == ()


def test_known_false_negatives_stay_closed(custom_fixture_run):
    """checkov misses these (research §0); our checks must not."""
    from plinth.gate.checkov_engine import run_checkov

    sg = FIXTURES / "PLN_AWS_001" / "fail.tf.json"
    storage = FIXTURES / "PLN_AZ_001" / "fail.tf.json"
    run = run_checkov([sg, storage], ["CKV_AWS_24", "CKV_AZURE_3"])
    passed_by_checkov = {(r.check_id, r.resource) for r in run.results if r.passed}
    # checkov's own checks pass them (the reason for PLN_AWS_001 and PLN_AZ_001) ...
    assert ("CKV_AWS_24", "resource.fail_ssh_null_prefix_lists") in passed_by_checkov
    assert ("CKV_AZURE_3", "resource.fail_http_allowed_4x") in passed_by_checkov
    # ... and ours fail them.
    failed_by_us = {(r.check_id, r.resource) for r in custom_fixture_run.results if not r.passed}
    assert ("PLN_AWS_001", "resource.fail_ssh_null_prefix_lists") in failed_by_us
    assert ("PLN_AZ_001", "resource.fail_http_allowed_4x") in failed_by_us
