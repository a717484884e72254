"""checkov's built-in GCP checks on the synthesized output: the secure defaults pass, each explicit
insecure choice fails, and the only finding on a secure blueprint is the structural one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gcp_synth import Stack

# The Cloud Storage access-log bucket cannot log to itself (that is CKV_GCP_63), so CKV_GCP_62
# fails on it by construction; its access is in Cloud Audit Logs (DATA_READ/DATA_WRITE). The gate's
# catalog exempts access-log sinks from CKV_GCP_62 (see the gate tests at the end).
STRUCTURAL = {("CKV_GCP_62", "foundation", "plinth/audit/access-logs")}

EXPECTED = {
    "fraud-inference": STRUCTURAL,
    "gpu-fabric": STRUCTURAL,
    "multi-serve": STRUCTURAL,
    "tpu-train": STRUCTURAL,
    "insecure": STRUCTURAL | {
        ("CKV_GCP_2", "foundation", "open/firewall/allow-ingress-0"),    # 0.0.0.0/0 → 22
        ("CKV_GCP_3", "foundation", "open/firewall/allow-ingress-0"),    # 0.0.0.0/0 → 3389
        ("CKV_GCP_26", "foundation", "open/subnet"),                     # flow_logs.enabled: false
        ("CKV_GCP_114", "foundation", "lake/bucket-public"),             # public_access: true
        ("CKV_GCP_78", "foundation", "lake/bucket-public"),              # versioning: false
        ("CKV_GCP_18", "training", "exposed/cluster"),                   # public_endpoint: true
        ("CKV2_GCP_33", "serving", "pub/us-central1/endpoint"),          # public: true
    },
}


@pytest.fixture(scope="module")
def checkov(gcp_dir: Path) -> dict:
    """One checkov run over every GCP stack (offline, terraform_json)."""
    exe = Path(sys.executable).parent / "checkov"
    proc = subprocess.run([str(exe), "-d", str(gcp_dir), "--framework", "terraform_json", "--skip-download",
                           "--compact", "-o", "json"], capture_output=True, text=True, timeout=300)
    assert proc.stdout, proc.stderr
    report = json.loads(proc.stdout)
    return report[0] if isinstance(report, list) else report


def test_failures_are_exactly_the_expected_ones(checkov, gcp):
    stacks = {}
    failed: dict[str, set] = {name: set() for name in gcp}
    for result in checkov["results"]["failed_checks"]:
        _, bp, stack_id, _ = result["file_path"].split("/")
        if stack_id not in stacks:
            stacks[stack_id] = Stack(stack_id, gcp[bp][f"{stack_id}/cdk.tf.json"])
        logical = result["resource"].rsplit(".", 1)[-1]
        failed[bp].add((result["check_id"], stack_id[len(bp) + 1:], stacks[stack_id].logical[logical]))
    assert failed == EXPECTED


def test_the_secure_example_is_checked_broadly(checkov):
    passed = {r["check_id"] for r in checkov["results"]["passed_checks"] if "/fraud-inference/" in r["file_path"]}
    # one or more per control family: network, GKE, encryption, keys, storage, logging, Vertex AI
    assert {"CKV_GCP_26", "CKV_GCP_74", "CKV2_GCP_18", "CKV_GCP_25", "CKV_GCP_64", "CKV_GCP_18", "CKV_GCP_20",
            "CKV_GCP_12", "CKV_GCP_13", "CKV_GCP_61", "CKV_GCP_65", "CKV_GCP_66", "CKV_GCP_68", "CKV_GCP_69",
            "CKV_GCP_70", "CKV_GCP_71", "CKV_GCP_72", "CKV_GCP_9", "CKV_GCP_10", "CKV_GCP_43", "CKV_GCP_82",
            "CKV_GCP_29", "CKV_GCP_78", "CKV_GCP_114", "CKV_GCP_62", "CKV_GCP_84", "CKV_GCP_81", "CKV2_GCP_24",
            "CKV2_GCP_33"} <= passed


# -- the plinth gate: catalog, plinth's checks, exemptions -----------------------------------------
# What `plinth check` says. Raw checkov's structural CKV_GCP_62 failure above is a catalog exemption
# there (the access-log sink); nothing else fails on the secure blueprints; each insecure choice fails.
ACCESS_LOG_SINK = {("CKV_GCP_62", "plinth/audit/access-logs")}
GATE = {
    "fraud-inference": (set(), ACCESS_LOG_SINK),
    "gpu-fabric": (set(), ACCESS_LOG_SINK),
    "multi-serve": (set(), ACCESS_LOG_SINK),
    "tpu-train": (set(), ACCESS_LOG_SINK),
    "insecure": ({
        ("CKV_GCP_2", "open/firewall/allow-ingress-0"), ("CKV_GCP_3", "open/firewall/allow-ingress-0"),
        ("CKV_GCP_26", "open/subnet"), ("PLN_PRES_002", "open/network"),        # flow_logs.enabled: false
        ("CKV_GCP_114", "lake/bucket-public"), ("CKV_GCP_78", "lake/bucket-public"),
        ("CKV_GCP_18", "exposed/cluster"),
        ("PLN_GCP_007", "reg/images-us-central1"),                               # scan_on_push: false
        ("PLN_GCP_009", "reg/images-us-central1"),                               # immutable_tags: false
        ("CKV2_GCP_33", "pub/us-central1/endpoint"),
    }, ACCESS_LOG_SINK),
}


@pytest.mark.parametrize("bp", sorted(GATE))
def test_the_gate_fails_exactly_the_insecure_choices(gcp_dir, bp):
    from plinth.gate import run_gate

    [result] = run_gate([gcp_dir / bp]).blueprints
    paths = {f"{rtype}.{logical}": body["//"]["metadata"]["path"].split("/", 1)[1]
             for stack in (gcp_dir / bp).glob("*/cdk.tf.json")
             for rtype, items in json.loads(stack.read_text()).get("resource", {}).items()
             for logical, body in items.items()}
    failed = {(f.check_id, paths.get(f.address, "<blueprint>")) for f in result.findings if f.status == "failed"}
    exempt = {(f.check_id, paths.get(f.address, "<blueprint>")) for f in result.findings if f.status == "exempt"}
    assert (failed, exempt) == GATE[bp]
    assert result.passed is (bp != "insecure")


def test_every_resource_type_of_every_gcp_blueprint_is_in_the_catalog(gcp_dir):
    """A control inspects it, or `unscoped_resource_types` says why none needs to (issue 4)."""
    from plinth.gate.catalog import load_catalog

    types = {rtype for stack in gcp_dir.glob("*/*/cdk.tf.json")
             for rtype in json.loads(stack.read_text()).get("resource", {})}
    assert {"google_parallelstore_instance", "google_vertex_ai_tensorboard", "google_compute_resource_policy"} <= types
    assert sorted(types - load_catalog().covered_types()) == []
