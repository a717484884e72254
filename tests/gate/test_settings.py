"""policies/settings.yaml: the blueprint setting that decides a check. Every check it names exists
in the catalog, every setting exists in the component's schema, and findings point at the key the
blueprint wrote (tests/aws/test_aws_finding_positions.py)."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from plinth.gate import settings

ROOT = Path(__file__).resolve().parents[2]


def _schema_has(kind: str, path: tuple[str, ...]) -> bool:
    node = json.loads((ROOT / "schemas" / "components" / f"{kind}.schema.json").read_text())
    for key in path:
        props = node.get("properties", {})
        if key not in props:
            return False
        node = props[key]
    return True


def test_every_check_is_in_the_catalog_and_every_setting_in_the_schema():
    from plinth.gate.catalog import load_catalog

    catalog = load_catalog()
    known = {c for control in catalog.controls for cloud in control.clouds.values()
             for c in (*cloud.checkov, *cloud.custom, *cloud.presence)}
    rows = yaml.safe_load(settings.SETTINGS.read_text())["settings"]
    assert rows
    for row in rows:
        assert set(row["checks"]) <= known, set(row["checks"]) - known
        assert _schema_has(row["kind"], tuple(row["setting"])), row


def test_lookup_is_by_check_and_kind():
    assert settings.setting_for("CKV_AWS_21", "data_lake") == ("versioning",)
    assert settings.setting_for("CKV_AWS_21", "network") is None
    assert settings.setting_for("PLN_AWS_008", "data_lake") == ("cache", "backup_retention_days")
    assert settings.setting_for("CKV_AWS_21", None) is None
