"""HIPAA contingency planning (45 CFR 164.308(a)(7)(ii)(A),(B)) on AWS: a data lake keeps a copy in
a second region. The gate checks the same (BAK-01, CKV_AWS_144 on lake buckets); saying it here
points at the blueprint before anything is synthesized. A waiver of BAK-01 or CKV_AWS_144 on the
lake accepts the risk instead."""

from __future__ import annotations

from plinth.diagnostics import Diagnostic
from plinth.model import Blueprint, DataLake
from plinth.semantics._util import comp_path, diag

WAIVABLE_AS = ("BAK-01", "CKV_AWS_144")


def _waived(bp: Blueprint, lake: str) -> bool:
    return any((w.control in WAIVABLE_AS or w.check in WAIVABLE_AS) and (lake in w.resources)
               for w in bp.waivers)


def check(bp: Blueprint) -> list[Diagnostic]:
    if bp.cloud != "aws" or "hipaa" not in bp.compliance:
        return []
    return [diag(bp, comp_path(lake.name),
                 f"HIPAA needs a copy of data lake `{lake.name}` in a second region (164.308(a)(7)(ii)(A),(B))",
                 "set `replication_region:` to a nearby region, or waive control BAK-01 for this lake with a reason",
                 "backup.replication", key=True)
            for lake in bp.of_kind(DataLake) if not lake.replication_region and not _waived(bp, lake.name)]


def check_replicable(bp: Blueprint) -> list[Diagnostic]:
    """S3 replicates only versioned buckets: a replication_region on an unversioned AWS lake would
    compile to no replication at all, while cost and graph showed a replica."""
    if bp.cloud != "aws":
        return []
    return [diag(bp, comp_path(lake.name, "replication_region"),
                 f"data lake `{lake.name}` cannot replicate to `{lake.replication_region}` with `versioning: false`: "
                 "S3 replicates only versioned buckets",
                 "set `versioning: true`, or remove `replication_region` (and waive BAK-01 for this lake)",
                 "backup.versioning")
            for lake in bp.of_kind(DataLake) if lake.replication_region and not lake.versioning]
