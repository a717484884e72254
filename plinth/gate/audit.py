"""`plinth audit`: the gate on a folder of Terraform plinth did not generate (.tf and .tf.json),
one unit per cloud found, findings positioned at the Terraform lines, waivers from a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Sequence

from plinth.gate import checkov_engine, tfsource
from plinth.gate.catalog import CLOUDS, RESOURCE_PREFIX, load_catalog
from plinth.gate.engine import Unit, checkov_observations, display, presence_observations, result_of
from plinth.gate.errors import GateError
from plinth.gate.model import GateResult, Waiver
from plinth.gate.presence import Context
from plinth.gate.stacks import Stack


def _clouds_of(stacks: list[Stack]) -> list[str]:
    types = {r.type for s in stacks for r in s.resources}
    return [c for c in CLOUDS if any(t.startswith(RESOURCE_PREFIX[c]) for t in types)]


def _for_cloud(waiver: Waiver, stacks: list[Stack], clouds: int) -> bool:
    """In a folder of several clouds, a waiver belongs to the cloud whose resources it names."""
    if clouds == 1:
        return True
    addresses = {r.address for s in stacks for r in s.resources}
    return any(name in addresses for name in waiver.resources)


def run_audit(directory: Path | str, profiles: Sequence[str], today: dt.date | None = None,
              waivers: Sequence[Waiver] = ()) -> GateResult:
    """Gate any Terraform folder (.tf and .tf.json) against the profiles' controls, with the
    waivers of a `--waivers` file (plinth/gate/audit_waivers.py), if any."""
    catalog = load_catalog()
    root = Path(directory)
    stacks = tfsource.load_folder(root)
    clouds = _clouds_of(stacks)
    if not clouds:
        raise GateError(f"{root} declares no AWS, Google Cloud or Azure resources", "plinth audits aws_, google_ and "
                                                                                   "azurerm_ resources")
    label = display(root)
    units = []
    for cloud in clouds:
        mine = [s for s in stacks if any(r.type.startswith(RESOURCE_PREFIX[cloud]) for r in s.resources)] or stacks
        name = label if len(clouds) == 1 else f"{label} ({cloud})"
        units.append(Unit(name, label, cloud, tuple(sorted(set(profiles))), mine, None, [], [],
                          tuple(w for w in waivers if _for_cloud(w, mine, len(clouds)))))
    for unit in units:
        unit.observations += presence_observations(unit, catalog, Context(None, unit.profiles))
    has_hcl = any(s.file.suffix == ".tf" for s in stacks)
    warnings = checkov_observations(units, catalog, root if has_hcl else None)
    return GateResult(blueprints=tuple(result_of(u, catalog, today or dt.date.today()) for u in units),
                      checkov_version=checkov_engine.version(), catalog_version=catalog.version,
                      mode="audit", warnings=tuple(warnings))
