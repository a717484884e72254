"""Wording shared by the report formats."""

from __future__ import annotations

from plinth.gate.catalog import BASELINE, load_catalog
from plinth.gate.model import FAILED, BlueprintResult, ControlStatus, Finding

PROFILE_NAMES = {"hipaa": "HIPAA Security Rule", "pci": "PCI DSS v4.0", BASELINE: "baseline (unwaivable controls)"}
STATUS_WORDS = {"failed": "FAILED", "waived": "waived", "passed": "passed", "manual": "manual evidence",
                "not_applicable": "not applicable"}


def citations(citations: dict[str, tuple[str, ...]]) -> str:
    parts = []
    if citations.get("hipaa"):
        parts.append("HIPAA 45 CFR " + ", ".join(citations["hipaa"]))
    if citations.get("pci"):
        parts.append("PCI DSS " + ", ".join(citations["pci"]))
    return "; ".join(parts) or "no citation"


def finding_citations(finding: Finding) -> dict[str, tuple[str, ...]]:
    """The union of the citations of a finding's controls."""
    catalog = load_catalog()
    out: dict[str, list[str]] = {"hipaa": [], "pci": []}
    for cid in finding.controls:
        control = catalog.control(cid)
        for key in out:
            for c in (control.citations()[key] if control else ()):
                if c not in out[key]:
                    out[key].append(c)
    return {k: tuple(v) for k, v in out.items()}


def profiles(bp: BlueprintResult) -> str:
    if bp.profiles:
        return ", ".join(PROFILE_NAMES.get(p, p) for p in bp.profiles)
    return "no profile: baseline, unwaivable controls only"


def verdict(bp: BlueprintResult) -> str:
    return "PASS" if bp.passed else "FAIL"


def control_tally(controls: tuple[ControlStatus, ...]) -> str:
    counts: dict[str, int] = {}
    for c in controls:
        counts[c.status] = counts.get(c.status, 0) + 1
    return ", ".join(f"{counts[s]} {STATUS_WORDS[s]}" for s in STATUS_WORDS if counts.get(s))


def severity(finding: Finding) -> str:
    """error: fails the gate; warning: fails a control outside the profiles; note: waived or passed."""
    if finding.status == FAILED:
        return "error" if finding.gating else "warning"
    return "note"
