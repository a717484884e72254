"""Pure helpers of the GCP constructs: names, address plans, shapes, placement decisions."""

from __future__ import annotations

import pytest

from plinth import construct_lib
from plinth.model import AcceleratorCluster, Blueprint, DataLake, Network, NodePool

construct_lib.install()
from plinth_constructs.gcp import _base, cluster  # noqa: E402


def test_names_truncate_with_a_stable_hash():
    assert _base.name("a", "b", "") == "a-b"
    long = _base.name("x" * 40, "y" * 40)
    assert len(long) == 63 and long == _base.name("x" * 40, "y" * 40)
    assert long[:56] == "x" * 40 + "-" + "y" * 15 and long[-7] == "-"
    assert _base.name("x" * 40, "z" * 40) != long
    assert _base.account_id("a-very-long-blueprint-name", "cluster", "nodes") == (
        "a-very-long-blueprint-n-" + _base.short_hash("a-very-long-blueprint-name-cluster-nodes"))
    assert len(_base.account_id("ab", "c")) >= 6


def test_numeric_ids_are_stable_ten_digit_numbers():
    a = _base.numeric_id("bp", "ep", "us-central1")
    assert a == _base.numeric_id("bp", "ep", "us-central1") and len(a) == 10 and a[0] != "0"
    assert a != _base.numeric_id("bp", "ep", "us-east4")


def _bp(*components, region="us-central1") -> Blueprint:
    return Blueprint(name="t", cloud="gcp", region=region, components=tuple(components))


def test_control_plane_range_avoids_the_networks():
    assert _base.master_cidr(_bp(Network("n", "10.0.0.0/16")), 0) == "172.16.0.0/28"
    assert _base.master_cidr(_bp(Network("n", "10.0.0.0/16")), 2) == "172.16.0.32/28"
    assert _base.master_cidr(_bp(Network("n", "172.16.0.0/16")), 0) == "192.168.255.0/28"


def test_secondary_ranges_one_slot_per_cluster():
    net = Network("n", "10.0.0.0/16")
    pool = (NodePool("p", 1),)
    bp = _bp(net, AcceleratorCluster("b", "n", pool), AcceleratorCluster("a", "n", pool))
    assert _base.secondary_ranges(bp, net) == {"a": ("100.64.0.0/15", "100.96.0.0/20"),
                                               "b": ("100.66.0.0/15", "100.96.16.0/20")}


def test_gpudirect_ranges_avoid_the_main_network():
    assert _base.gpudirect_cidrs(Network("n", "10.0.0.0/16"), 2) == ["192.168.0.0/24", "192.168.1.0/24"]
    assert _base.gpudirect_cidrs(Network("n", "192.168.0.0/16"), 1) == ["172.31.0.0/24"]


def test_dual_region_only_within_a_continent():
    lake = DataLake("lake", replication_region="us-east1")
    assert _base.lake_location(_bp(lake), lake) == ("US", "us", ["US-CENTRAL1", "US-EAST1"])
    plain = DataLake("lake")
    assert _base.lake_location(_bp(plain), plain) == ("us-central1", "us-central1", [])
    far = DataLake("lake", replication_region="europe-west4")
    with pytest.raises(ValueError, match="GCP replicates buckets only within one continent"):
        _base.lake_location(_bp(far), far)


def test_shapes_from_the_catalog():
    assert _base.pool_shape(NodePool("p", 1, accelerator="nvidia-h100-80gb")) == _base.PoolShape(
        "a3-highgpu-8g", "gpu", "nvidia-h100-80gb", 8, "gpudirect")
    assert _base.pool_shape(NodePool("p", 1, accelerator="tpu-v5p", per_node=4)).machine_type == "ct5p-hightpu-4t"
    assert _base.pool_shape(NodePool("p", 1, instance_type="n2-standard-4")) == _base.PoolShape(
        "n2-standard-4", "cpu", None, None)
    assert _base.vertex_accelerator("nvidia-tesla-t4") == "NVIDIA_TESLA_T4"
    assert _base.vertex_accelerator("tpu-v5-lite-podslice") is None


def test_compact_placement_decisions():
    fabric, flat = Network("f", "10.0.0.0/16", fabric="gpudirect"), Network("n", "10.0.0.0/16")
    h100 = NodePool("h", 4, accelerator="nvidia-h100-80gb")
    assert _base.compact_pool(fabric, h100) and not _base.compact_pool(flat, h100)
    assert not _base.compact_pool(fabric, NodePool("h", 1, accelerator="nvidia-h100-80gb"))  # one node
    assert not _base.compact_pool(fabric, NodePool("h", 4, accelerator="nvidia-h100-80gb", placement="none"))
    assert _base.compact_pool(flat, NodePool("c", 4, instance_type="c3-standard-8", placement="compact"))
    assert not _base.compact_pool(fabric, NodePool("t", 4, accelerator="tpu-v5e", per_node=4))  # topology instead
    assert _base.single_zone_pool(flat, NodePool("t", 4, accelerator="tpu-v5e", per_node=4))


def test_taints():
    t = cluster.taint("nvidia.com/gpu=present:NoExecute")
    assert (t.key, t.value, t.effect) == ("nvidia.com/gpu", "present", "NO_EXECUTE")
    t = cluster.taint("dedicated=:PreferNoSchedule")
    assert (t.key, t.value, t.effect) == ("dedicated", "", "PREFER_NO_SCHEDULE")
