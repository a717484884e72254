"""Region fields through the whole validator: each wrong region is reported once, where it is
written, and the checks that compare regions (residency, endpoint regions, accelerator offers) do
not report it a second time. (One error per case: the fixtures in bad/ cover the messages.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from plinth.pipeline import validate_paths

HEAD = "name: demo-regions\ncloud: aws\n"
NET = "  net: {kind: network, cidr: 10.0.0.0/16}\n"
ENDPOINT = ("  models: {kind: registry}\n"
            "  serve: {kind: serving_endpoint, registry: models, model: {name: triage}, %s, "
            "replicas: {min: 1, max: 2}, data_capture: {enabled: false}}\n")


def _errors(tmp_path: Path, text: str) -> list[tuple[int, int, str, str]]:
    path = tmp_path / "bp.yaml"
    path.write_text(text)
    return [(d.line, d.column, d.message, d.code) for d in sorted(validate_paths([str(path)]).diagnostics)]


def test_a_typo_with_an_accelerator_is_one_region_error(tmp_path: Path) -> None:
    """It used to surface only as `not offered in AWS region`; now it is a region error, once."""
    text = (HEAD + "region: us-eest-1\ncomponents:\n" + NET +
            "  train: {kind: accelerator_cluster, network: net, pools: [{name: gpu, accelerator: nvidia-h100-80gb, "
            "nodes: {max: 2}}]}\n")
    assert _errors(tmp_path, text) == [(3, 9, "`us-eest-1` is not a known AWS region", "region.unknown")]


def test_a_typo_in_an_endpoint_region_is_not_also_an_endpoint_error(tmp_path: Path) -> None:
    text = (HEAD + "region: us-east-1\nserving_regions: [us-west-2]\ncomponents:\n" + NET +
            ENDPOINT % "instance_type: ml.m5.large, regions: [us-east-1, us-wset-2]")
    assert [(m, c) for _, _, m, c in _errors(tmp_path, text)] == [
        ("`us-wset-2` is not a known AWS region", "region.unknown")]


def test_a_typo_under_residency_is_not_also_a_residency_error(tmp_path: Path) -> None:
    text = HEAD + "region: eu-west-1\nallowed_regions: [eu-west-1]\nserving_regions: [eu-wset-2]\ncomponents:\n" + NET
    assert [(m, c) for _, _, m, c in _errors(tmp_path, text)] == [
        ("`eu-wset-2` is not a known AWS region", "region.unknown")]


def test_a_known_region_outside_residency_is_still_reported(tmp_path: Path) -> None:
    text = HEAD + "region: eu-west-1\nallowed_regions: [eu-west-1]\nserving_regions: [eu-west-2]\ncomponents:\n" + NET
    assert [c for *_, c in _errors(tmp_path, text)] == ["region.residency"]


def test_an_accelerator_not_offered_in_a_known_region_is_still_reported(tmp_path: Path) -> None:
    text = (HEAD + "region: af-south-1\ncomponents:\n" + NET +
            "  train: {kind: accelerator_cluster, network: net, pools: [{name: gpu, accelerator: nvidia-h100-80gb, "
            "nodes: {max: 2}}]}\n")
    assert [c for *_, c in _errors(tmp_path, text)] == ["accel.region"]


@pytest.mark.parametrize("cloud, region", [("aws", "us-gov-west-1"), ("aws", "cn-northwest-1"), ("aws", "mx-central-1"),
                                           ("gcp", "northamerica-south1"), ("azure", "austriaeast")])
def test_newer_and_partition_regions_are_accepted(tmp_path: Path, cloud: str, region: str) -> None:
    text = f"name: demo-regions\ncloud: {cloud}\nregion: {region}\ncomponents:\n" + NET
    assert _errors(tmp_path, text) == []


def test_an_s3_backend_with_an_aws_region_is_fine_on_any_cloud(tmp_path: Path) -> None:
    text = ("name: demo-regions\ncloud: gcp\nregion: europe-west4\n"
            "backend: {type: s3, bucket: demo-tf-state, region: eu-central-1}\ncomponents:\n" + NET)
    assert _errors(tmp_path, text) == []


def test_a_typo_in_an_aws_blueprints_region_is_not_repeated_for_its_s3_backend(tmp_path: Path) -> None:
    text = HEAD + "region: us-eest-1\nbackend: {type: s3, bucket: demo-tf-state}\ncomponents:\n" + NET
    assert [c for *_, c in _errors(tmp_path, text)] == ["region.unknown"]
