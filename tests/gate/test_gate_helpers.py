"""Small pieces: checkov's list-wrapping convention, address normalisation, references."""

from __future__ import annotations

import importlib
import sys

import pytest
from gate_paths import ROOT

from plinth.gate.addresses import resolve
from plinth.gate.stacks import Resource, Stack, expressions


@pytest.fixture(scope="module")
def lib():
    sys.path.insert(0, str(ROOT / "policies" / "checks"))
    try:
        yield importlib.import_module("plinth_checklib")
    finally:
        sys.path.remove(str(ROOT / "policies" / "checks"))


def test_checkov_values_arrive_wrapped_in_lists(lib):
    conf = {"retention_in_days": [365], "cidr_blocks": [["0.0.0.0/0", "10.0.0.0/8"]], "prefix_list_ids": [None],
            "encryption": [{"default_kms_key_name": ["k"], "__startline__": 3, "__endline__": 5}],
            "ingress": [{"from_port": [22]}, {"from_port": [443]}]}
    assert lib.number(conf["retention_in_days"]) == 365
    assert lib.as_list(conf["cidr_blocks"]) == ["0.0.0.0/0", "10.0.0.0/8"]
    assert lib.as_list(conf["prefix_list_ids"]) == []
    assert lib.attr(conf, "encryption", "default_kms_key_name") == "k"
    assert lib.blocks(conf, "encryption") == [{"default_kms_key_name": ["k"]}]
    assert [lib.number(b["from_port"]) for b in lib.blocks(conf, "ingress")] == [22, 443]
    assert lib.attr(conf, "missing", "deeper", default="d") == "d"


@pytest.mark.parametrize("value, expected", [([True], True), (["false"], False), ([None], None), ("yes", None)])
def test_truthy(lib, value, expected):
    assert lib.truthy(value) is expected


def test_is_set_counts_expressions_and_rejects_empties(lib):
    assert lib.is_set(["${aws_kms_key.k.arn}"]) and not lib.is_set([""]) and not lib.is_set([None])


def _stack(*resources: Resource) -> Stack:
    return Stack(role="foundation", file=ROOT / "x.tf.json", data={}, resources=resources)


def test_addresses_are_normalised():
    bucket = Resource("resource", "aws_s3_bucket", "lake", {})
    policy = Resource("resource", "aws_s3_bucket_policy", "lake", {})
    doc = Resource("data", "aws_iam_policy_document", "doc", {})
    stack = _stack(bucket, policy, doc)
    assert resolve("resource.lake", stack, ("aws_s3_bucket_policy",)) == ("aws_s3_bucket_policy.lake", policy)
    assert resolve("aws_s3_bucket.lake", stack) == ("aws_s3_bucket.lake", bucket)
    assert resolve("data.doc", stack) == ("data.aws_iam_policy_document.doc", doc)
    assert resolve("data.aws_iam_policy_document.doc", stack) == ("data.aws_iam_policy_document.doc", doc)
    assert resolve("provider.aws", stack) == ("provider.aws", None)
    assert resolve("resource.gone", stack) == ("resource.gone", None)


def test_expressions_and_references():
    body = {"bucket": "${aws_s3_bucket.lake.id}", "x": ["${join(\",\", [aws_subnet.a.id, aws_subnet.b.id])}"],
            "//": {"metadata": {"path": "${aws_vpc.ignored.id}"}}}
    assert sorted(expressions(body)) == ["aws_s3_bucket.lake.id", "aws_subnet.a.id", "aws_subnet.b.id"]
    flow = Resource("resource", "aws_flow_log", "f", {"vpc_id": "${aws_vpc.net.id}"})
    assert flow.refers_to(Resource("resource", "aws_vpc", "net", {}), "vpc_id")
    assert not flow.refers_to(Resource("resource", "aws_vpc", "ne", {}))


def test_component_comes_from_the_construct_path():
    assert Resource("resource", "t", "n", {}, construct_path="bp-foundation/lake/raw/bucket").component == "lake"
    assert Resource("resource", "t", "n", {}, construct_path="bp-foundation").component is None
    assert Resource("resource", "t", "n", {}).component is None


def test_cdktf_names_with_dashes_are_one_reference():
    assert list(expressions("${aws_s3_bucket.plinth_access-logs_bucket_D74D0702.arn}/*")) == \
        ["aws_s3_bucket.plinth_access-logs_bucket_D74D0702.arn"]
