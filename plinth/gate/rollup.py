"""Findings → one status per control: failed, waived, passed, manual or not_applicable."""

from __future__ import annotations

from typing import Sequence

from plinth.gate.catalog import Catalog, Control
from plinth.gate.model import FAILED, MANUAL, NOT_APPLICABLE, PASSED, WAIVED, ControlStatus, Exemption, Finding, Waiver


def _status(control: Control, cloud: str, findings: Sequence[Finding]) -> str:
    evidence = control.clouds[cloud]
    if not evidence.automated:
        return MANUAL
    failed = [f for f in findings if f.result == FAILED and control.id not in f.exempt_controls]
    if any(control.id not in f.waived_controls for f in failed):
        return FAILED
    if failed:
        return WAIVED
    if findings:
        return PASSED
    return MANUAL if evidence.if_absent == MANUAL else NOT_APPLICABLE


def control_status(control: Control, cloud: str, findings: Sequence[Finding], gating: set[str]) -> ControlStatus:
    mine = [f for f in findings if control.id in f.controls]
    failed_addresses = {f.address for f in mine if f.result == FAILED and control.id not in f.exempt_controls}
    evidence = sorted({f.address for f in mine if f.result == PASSED and f.address}
                      - failed_addresses)
    problems = sorted((f for f in mine if f.result == FAILED), key=Finding.sort_key)
    waivers: list[Waiver] = []
    for f in problems:
        if f.waiver is not None and control.id in f.waived_controls and f.waiver not in waivers:
            waivers.append(f.waiver)
    exemptions: list[Exemption] = []
    for f in problems:
        for e in f.exemptions:
            if e.control == control.id and e not in exemptions:
                exemptions.append(e)
    ev = control.clouds[cloud]
    return ControlStatus(control_id=control.id, title=control.title, citations=control.citations(),
                         status=_status(control, cloud, mine), in_profile=control.id in gating,
                         evidence=ev.evidence, note=ev.note, checks=ev.checks,
                         evidence_resources=tuple(evidence), findings=tuple(problems), waivers=tuple(waivers),
                         exemptions=tuple(exemptions))


def control_statuses(catalog: Catalog, cloud: str, findings: Sequence[Finding], gating: set[str]) -> tuple[ControlStatus, ...]:
    return tuple(control_status(c, cloud, findings, gating) for c in catalog.controls)
