"""The instance-type shapes of plinth/semantics/accelerators.py: every published type of a cloud has
its cloud's shape and no other cloud's; typos do not; hints repair what they can.

The samples are copied from public type lists (read 2026-11-29):
- AWS: aws/karpenter-provider-aws pkg/providers/instancetype/zz_generated.bandwidth.go at commit
  01a436f0bbbc75a1252aba1a3a48ca115b7e6cc0 (generated from EC2 DescribeInstanceTypes), every
  unusual family and size in it;
- GCP: Cyclenerd/google-cloud-pricing-cost-calculator build/gcp.yml at commit
  7a2c55d369a319111319fbcbcf061e10f7eb8da2 (machine types priced from the Cloud Billing SKUs);
- Azure: skypilot-org/skypilot-catalog catalogs/v6/azure/vms.csv at commit
  098741e70562f65d7af1cceb81e33b284f742604;
plus every type plinth's own catalogs (accelerators.yaml, prices.yaml) name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plinth import catalog
from plinth.pipeline import validate_paths
from plinth.semantics.accelerators import AWS_EC2, TYPE_FORMS, _type_hint
from plinth.semantics.regions import closest

PUBLISHED = {
    "aws": [
        "t3.nano", "t2.micro", "t4g.small", "a1.medium", "m5.large", "m6i.xlarge", "m6i.2xlarge", "c5.9xlarge",
        "c7i-flex.large", "m7i-flex.12xlarge", "mac1.metal", "mac2-m2pro.metal", "mac-m4.metal", "mac-m3ultra.metal",
        "u-3tb1.56xlarge", "u-12tb1.112xlarge", "u7i-12tb.224xlarge", "u7inh-32tb.480xlarge", "r7iz.metal-16xl",
        "c7i.metal-24xl", "c8i.metal-96xl", "x8aedz.metal-12xl", "p5.4xlarge", "p5.48xlarge", "p5en.48xlarge",
        "p6-b200.48xlarge", "p6e-gb200.36xlarge", "trn2u.48xlarge", "trn2.3xlarge", "inf2.xlarge", "dl2q.24xlarge",
        "g4dn.metal", "hpc7g.16xlarge", "is4gen.medium", "i7ie.large", "x2iezn.metal", "vt1.3xlarge",
        "ml.m5.large", "ml.g5.48xlarge", "ml.p5.48xlarge",
    ],
    "gcp": [
        "e2-micro", "e2-small", "e2-medium", "f1-micro", "g1-small", "e2-standard-4", "n2-standard-8",
        "n2-highmem-128", "n2d-highcpu-224", "n4-highcpu-80", "t2d-standard-60", "t2a-standard-48",
        "n1-standard-96", "c2-standard-60", "c2d-highmem-112", "c3-standard-8-lssd", "c3d-highmem-360-lssd",
        "m1-ultramem-160", "m1-megamem-96", "m2-hypermem-416", "m3-megamem-128", "a2-highgpu-1g", "a2-megagpu-16g",
        "a2-ultragpu-8g", "g2-standard-96", "a3-highgpu-8g", "a3-megagpu-8g", "ct5lp-hightpu-4t", "ct5p-hightpu-4t",
        "ct6e-standard-8t", "custom-4-30720-ext", "n2-custom-8-16384",
    ],
    "azure": [
        "Standard_A0", "Standard_A1_v2", "Standard_A2m_v2", "Standard_B1ls", "Standard_B2ats_v2",
        "Standard_B16pls_v2", "Standard_B12ms", "Standard_D8s_v5", "Standard_E8-2ads_v5", "Standard_E8-4s_v3",
        "Standard_E80ids_v4", "Standard_E8bds_v5", "Standard_E8pds_v5", "Standard_E64_v5",
        "Standard_NC24ads_A100_v4", "Standard_ND96isr_H100_v5", "Standard_NC4as_T4_v3", "Standard_D8ds_v5",
    ],
}
NOUNS = {"aws": "an AWS instance type", "gcp": "a GCP machine type", "azure": "an Azure VM size"}


@pytest.mark.parametrize("cloud", sorted(PUBLISHED))
def test_published_types_have_their_clouds_shape_only(cloud: str) -> None:
    for value in PUBLISHED[cloud]:
        assert TYPE_FORMS[cloud].match(value), f"{value} should look like a {cloud} type"
        others = [c for c, form in TYPE_FORMS.items() if c != cloud and form.match(value)]
        assert not others, f"{value} also looks like a type of {others}"


@pytest.mark.parametrize("cloud", sorted(PUBLISHED))
def test_every_type_plinths_data_names_has_its_clouds_shape(cloud: str) -> None:
    types = catalog.instance_types(cloud)
    assert len(types) >= 10
    assert not [t for t in types if not TYPE_FORMS[cloud].match(t)]


@pytest.mark.parametrize("cloud, value", [
    ("aws", "m6i.2xlargee"), ("aws", "m6i2xlarge"), ("aws", "m6i.2xl"), ("aws", "M6i.2xlarge"), ("aws", "m6i."),
    ("aws", "p5-48xlarge"), ("gcp", "n2-standrd-8"), ("gcp", "n2-standard"), ("gcp", "n2-standard-8x"),
    ("gcp", "n2_standard_8"), ("azure", "standard_d8s_v5"), ("azure", "Standard-D8s-v5"), ("azure", "Standard_D8sv5"),
    ("azure", "D8s_v5"),
])
def test_typos_have_no_clouds_shape(cloud: str, value: str) -> None:
    assert not TYPE_FORMS[cloud].match(value)


def test_sagemaker_types_are_not_ec2_types() -> None:
    assert AWS_EC2.match("g5.xlarge") and not AWS_EC2.match("ml.g5.xlarge")


@pytest.mark.parametrize("cloud, value, serving, hint", [
    ("aws", "m6i.2xlargee", False, "did you mean `m6i.2xlarge`?"),          # a known type
    ("aws", "m7i.2xlargee", False, "did you mean `m7i.2xlarge`?"),          # repaired, not the known m6i
    ("aws", "M6i.2XLARGE", False, "did you mean `m6i.2xlarge`?"),
    ("aws", "p548xlarge", True, "did you mean `p5.48xlarge`?"),              # a known type a typo away
    ("aws", "ml.p5.48xlarg", True, "did you mean `ml.p5.48xlarge`?"),
    ("gcp", "n2-standrd-8", False, "did you mean `n2-standard-8`?"),
    ("gcp", "a3-highgppu-8g", False, "did you mean `a3-highgpu-8g`?"),
    ("gcp", "a3-higpu-8g", False, "did you mean `a3-highgpu-8g`?"),      # highgpu and hightpu tie: a known type
    ("azure", "standard_d8s_v5", False, "did you mean `Standard_D8s_v5`?"),
    ("azure", "D8s_v5", False, "Azure VM sizes look like `Standard_D8s_v5`"),
    ("gcp", "banana", False, "GCP machine types look like `n2-standard-8`"),
])
def test_hints(cloud: str, value: str, serving: bool, hint: str) -> None:
    assert _type_hint(cloud, value, serving) == hint


def test_closest() -> None:
    assert closest("us-eest-1", ["us-east-1", "us-west-1", "us-east-2"]) == "did you mean `us-east-1` or `us-west-1`?"
    assert closest("us-wset-2", ["us-west-2", "us-west-1"]) == "did you mean `us-west-2`?"   # a swap is one edit
    assert closest("ap-southeast-8", [f"ap-southeast-{i}" for i in range(1, 8)]) is None      # too many ties
    assert closest("mars-north1", ["asia-northeast1", "us-central1"]) is None                  # nothing close
    assert closest("eastus", []) is None


# --- the check, through the whole validator ----------------------------------------------------------

def _errors(tmp_path: Path, text: str) -> list[tuple[str, str | None, str]]:
    path = tmp_path / "bp.yaml"
    path.write_text(text)
    return [(d.message, d.hint, d.code) for d in sorted(validate_paths([str(path)]).diagnostics)]


def _pool(cloud: str, region: str, instance_type: str) -> str:
    return (f"name: demo-types\ncloud: {cloud}\nregion: {region}\ncomponents:\n"
            "  net: {kind: network, cidr: 10.0.0.0/16}\n"
            f"  train: {{kind: accelerator_cluster, network: net, pools: [{{name: cpu, instance_type: {instance_type}, "
            "nodes: {max: 2}}]}\n")


def _endpoint(cloud: str, region: str, instance_type: str) -> str:
    return (f"name: demo-types\ncloud: {cloud}\nregion: {region}\ncomponents:\n"
            "  net: {kind: network, cidr: 10.0.0.0/16}\n  models: {kind: registry}\n"
            f"  serve: {{kind: serving_endpoint, registry: models, model: {{name: triage}}, instance_type: {instance_type},"
            " replicas: {min: 1, max: 2}, data_capture: {enabled: false}}\n")


@pytest.mark.parametrize("cloud, region, value", [
    ("aws", "us-east-1", "m9z.4xlarge"),             # unknown to plinth, well-formed: clouds add types
    ("aws", "us-east-1", "c7i-flex.large"),
    ("gcp", "us-central1", "z9-highmem-8"),
    ("gcp", "us-central1", "c3-standard-8-lssd"),
    ("azure", "eastus", "Standard_Q8s_v9"),
    ("azure", "eastus", "Standard_E8-2ads_v5"),
])
def test_well_formed_unknown_types_are_fine(tmp_path: Path, cloud: str, region: str, value: str) -> None:
    assert _errors(tmp_path, _pool(cloud, region, value)) == []


@pytest.mark.parametrize("value", ["ml.m5.large", "m5.large"])
def test_aws_endpoints_take_sagemaker_or_ec2_names(tmp_path: Path, value: str) -> None:
    assert _errors(tmp_path, _endpoint("aws", "us-east-1", value)) == []


@pytest.mark.parametrize("cloud, region, value, other", [
    ("aws", "us-east-1", "n2-standard-8", "gcp"),
    ("gcp", "us-central1", "ml.g5.xlarge", "aws"),
    ("gcp", "us-central1", "Standard_NC24ads_A100_v4", "azure"),
    ("azure", "eastus", "m6i.2xlarge", "aws"),
])
def test_another_clouds_type_names_that_cloud(tmp_path: Path, cloud: str, region: str, value: str, other: str) -> None:
    assert [(m, c) for m, _, c in _errors(tmp_path, _endpoint(cloud, region, value))] == [
        (f"`{value}` is {NOUNS[other]}; this blueprint's cloud is {cloud}", "instance.cloud")]
