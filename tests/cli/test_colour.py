"""Colour: verdicts and severities on a terminal only; never with NO_COLOR (any non-empty value),
TERM=dumb, in CI, when piped or written to a file; and checkov (imported in-process) leaks none."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys

import pytest
from cli_helpers import AUDIT_DIR, BAD, ONE_EXAMPLE, ROOT, TINY_BUILD, Tty, run

from plinth import colour

ESC = "\x1b["
RED_FAIL = "\x1b[1;31mFAIL\x1b[0m"
RED_ERROR = "\x1b[1;31merror\x1b[0m"

COMMANDS = [
    ["validate", ONE_EXAMPLE], ["validate", BAD],
    ["synth", ONE_EXAMPLE, "--out", "{tmp}/out"], ["synth", BAD],
    ["build", ONE_EXAMPLE, "--out", "{tmp}/out", "--no-cache"], ["build", BAD],
    ["check", TINY_BUILD], ["check", TINY_BUILD, "--format", "sarif"], ["check", "{tmp}/missing"],
    ["audit", AUDIT_DIR],
    ["lint", "tests/rules/fixtures/AIX-004/fail.yaml"], ["lint", BAD],
    ["cost", ONE_EXAMPLE], ["cost", BAD], ["graph", ONE_EXAMPLE], ["graph", BAD],
    ["rules"], ["accelerators"], ["coverage"], ["schema"],
]


@pytest.fixture
def terminal(monkeypatch):
    """A colour-capable terminal: no NO_COLOR, no CI, TERM=xterm."""
    for name in ("NO_COLOR", "CI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


def plinth(argv: list[str], monkeypatch, tmp, tty: bool = True) -> tuple[int, str, str]:
    out, err = (Tty(), Tty()) if tty else (io.StringIO(), io.StringIO())
    monkeypatch.setattr(sys, "__stderr__", err)          # progress writes to the real stderr
    code = run([a.format(tmp=tmp) for a in argv], out, err, monkeypatch)
    return code, out.getvalue(), err.getvalue()


def test_enabled_follows_no_color_org(monkeypatch, terminal):
    assert colour.enabled(Tty()) and not colour.enabled(io.StringIO())
    for name, value in (("NO_COLOR", "1"), ("NO_COLOR", "false"), ("CI", "true"), ("TERM", "dumb")):
        with monkeypatch.context() as m:
            m.setenv(name, value)
            assert not colour.enabled(Tty()), (name, value)
    monkeypatch.setenv("NO_COLOR", "")                   # empty: as if unset (no-color.org)
    assert colour.enabled(Tty())


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_no_color_on_a_terminal_means_no_escape_at_all(argv, monkeypatch, terminal, session_synth):
    monkeypatch.setenv("NO_COLOR", "1")
    code, out, err = plinth(argv, monkeypatch, session_synth)
    assert ESC not in out and ESC not in err, (code, out[-300:], err[-300:])


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_piped_output_is_never_coloured(argv, monkeypatch, terminal, session_synth):
    code, out, err = plinth(argv, monkeypatch, session_synth, tty=False)
    assert ESC not in out and ESC not in err, (code, out[-300:], err[-300:])


def test_on_a_terminal_verdicts_and_severities_are_coloured(monkeypatch, terminal, tmp_path):
    code, out, err = plinth(["check", TINY_BUILD], monkeypatch, tmp_path)
    assert code == 1
    assert out.splitlines()[0].endswith(f"tests/gate/fixtures/blueprints/tiny.yaml: {RED_FAIL}")
    assert f"tests/gate/fixtures/blueprints/tiny.yaml:2:1: {RED_ERROR}: PLN_PRES_001" in out
    assert "tiny.yaml:6:3: \x1b[1;33mwarning (outside the profiles)\x1b[0m: CKV_AWS_144" in out
    code, out, err = plinth(["check", TINY_BUILD, "--format", "json", "--no-cache"], monkeypatch, tmp_path)
    assert ESC not in out and err.splitlines()[-1] == f"plinth check: {RED_FAIL} (tiny)"   # JSON stays plain
    assert err.startswith("plinth: running checkov over 1 stack file(s) … done (")           # progress: plain
    code, out, err = plinth(["validate", BAD], monkeypatch, tmp_path)
    assert err.startswith(f"{BAD}:5:8: {RED_ERROR}: `gpc` is not a valid `cloud`\n")
    code, out, _ = plinth(["lint", "tests/rules/fixtures/AIX-004/fail.yaml"], monkeypatch, tmp_path)
    assert out.startswith("tests/rules/fixtures/AIX-004/fail.yaml:12:14: \x1b[1;33mwarning\x1b[0m AIX-004: ")


@pytest.mark.parametrize("name, value", [("CI", "true"), ("TERM", "dumb")])
def test_ci_and_dumb_terminals_get_no_colour(name, value, monkeypatch, terminal, tmp_path):
    monkeypatch.setenv(name, value)
    _, out, err = plinth(["check", TINY_BUILD], monkeypatch, tmp_path)
    assert ESC not in out + err and ": FAIL" in out


def test_a_report_written_to_a_file_is_never_coloured(monkeypatch, terminal, tmp_path):
    target = tmp_path / "report.txt"
    code, out, err = plinth(["check", TINY_BUILD, "--output", str(target)], monkeypatch, tmp_path)
    assert code == 1 and out == ""
    assert err.splitlines()[-1] == f"plinth check: {RED_FAIL} (tiny); report written to {target}"
    assert ESC not in target.read_text() and ": FAIL" in target.read_text()


def test_the_checkov_import_leaves_the_streams_alone(monkeypatch, terminal):
    """checkov runs `colorama.init(autoreset=True)` on import: on a terminal every later write would
    end in ESC[0m, and an exit hook writes one more."""
    import atexit

    import colorama

    tty = Tty()
    monkeypatch.setattr(sys, "stdout", tty)
    with colour.checkov_streams():
        colorama.init(autoreset=True)
    assert sys.stdout is tty
    print("PASS")
    assert tty.getvalue() == "PASS\n"
    assert os.environ["ANSI_COLORS_DISABLED"] == "1"     # checkov's and termcolor's own switch
    assert atexit.unregister(colorama.initialise.reset_all) is None   # already gone: nothing to undo


def _on_a_pty(argv: list[str], env: dict[str, str]) -> str:
    """Run plinth with stdout and stderr on a real pseudo-terminal; everything it printed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "plinth.cli", *argv], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                            stdout=follower, stderr=follower)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:            # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    proc.wait(timeout=120)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_real_terminal_gets_no_escape_with_no_color_and_balanced_colour_without():
    """A separate process, so checkov is imported fresh while the terminal is real."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "PLINTH_NO_FAST_EXIT")}
    env["TERM"] = "xterm"
    plain = _on_a_pty(["check", TINY_BUILD], {**env, "NO_COLOR": "1"})
    assert "tests/gate/fixtures/blueprints/tiny.yaml: FAIL" in plain and ESC not in plain
    coloured = _on_a_pty(["check", TINY_BUILD], env)
    assert RED_FAIL in coloured
    assert coloured.count("\x1b[0m") == coloured.count(ESC) // 2   # every colour closed once, no stray resets
