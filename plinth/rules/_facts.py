"""Facts several rules need, read from the model and the accelerator catalog (never from Terraform)."""

from __future__ import annotations

from dataclasses import dataclass

from plinth import catalog
from plinth.model import AcceleratorCluster, Blueprint, NodePool

FABRIC_INTERCONNECTS = ("efa", "infiniband", "gpudirect")
PORTABLE_FAMILY = "gpu"   # GPUs exist on every cloud; tpu, trainium and inferentia do not


@dataclass(frozen=True)
class Accel:
    """What a pool or endpoint runs on: the catalog accelerator, its offering here, the shape used."""

    acc: catalog.Accelerator
    offering: catalog.Offering
    shape: catalog.Shape


def resolve(cloud: str, accelerator: str | None, instance_type: str | None, count: int | None,
            serving: bool = False) -> Accel | None:
    """The catalog entry behind an `accelerator` name, or behind an `instance_type` that the catalog
    lists as an accelerator shape (e.g. `p5.48xlarge`). None for CPU types and unknown names."""
    accs = catalog.load()
    if accelerator:
        acc = accs.get(accelerator)
        offer = acc.on(cloud) if acc else None
        shape = offer.shape(count, serving=serving) if offer else None
        return Accel(acc, offer, shape) if acc and offer and shape else None
    if instance_type:
        for acc in accs.values():
            offer = acc.on(cloud)
            for shape in offer.shapes if offer else ():
                if instance_type in (shape.type, shape.serving_type):
                    return Accel(acc, offer, shape)
    return None


def pool_accel(bp: Blueprint, pool: NodePool) -> Accel | None:
    return resolve(bp.cloud, pool.accelerator, pool.instance_type, pool.per_node)


def accelerators_at_max(bp: Blueprint, pool: NodePool) -> int:
    """Accelerators in the pool when it is scaled to `nodes.max` (0 for CPU pools)."""
    a = pool_accel(bp, pool)
    return a.shape.count * pool.max_nodes if a else 0


def has_fabric(cloud: str, a: Accel) -> bool:
    """Does this shape come with a high-bandwidth fabric that multi-node training should use?

    The catalog names the interconnect per offering; per shape it says only how many EFA cards
    an AWS shape has. On Azure only the ND sizes carry InfiniBand (NC sizes have none)."""
    if a.offering.interconnect not in FABRIC_INTERCONNECTS:
        return False
    if cloud == "aws":
        return a.shape.efa_interfaces > 0
    if cloud == "azure":
        return a.shape.type.startswith("Standard_ND")
    return True


def training_clusters(bp: Blueprint) -> list[AcceleratorCluster]:
    return [c for c in bp.of_kind(AcceleratorCluster) if c.purpose == "training"]


def pool_path(cluster: str, index: int, *rest: str) -> tuple:
    return ("components", cluster, "pools", index, *rest)


def label(bp: Blueprint, key: str) -> str:
    return dict(bp.labels).get(key, "")
