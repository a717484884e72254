"""The controls catalog: well-formed, every check real, docs and the taggable map current."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from gate_paths import BUILDS, ROOT

from plinth.gate.catalog import CATALOG_FILE, CLOUDS, SCHEMA_FILE, schema_errors

PREFIXES = {"aws": ("CKV_AWS_", "CKV2_AWS_", "PLN_AWS_", "PLN_PRES_"),
            "gcp": ("CKV_GCP_", "CKV2_GCP_", "PLN_GCP_", "PLN_PRES_"),
            "azure": ("CKV_AZURE_", "CKV2_AZURE_", "PLN_AZ_", "PLN_PRES_")}
PROVIDER_ENTITIES = {"aws", "google", "azurerm"}


def test_catalog_schema_is_a_valid_schema():
    jsonschema.Draft202012Validator.check_schema(json.loads(SCHEMA_FILE.read_text()))


def test_catalog_matches_its_schema():
    assert schema_errors(yaml.safe_load(CATALOG_FILE.read_text())) == []


def test_schema_rejects_unknown_keys_and_missing_notes():
    data = yaml.safe_load(CATALOG_FILE.read_text())
    data["controls"][0]["colour"] = "red"
    data["controls"][1]["clouds"]["aws"] = {"evidence": "manual"}
    data["controls"].append(dict(data["controls"][2]))
    errors = schema_errors(data)
    assert any("colour" in e for e in errors)
    assert any("controls[1].clouds.aws" in e and "note" in e for e in errors)
    errors = schema_errors({**yaml.safe_load(CATALOG_FILE.read_text()),
                            "controls": [data["controls"][2], data["controls"][2]]})
    assert errors == ["$.controls: duplicate control id NET-03"]


def test_exemptions_are_data_with_a_reason_and_name_a_check_of_their_control():
    data = yaml.safe_load(CATALOG_FILE.read_text())
    enc = next(c for c in data["controls"] if c["id"] == "ENC-01")
    enc["clouds"]["aws"]["exemptions"].append({"check": "CKV_AWS_24", "applies_to": "access_log_target",
                                               "reason": "A reason that is long enough to pass the schema's length."})
    enc["clouds"]["aws"]["exemptions"].append({"check": "CKV_AWS_19", "applies_to": "other_kinds",
                                               "reason": "A reason that is long enough to pass the schema's length."})
    errors = schema_errors(data)
    assert any("kinds" in e for e in errors), errors
    del enc["clouds"]["aws"]["exemptions"][-1]
    assert schema_errors(data) == ["$.controls[4].clouds.aws.exemptions[1]: CKV_AWS_24 is not a check of ENC-01 on aws"]
    enc["clouds"]["aws"]["exemptions"][-1] = {"check": "CKV_AWS_19", "applies_to": "access_log_target", "reason": "short"}
    assert any("reason" in e or "short" in e for e in schema_errors(data))


def test_the_exemptions_are_pinned(catalog):
    """Each is a decision with its reason (docs/controls, the Markdown report); review any change."""
    assert sorted((c.id, cloud, e.check, e.applies_to, e.kinds) for c in catalog.controls
                  for cloud in CLOUDS for e in c.clouds[cloud].exemptions) == [
        ("BAK-01", "aws", "CKV_AWS_144", "other_kinds", ("data_lake",)),
        ("ENC-01", "aws", "CKV_AWS_145", "access_log_target", ()),
        ("LOG-01", "aws", "PLN_AWS_003", "absent_kinds", ("data_lake",)),
        ("LOG-02", "aws", "CKV_AWS_18", "access_log_target", ()),
        ("LOG-02", "gcp", "CKV_GCP_62", "access_log_target", ())]


def test_the_control_list_is_pinned(catalog):
    assert [c.id for c in catalog.controls] == [
        "NET-01", "NET-02", "NET-03", "NET-04", "ENC-01", "ENC-02", "ENC-03", "ENC-04", "KEY-01", "TLS-01",
        "IAM-01", "AUTH-01", "AUTH-02", "PUB-01", "AI-01", "LOG-01", "LOG-02", "LOG-03", "LOG-04", "BAK-01",
        "VUL-01", "VUL-02", "MON-01", "INV-01", "PHY-01", "BAA-01"]
    assert sorted(c.id for c in catalog.controls if c.unwaivable) == ["LOG-01", "NET-01", "PUB-01"]


def test_every_control_cites_a_framework(catalog):
    for c in catalog.controls:
        assert c.hipaa or c.pci, c.id


def test_every_checkov_id_exists_in_the_pinned_checkov(catalog):
    from plinth.gate import checkov_engine

    assert checkov_engine.version() == catalog.checkov_version
    known = set(checkov_engine.registry())
    missing = sorted(set(catalog.check_ids(kind="checkov")) - known)
    assert missing == []


@pytest.mark.parametrize("cloud", CLOUDS)
def test_checks_belong_to_their_cloud(catalog, cloud):
    for c in catalog.controls:
        for check in c.clouds[cloud].checks:
            assert check.startswith(PREFIXES[cloud]), f"{c.id}/{cloud}: {check}"


@pytest.mark.parametrize("cloud", CLOUDS)
def test_each_check_inspects_resources_its_control_lists(catalog, cloud):
    """Catches a mistyped ID: the check's resource types must meet the control's."""
    from plinth.gate import checkov_engine

    registry = checkov_engine.registry()
    for c in catalog.controls:
        ev = c.clouds[cloud]
        for check in ev.checkov + ev.custom:
            types = set(registry[check][1])
            assert types & (set(ev.resources) | PROVIDER_ENTITIES), f"{c.id}/{cloud}: {check} inspects {types}"


def test_custom_checks_and_catalog_agree(catalog):
    files = {p.stem for p in (ROOT / "policies" / "checks").glob("PLN_*.py")}
    assert set(catalog.check_ids(kind="custom")) == files


def test_presence_checks_and_catalog_agree(catalog):
    from plinth.gate.presence import all_checks

    checks = all_checks()
    assert set(catalog.check_ids(kind="presence")) == set(checks)
    for c in catalog.controls:
        for cloud in CLOUDS:
            for pid in c.clouds[cloud].presence:
                assert cloud in checks[pid].clouds, f"{c.id}: {pid} does not run on {cloud}"


def test_unscoped_types_are_not_also_inspected(catalog):
    inspected = {t for cloud in CLOUDS for t in catalog.resource_types(cloud)}
    assert sorted(inspected & set(catalog.unscoped)) == []


def _emitted_types(root: Path) -> set[str]:
    from plinth.gate.stacks import load_stack

    types = set()
    for manifest in root.glob("*/manifest.json"):
        data = json.loads(manifest.read_text())
        for role, ref in data["stacks"].items():
            types |= {r.type for r in load_stack(role, manifest.parent / ref["file"]).resources if r.mode == "resource"}
    return types


@pytest.mark.parametrize("root", [ROOT / "generated", BUILDS], ids=["generated", "fixtures"])
def test_every_emitted_resource_type_is_covered(catalog, root):
    types = _emitted_types(root)
    if not types:
        pytest.skip(f"nothing synthesized under {root.relative_to(ROOT)}")
    assert sorted(types - catalog.covered_types()) == [], "add them to a control's resources or to unscoped_resource_types"


def test_taggable_map_is_current(catalog):
    from plinth.gate import taggable

    assert taggable.TAGGABLE_FILE.read_text() == taggable.generate(catalog.covered_types()), \
        "run `python -m plinth.gate.taggable`"


def test_control_docs_are_current():
    from plinth.gate import docs

    for path, text in docs.expected().items():
        assert path.is_file() and path.read_text() == text, f"{path} is stale: run `python -m plinth.gate.docs`"


def test_docs_list_each_framework_controls(catalog):
    from plinth.gate import docs

    texts = {p.stem: t for p, t in docs.expected().items()}
    assert "| **NET-03** Outbound traffic restricted | 1.3.2 |" in texts["pci"]
    assert "NET-03" not in texts["hipaa"]          # PCI only
    assert "| 164.312(b) | NET-04, LOG-01, LOG-02, LOG-04 |" in texts["hipaa"]
