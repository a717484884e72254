"""Catalog exemptions: failed results that a control's own definition excuses on resources picked
out structurally from the synthesized Terraform, each with the reason the catalog gives.

They live in policies/controls.yaml (`exemptions` of a control on a cloud), never in a blueprint:
a waiver accepts a blueprint's risk, an exemption says where a check does not express the control.
Exempted findings keep their check result (`failed`), get the status `exempt`, and stay in every
report with the exemption's reason. Selectors (`applies_to`):

- `access_log_target`: a storage bucket that *other* buckets deliver their server access logs to
  (`aws_s3_bucket_logging.target_bucket` or an inline `logging.target_bucket` of an `aws_s3_bucket`;
  `google_storage_bucket.logging.log_bucket`), by reference or by literal bucket name. Such a log
  sink cannot use SSE-KMS on AWS, and cannot log its own access without a loop.
- `other_kinds`: a resource of a blueprint component whose kind is not in `kinds` (blueprint-wide
  resources have the kind `blueprint`). Only `plinth check` knows the components: under
  `plinth audit` this selector never applies, so the check applies to every resource.
- `absent_kinds`: any resource, in a blueprint that has no component of a kind in `kinds` (for a
  check that only means something where such a component exists, e.g. S3 data events in the
  audit trail of a blueprint that stores no data in S3). Never applied under `plinth audit`.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from plinth.gate.catalog import Catalog
from plinth.gate.model import Exemption
from plinth.gate.presence.tf import blocks
from plinth.gate.stacks import Resource, StackSet, expressions

KindOf = Callable[[str | None], str | None]


def _refers(value: Any, target: Resource) -> bool:
    address = target.address
    return any(e == address or e.startswith(address + ".") for e in expressions(value))


def _literal(value: Any, target: Resource, name_attribute: str) -> bool:
    name = target.body.get(name_attribute)
    return isinstance(value, str) and isinstance(name, str) and "${" not in name and value == name


def _key(resource: Resource) -> tuple[str, str]:
    return str(resource.file), resource.address


def access_log_targets(stacks: StackSet) -> set[tuple[str, str]]:
    """(file, address) of every bucket that receives another bucket's server access logs.

    A reference counts within its own stack file (Terraform resolves nothing further); a literal
    bucket name counts anywhere in the blueprint. A bucket logging to itself is not a target."""
    out: set[tuple[str, str]] = set()

    def mark(holder: Resource, source: Resource | None, value: Any, buckets: list[Resource], name: str) -> None:
        for bucket in buckets:
            if source is not None and _key(bucket) == _key(source):
                continue
            if (bucket.file == holder.file and _refers(value, bucket)) or _literal(value, bucket, name):
                out.add(_key(bucket))

    s3 = stacks.resources("aws_s3_bucket")
    for logging in stacks.resources("aws_s3_bucket_logging"):
        source = logging.body.get("bucket")
        own = next((b for b in s3 if (b.file == logging.file and _refers(source, b)) or _literal(source, b, "bucket")),
                   None)
        mark(logging, own, logging.body.get("target_bucket"), s3, "bucket")
    for bucket in s3:
        for block in blocks(bucket.body, "logging"):
            mark(bucket, bucket, block.get("target_bucket"), s3, "bucket")
    gcs = stacks.resources("google_storage_bucket")
    for bucket in gcs:
        for block in blocks(bucket.body, "logging"):
            mark(bucket, bucket, block.get("log_bucket"), gcs, "name")
    return out


class Exempter:
    """Decides, for one blueprint (or audited folder), which catalog exemptions a failed result gets."""

    def __init__(self, catalog: Catalog, cloud: str, stacks: StackSet, kind_of: KindOf | None,
                 kinds_present: Iterable[str] | None = None) -> None:
        self.catalog, self.cloud, self.kind_of = catalog, cloud, kind_of
        self.kinds_present = None if kinds_present is None else frozenset(kinds_present)
        self._stacks = stacks
        self._targets: set[tuple[str, str]] | None = None

    def _is_target(self, resource: Resource) -> bool:
        if self._targets is None:
            self._targets = access_log_targets(self._stacks)
        return _key(resource) in self._targets

    def applies(self, exemption: Exemption, resource: Resource, component: str | None) -> bool:
        if exemption.applies_to == "access_log_target":
            return self._is_target(resource)
        if exemption.applies_to == "other_kinds":
            kind = self.kind_of(component) if self.kind_of is not None else None
            return kind is not None and kind not in exemption.kinds
        if exemption.applies_to == "absent_kinds":
            return self.kinds_present is not None and self.kinds_present.isdisjoint(exemption.kinds)
        return False

    def exemptions(self, check_id: str, resource: Resource | None, component: str | None,
                   controls: Iterable[str]) -> tuple[Exemption, ...]:
        """The exemptions of `controls` (on this cloud) that excuse `check_id` failing on `resource`."""
        if resource is None:
            return ()
        out = []
        for control_id in controls:
            control = self.catalog.control(control_id)
            if control is None:
                continue
            for exemption in control.clouds[self.cloud].exemptions:
                if exemption.check == check_id and self.applies(exemption, resource, component):
                    out.append(exemption)
                    break
        return tuple(out)
