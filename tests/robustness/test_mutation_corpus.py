"""Mutation corpus: every example blueprint with each node removed, retyped, emptied, made huge, and
each key duplicated or misspelt. Every mutant either validates, or fails with every error positioned
inside its own file and a message; nothing ever raises out of `validate_paths`. One CLI run over a
folder of invalid mutants proves exit 2, no traceback, and that `plinth synth` writes nothing; one
`plinth validate` run reads the remaining mutants."""

from __future__ import annotations

import collections
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plinth.pipeline import validate_paths
from robust_support import EXAMPLES, ROOT, Mutant, mutants, position_problems

ALL = mutants()
CASES = [m for m in ALL if m.sampled]                             # one in-process test each
CLI = [m for m in ALL if m.must_fail and not m.sampled]           # the other invalid ones: `plinth synth`
# ... and the rest (possibly valid): `plinth validate`, see the last test.
KINDS = ("remove", "retype", "empty", "huge-string", "huge-list", "duplicate", "rename")


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("mutants")


def test_the_corpus_is_large_and_covers_every_mutation() -> None:
    counts = collections.Counter(m.kind for m in CASES)
    assert sorted(counts) == sorted(KINDS), counts
    assert len(CASES) >= 300 and len(CLI) >= 250, (counts, len(CLI))
    assert {m.example for m in CASES} == {m.example for m in CLI} == {p.stem for p in EXAMPLES}
    assert len({m.id for m in ALL}) == len(ALL), "mutant ids are unique"
    assert len({m.filename for m in ALL}) == len(ALL), "mutant file names are unique"


def _validate(m: Mutant, folder: Path):
    path = folder / m.filename
    path.write_text(m.text, encoding="utf-8")
    return path, validate_paths([str(path)])


@pytest.mark.parametrize("m", CASES, ids=[m.id for m in CASES])
def test_mutant(m: Mutant, folder: Path) -> None:
    path, result = _validate(m, folder)
    if result.ok:
        assert not m.must_fail, f"{m.id}: a {m.kind} mutant validated:\n{m.text}"
        assert len(result.blueprints) == 1
        return
    assert result.blueprints == []
    problems = position_problems(result.diagnostics, m.text, str(path))
    assert problems == [], f"{m.id}:\n" + "\n".join(problems)
    got = {(d.line, d.column, d.message) for d in result.diagnostics}
    for line, col, message in m.expect:
        assert (line, col, message) in got, f"{m.id}: expected {line}:{col}: {message}; got {sorted(got)}"
    if m.mention:  # a misspelt key is named where it is, e.g. "unknown key `nmae`" + "did you mean `name`?"
        line, text = m.mention
        assert any(d.line == line and text in f"{d.message} {d.hint}" for d in result.diagnostics), \
            f"{m.id}: no error on line {line} names {text}: {sorted(got)}"


# -- the CLI over a folder of invalid mutants ---------------------------------------------------

def _snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


# Importing either of these means synthesis started: the fake modules make that a loud failure.
_POISON = 'raise ImportError("CDKTF/jsii must not start when an input blueprint is invalid")\n'

_ERROR_LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): error: (?P<message>.*)$")


def test_cli_synth_refuses_a_folder_of_mutants_and_writes_nothing(tmp_path: Path) -> None:
    chosen = CLI
    inputs = tmp_path / "blueprints"
    inputs.mkdir()
    texts = {}
    for m in chosen:
        (inputs / m.filename).write_text(m.text, encoding="utf-8")
        texts[m.filename] = m.text
    for example in EXAMPLES:          # valid blueprints beside them are not synthesized either
        shutil.copy(example, inputs / example.name)
    out = tmp_path / "generated"
    (out / "previous").mkdir(parents=True)
    (out / "sentinel.txt").write_text("written by an earlier run\n")
    (out / "previous" / "cdk.tf.json").write_text('{"resource": {}}\n')
    before = _snapshot(out)
    poison = tmp_path / "poison"
    for mod in ("jsii", "cdktf", "constructs"):
        (poison / mod).mkdir(parents=True)
        (poison / mod / "__init__.py").write_text(_POISON)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(poison), str(ROOT)]), "PYTHONHASHSEED": "0"}
    env.pop("PLINTH_NO_FAST_EXIT", None)
    proc = subprocess.run([sys.executable, "-m", "plinth.cli", "synth", str(inputs), "--out", str(out)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr[-3000:]
    assert "nothing was written" in proc.stderr
    assert _snapshot(out) == before, "generated/ changed"
    reported: dict[str, int] = collections.Counter()
    for line in proc.stderr.splitlines():
        m = _ERROR_LINE.match(line)
        if not m:
            continue
        name = Path(m["file"]).name
        assert name in texts, f"an error names {m['file']}, which is not an invalid mutant: {line}"
        lines = texts[name].split("\n")
        assert 1 <= int(m["line"]) <= len(lines), line
        assert 1 <= int(m["col"]) <= len(lines[int(m["line"]) - 1]) + 1, line
        assert m["message"].strip(), line
        reported[name] += 1
    missing = sorted(set(texts) - set(reported))
    assert missing == [], f"{len(missing)} invalid mutants got no positioned error, e.g. {missing[:5]}"


def test_cli_validate_reads_the_rest_of_the_corpus(tmp_path: Path) -> None:
    """The mutants neither of the above runs (removed, emptied or renamed nodes outside the in-process
    third, which may be valid): one `plinth validate --format json` over all of them. Every file is
    either accepted or has errors, each positioned inside it (valid copies of one example also share
    its name, which is reported as such)."""
    import json

    rest = [m for m in ALL if not m.sampled and not m.must_fail]
    assert len(rest) >= 300
    texts = {}
    for m in rest:
        (tmp_path / m.filename).write_text(m.text, encoding="utf-8")
        texts[m.filename] = m.text
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "plinth.cli", "validate", "--format", "json", str(tmp_path)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    accepted = {Path(f).name for f in report["blueprints"]}
    rejected = collections.defaultdict(list)
    for d in report["errors"]:
        rejected[Path(d["file"]).name].append(d)
    assert accepted | set(rejected) == set(texts) and not accepted & set(rejected)
    for name, diags in rejected.items():
        lines = texts[name].split("\n")
        for d in diags:
            assert 1 <= d["line"] <= len(lines) and 1 <= d["column"] <= len(lines[d["line"] - 1]) + 1, (name, d)
            assert d["message"].strip() and d["code"], (name, d)
