"""A gate result built by hand (no checkov): every kind of finding the GitLab report must tell apart."""

from __future__ import annotations

from plinth.gate.model import (EXEMPT, FAILED, PASSED, WAIVED, BlueprintResult, Exemption, Finding, GateResult,
                               Location, Problem, Waiver)

FILE = "lab.yaml"
LAKE = Location(FILE, 6, 3)
TF = "generated/lab/lab-foundation/cdk.tf.json"
WAIVER = Waiver("CKV_AWS_145", None, ("cache",), "the cache holds only public reference data", "sec@example.com",
                "2027-03-31", Location(FILE, 14, 5))
EXEMPTION = Exemption("ENC-01", "aws", "CKV_AWS_145", "access_log_target", "S3 delivers access logs only to SSE-S3")


def finding(check: str, name: str, status: str, controls: tuple[str, ...], gating: tuple[str, ...],
            address: str | None, component: str, location: Location, line: int, **extra) -> Finding:
    return Finding(check_id=check, check_name=name, engine="checkov", result=PASSED if status == PASSED else FAILED,
                   status=status, controls=controls, gating=gating, blueprint="lab",
                   stack="foundation" if address else None, address=address, component=component,
                   location=location, message=f"{name} (inspected: x)" if address else "no CloudTrail trail",
                   tf_location=Location(TF, line, 1) if address else None, **extra)


ENC = "Ensure that S3 buckets are encrypted with KMS by default"
FINDINGS = (
    finding("PLN_PRES_001", "A control-plane audit trail exists", FAILED, ("LOG-01",), ("LOG-01",), None,
            "blueprint", Location(FILE, 1, 1), 0),
    finding("CKV2_AWS_6", "Ensure that S3 bucket has a Public Access block", FAILED, ("PUB-01",), ("PUB-01",),
            "aws_s3_bucket.lake_raw", "lake", LAKE, 11),
    finding("CKV_AWS_144", "Ensure that S3 bucket has cross-region replication enabled", FAILED, ("BAK-01",), (),
            "aws_s3_bucket.lake_raw", "lake", LAKE, 11),
    finding("CKV_AWS_145", ENC, FAILED, ("ENC-01",), ("ENC-01",), "aws_s3_bucket.lake_raw", "lake", LAKE, 11),
    finding("CKV_AWS_145", ENC, FAILED, ("ENC-01",), ("ENC-01",), "aws_s3_bucket.lake_curated", "lake", LAKE, 40),
    finding("CKV_AWS_145", ENC, WAIVED, ("ENC-01",), (), "aws_s3_bucket.cache_data", "cache", Location(FILE, 9, 3),
            70, waiver=WAIVER, waived_controls=("ENC-01",)),
    finding("CKV_AWS_145", ENC, EXEMPT, ("ENC-01",), (), "aws_s3_bucket.access_logs", "blueprint",
            Location(FILE, 1, 1), 90, exemptions=(EXEMPTION,)),
    finding("CKV_AWS_18", "Ensure the S3 bucket has access logging enabled", PASSED, ("LOG-02",), (),
            "aws_s3_bucket.lake_raw", "lake", LAKE, 11),
)
PROBLEM = Problem("waiver.expired", "waiver for CKV_AWS_21 expired on 2026-01-31", Location(FILE, 17, 5), "error",
                  "fix the finding, or renew the waiver with a new review date")


def lab_result() -> GateResult:
    bp = BlueprintResult(name="lab", file=FILE, cloud="aws", profiles=("hipaa",), gating_profiles=("hipaa",),
                         stacks=("foundation",), findings=FINDINGS, controls=(), problems=(PROBLEM,))
    return GateResult(blueprints=(bp,), checkov_version="3.3.30", catalog_version=1, mode="check",
                      warnings=("checkov reported an error: boom",))
