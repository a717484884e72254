"""checkov, in-process: one run over every stack file of a build, filtered to the catalog's checks.

In-process rather than a subprocess because it is faster (measured: tests/gate/bench_checkov.py;
the interpreter start and the import of checkov are paid once per process instead of once per
run). checkov is imported lazily, its logging is kept out of the user's terminal, and our checks
(policies/checks) are loaded once per process.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Collection, Iterator, Sequence

from plinth.gate.catalog import CHECKS_DIR
from plinth.gate.errors import GateError


@dataclass(frozen=True)
class RawResult:
    """One checkov record, reduced to what the gate uses."""

    check_id: str
    check_name: str
    passed: bool
    file: Path                      # resolved
    resource: str                   # as checkov reports it: resource.<name>, <type>.<name>, data.<name>, provider.aws
    lines: tuple[int, int]
    evaluated_keys: tuple[str, ...]


@dataclass(frozen=True)
class CheckovRun:
    results: tuple[RawResult, ...]
    parsing_errors: tuple[str, ...]
    log_errors: tuple[str, ...]
    version: str


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().splitlines()[0])


@contextlib.contextmanager
def _quiet_logging() -> Iterator[list[str]]:
    """Route every log record to a capture (errors only) and restore the logging setup after."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    capture = _Capture()
    root.handlers = [capture]
    try:
        yield capture.messages
    finally:
        root.handlers = saved_handlers
        root.setLevel(saved_level)


@functools.lru_cache(maxsize=1)
def _checkov() -> Any:
    """Import checkov and load our checks once; importing must not change the host's logging or
    its standard streams (plinth/colour.py)."""
    from plinth.colour import checkov_streams

    with _quiet_logging(), checkov_streams():
        from checkov.common.bridgecrew.check_type import CheckType
        from checkov.common.checks_infra.registry import get_graph_checks_registry
        from checkov.runner_filter import RunnerFilter
        from checkov.terraform.checks.data.registry import data_registry
        from checkov.terraform.checks.provider.registry import provider_registry
        from checkov.terraform.checks.resource.registry import resource_registry
        from checkov.terraform.runner import Runner as HclRunner
        from checkov.terraform_json.runner import TerraformJsonRunner
        from checkov.version import version

        from checkov.common.parsers.yaml import loader as yaml_loader

        from plinth.gate import checkov_yaml

        checkov_yaml.install(yaml_loader)
        resource_registry.load_external_checks(str(CHECKS_DIR))
        graph = get_graph_checks_registry(CheckType.TERRAFORM)
        graph.load_checks()

    return SimpleNamespace(RunnerFilter=RunnerFilter, TerraformJsonRunner=TerraformJsonRunner, HclRunner=HclRunner,
                           registries=(resource_registry, data_registry, provider_registry), graph=graph,
                           version=version)


def version() -> str:
    return _checkov().version


def installed_version() -> str:
    """checkov's version without importing it (seconds): for results that come from the cache."""
    from importlib import metadata

    return metadata.version("checkov")


@functools.lru_cache(maxsize=1)
def registry() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every check checkov knows (built-in and ours): ID → (name, supported resource types)."""
    api = _checkov()
    out: dict[str, tuple[str, set[str]]] = {}
    for reg in api.registries:
        for entity, check in reg.all_checks():
            out.setdefault(check.id, (check.name, set()))[1].add(entity)
    for check in api.graph.checks:
        out.setdefault(check.id, (check.name, set()))[1].update(check.resource_types)
    return {k: (name, tuple(sorted(types))) for k, (name, types) in out.items()}


def _records(report: Any) -> Iterator[RawResult]:
    for record, passed in [(r, True) for r in report.passed_checks] + [(r, False) for r in report.failed_checks]:
        yield RawResult(check_id=record.check_id, check_name=record.check_name, passed=passed,
                        file=Path(record.file_abs_path).resolve(), resource=record.resource,
                        lines=tuple(record.file_line_range or (1, 1)),  # type: ignore[arg-type]
                        evaluated_keys=tuple(record.check_result.get("evaluated_keys") or ()))


def run_checkov(json_files: Sequence[Path], check_ids: Collection[str], hcl_root: Path | None = None) -> CheckovRun:
    """Run the checks `check_ids` over Terraform JSON files (and HCL under `hcl_root`) in one go."""
    from plinth import progress

    with progress.step(f"running checkov over {len(json_files)} stack file(s)"):
        return _run_checkov(json_files, check_ids, hcl_root)


def _run_checkov(json_files: Sequence[Path], check_ids: Collection[str], hcl_root: Path | None) -> CheckovRun:
    api = _checkov()
    results: list[RawResult] = []
    parsing: list[str] = []
    with _quiet_logging() as errors:
        try:
            if json_files:
                filt = api.RunnerFilter(framework=["terraform_json"], checks=sorted(check_ids), show_progress_bar=False)
                report = api.TerraformJsonRunner().run(root_folder=None, files=[str(f) for f in json_files],
                                                       runner_filter=filt)
                results += _records(report)
                parsing += report.parsing_errors
            if hcl_root is not None:
                filt = api.RunnerFilter(framework=["terraform"], checks=sorted(check_ids), show_progress_bar=False,
                                        download_external_modules=False)
                report = api.HclRunner().run(root_folder=str(hcl_root), runner_filter=filt)
                for report_part in report if isinstance(report, list) else [report]:
                    results += (r for r in _records(report_part) if not r.file.name.endswith(".tf.json"))
                    parsing += report_part.parsing_errors
        except Exception as exc:  # noqa: BLE001 - checkov's own failure, reported without a traceback
            raise GateError(f"checkov {api.version} failed: {type(exc).__name__}: {exc}",
                            "run with a single stack to isolate the resource it cannot read") from None
    unique = {(r.check_id, r.file, r.resource, r.passed): r for r in results}
    ordered = sorted(unique.values(), key=lambda r: (str(r.file), r.lines, r.check_id, r.resource))
    return CheckovRun(tuple(ordered), tuple(sorted(set(parsing))), tuple(errors), api.version)
