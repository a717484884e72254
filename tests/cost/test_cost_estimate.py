"""Exact monthly figures for small hand-computed blueprints, one per cloud.

Every expected figure below is written out from the catalog price it uses (plinth/data/prices.yaml)
so a reader can check the arithmetic: monthly = hourly price x 730 hours x count.
"""

from __future__ import annotations

from decimal import Decimal as D

from plinth.cost import estimate
from plinth.cost.result import Range

H = D(730)


def lines(est) -> dict[str, Range]:
    return {line.label: line.cost for line in est.lines}


def unpriced(est) -> list[str]:
    return [f"{u.component}/{u.item}" for u in est.unpriced]


def test_aws_small(small):
    est = estimate(small["cost-aws-small"])
    nat = D("0.045") * H * 2                        # 2 zones x NAT 0.045/h            = 65.70
    lake = D(2) * 1024 * D("0.023")                 # 2 TiB = 2048 GB x 0.023/GB-month = 47.104
    cp = D("0.10") * H                              # EKS control plane                = 73.00
    sys = D("0.384") * H                            # m6i.2xlarge on-demand            = 280.32 per node
    t4 = D("0.2158") * H                            # g4dn.xlarge spot us-east-1       = 157.534 per node
    disk = 100 * D("0.08")                          # 100 GB gp3 per node              = 8.00 per node
    ep = D("0.7364") * H                            # ml.g4dn.xlarge (published)       = 537.572 per replica
    assert lines(est) == {
        "net/NAT": Range(nat, nat, nat),
        "lake/objects": Range(lake, lake, lake),
        "gpu/control plane": Range(cp, cp, cp),
        "gpu/pool sys": Range(sys, sys, 2 * sys),          # min 1, expected = min (not stated), max 2
        "gpu/pool sys disks": Range(disk, disk, 2 * disk),
        "gpu/pool t4": Range(D(0), D("1.5") * t4, 4 * t4),  # min 0, expected 1.5, max 4
        "gpu/pool t4 disks": Range(D(0), D("1.5") * disk, 4 * disk),
        "ep/endpoint us-east-1": Range(ep, 2 * ep, 3 * ep),  # replicas 1 / 2 / 3
    }
    assert est.cost == Range(D("1011.696"), D("1797.569"), D("3037.296"))
    assert est.by_category()["network"].expected == D("65.70")
    assert est.by_category()["storage"].expected == D("67.104")      # 47.104 + 8 + 12
    assert unpriced(est) == ["(blueprint)/encryption key"]
    assert est.over_budget                                           # 1,797.57 > 1,000


def test_gcp_small_tpu_slices_and_spot(small):
    est = estimate(small["cost-gcp-small"])
    # tpu-v5e per_node 4 -> ct5lp-hightpu-4t at 1.2 per chip-hour: 4 chips x 1.2 x 730 = 3,504 per node.
    # topology 2x4 = 8 chips = 2 hosts per slice, so min 1 -> 2 and max 3 -> 4 (whole slices).
    v5e = D(4) * D("1.2") * H
    # tpu-v6e per_node 1 -> ct6e-standard-1t, spot 0.54421 per chip-hour; min 0 and no expected -> 1 node.
    v6e = D("0.54421") * H
    # Vertex endpoint on g2-standard-8: host 0.29358 + 1 x L4 0.56004 = 0.85362/h, markup 1.
    ep = D("0.85362") * H
    assert lines(est) == {
        "tpu/pool v5e": Range(2 * v5e, 2 * v5e, 4 * v5e),
        "tpu/pool v6e": Range(D(0), v6e, 2 * v6e),
        "ep/endpoint us-central1": Range(ep, ep, 2 * ep),
    }
    assert est.cost == Range(D("7631.1426"), D("8028.4159"), D("16056.8318"))
    assert unpriced(est) == ["tpu/control plane", "tpu/node disks", "(blueprint)/encryption key"]
    assert not est.over_budget
    notes = [a for c in est.components for a in c.assumptions]
    assert "pool v5e: nodes rounded up to whole slices of 2 hosts (min 1->2, max 3->4)" in notes
    assert "pool v6e: nodes.expected not stated; assumed 1 (one node, as the minimum is 0) -- set nodes.expected" in notes


def test_azure_small_reserved_is_paid_whether_used_or_not(small):
    est = estimate(small["cost-azure-small"])
    a100 = D("32.77") * H * 2        # ND96amsr_A100_v4 on-demand x max 2 nodes, at min, expected and max
    sys = D("0.04224") * H           # D8s_v5 spot eastus = 30.8352 per node
    ep = D("0.526") * H              # NC4as_T4_v3 (smallest T4 shape) = 383.98 per replica
    assert lines(est) == {
        "aks/pool a100": Range(a100, a100, a100),
        "aks/pool sys": Range(2 * sys, D("2.5") * sys, 3 * sys),
        "ep/endpoint eastus": Range(ep, 2 * ep, 4 * ep),
    }
    assert est.cost == Range(D("48289.8504"), D("48689.248"), D("49472.6256"))
    assert est.budget is None and not est.over_budget
    assert unpriced(est) == ["aks/control plane", "aks/node disks", "vnet/NAT", "(blueprint)/encryption key"]


def test_min_zero_pool_with_expected_is_not_free(small):
    est = estimate(small["cost-aws-small"])
    t4 = next(line for line in est.lines if line.label == "gpu/pool t4")
    assert t4.cost.min == 0 and t4.cost.expected > 0


def test_examples_price_every_node_pool_and_endpoint():
    from plinth.pipeline import validate_paths
    from pathlib import Path

    result = validate_paths([str(Path(__file__).resolve().parents[2] / "blueprints")])
    assert result.ok
    for bp in result.blueprints:
        est = estimate(bp)
        assert not [u for u in est.unpriced if u.item.startswith(("pool ", "endpoint "))], bp.name
        assert est.cost.expected > 0
