"""Hostile YAML: alias bombs, deep nesting, huge files and scalars, binary data, other encodings,
tabs, duplicate and non-string keys, python tags, anchors on keys. Each case runs in its own forked
child under a 1 GiB address-space limit (see hostile_driver.py) and must end, within 2 s of
validation time, with a clear error at the right place, and never run anything a tag names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from hostile_driver import CASES, MEMORY_LIMIT  # noqa: E402

TIME_LIMIT = 2.0   # seconds of validation per case

# case -> (line, column, message start, hint start); None where any position inside the file will do.
EXPECTED: dict[str, tuple[int | None, int | None, str, str | None]] = {
    "billion-laughs": (None, None, "document expands to more than 20000 nodes", "remove YAML aliases"),
    "deep-flow-seq-10000": (1, 42, "nesting deeper than 40 levels", "flatten the structure"),
    "deep-flow-map-10000": (1, 165, "nesting deeper than 40 levels", "flatten the structure"),
    "deep-block-map-1000": (42, 42, "nesting deeper than 40 levels", "flatten the structure"),
    "recursive-alias": (4, 13, "nesting deeper than 40 levels", "flatten the structure"),
    "file-50mb": (1, 1, "file is 52428857 bytes (limit 1048576)", "a blueprint should be a few kilobytes"),
    "sparse-file-2gb": (1, 1, "file is 2147483648 bytes (limit 1048576)", "a blueprint should be a few kilobytes"),
    "lines-100000-list": (20_000, 3, "document expands to more than 20000 nodes", None),
    "lines-100000-then-error": (100_001, 1, "invalid YAML: found character '\\t'", "indent with spaces, not tabs"),
    "flow-list-1mb": (4, 14 + 2 * (20_000 - 4 - 1), "document expands to more than 20000 nodes", None),
    "keys-90000": (20_000, 9, "document expands to more than 20000 nodes", None),
    "scalar-1mb": (4, 14, "value is 1000000 characters long (limit 16384)", None),
    "binary-garbage": (None, None, "file is not UTF-8", "save the file as UTF-8"),
    "control-characters": (4, 15, "invalid YAML: unacceptable character #x0000", "remove control characters"),
    "non-utf8-latin1": (4, 17, "file is not UTF-8 (byte 0xe9)", "save the file as UTF-8"),
    "utf16": (1, 1, "file is not UTF-8 (byte 0xff)", "save the file as UTF-8"),
    "tabs": (5, 1, "invalid YAML: found character '\\t' that cannot start any token", "indent with spaces, not tabs"),
    "duplicate-keys": (4, 1, "duplicate key `name`", "`name` is already set on line 1"),
    "non-string-keys": (4, 1, "mapping key `1` is not a string", "quote the key"),
    "python-tags": (4, 14, "YAML tag `!!python/object/apply:os.system` is not supported", "remove the `!` tag"),
    "anchors-on-keys": (4, 1, "duplicate key `name`", "`name` is already set on line 1"),
    "merge-keys": (7, 5, "YAML merge keys (`<<`) are not supported", "write the keys out"),
    "many-documents": (4, 1, "invalid YAML: expected a single document in the stream", None),
    "empty": (1, 1, "blueprint is empty", "start from an example"),
    "unicode-line-separators": (None, None, "invalid YAML: ", None),
}


def test_every_case_has_an_expectation() -> None:
    assert sorted(EXPECTED) == sorted(CASES)


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> dict:
    workdir = tmp_path_factory.mktemp("hostile")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, str(HERE / "hostile_driver.py"), str(workdir)], env=env,
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def test_no_python_tag_ran(results: dict) -> None:
    assert results["_marker_created"] is False


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input(case: str, results: dict) -> None:
    r = results[case]
    assert "exception" not in r, f"{case}: {r.get('traceback') or r.get('exception')}"
    assert r["signal"] is None, f"{case}: killed by signal {r['signal']} (alarm = hang, 9/11 = memory)"
    assert r["exit_status"] == 0
    assert r["elapsed"] < TIME_LIMIT, f"{case}: validation took {r['elapsed']:.2f} s"
    assert r["max_rss_kib"] * 1024 < MEMORY_LIMIT // 4, f"{case}: peak RSS {r['max_rss_kib'] // 1024} MiB"
    assert r["ok"] is False and r["count"] >= 1, f"{case}: accepted"
    assert r["problems"] == [], f"{case}: {r['problems']}"
    assert all(d["code"] for d in r["diagnostics"]), f"{case}: a diagnostic without a code"
    line, column, message, hint = EXPECTED[case]
    first = r["diagnostics"][0]
    assert first["message"].startswith(message), f"{case}: {first}"
    if line is not None:
        assert (first["line"], first["column"]) == (line, column), f"{case}: {first}"
    if hint is not None:
        assert (first["hint"] or "").startswith(hint), f"{case}: {first}"
