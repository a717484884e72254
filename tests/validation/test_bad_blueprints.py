"""Every bad blueprint in bad/ gets exactly the errors its header promises: message, line, column,
hint and code, and nothing else. The fixtures are found by themselves (see expectations.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from expectations import BAD, GENERATED, Expected, Fixture, committed, parse_expectations, write_generated
from plinth.diagnostics import Diagnostic
from plinth.pipeline import validate_paths

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = committed()
ALL = COMMITTED + GENERATED

# Error codes no fixture can reach, and why. Each reason is checked where it can be.
UNREACHABLE = {
    "schema.const": "every component's `kind` const is selected by the same value in component.schema.json",
    "name.duplicate_blueprint": "needs two files: test_duplicate_blueprint_names_across_files",
    "backend.local": "only with `validate --require-remote-state`: tests/validation/test_remote_state.py",
}

# The loader's error kinds (plinth/loader.py), each by the start of its message.
LOADER_ERRORS = (
    "file is not UTF-8", "file is ", "invalid YAML: ", "blueprint is empty", "document expands to more than",
    "nesting deeper than", "duplicate key", "mapping key", "YAML merge keys", "YAML tag", "value is ",
    "is not a finite number",
)


@pytest.fixture(scope="module")
def generated_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("generated-bad")
    write_generated(folder)
    return folder


def _path_of(fx: Fixture, generated_dir: Path) -> Path:
    return fx.path if fx.path is not None else generated_dir / fx.name


def _same_file(diag: Diagnostic, path: Path) -> bool:
    return Path(diag.file).resolve() == path.resolve()


def _show(diags: list[Diagnostic]) -> str:
    return "\n".join(f"  {d.line}:{d.column}: {d.message}  [hint: {d.hint}] [code: {d.code}]" for d in diags) or "  (none)"


def _check(fx: Fixture, path: Path) -> None:
    diags = sorted(validate_paths([str(path)]).diagnostics)
    assert all(_same_file(d, path) for d in diags), [d.file for d in diags]
    got = [(d.line, d.column, d.message) for d in diags]
    want = sorted((e.line, e.column, e.message) for e in fx.expected)
    assert got == want, f"{fx.name}: errors differ\nexpected:\n" + "\n".join(f"  {e}" for e in fx.expected) + \
        f"\nreported:\n{_show(diags)}"
    by_place = {(d.line, d.column, d.message): d for d in diags}
    for e in fx.expected:
        d = by_place[(e.line, e.column, e.message)]
        if e.hint is not None:
            assert d.hint == e.hint, f"{fx.name}: {e}: hint"
        if e.code is not None:
            assert d.code == e.code, f"{fx.name}: {e}: code"


@pytest.mark.parametrize("fx", [pytest.param(fx, id=fx.name, marks=[pytest.mark.xfail(reason=fx.xfail, strict=True)]
                                             if fx.xfail else []) for fx in ALL])
def test_bad_blueprint(fx: Fixture, generated_dir: Path) -> None:
    _check(fx, _path_of(fx, generated_dir))


def test_fixtures_are_well_formed() -> None:
    assert len(ALL) >= 45
    names = [fx.name for fx in ALL]
    assert len(names) == len(set(names))
    for fx in ALL:
        assert fx.expected, f"{fx.name}: no `# expect:` line"
    # every side file belongs to a fixture
    for side in BAD.glob("*.expect"):
        assert side.with_suffix(".yaml").exists(), f"{side.name} has no {side.stem}.yaml"


def test_expectation_format() -> None:
    text = "# about\n# expect: 3:4: one\n# hint: h\n# code: c\n# expect: 5:6: two\nname: x\n# expect: 9:9: ignored\n"
    assert parse_expectations(text, "t") == ([Expected(3, 4, "one", "h", "c"), Expected(5, 6, "two")], None)
    for bad in ("# expct: 1:1: x\n", "# hint: h\n", "# expect: 1: x\n", "# expect: 1:1: x\n# hint: a\n# hint: b\n"):
        with pytest.raises(ValueError):
            parse_expectations(bad, "t")


def _plinth_codes() -> set[str]:
    sources = [ROOT / "plinth/schema.py", ROOT / "plinth/pipeline.py", *sorted((ROOT / "plinth/semantics").glob("*.py"))]
    codes: set[str] = set()
    for src in sources:
        codes |= set(re.findall(r"""["']([a-z]+\.[a-z_]+)["']""", src.read_text()))
    return codes


def test_every_error_code_has_a_fixture() -> None:
    covered = {e.code for fx in ALL for e in fx.expected if e.code}
    codes = _plinth_codes()
    assert "schema.unknown_key" in codes and "ref.unknown" in codes  # the scan works
    missing = codes - covered - set(UNREACHABLE)
    assert not missing, f"error codes without a fixture in tests/validation/bad/: {sorted(missing)}"
    assert not (set(UNREACHABLE) & covered), "a code marked unreachable has a fixture: drop it from UNREACHABLE"
    assert covered <= codes | {"yaml"}, f"fixtures name codes plinth does not have: {sorted(covered - codes)}"


def test_every_loader_error_has_a_fixture() -> None:
    messages = [e.message for fx in ALL for e in fx.expected]
    for start in LOADER_ERRORS:
        assert any(m.startswith(start) or (start.startswith("is ") and start in m) for m in messages), start


def test_examples_are_valid() -> None:
    result = validate_paths([str(ROOT / "blueprints")])
    assert result.ok, "\n".join(f"{d.file}:{d.line}:{d.column}: {d.message}" for d in result.diagnostics)
    assert len(result.blueprints) >= 4


def test_duplicate_blueprint_names_across_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = "cloud: aws\nregion: us-east-1\ncomponents: {net: {kind: network, cidr: 10.0.0.0/16}}\n"
    (tmp_path / "a.yaml").write_text("name: demo-twin\n" + body)
    (tmp_path / "b.yaml").write_text("# the same name as a.yaml\nname: demo-twin\n" + body)
    monkeypatch.chdir(tmp_path)
    result = validate_paths(["."])
    assert [(d.file, d.line, d.column, d.message, d.hint, d.code) for d in result.diagnostics] == [
        ("b.yaml", 2, 7, "blueprint name `demo-twin` is also used by a.yaml",
         "each blueprint needs its own name: it names its output folder and stacks", "name.duplicate_blueprint")]
    assert [bp.file for bp in result.blueprints] == ["a.yaml"]


def test_expression_in_a_key_is_caught_without_the_schema() -> None:
    """Keys are constrained by the schema first (sem-inject-key.yaml); the expression check also
    covers keys, for data that reaches it another way."""
    from plinth import model
    from plinth.loader import load_text
    from plinth.semantics import expressions

    text = ("name: demo-inject\ncloud: aws\nregion: us-east-1\nlabels:\n  \"${var.team}\": ml\n"
            "components: {net: {kind: network, cidr: 10.0.0.0/16}}\n")
    bp = model.build(load_text(text.encode(), "k.yaml"))
    assert [(d.line, d.column, d.message, d.code) for d in expressions.check(bp)] == [
        (5, 3, "`${` would be read as a Terraform expression", "injection.expression")]


# --- the CLI over the whole folder ----------------------------------------------------------------

@pytest.fixture(scope="module")
def cli_json(generated_dir: Path) -> tuple[subprocess.CompletedProcess, dict]:
    plinth = Path(sys.executable).parent / "plinth"          # the console script users run
    cmd = [str(plinth)] if plinth.exists() else [sys.executable, "-m", "plinth.cli"]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([*cmd, "validate", str(BAD), str(generated_dir), "--format", "json"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    return proc, json.loads(proc.stdout) if proc.stdout.strip().startswith("{") else {}


def test_cli_exit_code_and_no_traceback(cli_json) -> None:
    proc, data = cli_json
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert data["valid"] is False and data["blueprints"] == []


def test_cli_json_shape(cli_json) -> None:
    _, data = cli_json
    assert data["errors"], "no errors reported"
    for err in data["errors"]:
        assert {"file", "line", "column", "path", "message", "hint"} <= set(err), err
        assert isinstance(err["file"], str) and isinstance(err["message"], str) and err["message"]
        assert isinstance(err["line"], int) and isinstance(err["column"], int) and err["line"] >= 1 and err["column"] >= 1
        assert isinstance(err["path"], str) and err["path"].startswith("/")
        assert err["hint"] is None or isinstance(err["hint"], str)


def test_cli_reports_what_the_fixtures_expect(cli_json, generated_dir: Path) -> None:
    """The CLI, over the whole folder at once, reports exactly the union of the fixtures' errors."""
    _, data = cli_json
    got: dict[str, set] = {}
    for err in data["errors"]:
        got.setdefault(Path(ROOT, err["file"]).resolve().name, set()).add((err["line"], err["column"], err["message"]))
    for fx in ALL:
        if fx.xfail:
            continue
        assert got.pop(fx.name, set()) == {(e.line, e.column, e.message) for e in fx.expected}, fx.name
    xfailed = {fx.name for fx in ALL if fx.xfail}
    assert set(got) <= xfailed, f"errors for files that are not fixtures: {sorted(set(got) - xfailed)}"


def test_text_output_points_at_the_source(capsys: pytest.CaptureFixture) -> None:
    """`file:line:col: error: message`, then the source line and a caret under the column, then the hint."""
    from plinth.cli import main

    fixtures = [fx for fx in COMMITTED if not fx.xfail and fx.expected[0].code]   # schema and semantic errors
    assert main(["validate", *(str(fx.path) for fx in fixtures)]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    lines = out.err.splitlines()
    for fx in fixtures:
        source = fx.path.read_text().splitlines()
        for e in fx.expected:
            header = next((i for i, ln in enumerate(lines) if ln.endswith(f"{fx.name}:{e.line}:{e.column}: error: {e.message}")), None)
            assert header is not None, f"{fx.name}: {e}"
            assert lines[header + 1] == f"  {e.line:>4} | {source[e.line - 1]}", fx.name
            assert lines[header + 2] == "       | " + " " * (e.column - 1) + "^", fx.name
            if e.hint:
                assert lines[header + 3] == f"       = hint: {e.hint}", fx.name
    n = sum(len(fx.expected) for fx in fixtures)
    assert lines[-1] == f"{n} errors"


def test_loader_errors_show_the_source_line(capsys: pytest.CaptureFixture) -> None:
    from plinth.cli import main

    path = BAD / "yaml-duplicate-key.yaml"
    assert main(["validate", str(path)]) == 2
    assert "     7 | cloud: gcp" in capsys.readouterr().err
