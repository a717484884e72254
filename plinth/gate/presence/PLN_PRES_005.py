"""PLN_PRES_005: every S3 bucket refuses requests not sent over TLS: an `aws_s3_bucket_policy` on it
denies `aws:SecureTransport = false` to everyone. The policy may be a JSON string (as CDKTF writes
it) or an `aws_iam_policy_document` data source; an expression such as `jsonencode(…)` cannot be
read and fails. checkov's CKV_AWS_379 covers only buckets with a public ACL."""

from __future__ import annotations

from typing import Any

from plinth.gate.presence.base import Context, PresenceCheck, PresenceResult, missing, ok
from plinth.gate.presence.tf import as_list, blocks, document, get
from plinth.gate.stacks import Resource, StackSet, expressions


def _public(principal: Any) -> bool:
    if principal == "*":
        return True
    return isinstance(principal, dict) and any(v == "*" or (isinstance(v, list) and "*" in v)
                                               for v in principal.values())


def _json_denies_plain_http(doc: dict) -> bool:
    found = doc.get("Statement", [])
    for statement in found if isinstance(found, list) else [found]:
        if not isinstance(statement, dict) or statement.get("Effect") != "Deny" or not _public(statement.get("Principal")):
            continue
        condition = get(statement, "Condition", "Bool", "aws:SecureTransport")
        values = [str(v).lower() for v in as_list(condition)]
        if values == ["false"]:
            return True
    return False


def _data_document_denies_plain_http(data: Resource) -> bool:
    for statement in blocks(data.body, "statement"):
        if str(statement.get("effect", "Allow")) != "Deny":
            continue
        principals = blocks(statement, "principals")
        if not any("*" in as_list(p.get("identifiers")) for p in principals):
            continue
        for condition in blocks(statement, "condition"):
            if condition.get("variable") == "aws:SecureTransport" and as_list(condition.get("values")) == ["false"] \
                    and condition.get("test") == "Bool":
                return True
    return False


def denies_plain_http(stacks: StackSet, policy: Resource) -> bool | None:
    """True/False, or None when the policy is an expression plinth cannot read."""
    value = policy.body.get("policy")
    doc = document(value)
    if doc is not None:
        return _json_denies_plain_http(doc)
    refs = [e for e in expressions(value) if e.startswith("data.aws_iam_policy_document.")]
    sources = [d for d in stacks.resources("aws_iam_policy_document", mode="data")
               if any(r.startswith(d.address + ".") for r in refs)]
    if sources:
        return any(_data_document_denies_plain_http(d) for d in sources)
    return None


class S3TlsOnly(PresenceCheck):
    id = "PLN_PRES_005"
    name = "Every S3 bucket has a policy denying requests without TLS (aws:SecureTransport)"
    clouds = ("aws",)

    def evaluate(self, stacks: StackSet, context: Context) -> list[PresenceResult]:
        out = []
        for bucket in stacks.resources("aws_s3_bucket"):
            policies = stacks.referencing(bucket, ["aws_s3_bucket_policy"], "bucket")
            verdicts = [denies_plain_http(stacks, p) for p in policies]
            if True in verdicts:
                out.append(ok(bucket, f"{bucket.address} denies requests without TLS"))
            elif None in verdicts:
                out.append(missing(bucket, f"{bucket.address}: its bucket policy is an expression plinth cannot "
                                           "read; write it as a JSON document"))
            elif policies:
                out.append(missing(bucket, f"{bucket.address}: its bucket policy does not deny "
                                           "aws:SecureTransport = false"))
            else:
                out.append(missing(bucket, f"{bucket.address} has no bucket policy denying requests without TLS"))
        return out


CHECK = S3TlsOnly()
