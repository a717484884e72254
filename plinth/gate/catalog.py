"""The controls catalog (policies/controls.yaml) as typed data: controls → citations → checks."""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from plinth import datafile
from plinth.gate.errors import GateError
from plinth.gate.model import Exemption
from plinth.paths import POLICIES

CATALOG_FILE = POLICIES / "controls.yaml"
SCHEMA_FILE = POLICIES / "controls.schema.json"
CHECKS_DIR = POLICIES / "checks"

CLOUDS = ("aws", "gcp", "azure")
PROFILES = ("hipaa", "pci")
AUTOMATED = ("automated", "partial")
# The profile a blueprint without `compliance` is held to: the unwaivable controls only.
BASELINE = "baseline"
RESOURCE_PREFIX = {"aws": "aws_", "gcp": "google_", "azure": "azurerm_"}


@dataclass(frozen=True)
class Evidence:
    """How one control is evidenced on one cloud."""

    cloud: str
    evidence: str
    resources: tuple[str, ...] = ()
    checkov: tuple[str, ...] = ()
    custom: tuple[str, ...] = ()
    presence: tuple[str, ...] = ()
    if_absent: str = "not_applicable"
    note: str = ""
    exemptions: tuple[Exemption, ...] = ()

    @property
    def checks(self) -> tuple[str, ...]:
        return self.checkov + self.custom + self.presence

    @property
    def automated(self) -> bool:
        return self.evidence in AUTOMATED


@dataclass(frozen=True)
class Control:
    id: str
    title: str
    objective: str
    severity: str
    unwaivable: bool
    kinds: tuple[str, ...]
    hipaa: tuple[str, ...]
    pci: tuple[str, ...]
    clouds: dict[str, Evidence]
    notes: str = ""

    def citations(self) -> dict[str, tuple[str, ...]]:
        return {"hipaa": self.hipaa, "pci": self.pci}

    def cites(self, profile: str) -> bool:
        if profile == BASELINE:
            return self.unwaivable
        return bool(self.citations().get(profile))

    def in_profiles(self, profiles: tuple[str, ...] | list[str]) -> bool:
        return any(self.cites(p) for p in profiles)

    def citation_text(self, profile: str) -> str:
        prefix = "45 CFR " if profile == "hipaa" else "PCI DSS "
        return ", ".join(prefix + c for c in self.citations().get(profile, ()))


@dataclass(frozen=True)
class Catalog:
    version: int
    checkov_version: str
    frameworks: dict[str, dict[str, str]]
    controls: tuple[Control, ...]
    unscoped: dict[str, str]

    def control(self, control_id: str) -> Control | None:
        return next((c for c in self.controls if c.id == control_id), None)

    def controls_for_check(self, check_id: str, cloud: str | None) -> tuple[str, ...]:
        clouds = (cloud,) if cloud else CLOUDS
        return tuple(c.id for c in self.controls
                     if any(check_id in c.clouds[k].checks for k in clouds if k in c.clouds))

    def check_ids(self, clouds: tuple[str, ...] = CLOUDS, kind: str = "all") -> tuple[str, ...]:
        """Sorted check IDs of `kind` (checkov | custom | presence | all) on `clouds`."""
        out: set[str] = set()
        for control in self.controls:
            for cloud in clouds:
                ev = control.clouds[cloud]
                out.update(ev.checks if kind == "all" else getattr(ev, kind))
        return tuple(sorted(out))

    def unwaivable_checks(self, cloud: str | None) -> set[str]:
        clouds = (cloud,) if cloud else CLOUDS
        return {check for c in self.controls if c.unwaivable for k in clouds for check in c.clouds[k].checks}

    def resource_types(self, cloud: str) -> set[str]:
        return {t for c in self.controls for t in c.clouds[cloud].resources}

    def covered_types(self) -> set[str]:
        return {t for cloud in CLOUDS for t in self.resource_types(cloud)} | set(self.unscoped)


def _evidence(control: str, cloud: str, data: dict) -> Evidence:
    exemptions = tuple(Exemption(control=control, cloud=cloud, check=e["check"], applies_to=e["applies_to"],
                                 reason=" ".join(e["reason"].split()), kinds=tuple(e.get("kinds", ())))
                       for e in data.get("exemptions", ()))
    return Evidence(cloud=cloud, evidence=data["evidence"], resources=tuple(data.get("resources", ())),
                    checkov=tuple(data.get("checkov", ())), custom=tuple(data.get("custom", ())),
                    presence=tuple(data.get("presence", ())), if_absent=data.get("if_absent", "not_applicable"),
                    note=" ".join(str(data.get("note", "")).split()), exemptions=exemptions)


def _control(data: dict) -> Control:
    return Control(id=data["id"], title=data["title"], objective=" ".join(data["objective"].split()),
                   severity=data["severity"], unwaivable=data["unwaivable"], kinds=tuple(data["kinds"]),
                   hipaa=tuple(data["citations"]["hipaa"]), pci=tuple(data["citations"]["pci"]),
                   clouds={cloud: _evidence(data["id"], cloud, data["clouds"][cloud]) for cloud in CLOUDS},
                   notes=" ".join(str(data.get("notes", "")).split()))


def schema_errors(data: object) -> list[str]:
    """Every way `data` breaks policies/controls.schema.json, plus duplicate control IDs."""
    import jsonschema

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    errors = [f"{e.json_path}: {e.message}" for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
    if not errors:
        ids = [c["id"] for c in data["controls"]]  # type: ignore[index]
        errors += [f"$.controls: duplicate control id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
        for i, control in enumerate(data["controls"]):  # type: ignore[index]
            for cloud, ev in control["clouds"].items():
                checks = set(ev.get("checkov", ())) | set(ev.get("custom", ())) | set(ev.get("presence", ()))
                for j, ex in enumerate(ev.get("exemptions", ())):
                    if ex["check"] not in checks:
                        errors.append(f"$.controls[{i}].clouds.{cloud}.exemptions[{j}]: {ex['check']} is not a "
                                      f"check of {control['id']} on {cloud}")
    return sorted(errors)


@functools.lru_cache(maxsize=4)
def load_catalog(path: Path = CATALOG_FILE) -> Catalog:
    """Load and validate the catalog; a broken catalog is a GateError, never a traceback."""
    try:
        data = datafile.load(path)
    except (OSError, yaml.YAMLError) as exc:
        raise GateError(f"cannot read the controls catalog {path}: {exc}") from None
    errors = schema_errors(data)
    if errors:
        raise GateError(f"{path} is not a valid controls catalog:\n  " + "\n  ".join(errors[:20]))
    return Catalog(version=data["catalog"]["version"], checkov_version=data["engine"]["checkov"],
                   frameworks=data["frameworks"], controls=tuple(_control(c) for c in data["controls"]),
                   unscoped=dict(data["unscoped_resource_types"]))
