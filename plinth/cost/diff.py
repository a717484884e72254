"""Cost change against the blueprints at a git ref (for pull-request comments).

Old versions are read with `git show REF:path` and validated in memory (load -> schema -> model ->
semantics, as plinth.pipeline.validate_one does for files); nothing is written to disk.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from plinth import model, schema, semantics
from plinth.cost.estimate import estimate
from plinth.cost.result import Range
from plinth.diagnostics import UserError
from plinth.loader import load_text


class GitError(Exception):
    pass


@dataclass
class ComponentDiff:
    name: str
    status: str            # added | removed | changed | unchanged
    old: Range | None
    new: Range | None


@dataclass
class BlueprintDiff:
    name: str
    status: str            # added | removed | changed | unchanged | invalid-before
    old_cost: Range | None
    new_cost: Range | None
    components: list[ComponentDiff] = field(default_factory=list)
    note: str = ""


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GitError(f"cannot run git: {exc}") from None


def repo_root(start: Path) -> Path:
    res = _git(start, "rev-parse", "--show-toplevel")
    if res.returncode:
        raise GitError(f"not in a git repository: {start}")
    return Path(res.stdout.decode().strip())


def _check_ref(repo: Path, ref: str) -> None:
    if ref.startswith("-") or _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode:
        raise GitError(f"unknown git ref `{ref}`")


def _old_files(repo: Path, ref: str, paths: list[Path]) -> set[str]:
    """Repository-relative blueprint paths at `ref` for the given files or folders (folders not recursed,
    as plinth.loader.find_blueprints does not recurse)."""
    out: set[str] = set()
    for path in paths:
        rel = path.relative_to(repo).as_posix() if path != repo else "."
        res = _git(repo, "ls-tree", ref, "--", rel)
        if res.returncode:
            raise GitError(res.stderr.decode().strip() or "git ls-tree failed")
        for entry in res.stdout.decode().splitlines():
            meta, name = entry.split("\t", 1)
            if meta.split()[1] == "tree":
                listing = _git(repo, "ls-tree", "--name-only", ref, "--", name.rstrip("/") + "/")
                out.update(n for n in listing.stdout.decode().splitlines() if n.endswith((".yaml", ".yml")))
            elif name.endswith((".yaml", ".yml")):
                out.add(name)
    return out


def old_blueprint(repo: Path, ref: str, rel: str) -> model.Blueprint | None:
    """The blueprint at `ref:rel`, validated in memory; None when it is missing or invalid there."""
    res = _git(repo, "show", f"{ref}:{rel}")
    if res.returncode:
        return None
    try:
        doc = load_text(res.stdout, f"{ref}:{rel}")
    except UserError:
        return None
    if schema.validate(doc):
        return None
    bp = model.build(doc)
    return None if semantics.check(bp) else bp


def _component_diffs(old, new) -> list[ComponentDiff]:
    before = {c.name: c.cost for c in old.components} if old else {}
    after = {c.name: c.cost for c in new.components} if new else {}
    out = []
    for name in sorted(set(before) | set(after)):
        b, a = before.get(name), after.get(name)
        status = "added" if b is None else "removed" if a is None else "unchanged" if a == b else "changed"
        out.append(ComponentDiff(name, status, b, a))
    return out


def diff(ref: str, paths: list[str], current: list[model.Blueprint], cwd: Path | None = None) -> list[BlueprintDiff]:
    """Per-blueprint and per-component cost change of `current` against `ref`.

    Blueprints are matched by repository path; a path that exists only at `ref` is reported removed,
    one that exists only now is added.
    """
    cwd = cwd or Path.cwd()
    repo = repo_root(cwd)
    _check_ref(repo, ref)
    now: dict[str, model.Blueprint] = {}
    for bp in current:
        now[(cwd / bp.file).resolve().relative_to(repo).as_posix()] = bp
    old_rels = _old_files(repo, ref, [(cwd / p).resolve() for p in paths])
    out: list[BlueprintDiff] = []
    for rel in sorted(set(now) | set(old_rels)):
        new_bp = now.get(rel)
        old_bp = old_blueprint(repo, ref, rel) if rel in old_rels else None
        new_est = estimate(new_bp) if new_bp else None
        old_est = estimate(old_bp) if old_bp else None
        name = (new_bp or old_bp).name if (new_bp or old_bp) else rel
        if new_bp and rel in old_rels and old_bp is None:
            out.append(BlueprintDiff(name, "invalid-before", None, new_est.cost, _component_diffs(None, new_est),
                                     f"{rel} at {ref} does not validate; compared against nothing"))
            continue
        if old_bp is None and new_bp is None:
            continue
        status = "added" if old_bp is None else "removed" if new_bp is None else (
            "unchanged" if old_est.cost == new_est.cost and old_est.to_json()["components"] ==
            new_est.to_json()["components"] else "changed")
        out.append(BlueprintDiff(name, status, old_est.cost if old_est else None, new_est.cost if new_est else None,
                                 _component_diffs(old_est, new_est)))
    return out
