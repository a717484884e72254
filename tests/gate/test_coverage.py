"""`plinth coverage` and policies/anchors.yaml: the anchor mapping is sound and the figures are pinned."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from plinth.cli import main
from plinth.commands.coverage import anchor_figures, load_anchors
from plinth.gate.catalog import load_catalog

ANCHOR_MD = Path("/work/shared/reference/controls-anchor-rules.md")
# Section heading prefix in controls-anchor-rules.md for each pack of anchors.yaml.
PACK_HEADINGS = {
    "cdk-nag-hipaa": "cdk-nag HIPAASecurityChecks",
    "cdk-nag-pci": "cdk-nag PCIDSS321Checks",
    "config-hipaa": "AWS Config sample pack Operational-Best-Practices-for-HIPAA-Security",
    "config-pci-v4": "AWS Config sample pack Operational-Best-Practices-for-PCI-DSS-v4.0-including-global",
}
STATUSES = {"not_applicable", "out_of_iac_scope", "gap"}


def test_every_rule_maps_to_aws_catalog_checks_or_has_a_status():
    anchors = load_anchors()
    aws_checks = set(load_catalog().check_ids(("aws",)))
    names = [r["rule"] for r in anchors["rules"]]
    assert len(names) == len(set(names)), "a rule is listed twice"
    for r in anchors["rules"]:
        assert r["packs"] and set(r["packs"]) <= set(anchors["packs"]), r["rule"]
        if r.get("maps_to"):
            assert "status" not in r, r["rule"]
            missing = set(r["maps_to"]) - aws_checks
            assert not missing, f"{r['rule']}: {sorted(missing)} not in the catalog for aws"
        else:
            assert r.get("status") in STATUSES, r["rule"]
            assert r.get("reason", "").strip() and "\n" not in r["reason"].strip(), r["rule"]


def _pack_rules_from_md() -> dict[str, set[str]]:
    sections = re.split(r"(?m)^## ", ANCHOR_MD.read_text())
    found: dict[str, set[str]] = {}
    for section in sections[1:]:
        for pack, heading in PACK_HEADINGS.items():
            if section.startswith(heading):
                found[pack] = {line.split("|")[1].strip() for line in section.splitlines()
                               if line.startswith("| ") and not line.startswith(("| rule ", "| SourceIdentifier "))}
    return found


@pytest.mark.skipif(not ANCHOR_MD.exists(), reason="shared reference not mounted")
def test_every_rule_is_in_its_packs_in_the_anchor_reference():
    anchors = load_anchors()
    md = _pack_rules_from_md()
    assert set(md) == set(PACK_HEADINGS)
    for pack, meta in anchors["packs"].items():
        assert len(md[pack]) == meta["total"], pack
    for r in anchors["rules"]:
        assert sorted(r["packs"]) == sorted(p for p, rules in md.items() if r["rule"] in rules), r["rule"]


EXPECTED = {  # pack: (total, touching our kinds, mapped, share %)
    "cdk-nag-hipaa": (90, 26, 21, 80.8),
    "cdk-nag-pci": (69, 25, 21, 84.0),
    "config-hipaa": (130, 33, 23, 69.7),
    "config-pci-v4": (127, 25, 14, 56.0),
    "all": (None, 78, 55, 70.5),
}
EXPECTED_CLOUDS = {
    "aws": {"automated": 22, "partial": 1, "manual": 1, "inherited": 1, "out_of_iac_scope": 1, "total": 26},
    "gcp": {"automated": 19, "partial": 3, "manual": 2, "inherited": 1, "out_of_iac_scope": 1, "total": 26},
    "azure": {"automated": 21, "partial": 2, "manual": 1, "inherited": 1, "out_of_iac_scope": 1, "total": 26},
}


def test_anchor_figures_for_committed_data():
    figures = anchor_figures()
    got = {p: (f["total"], f["touching_our_kinds"], f["mapped"], f["share_pct"]) for p, f in figures.items()}
    assert got == EXPECTED
    for f in figures.values():
        assert len(f["unmapped"]) == f["touching_our_kinds"] - f["mapped"]


def test_coverage_json(capsys):
    assert main(["coverage", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["clouds"] == EXPECTED_CLOUDS
    assert out["anchors"]["config-pci-v4"]["off_our_kinds"] == 102
    assert {u["rule"] for u in out["anchors"]["cdk-nag-pci"]["unmapped"]} == {
        "IAMNoInlinePolicy", "IAMPolicyNoStatementsWithFullAccess", "SNSEncryptedKMS", "VPCNoUnrestrictedRouteToIGW"}


def test_coverage_text(capsys):
    assert main(["coverage"]) == 0
    out = capsys.readouterr().out
    assert "  aws                  22                1                1                1                1     26" in out
    assert "  gcp                  19                3                2                1                1     26" in out
    assert "  azure                21                2                1                1                1     26" in out
    assert "  cdk-nag-hipaa: 21/26 mapped = 80.8% (90 rules, 64 on kinds we never emit)" in out
    assert "  cdk-nag-pci: 21/25 mapped = 84.0% (69 rules, 44 on kinds we never emit)" in out
    assert "  config-hipaa: 23/33 mapped = 69.7% (130 rules, 97 on kinds we never emit)" in out
    assert "  config-pci-v4: 14/25 mapped = 56.0% (127 rules, 102 on kinds we never emit)" in out
    assert "  all: 55/78 mapped = 70.5%" in out
    assert "SNS_TOPIC_MESSAGE_DELIVERY_NOTIFICATION_ENABLED" in out
