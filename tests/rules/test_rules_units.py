"""Cases the fixtures cannot reach: what validation rejects today (rules repeat it for the gate),
and the catalog and jurisdiction facts the rules stand on."""

from __future__ import annotations

import dataclasses

import pytest

from plinth.model import ServingEndpoint
from plinth.rules import run
from plinth.rules._facts import has_fabric, resolve
from plinth.rules._regions import jurisdiction
from plinth.rules.aix_010 import nearest_gpu

from _rule_helpers import FIXTURES, load, row


def _replace_component(bp, name, **changes):
    comps = tuple(dataclasses.replace(c, **changes) if c.name == name else c for c in bp.components)
    return dataclasses.replace(bp, components=comps)


def test_aix_001_endpoint_on_a_training_cluster():
    bp = load(FIXTURES / "AIX-001" / "pass.yaml")
    bp = _replace_component(bp, "api", cluster="train")   # validation rejects this (ref.serving_on_training)
    assert [row(f) for f in run(bp)] == [{
        "rule": "AIX-001", "severity": "error", "component": "api", "line": 32, "column": 14,
        "message": "serving endpoint `api` runs on training cluster `train`",
        "hint": "use a cluster with `purpose: serving`, or drop `cluster:` for a managed endpoint"}]


def test_aix_008_region_outside_allowed_regions():
    bp = load(FIXTURES / "AIX-008" / "fail.yaml")
    bp = dataclasses.replace(bp, allowed_regions=("us-east-1", "eu-west-1"))  # validation rejects the rest
    assert [(f.rule, f.component, f.line, f.column, f.message, f.hint) for f in run(bp)] == [
        ("AIX-008", "blueprint", 6, 19, "region `us-west-2` is outside the allowed regions",
         "allowed_regions: us-east-1, eu-west-1"),
        ("AIX-008", "lake", 14, 25, "region `eu-west-2` is outside the allowed regions",
         "allowed_regions: us-east-1, eu-west-1"),
    ]


def test_aix_008_allowed_regions_across_jurisdictions_is_a_decision_not_a_finding():
    bp = load(FIXTURES / "AIX-008" / "fail.yaml")
    bp = dataclasses.replace(bp, allowed_regions=("us-east-1", "us-west-2", "eu-west-1", "eu-west-2"))
    assert run(bp) == []


def test_aix_008_compliance_alone_marks_data_as_regulated():
    bp = load(FIXTURES / "AIX-008" / "fail.yaml")
    bp = dataclasses.replace(bp, labels=(("cost-center", "100"), ("team", "ml")), compliance=("pci",))
    assert [f.message.split(" reaches")[0] for f in run(bp)] == ["PCI-scoped data"] * 2
    bp = dataclasses.replace(bp, compliance=())
    assert run(bp) == []   # unregulated data may go anywhere


def test_aix_008_endpoint_regions_count_for_residency():
    bp = load(FIXTURES / "AIX-008" / "pass.yaml")
    api = ServingEndpoint(name="api", registry="r", model_name="m", min_replicas=1, max_replicas=1,
                          regions=("us-east-1", "eu-central-1"))
    bp = dataclasses.replace(bp, components=bp.components + (api,))
    assert [(f.component, f.path) for f in run(bp) if f.rule == "AIX-008"] == [
        ("api", ("components", "api", "regions", 1))]


@pytest.mark.parametrize("cloud, accelerator, instance_type, count, fabric", [
    ("aws", "nvidia-h100-80gb", None, None, True),
    ("aws", None, "p5.48xlarge", None, True),
    ("aws", None, "trn1.2xlarge", None, False),       # Trainium, but the 1-chip size has no EFA
    ("aws", None, "trn1.32xlarge", None, True),
    ("aws", "nvidia-l4", None, 8, False),             # g6.48xlarge has an EFA card, L4 no fabric
    ("azure", "nvidia-a100-80gb", None, 8, True),     # ND A100 v4: InfiniBand
    ("azure", "nvidia-a100-80gb", None, 1, False),    # NC A100 v4: none
    ("gcp", "nvidia-h100-80gb", None, None, True),    # A3: GPUDirect
    ("gcp", "nvidia-a100-80gb", None, 8, False),      # A2 Ultra: none
    ("gcp", "tpu-v5p", None, 4, False),               # ICI is inside the slice
])
def test_which_shapes_need_a_fabric(cloud, accelerator, instance_type, count, fabric):
    a = resolve(cloud, accelerator, instance_type, count)
    assert a is not None and has_fabric(cloud, a) is fabric


def test_resolve_ignores_cpu_types_and_unknown_names():
    assert resolve("aws", None, "m6i.2xlarge", None) is None
    assert resolve("aws", "no-such-gpu", None, None) is None
    assert resolve("azure", "nvidia-l4", None, 1) is None           # not offered there
    assert resolve("aws", None, "ml.inf2.xlarge", None, serving=True).acc.name == "aws-inferentia2"


@pytest.mark.parametrize("cloud, region, code", [
    ("aws", "us-east-1", "us"), ("aws", "us-gov-west-1", "us"), ("aws", "eu-west-1", "eu"),
    ("aws", "eu-west-2", "uk"), ("aws", "eu-central-2", "ch"), ("aws", "ap-northeast-1", "jp"),
    ("aws", "ca-central-1", "ca"), ("aws", "ap-nowhere-9", "ap-nowhere-9"),
    ("gcp", "us-central1", "us"), ("gcp", "europe-west4", "eu"), ("gcp", "europe-west2", "uk"),
    ("gcp", "northamerica-northeast1", "ca"), ("gcp", "asia-southeast1", "sg"),
    ("azure", "eastus", "us"), ("azure", "westus2", "us"), ("azure", "southcentralus", "us"),
    ("azure", "westeurope", "eu"), ("azure", "uksouth", "uk"), ("azure", "australiaeast", "au"),
    ("azure", "atlantis", "atlantis"),
])
def test_jurisdictions(cloud, region, code):
    assert jurisdiction(cloud, region) == code


@pytest.mark.parametrize("cloud, memory, gpu", [
    ("gcp", 32, "nvidia-l4"),          # Inferentia2 / Trainium1 / TPU v6e: 24 GB is closest
    ("azure", 32, "nvidia-t4"),        # no L4 on Azure
    ("aws", 95, "nvidia-h100-80gb"),   # TPU v5p: tie between H100 and A100 (80 GB), catalog order
    ("gcp", 96, "nvidia-h100-80gb"),   # Trainium2
    ("azure", 16, "nvidia-t4"),
])
def test_nearest_gpu_by_memory(cloud, memory, gpu):
    assert nearest_gpu(cloud, memory).name == gpu
