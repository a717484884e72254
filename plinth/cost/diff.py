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


REF_HINT = "give a commit, branch or tag of this repository; in a shallow CI checkout, fetch it first"


class GitError(Exception):
    """Why --diff cannot compare: the message, a hint for the user, the path it is about (if any) and a code."""

    def __init__(self, message: str, hint: str = REF_HINT, file: str | None = None, code: str = "cost.diff"):
        super().__init__(message)
        self.message, self.hint, self.file, self.code = message, hint, file, code


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
        raise GitError(f"cannot run git: {exc}", "install git and put it on the PATH, or leave out --diff") from None


def repo_root(start: Path) -> Path:
    res = _git(start, "rev-parse", "--show-toplevel")
    if res.returncode:
        raise GitError(f"not in a git repository: {start}",
                       "run `plinth cost --diff` from inside the git checkout that holds the blueprints, "
                       "or leave out --diff")
    return Path(res.stdout.decode().strip())


def _check_ref(repo: Path, ref: str) -> None:
    if ref.startswith("-") or _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode:
        raise GitError(f"unknown git ref `{ref}`")


def _outside(repo: Path, ref: str, shown: str) -> GitError:
    return GitError(f"{shown} is outside the git repository {repo}, so it has no version at `{ref}` to compare against",
                    "run `plinth cost --diff` from inside the repository that holds the blueprint, "
                    "or leave out --diff to estimate it without a comparison",
                    file=shown, code="cost.diff.outside_repository")


def _relative(repo: Path, path: Path) -> str | None:
    """`path` relative to the repository root, POSIX style; None when it is outside."""
    try:
        return path.relative_to(repo).as_posix()
    except ValueError:
        return None


def _old_files(repo: Path, ref: str, paths: list[Path]) -> set[str]:
    """Repository-relative blueprint paths at `ref` for the given files or folders (folders not recursed,
    as plinth.loader.find_blueprints does not recurse)."""
    out: set[str] = set()
    for path in paths:
        rel = _relative(repo, path) or "."
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
    one that exists only now is added. A path outside the repository has no version at `ref`: that
    is an error (GitError, code cost.diff.outside_repository), never a silent "added".
    """
    cwd = cwd or Path.cwd()
    repo = repo_root(cwd)
    _check_ref(repo, ref)
    given = [(p, (cwd / p).resolve()) for p in paths]
    for shown, path in given:
        if _relative(repo, path) is None:
            raise _outside(repo, ref, shown)
    now: dict[str, model.Blueprint] = {}
    for bp in current:
        rel = _relative(repo, (cwd / bp.file).resolve())
        if rel is None:                    # inside a given folder, but a symbolic link to a file outside
            raise _outside(repo, ref, bp.file)
        now[rel] = bp
    old_rels = _old_files(repo, ref, [path for _, path in given])
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
