"""The gate's results: findings, control statuses, per-blueprint verdicts. Plain frozen data, so
every report format renders the same facts in the same (sorted) order."""

from __future__ import annotations

from dataclasses import dataclass, field

# A finding's outcome after catalog exemptions and waivers.
PASSED, FAILED, WAIVED, EXEMPT = "passed", "failed", "waived", "exempt"
# A control's status for one blueprint.
MANUAL, NOT_APPLICABLE = "manual", "not_applicable"
CONTROL_STATUSES = (FAILED, WAIVED, PASSED, MANUAL, NOT_APPLICABLE)


@dataclass(frozen=True, order=True)
class Location:
    """1-based position in a file (a blueprint, or a Terraform file for `plinth audit`)."""

    file: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Waiver:
    """A blueprint waiver as the manifest records it."""

    check: str | None
    control: str | None
    resources: tuple[str, ...]
    reason: str
    owner: str
    expires: str
    location: Location

    @property
    def target(self) -> str:
        return self.check or self.control or "?"


@dataclass(frozen=True)
class Exemption:
    """A catalog exemption (policies/controls.yaml, `exemptions` of a control on a cloud): the
    failed results of `check` on resources that `applies_to` selects do not fail `control`, for
    the stated reason. Unlike a waiver it is part of the control's definition, not a blueprint's
    accepted risk; exempted findings stay in every report with the reason."""

    control: str
    cloud: str
    check: str
    applies_to: str                  # access_log_target | other_kinds | absent_kinds
    reason: str
    kinds: tuple[str, ...] = ()      # other_kinds: the component kinds the check is meant for

    @property
    def scope(self) -> str:
        """What the selector picks, in words."""
        if self.applies_to == "access_log_target":
            return "the resource receives other buckets' server access logs"
        if self.applies_to == "other_kinds":
            return f"the resource belongs to no {' or '.join(self.kinds)} component"
        return self.applies_to


@dataclass(frozen=True)
class Finding:
    """One check's result on one resource (or on the blueprint, for presence checks)."""

    check_id: str
    check_name: str
    engine: str                      # checkov | custom | presence
    result: str                      # passed | failed: what the check said
    status: str                      # passed | failed | waived | exempt: after exemptions and waivers
    controls: tuple[str, ...]        # every catalog control the check evidences on this cloud
    gating: tuple[str, ...]          # the failed controls that fail the verdict (unwaived, in profile)
    blueprint: str
    stack: str | None                # foundation | training | serving | a file for audits
    address: str | None              # aws_s3_bucket.lake_raw_ab12cd34; None for a blueprint-wide absence
    component: str | None            # blueprint component; "blueprint" for blueprint-wide resources
    location: Location               # blueprint file:line:col (audit: the Terraform file line)
    message: str = ""
    tf_location: Location | None = None
    waiver: Waiver | None = None
    waived_controls: tuple[str, ...] = ()
    exemptions: tuple[Exemption, ...] = ()      # catalog exemptions that apply (one per control at most)

    @property
    def exempt_controls(self) -> tuple[str, ...]:
        """The controls a catalog exemption takes this (failed) finding out of."""
        return tuple(e.control for e in self.exemptions)

    def sort_key(self) -> tuple:
        return (self.blueprint, self.location, self.check_id, self.address or "", self.stack or "")


@dataclass(frozen=True)
class Problem:
    """Something wrong with the inputs rather than the infrastructure (an expired waiver, a waiver
    naming nothing real, a parse error). Problems with severity `error` fail the verdict."""

    code: str
    message: str
    location: Location
    severity: str = "error"          # error | warning
    hint: str | None = None


@dataclass(frozen=True)
class ControlStatus:
    control_id: str
    title: str
    citations: dict[str, tuple[str, ...]]
    status: str                      # failed | waived | passed | manual | not_applicable
    in_profile: bool
    evidence: str                    # automated | partial | manual | inherited | out_of_iac_scope
    note: str
    checks: tuple[str, ...]
    evidence_resources: tuple[str, ...]   # addresses that passed every check of the control
    findings: tuple[Finding, ...]         # failed, waived and exempt findings
    waivers: tuple[Waiver, ...]
    exemptions: tuple[Exemption, ...] = ()  # catalog exemptions applied to this control's findings


@dataclass(frozen=True)
class BlueprintResult:
    name: str
    file: str
    cloud: str | None
    profiles: tuple[str, ...]
    gating_profiles: tuple[str, ...]      # the profiles whose controls fail the verdict
    stacks: tuple[str, ...]
    findings: tuple[Finding, ...]
    controls: tuple[ControlStatus, ...]
    problems: tuple[Problem, ...] = ()

    @property
    def passed(self) -> bool:
        return not any(f.status == FAILED and f.gating for f in self.findings) and \
            not any(p.severity == "error" for p in self.problems)

    def counts(self) -> dict[str, int]:
        out = {PASSED: 0, FAILED: 0, WAIVED: 0, EXEMPT: 0}
        for f in self.findings:
            out[f.status] += 1
        return out


@dataclass(frozen=True)
class GateResult:
    blueprints: tuple[BlueprintResult, ...]
    checkov_version: str
    catalog_version: int
    mode: str = "check"                   # check | audit
    warnings: tuple[str, ...] = field(default=())

    @property
    def passed(self) -> bool:
        return all(b.passed for b in self.blueprints)

    @property
    def exit_code(self) -> int:
        return 0 if self.passed else 1
