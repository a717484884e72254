"""The gate, end to end: manifests and stacks in, presence checks, one checkov run, findings
mapped to controls and blueprint lines, catalog exemptions and waivers applied, controls rolled
up, a verdict out.
(`audit.py` drives the same steps for foreign Terraform, `rendered.py` for in-memory output.)"""

from __future__ import annotations

import datetime as dt
import dataclasses
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from plinth import build_cache
from plinth.gate import checkov_engine, gate_cache, rollup, settings, waivers
from plinth.gate.catalog import BASELINE, Catalog, load_catalog
from plinth.gate.errors import GateError
from plinth.gate.exemptions import Exempter
from plinth.gate.manifest import MANIFEST, Build, component_name, load_build
from plinth.gate.model import BlueprintResult, Finding, GateResult, Location, Problem, Waiver
from plinth.gate.observe import Observation, from_checkov, from_presence
from plinth.gate.presence import Context, all_checks
from plinth.gate.stacks import Stack, StackSet, load_stack


def display(path: Path) -> str:
    """A path as users see it: relative to the working folder when below it."""
    try:
        return str(Path(os.path.relpath(path.resolve(), Path.cwd()))) if path.resolve().is_relative_to(Path.cwd()) \
            else str(path)
    except ValueError:
        return str(path)


def gating_profiles(profiles: Sequence[str]) -> tuple[str, ...]:
    """The profiles whose controls fail the verdict: the blueprint's, or the baseline without any."""
    return tuple(sorted(profiles)) or (BASELINE,)


def gating_controls(catalog: Catalog, profiles: Sequence[str]) -> set[str]:
    return {c.id for c in catalog.controls if c.in_profiles(gating_profiles(profiles))}


@dataclass
class Unit:
    """One blueprint (or one cloud of an audited folder) while the gate works on it."""

    name: str
    file: str
    cloud: str
    profiles: tuple[str, ...]
    stacks: list[Stack]
    build: Build | None
    problems: list[Problem]
    observations: list[Observation]
    waivers: tuple[Waiver, ...] = ()     # plinth audit --waivers; a blueprint's are in its build

    def waiver_list(self) -> tuple[Waiver, ...]:
        return tuple(self.build.waivers) if self.build is not None else self.waivers

    def waivable_names(self) -> tuple[list[str], str]:
        """What a waiver's `resources` may name here, and what those are called."""
        if self.build is not None:
            return list(self.build.components), "component"
        return sorted({r.address for s in self.stacks for r in s.resources}), "resource of the folder"


def presence_observations(unit: Unit, catalog: Catalog, context: Context) -> list[Observation]:
    checks = all_checks()
    stackset = StackSet(unit.cloud, tuple(unit.stacks))
    out = []
    for check_id in catalog.check_ids((unit.cloud,), "presence"):
        if check_id not in checks:
            raise GateError(f"the controls catalog names presence check {check_id}, which does not exist")
        out += [from_presence(checks[check_id], r, unit.stacks) for r in checks[check_id].run(stackset, context)]
    return out


def checkov_observations(units: list[Unit], catalog: Catalog, hcl_root: Path | None = None) -> list[str]:
    """One checkov run for every unit; observations land on the unit owning the file."""
    clouds = tuple(sorted({u.cloud for u in units}))
    ids = set(catalog.check_ids(clouds, "checkov")) | set(catalog.check_ids(clouds, "custom"))
    owners: dict[Path, list[tuple[Unit, Stack]]] = {}
    for unit in units:
        for stack in unit.stacks:
            owners.setdefault(stack.file.resolve(), []).append((unit, stack))
    json_files = sorted({s.file for u in units for s in u.stacks if s.file.name.endswith(".json")})
    run = checkov_engine.run_checkov(json_files, ids, hcl_root)
    supported = checkov_engine.registry()
    for raw in run.results:
        for unit, stack in owners.get(raw.file, []):
            if catalog.controls_for_check(raw.check_id, unit.cloud):
                unit.observations.append(from_checkov(raw, stack, supported.get(raw.check_id, ("", ()))[1]))
    unparsed = []
    for path in run.parsing_errors:   # its resources went unchecked: that fails the blueprint
        owned = owners.get(Path(path).resolve(), [])
        for unit, stack in owned:
            unit.problems.append(Problem("stack.unparsed", f"checkov could not parse {display(stack.file)}; its "
                                         "resources were not checked", Location(display(stack.file)), "error"))
        if not owned:
            unparsed.append(f"checkov could not parse {path}")
    return unparsed + [f"checkov reported an error: {m}" for m in run.log_errors]


def _finding(obs: Observation, unit: Unit, catalog: Catalog, exempter: Exempter) -> Finding:
    """An observation placed: controls, component, blueprint position (audit: the Terraform line),
    and the catalog exemptions that excuse it."""
    tf_location = Location(display(obs.stack.file), obs.tf_line or 1, 1) if obs.stack else None
    component: str | None = None
    if unit.build is not None:
        component = component_name(obs.resource.component if obs.resource else None)
        setting = settings.setting_for(obs.check_id, unit.build.kind_of(component))
        location = (setting and unit.build.setting_position(component, setting)) or unit.build.position(component)
    else:
        location = tf_location or Location(unit.file)
    stack = obs.stack.role if obs.stack else None
    result = "passed" if obs.passed else "failed"
    controls = catalog.controls_for_check(obs.check_id, unit.cloud)
    exempt = () if obs.passed else exempter.exemptions(obs.check_id, obs.resource, component, controls)
    return Finding(check_id=obs.check_id, check_name=obs.check_name, engine=obs.engine, result=result, status=result,
                   controls=controls, gating=(), blueprint=unit.name,
                   stack=stack, address=obs.address, component=component, location=location,
                   message=obs.message, tf_location=tf_location, exemptions=exempt)


def result_of(unit: Unit, catalog: Catalog, today: dt.date) -> BlueprintResult:
    gating = gating_controls(catalog, unit.profiles)
    exempter = Exempter(catalog, unit.cloud, StackSet(unit.cloud, tuple(unit.stacks)),
                        unit.build.kind_of if unit.build is not None else None,
                        [kind for kind, _, _ in unit.build.components.values()] if unit.build is not None else None)
    raw = sorted((_finding(o, unit, catalog, exempter) for o in unit.observations), key=Finding.sort_key)
    problems = list(unit.problems)
    valid = []
    names, called = unit.waivable_names()
    for w in unit.waiver_list():
        issues = waivers.validate([w], catalog, unit.cloud, names, today, called)
        problems += issues
        if not any(p.severity == "error" for p in issues):
            valid.append(w)
    findings, unused = waivers.apply(raw, valid, gating)
    problems += [Problem("waiver.unused", f"waiver for {w.target} on {', '.join(w.resources)} matches no failed "
                                          "finding; remove it", w.location, "warning") for w in unused]
    return BlueprintResult(name=unit.name, file=unit.file, cloud=unit.cloud, profiles=unit.profiles,
                           gating_profiles=gating_profiles(unit.profiles),
                           stacks=tuple(s.role for s in unit.stacks), findings=tuple(findings),
                           controls=rollup.control_statuses(catalog, unit.cloud, findings, gating),
                           problems=tuple(sorted(problems, key=lambda p: (p.location, p.code, p.message))))


def _stale_blueprint(build: Build) -> list[Problem]:
    """When the blueprint changed after synth: a warning, or an error when the manifest carries
    waivers (they can no longer be checked against the blueprint, so none is applied)."""
    if build.blueprint_state() != "changed":
        return []
    if build.waivers:
        return [Problem("blueprint.changed", f"{build.file} changed after `plinth synth`; the waivers in "
                                             f"{display(build.dir / MANIFEST)} cannot be checked against it, "
                                             "so none is applied", Location(build.file), "error",
                        "run `plinth synth` (or `plinth build`) again")]
    return [Problem("blueprint.changed", f"{build.file} changed after `plinth synth`; the gate checked the "
                                         "Terraform synthesized before the change",
                    Location(build.file), "warning", "run `plinth synth` (or `plinth build`) again")]


def _edited_waivers(build: Build) -> list[Problem]:
    """An error when manifest.json's waivers are not the blueprint's (edited by hand): the stacks
    carry hashes, the manifest's waivers are checked against the blueprint they came from."""
    if build.blueprint_state() != "same":
        return []   # unknown: nothing to compare with; changed: _stale_blueprint refuses the waivers
    from plinth.pipeline import validate_paths

    validated = validate_paths([build.file])
    if not validated.ok or len(validated.blueprints) != 1:
        return []
    declared = sorted((w.check, w.control, tuple(w.resources), w.reason, w.owner, str(w.expires), w.line, w.column)
                      for w in validated.blueprints[0].waivers)
    recorded = sorted((w.check, w.control, tuple(w.resources), w.reason, w.owner, w.expires, w.location.line,
                       w.location.column) for w in build.waivers)
    if declared == recorded:
        return []
    return [Problem("manifest.waivers", f"{display(build.dir / MANIFEST)} lists waivers that {build.file} does not "
                                        "declare (edited after `plinth synth`?); none of them is applied",
                    Location(build.file), "error", "run `plinth synth` and commit the result")]


def _build_unit(build: Build) -> Unit:
    refused = _stale_blueprint(build) + _edited_waivers(build)
    if any(p.severity == "error" for p in refused):
        build = dataclasses.replace(build, waivers=())
    stacks, problems = [], refused
    for ref in build.stacks:
        stack = load_stack(ref.role, ref.file)
        stacks.append(stack)
        if ref.sha256 and ref.sha256 != stack.sha256():
            problems.append(Problem("stack.changed", f"{display(ref.file)} changed after `plinth synth` "
                                                     "(its sha256 differs from the manifest)",
                                    Location(build.file), "error", "run `plinth synth` and commit the result"))
    return Unit(build.name, build.file, build.cloud, build.compliance, stacks, build, problems, [])


def run_gate(build_dirs: Sequence[Path | str], today: dt.date | None = None, cache: bool = False) -> GateResult:
    """Gate synthesized blueprints: each folder holds a manifest.json (generated/<blueprint>/).
    With `cache`, unchanged blueprints take their result from plinth/gate/gate_cache.py."""
    catalog = load_catalog()
    today = today or dt.date.today()
    builds = [load_build(Path(d)) for d in build_dirs]
    if not builds:
        raise GateError("no synthesized blueprints to check", "run `plinth synth` first")
    names = [b.name for b in builds]
    if len(set(names)) != len(names):
        raise GateError("two builds have the same blueprint name: " + ", ".join(sorted({n for n in names
                                                                                         if names.count(n) > 1})))
    units = [_build_unit(b) for b in sorted(builds, key=lambda b: b.name)]
    engine = build_cache.engine_digest() if cache else b""
    keys = {u.name: gate_cache.key(u, today, engine) for u in units} if cache else {}
    results = {u.name: r for u in units if (r := gate_cache.load(keys.get(u.name))) is not None}
    todo = [u for u in units if u.name not in results]
    warnings: list[str] = []
    if todo:
        for unit in todo:
            unit.observations += presence_observations(unit, catalog, Context(unit.name, unit.profiles))
        warnings = checkov_observations(todo, catalog)
        for unit in todo:
            results[unit.name] = result_of(unit, catalog, today)
            # Kept only from a clean checkov run, and only if the files still hash as they did
            # before the gate read them (a concurrent synth must not file one verdict under another key).
            if cache and not warnings and gate_cache.key(unit, today, engine) == keys[unit.name]:
                gate_cache.save(keys[unit.name], results[unit.name])
    return GateResult(blueprints=tuple(results[u.name] for u in units),
                      checkov_version=checkov_engine.version() if todo else checkov_engine.installed_version(),
                      catalog_version=catalog.version, mode="check", warnings=tuple(warnings))
