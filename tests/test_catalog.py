"""The accelerator catalog (plinth/data/accelerators.yaml): its format, its invariants, and spot checks.

Plain PyYAML on purpose: this pins the file itself, independently of plinth.catalog.

Format:
    version: 1
    accelerators:
      <name>:
        family: gpu | tpu | trainium | inferentia
        vendor: <str>
        memory_gb: <number, per accelerator>
        clouds:
          <aws | gcp | azure>:
            interconnect: efa | infiniband | gpudirect | ici | none
            accelerator_type: <str>          # GCP only (required there)
            shapes:                          # sorted by count; first of equal counts is canonical
              - count: <int, accelerators per node>
                type: <instance / machine / VM size>
                serving_type: ml.<type>      # AWS only, when SageMaker has it
                efa_interfaces: <int>        # AWS only, when the instance supports EFA
                topologies: [<AxB[xC]>, ...] # TPU only
            regions: [<region id>, ...]
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml

CATALOG = Path(__file__).resolve().parents[1] / "plinth" / "data" / "accelerators.yaml"

REQUIRED = (
    "nvidia-h100-80gb", "nvidia-h200-141gb", "nvidia-a100-80gb", "nvidia-l4", "nvidia-t4", "nvidia-a10g",
    "tpu-v5e", "tpu-v5p", "tpu-v6e", "aws-trainium1", "aws-trainium2", "aws-inferentia2",
)
FAMILIES = {"gpu", "tpu", "trainium", "inferentia"}
CLOUDS = {"aws", "gcp", "azure"}
INTERCONNECTS = {"efa", "infiniband", "gpudirect", "ici", "none"}
# Which cloud each fabric exists on (mirrors plinth.semantics.accelerators.FABRIC_CLOUD, plus ici).
FABRIC_CLOUD = {"efa": "aws", "infiniband": "azure", "gpudirect": "gcp", "ici": "gcp"}

ENTRY_KEYS = {"family", "vendor", "memory_gb", "clouds"}
OFFERING_REQUIRED = {"interconnect", "shapes", "regions"}
OFFERING_OPTIONAL = {"accelerator_type"}
SHAPE_REQUIRED = {"count", "type"}
SHAPE_OPTIONAL = {"serving_type", "efa_interfaces", "topologies"}

REGION_RE = {
    "aws": re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-\d$"),
    "gcp": re.compile(r"^[a-z]+-[a-z]+\d+$"),
    "azure": re.compile(r"^[a-z]+\d?$"),
}
TYPE_RE = {
    "aws": re.compile(r"^[a-z][a-z0-9-]*\.[a-z0-9]+$"),          # p5.48xlarge, g4dn.metal
    "gcp": re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)+$"),          # a3-highgpu-8g, ct5lp-hightpu-4t
    "azure": re.compile(r"^Standard_[A-Za-z0-9_]+$"),             # Standard_ND96isr_H100_v5
}
TOPOLOGY_RE = re.compile(r"^\d+x\d+(x\d+)?$")


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that rejects duplicate mapping keys (plain PyYAML keeps the last one silently)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


@pytest.fixture(scope="module")
def doc() -> dict:
    return yaml.load(CATALOG.read_text(), Loader=_UniqueKeyLoader)  # noqa: S506 (SafeLoader subclass)


@pytest.fixture(scope="module")
def accs(doc) -> dict:
    return doc["accelerators"]


def _offerings(accs):
    for name, entry in accs.items():
        for cloud, off in entry["clouds"].items():
            yield name, entry, cloud, off


def _shapes(accs):
    for name, entry, cloud, off in _offerings(accs):
        for shape in off["shapes"]:
            yield name, entry, cloud, off, shape


def _is_int(x) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


# --- top level ------------------------------------------------------------------------------------

def test_top_level(doc):
    assert set(doc) == {"version", "accelerators"}
    assert doc["version"] == 1
    assert isinstance(doc["accelerators"], dict) and doc["accelerators"]


def test_header_says_regions_are_curated():
    head = CATALOG.read_text().split("\nversion:")[0]
    assert "curated subset" in head and "2026-11" in head


@pytest.mark.parametrize("name", REQUIRED)
def test_required_accelerator_present(accs, name):
    assert name in accs


def test_names_are_kebab_case(accs):
    for name in accs:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)+", name), name


# --- entries --------------------------------------------------------------------------------------

def test_entry_keys(accs):
    for name, entry in accs.items():
        assert set(entry) == ENTRY_KEYS, name


def test_family_vendor_memory(accs):
    for name, entry in accs.items():
        assert entry["family"] in FAMILIES, name
        assert isinstance(entry["vendor"], str) and entry["vendor"], name
        mem = entry["memory_gb"]
        assert isinstance(mem, (int, float)) and not isinstance(mem, bool) and mem > 0, name


def test_clouds_known_and_nonempty(accs):
    for name, entry in accs.items():
        clouds = entry["clouds"]
        assert isinstance(clouds, dict) and clouds, name
        assert set(clouds) <= CLOUDS, name


def test_family_matches_cloud(accs):
    """TPUs live on GCP only; Trainium and Inferentia on AWS only."""
    only = {"tpu": {"gcp"}, "trainium": {"aws"}, "inferentia": {"aws"}}
    for name, entry in accs.items():
        if entry["family"] in only:
            assert set(entry["clouds"]) == only[entry["family"]], name


# --- offerings ------------------------------------------------------------------------------------

def test_offering_keys(accs):
    for name, _, cloud, off in _offerings(accs):
        where = f"{name}/{cloud}"
        assert OFFERING_REQUIRED <= set(off), where
        assert set(off) <= OFFERING_REQUIRED | OFFERING_OPTIONAL, where


def test_interconnect_valid_and_on_its_cloud(accs):
    for name, entry, cloud, off in _offerings(accs):
        ic = off["interconnect"]
        assert ic in INTERCONNECTS, f"{name}/{cloud}"
        if ic != "none":
            assert FABRIC_CLOUD[ic] == cloud, f"{name}/{cloud}: {ic} is not a {cloud} fabric"
        assert (ic == "ici") == (entry["family"] == "tpu"), f"{name}/{cloud}: ici is the TPU fabric"


def test_accelerator_type_gcp_only_and_required_there(accs):
    for name, entry, cloud, off in _offerings(accs):
        where = f"{name}/{cloud}"
        if cloud != "gcp":
            assert "accelerator_type" not in off, where
            continue
        at = off.get("accelerator_type")
        assert isinstance(at, str) and at, where
        prefix = "tpu-" if entry["family"] == "tpu" else "nvidia-"
        assert at.startswith(prefix), where


def test_at_least_one_shape_and_region(accs):
    for name, _, cloud, off in _offerings(accs):
        assert isinstance(off["shapes"], list) and off["shapes"], f"{name}/{cloud}"
        assert isinstance(off["regions"], list) and off["regions"], f"{name}/{cloud}"


def test_regions_look_like_that_clouds_region_ids(accs):
    for name, _, cloud, off in _offerings(accs):
        for region in off["regions"]:
            assert isinstance(region, str) and REGION_RE[cloud].match(region), f"{name}/{cloud}: {region!r}"


def test_regions_unique(accs):
    for name, _, cloud, off in _offerings(accs):
        assert len(off["regions"]) == len(set(off["regions"])), f"{name}/{cloud}"


def test_shape_counts_positive_ints_ascending(accs):
    for name, _, cloud, off in _offerings(accs):
        counts = [s["count"] for s in off["shapes"]]
        assert all(_is_int(c) and c > 0 for c in counts), f"{name}/{cloud}: {counts}"
        assert counts == sorted(counts), f"{name}/{cloud}: shapes not sorted by count: {counts}"


def test_shape_types_unique_within_cloud(accs):
    for name, _, cloud, off in _offerings(accs):
        types = [s["type"] for s in off["shapes"]]
        assert len(types) == len(set(types)), f"{name}/{cloud}: {types}"


def test_instance_type_unique_per_cloud_across_catalog(accs):
    """One instance type carries one accelerator: the reverse lookup (type → accelerator) is unambiguous."""
    owner: dict[tuple[str, str], str] = {}
    for name, _, cloud, _, shape in _shapes(accs):
        key = (cloud, shape["type"])
        assert key not in owner, f"{shape['type']} listed under both {owner[key]} and {name}"
        owner[key] = name


# --- shapes ---------------------------------------------------------------------------------------

def test_shape_keys(accs):
    for name, _, cloud, _, shape in _shapes(accs):
        where = f"{name}/{cloud}/{shape.get('type')}"
        assert SHAPE_REQUIRED <= set(shape), where
        assert set(shape) <= SHAPE_REQUIRED | SHAPE_OPTIONAL, where


def test_shape_type_format(accs):
    for name, _, cloud, _, shape in _shapes(accs):
        assert isinstance(shape["type"], str) and TYPE_RE[cloud].match(shape["type"]), f"{name}/{cloud}: {shape['type']!r}"


def test_serving_type_aws_only_and_sagemaker_named(accs):
    for name, _, cloud, _, shape in _shapes(accs):
        if "serving_type" not in shape:
            continue
        where = f"{name}/{cloud}/{shape['type']}"
        assert cloud == "aws", where
        st = shape["serving_type"]
        assert isinstance(st, str) and st.startswith("ml."), where
        assert st == "ml." + shape["type"], f"{where}: SageMaker types are ml.<ec2 type>, got {st}"


def test_efa_interfaces_aws_only_positive(accs):
    for name, _, cloud, _, shape in _shapes(accs):
        if "efa_interfaces" not in shape:
            continue
        where = f"{name}/{cloud}/{shape['type']}"
        assert cloud == "aws", where
        assert _is_int(shape["efa_interfaces"]) and shape["efa_interfaces"] > 0, where


def test_efa_offering_has_an_efa_shape(accs):
    """An offering that claims the EFA fabric has EFA on at least its largest shape."""
    for name, _, cloud, off in _offerings(accs):
        if off["interconnect"] == "efa":
            assert off["shapes"][-1].get("efa_interfaces"), f"{name}/{cloud}"


def test_topologies_exactly_on_tpu_shapes(accs):
    for name, entry, cloud, _, shape in _shapes(accs):
        where = f"{name}/{cloud}/{shape['type']}"
        if entry["family"] != "tpu":
            assert "topologies" not in shape, where
            continue
        tops = shape.get("topologies")
        assert isinstance(tops, list) and tops, f"{where}: TPU shapes need topologies"
        assert len(tops) == len(set(tops)), where
        for top in tops:
            assert isinstance(top, str) and TOPOLOGY_RE.match(top), f"{where}: {top!r}"
            chips = math.prod(int(d) for d in top.split("x"))
            # A slice is whole nodes: its chip count is a multiple of the chips per node.
            assert chips >= shape["count"] and chips % shape["count"] == 0, f"{where}: {top}"


def test_tpu_topology_dimensionality(accs):
    """v5e and v6e are 2D tori, v5p is a 3D torus."""
    dims = {"tpu-v5e": 2, "tpu-v6e": 2, "tpu-v5p": 3}
    for name, want in dims.items():
        for shape in accs[name]["clouds"]["gcp"]["shapes"]:
            assert all(len(t.split("x")) == want for t in shape["topologies"]), (name, shape["type"])


# --- spot checks ----------------------------------------------------------------------------------

def _shape_list(accs, name, cloud):
    return [(s["count"], s["type"]) for s in accs[name]["clouds"][cloud]["shapes"]]


def test_h100_on_aws_is_exactly_p5_48xlarge(accs):
    assert accs["nvidia-h100-80gb"]["clouds"]["aws"]["shapes"] == [
        {"count": 8, "type": "p5.48xlarge", "serving_type": "ml.p5.48xlarge", "efa_interfaces": 32},
    ]
    assert accs["nvidia-h100-80gb"]["clouds"]["aws"]["interconnect"] == "efa"


def test_h100_everywhere(accs):
    h100 = accs["nvidia-h100-80gb"]
    assert set(h100["clouds"]) == CLOUDS
    assert h100["memory_gb"] == 80
    assert _shape_list(accs, "nvidia-h100-80gb", "gcp") == [(8, "a3-highgpu-8g"), (8, "a3-megagpu-8g")]
    assert h100["clouds"]["gcp"]["accelerator_type"] == "nvidia-h100-80gb"
    assert _shape_list(accs, "nvidia-h100-80gb", "azure") == [(8, "Standard_ND96isr_H100_v5")]
    assert h100["clouds"]["azure"]["interconnect"] == "infiniband"


def test_h200(accs):
    h200 = accs["nvidia-h200-141gb"]
    assert h200["memory_gb"] == 141
    aws = {s["type"]: s for s in h200["clouds"]["aws"]["shapes"]}
    assert set(aws) == {"p5en.48xlarge", "p5e.48xlarge"}
    assert aws["p5en.48xlarge"]["efa_interfaces"] == 16 and aws["p5e.48xlarge"]["efa_interfaces"] == 32
    assert h200["clouds"]["aws"]["shapes"][0]["type"] == "p5en.48xlarge"  # canonical for count 8
    assert _shape_list(accs, "nvidia-h200-141gb", "gcp") == [(8, "a3-ultragpu-8g")]
    assert _shape_list(accs, "nvidia-h200-141gb", "azure") == [(8, "Standard_ND96isr_H200_v5")]


def test_a100_80gb(accs):
    a100 = accs["nvidia-a100-80gb"]
    assert _shape_list(accs, "nvidia-a100-80gb", "aws") == [(8, "p4de.24xlarge")]
    assert a100["clouds"]["aws"]["shapes"][0]["efa_interfaces"] == 4
    assert _shape_list(accs, "nvidia-a100-80gb", "gcp") == [
        (1, "a2-ultragpu-1g"), (2, "a2-ultragpu-2g"), (4, "a2-ultragpu-4g"), (8, "a2-ultragpu-8g")]
    assert a100["clouds"]["gcp"]["accelerator_type"] == "nvidia-a100-80gb"
    assert _shape_list(accs, "nvidia-a100-80gb", "azure") == [
        (1, "Standard_NC24ads_A100_v4"), (2, "Standard_NC48ads_A100_v4"),
        (4, "Standard_NC96ads_A100_v4"), (8, "Standard_ND96amsr_A100_v4")]


def test_l4_not_on_azure(accs):
    l4 = accs["nvidia-l4"]
    assert set(l4["clouds"]) == {"aws", "gcp"}
    assert [s["type"] for s in l4["clouds"]["aws"]["shapes"]] == ["g6.xlarge", "g6.12xlarge", "g6.48xlarge"]
    assert l4["clouds"]["gcp"]["accelerator_type"] == "nvidia-l4"
    assert [s["count"] for s in l4["clouds"]["gcp"]["shapes"]] == [1, 2, 4, 8]


def test_t4(accs):
    t4 = accs["nvidia-t4"]
    assert set(t4["clouds"]) == CLOUDS and t4["memory_gb"] == 16
    assert all(s["type"].startswith("g4dn.") for s in t4["clouds"]["aws"]["shapes"])
    assert t4["clouds"]["gcp"]["accelerator_type"] == "nvidia-tesla-t4"
    assert all(s["type"].startswith("n1-") for s in t4["clouds"]["gcp"]["shapes"])
    assert [s["type"] for s in t4["clouds"]["azure"]["shapes"]] == [
        "Standard_NC4as_T4_v3", "Standard_NC8as_T4_v3", "Standard_NC16as_T4_v3", "Standard_NC64as_T4_v3"]
    assert [s["count"] for s in t4["clouds"]["azure"]["shapes"]] == [1, 1, 1, 4]


def test_a10g_is_aws_only_g5(accs):
    a10g = accs["nvidia-a10g"]
    assert set(a10g["clouds"]) == {"aws"}
    assert all(s["type"].startswith("g5.") for s in a10g["clouds"]["aws"]["shapes"])


@pytest.mark.parametrize("name", ["tpu-v5e", "tpu-v5p", "tpu-v6e"])
def test_tpus_are_gcp_only(accs, name):
    assert set(accs[name]["clouds"]) == {"gcp"}
    assert accs[name]["family"] == "tpu" and accs[name]["vendor"] == "google"
    assert accs[name]["clouds"]["gcp"]["interconnect"] == "ici"


def test_tpu_machine_types_and_labels(accs):
    assert _shape_list(accs, "tpu-v5e", "gcp") == [(1, "ct5lp-hightpu-1t"), (4, "ct5lp-hightpu-4t"), (8, "ct5lp-hightpu-8t")]
    assert _shape_list(accs, "tpu-v5p", "gcp") == [(4, "ct5p-hightpu-4t")]
    assert _shape_list(accs, "tpu-v6e", "gcp") == [(1, "ct6e-standard-1t"), (4, "ct6e-standard-4t"), (8, "ct6e-standard-8t")]
    assert accs["tpu-v5e"]["clouds"]["gcp"]["accelerator_type"] == "tpu-v5-lite-podslice"
    assert accs["tpu-v5p"]["clouds"]["gcp"]["accelerator_type"] == "tpu-v5p-slice"
    assert accs["tpu-v6e"]["clouds"]["gcp"]["accelerator_type"] == "tpu-v6e-slice"
    v5e = {s["type"]: s["topologies"] for s in accs["tpu-v5e"]["clouds"]["gcp"]["shapes"]}
    assert v5e["ct5lp-hightpu-1t"] == ["1x1"] and v5e["ct5lp-hightpu-8t"] == ["2x4"]
    assert "16x16" in v5e["ct5lp-hightpu-4t"]
    assert "2x2x1" in accs["tpu-v5p"]["clouds"]["gcp"]["shapes"][0]["topologies"]


def test_trainium_and_inferentia(accs):
    assert _shape_list(accs, "aws-trainium1", "aws") == [(1, "trn1.2xlarge"), (16, "trn1.32xlarge"), (16, "trn1n.32xlarge")]
    trn1 = {s["type"]: s for s in accs["aws-trainium1"]["clouds"]["aws"]["shapes"]}
    assert "efa_interfaces" not in trn1["trn1.2xlarge"]
    assert trn1["trn1.32xlarge"]["efa_interfaces"] == 8 and trn1["trn1n.32xlarge"]["efa_interfaces"] == 16
    assert _shape_list(accs, "aws-trainium2", "aws") == [(16, "trn2.48xlarge")]
    assert _shape_list(accs, "aws-inferentia2", "aws") == [
        (1, "inf2.xlarge"), (1, "inf2.8xlarge"), (6, "inf2.24xlarge"), (12, "inf2.48xlarge")]
    inf2 = accs["aws-inferentia2"]["clouds"]["aws"]
    assert all(s["serving_type"] == "ml." + s["type"] for s in inf2["shapes"])
    assert all("efa_interfaces" not in s for s in inf2["shapes"])
    assert inf2["interconnect"] == "none"


def test_major_regions_where_offered(accs):
    aws, gcp = accs["nvidia-t4"]["clouds"]["aws"]["regions"], accs["nvidia-t4"]["clouds"]["gcp"]["regions"]
    assert {"us-east-1", "us-west-2", "eu-west-1"} <= set(aws)
    assert {"us-central1", "us-east4", "europe-west4"} <= set(gcp)
    assert {"eastus", "southcentralus"} <= set(accs["nvidia-t4"]["clouds"]["azure"]["regions"])
    assert {"us-east-1", "us-west-2"} <= set(accs["nvidia-h100-80gb"]["clouds"]["aws"]["regions"])
    assert "us-central1" in accs["tpu-v6e"]["clouds"]["gcp"]["regions"]
