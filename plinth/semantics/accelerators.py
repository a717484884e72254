"""Accelerators exist in the catalog, on the blueprint's cloud, in its regions, in the count asked;
a raw `instance_type` has the shape of the blueprint's cloud's instance / machine / VM types."""

from __future__ import annotations

import re

from plinth import catalog
from plinth.diagnostics import Diagnostic, PathT, did_you_mean
from plinth.model import AcceleratorCluster, Blueprint, DataLake, Network, ServingEndpoint
from plinth.semantics import regions as plinth_regions
from plinth.semantics._util import CLOUD_NAMES, comp_path, diag

FABRIC_CLOUD = {"efa": "aws", "infiniband": "azure", "gpudirect": "gcp"}
CACHE_CLOUDS = {"lustre": ("aws", "gcp", "azure"), "filestore": ("gcp",), "parallelstore": ("gcp",)}

# The shape of each cloud's type names. Deliberately a shape, not a list: clouds add types all the
# time, so a well-formed type plinth has never heard of is fine. Checked against the published
# type lists in tests/validation/test_regions_instance_types.py.
#   AWS: family[-variant].size: m6i.2xlarge, c7i-flex.large, u7i-12tb.224xlarge, p6-b200.48xlarge,
#        r7iz.metal-16xl; SageMaker prefixes `ml.` (serving endpoints only).
AWS_SIZES = ("nano", "micro", "small", "medium", "large", "xlarge", "metal",
             *(f"{n}xlarge" for n in (2, 3, 4, 6, 8, 9, 10, 12, 16, 18, 24, 32, 48, 56, 64, 96, 112, 224, 480)))
_AWS = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)?\.(?:nano|micro|small|medium|large|xlarge|[1-9][0-9]*xlarge|metal(?:-[1-9][0-9]*xl)?)"
AWS_EC2 = re.compile(f"^{_AWS}$")
AWS_ANY = re.compile(rf"^(?:ml\.)?{_AWS}$")
#   GCP: series-class-size[-suffix] (n2-standard-8, a3-highgpu-8g, ct5lp-hightpu-4t, c3-standard-8-lssd),
#        the shared-core e2-micro / e2-small / e2-medium / f1-micro / g1-small, and custom types.
GCP_CLASSES = ("standard", "highmem", "highcpu", "highgpu", "megagpu", "ultragpu", "edgegpu", "hightpu",
               "ultramem", "megamem", "hypermem")
GCP_MACHINE = re.compile(
    r"^(?:[a-z]+[0-9][a-z0-9]*-(?:(?:" + "|".join(GCP_CLASSES) + r")-[0-9]+[gt]?(?:-[a-z]+)?"
    r"|micro|small|medium|custom-(?:[0-9]+|micro|small|medium)-[0-9]+(?:-ext)?)|custom-[0-9]+-[0-9]+(?:-ext)?)$")
#   Azure: Standard_<family><vCPUs>[-<active vCPUs>]<features>[_<accelerator>][_v<version>]:
#          Standard_D8s_v5, Standard_E64-16ds_v4, Standard_ND96isr_H100_v5, Standard_DC2ads_cc_v5.
AZURE_SIZE = re.compile(r"^Standard_[A-Z]+[0-9]+(?:-[0-9]+)?[a-z]*(?:_[A-Za-z0-9]+)*$")

TYPE_FORMS = {"aws": AWS_ANY, "gcp": GCP_MACHINE, "azure": AZURE_SIZE}
TYPE_NOUNS = {"aws": ("an", "instance type"), "gcp": ("a", "machine type"), "azure": ("an", "VM size")}
TYPE_EXAMPLES = {"aws": "m6i.2xlarge", "gcp": "n2-standard-8", "azure": "Standard_D8s_v5"}


def _offered(bp: Blueprint, path: tuple, name: str, count: int | None, regions: list[str],
             serving: bool) -> list[Diagnostic]:
    accs = catalog.load()
    acc = accs.get(name)
    if acc is None:
        hint = did_you_mean(name, accs) or "see `plinth accelerators` for the catalog"
        return [diag(bp, path + ("accelerator",), f"unknown accelerator `{name}`", hint, "accel.unknown")]
    offer = acc.on(bp.cloud)
    if offer is None:
        clouds = ", ".join(o.cloud for o in acc.offerings)
        return [diag(bp, path + ("accelerator",), f"`{name}` is not offered on {CLOUD_NAMES[bp.cloud]}",
                     f"offered on: {clouds}", "accel.cloud")]
    out = []
    for region in regions:  # an unknown region is reported by the region check, where it is written
        if region not in offer.regions and plinth_regions.known(bp.cloud, region):
            out.append(diag(bp, path + ("accelerator",), f"`{name}` is not offered in {CLOUD_NAMES[bp.cloud]} region `{region}`",
                            "offered in: " + ", ".join(offer.regions), "accel.region"))
    key = "per_replica" if serving else "per_node"
    if count is not None and offer.shape(count) is None:
        counts = ", ".join(str(s.count) for s in offer.shapes)
        unit = "per replica" if serving else "per node"
        out.append(diag(bp, path + (key,), f"{CLOUD_NAMES[bp.cloud]} offers `{name}` with {counts} {unit}, not {count}",
                        f"set `{key}` to one of: {counts}", "accel.count"))
    shape = offer.shape(count, serving=serving)
    if serving and shape is not None and bp.cloud == "aws" and not shape.serving_type:
        out.append(diag(bp, path + ("accelerator",), f"SageMaker has no serving instance for `{shape.type}`",
                        "pick another accelerator or set `instance_type`", "accel.serving"))
    return out


def _repaired(cloud: str, value: str) -> str | None:
    """`value` with its one broken part (AWS size, GCP class, case) replaced by the one nearest valid part."""
    lower = value.lower()
    if cloud == "aws":
        family, dot, size = lower.rpartition(".")
        near = plinth_regions.nearest(size, AWS_SIZES) if dot and family else []
        return f"{family}.{near[0]}" if len(near) == 1 else lower
    if cloud == "gcp":
        parts = lower.split("-")
        if len(parts) >= 3 and parts[1] not in GCP_CLASSES:
            near = plinth_regions.nearest(parts[1], GCP_CLASSES)
            parts[1] = near[0] if len(near) == 1 else parts[1]
        return "-".join(parts)
    return "Standard_" + value[len("standard_"):] if lower.startswith("standard_") else None


def _type_hint(cloud: str, value: str, serving: bool) -> str:
    """A did-you-mean: a type plinth's data knows (any case), the value with its broken part
    repaired (`m7i.2xlargee` → `m7i.2xlarge`, where the nearest known type would be `m6i.2xlarge`),
    or a known type a typo away."""
    ec2_only = cloud == "aws" and not serving
    form = AWS_EC2 if ec2_only else TYPE_FORMS[cloud]
    knowns = sorted(t for t in catalog.instance_types(cloud) if not (ec2_only and t.startswith("ml.")))
    same = next((t for t in knowns if t.lower() == value.lower()), None)
    repaired = _repaired(cloud, value)
    if same is None and repaired is not None and form.match(repaired):
        same = repaired
    if same is not None:
        return f"did you mean `{same}`?"
    return plinth_regions.closest(value, knowns) or \
        f"{CLOUD_NAMES[cloud]} {TYPE_NOUNS[cloud][1]}s look like `{TYPE_EXAMPLES[cloud]}`"


def _instance_type(bp: Blueprint, path: PathT, value: str, serving: bool) -> list[Diagnostic]:
    """A raw instance type must have the shape of the blueprint's cloud's types (pools: not SageMaker's)."""
    cloud = bp.cloud
    article, noun = TYPE_NOUNS[cloud]
    if cloud == "aws" and not serving and value.startswith("ml.") and AWS_EC2.match(value[3:]):
        return [diag(bp, path, f"`{value}` is a SageMaker instance type; node pools take EC2 instance types",
                     f"did you mean `{value[3:]}`?", "instance.form")]
    if TYPE_FORMS[cloud].match(value):
        return []
    other = next((c for c, form in TYPE_FORMS.items() if c != cloud and form.match(value)), None)
    if other is not None:
        o_article, o_noun = TYPE_NOUNS[other]
        return [diag(bp, path, f"`{value}` is {o_article} {CLOUD_NAMES[other]} {o_noun}; "
                               f"this blueprint's cloud is {cloud}",
                     f"{CLOUD_NAMES[cloud]} {noun}s look like `{TYPE_EXAMPLES[cloud]}`", "instance.cloud")]
    return [diag(bp, path, f"`{value}` does not look like {article} {CLOUD_NAMES[cloud]} {noun}",
                 _type_hint(cloud, value, serving), "instance.form")]


def check(bp: Blueprint) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for c in bp.components:
        if isinstance(c, AcceleratorCluster):
            for i, p in enumerate(c.pools):
                if p.instance_type is not None:
                    out += _instance_type(bp, comp_path(c.name, "pools", i, "instance_type"), p.instance_type, False)
                if p.accelerator is not None:  # "" is an (unknown) accelerator too, not "none"
                    out += _offered(bp, comp_path(c.name, "pools", i), p.accelerator, p.per_node, [bp.region], False)
                    acc = catalog.load().get(p.accelerator)
                    if acc and acc.family != "tpu" and p.topology:
                        out.append(diag(bp, comp_path(c.name, "pools", i, "topology"),
                                        "`topology` applies to TPU pools only", None, "accel.topology"))
        elif isinstance(c, ServingEndpoint) and c.instance_type is not None:
            out += _instance_type(bp, comp_path(c.name, "instance_type"), c.instance_type, True)
        elif isinstance(c, ServingEndpoint) and c.accelerator is not None:
            regions = list(c.regions) or [bp.region, *bp.serving_regions]
            out += _offered(bp, comp_path(c.name), c.accelerator, c.per_replica, regions, True)
        elif isinstance(c, Network) and c.fabric in FABRIC_CLOUD and FABRIC_CLOUD[c.fabric] != bp.cloud:
            want = [f for f, cl in FABRIC_CLOUD.items() if cl == bp.cloud]
            out.append(diag(bp, comp_path(c.name, "fabric"), f"fabric `{c.fabric}` does not exist on {bp.cloud}",
                            f"on {bp.cloud} use `{want[0]}` or `none`", "fabric.cloud"))
        elif isinstance(c, DataLake) and c.cache and bp.cloud not in CACHE_CLOUDS[c.cache.kind]:
            out.append(diag(bp, comp_path(c.name, "cache", "kind"), f"cache `{c.cache.kind}` is not offered on {CLOUD_NAMES[bp.cloud]}",
                            "use `lustre`", "cache.cloud"))
    return out
