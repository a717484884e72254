"""Run hostile YAML inputs through `plinth.pipeline.validate_paths`, each in a forked child under a
1 GiB address-space limit and a 10 s alarm; print one JSON object with every case's result.

    python hostile_driver.py WORKDIR [CASE ...]

Not a test module: test_yaml_hostility.py runs it in a subprocess (so a case that blew the limits
would take down only its own child, never pytest)."""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent))

MEMORY_LIMIT = 1 << 30          # RLIMIT_AS of each case
ALARM_SECONDS = 10              # a case still running then is killed (and fails its test)
MARKER = "pwned-by-yaml"        # a !!python tag that ran would create this file


def _laughs() -> bytes:
    lines = [b"a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, 10):
        lines.append(b"a%d: &a%d [" % (i, i) + b", ".join([b"*a%d" % (i - 1)] * 9) + b"]")
    return b"\n".join(lines) + b"\n"


def _deep_block(levels: int) -> bytes:
    return b"".join(b" " * i + b"a:\n" for i in range(levels)) + b" " * levels + b"1\n"


HEAD = b"name: hostile\ncloud: aws\nregion: us-east-1\n"
SPARSE_2GB = b"<sparse 2 GiB>"   # stands for a file of 2 GiB that would not fit under the memory limit

# name -> input. Expectations live in test_yaml_hostility.py.
CASES: dict[str, Callable[[], bytes]] = {
    "billion-laughs": _laughs,
    "deep-flow-seq-10000": lambda: b"[" * 10_000 + b"]" * 10_000,
    "deep-flow-map-10000": lambda: b"{a: " * 10_000 + b"1" + b"}" * 10_000,
    "deep-block-map-1000": lambda: _deep_block(1000),
    "recursive-alias": lambda: HEAD + b"components: &c {x: *c}\n",
    "file-50mb": lambda: HEAD + b"description: " + b"x" * (50 * 1024 * 1024) + b"\n",
    "sparse-file-2gb": lambda: SPARSE_2GB,   # all NUL bytes, written as a hole: no disk space used
    "lines-100000-list": lambda: HEAD + b"compliance:\n" + b"- hipaa\n" * 100_000,
    "lines-100000-then-error": lambda: HEAD + b"#\n" * 99_996 + b"components:\n\tnet: {}\n",
    "flow-list-1mb": lambda: HEAD + b"compliance: [" + b"1," * 520_000 + b"1]\n",
    "keys-90000": lambda: b"".join(b"k%d: 1\n" % i for i in range(90_000)),
    "scalar-1mb": lambda: HEAD + b"description: " + b"x" * 1_000_000 + b"\n",
    "binary-garbage": lambda: random.Random(11).randbytes(4096),
    "control-characters": lambda: HEAD + b"description: a\x00b\x01\n",
    "non-utf8-latin1": lambda: HEAD + b"description: caf\xe9\n",
    "utf16": lambda: (HEAD.decode() + "components: {}\n").encode("utf-16"),
    "tabs": lambda: HEAD + b"components:\n\tnet:\n\t\tkind: network\n",
    "duplicate-keys": lambda: HEAD + b"name: again\n",
    "non-string-keys": lambda: HEAD + b"1: one\ntrue: yes\n~: nothing\n[a]: list\n{b: 1}: map\n",
    "python-tags": lambda: HEAD + b"description: !!python/object/apply:os.system [\"touch " + MARKER.encode()
    + b"\"]\nlabels: !!python/name:os.system\ncomponents: !!python/object/new:os.system [\"touch "
    + MARKER.encode() + b"\"]\n",
    "anchors-on-keys": lambda: HEAD.replace(b"name:", b"&k name:") + b"*k : other\n",
    "merge-keys": lambda: HEAD + b"base: &b {kind: network}\ncomponents:\n  net:\n    <<: *b\n",
    "many-documents": lambda: HEAD + b"---\n" + HEAD,
    "empty": lambda: b"",
    "unicode-line-separators": lambda: HEAD + "description: a\u2028b\u2029c\x85d\r\ncomponents: [\n".encode(),
}


def _bytes_position_problems(diags: list[dict], raw: bytes) -> list[str]:
    lines = raw.split(b"\n")
    out = []
    for d in diags:
        if not 1 <= d["line"] <= len(lines) or not 1 <= d["column"] <= len(lines[d["line"] - 1]) + 1:
            out.append(f"{d['line']}:{d['column']}: outside the file")
        if not d["message"].strip():
            out.append(f"{d['line']}:{d['column']}: empty message")
    return out


def _child(path: Path, raw: bytes) -> dict:
    from plinth.pipeline import validate_paths
    from robust_support import position_problems

    start = time.perf_counter()
    result = validate_paths([str(path)])
    elapsed = time.perf_counter() - start
    diags = [{"line": d.line, "column": d.column, "message": d.message, "hint": d.hint, "code": d.code,
              "file": d.file} for d in result.diagnostics]
    try:
        problems = position_problems(result.diagnostics, raw.decode("utf-8").removeprefix("\ufeff"), str(path))
    except UnicodeDecodeError:
        problems = _bytes_position_problems(diags, raw)
    return {"ok": result.ok, "elapsed": elapsed, "diagnostics": diags[:50], "count": len(diags),
            "problems": problems[:20]}


def run_case(name: str, workdir: Path) -> dict:
    raw = CASES[name]()
    path = workdir / f"{name}.yaml"
    if raw is SPARSE_2GB:
        with path.open("wb") as fh:
            fh.truncate(2 << 30)
        raw = b"\0" * 1024
    else:
        path.write_bytes(raw)
    small = raw if len(raw) <= 2 * 1024 * 1024 else raw[:1024 * 1024 + 1]  # positions of a 50 MB file: line 1
    del raw
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_end)
        code = 0
        try:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
            signal.alarm(ALARM_SECONDS)
            out = _child(path, small)
        except BaseException as exc:  # noqa: BLE001 - the point is to report anything at all
            import traceback

            out = {"exception": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()[-3000:]}
            code = 1
        data = json.dumps(out).encode()
        view = memoryview(data)
        while view:
            view = view[os.write(write_end, view):]
        os._exit(code)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 1 << 16):
        chunks.append(chunk)
    os.close(read_end)
    _, status, usage = os.wait4(pid, 0)
    path.unlink()
    try:
        out = json.loads(b"".join(chunks) or b"{}")
    except ValueError:
        out = {}
    out["exit_status"] = status
    out["signal"] = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
    out["max_rss_kib"] = usage.ru_maxrss
    return out


def main(argv: list[str]) -> int:
    workdir = Path(argv[0])
    names = argv[1:] or list(CASES)
    os.chdir(workdir)              # a !!python tag that ran would `touch` MARKER here
    from plinth.pipeline import validate_paths

    # Warm up once, before forking: imports, the schema validator, the catalogs.
    validate_paths(sorted(str(p) for p in (Path(__file__).resolve().parents[2] / "blueprints").glob("*.yaml")))

    results = {name: run_case(name, workdir) for name in names}
    results["_marker_created"] = (workdir / MARKER).exists()
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
