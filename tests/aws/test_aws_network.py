"""`network`: private subnets, NAT, closed default SG, flow logs, endpoints, EFA, serving VPCs."""

from __future__ import annotations

import pytest

from aws_synth import strip

BP = "imaging-training"
GLOBAL = "global-inference"


def test_subnet_plan():
    from plinth.ipplan import plan_subnets

    assert plan_subnets("10.20.0.0/16", 3, True) == (
        ["10.20.0.0/18", "10.20.64.0/18", "10.20.128.0/18"], ["10.20.192.0/24", "10.20.193.0/24", "10.20.194.0/24"])
    assert plan_subnets("10.80.0.0/16", 2, False) == (["10.80.0.0/18", "10.80.64.0/18"], [])
    assert plan_subnets("10.9.0.0/24", 3, True) == (
        ["10.9.0.0/26", "10.9.0.64/26", "10.9.0.128/26"], ["10.9.0.192/28", "10.9.0.208/28", "10.9.0.224/28"])
    assert plan_subnets("10.9.0.0/24", 4, True) == (
        ["10.9.0.0/27", "10.9.0.32/27", "10.9.0.64/27", "10.9.0.96/27"],
        ["10.9.0.128/27", "10.9.0.160/27", "10.9.0.192/27", "10.9.0.224/27"])
    with pytest.raises(ValueError, match="too small for 6 zones with NAT"):
        plan_subnets("10.9.0.0/24", 6, True)


def test_private_and_public_subnets_never_assign_public_ips(aws):
    subnets = {p: (s["cidr_block"], s["availability_zone"], s["map_public_ip_on_launch"])
               for p, s in aws.resources(BP, "aws_subnet").items()}
    assert subnets == {
        "net/private-a": ("10.20.0.0/18", "us-east-1a", False),
        "net/private-b": ("10.20.64.0/18", "us-east-1b", False),
        "net/private-c": ("10.20.128.0/18", "us-east-1c", False),
        "net/public-a": ("10.20.192.0/24", "us-east-1a", False),
        "net/public-b": ("10.20.193.0/24", "us-east-1b", False),
        "net/public-c": ("10.20.194.0/24", "us-east-1c", False),
    }
    vpc = strip(aws.one(BP, "aws_vpc", "net/vpc"))
    assert vpc == {"cidr_block": "10.20.0.0/16", "enable_dns_support": True, "enable_dns_hostnames": True}


def test_one_nat_gateway_per_zone_routes_private_traffic(aws):
    nats = aws.resources(BP, "aws_nat_gateway")
    assert sorted(nats) == ["net/nat-a", "net/nat-b", "net/nat-c"]
    routes = {p: strip(r) for p, r in aws.resources(BP, "aws_route").items()}
    assert routes["net/private-default-route-b"] == {
        "route_table_id": aws.expr(BP, 'aws_route_table', 'net/private-routes-b', 'id'),
        "destination_cidr_block": "0.0.0.0/0",
        "nat_gateway_id": aws.expr(BP, 'aws_nat_gateway', 'net/nat-b', 'id')}
    assert routes["net/public-default-route"]["gateway_id"] == aws.expr(BP, 'aws_internet_gateway', 'net/igw', 'id')
    assert strip(nats["net/nat-a"])["subnet_id"] == aws.expr(BP, 'aws_subnet', 'net/public-a', 'id')


def test_default_security_group_is_emptied(aws):
    default = aws.one(BP, "aws_default_security_group", "net/default-sg")
    assert strip(default) == {"vpc_id": aws.expr(BP, 'aws_vpc', 'net/vpc', 'id')}


def test_flow_logs_all_traffic_to_an_encrypted_log_group(aws):
    assert strip(aws.one(BP, "aws_flow_log", "net/flow-log")) == {
        "vpc_id": aws.expr(BP, 'aws_vpc', 'net/vpc', 'id'), "traffic_type": "ALL",
        "log_destination_type": "cloud-watch-logs",
        "log_destination": aws.expr(BP, 'aws_cloudwatch_log_group', 'net/flow-log-group', 'arn'),
        "iam_role_arn": aws.expr(BP, 'aws_iam_role', 'net/flow-log-role', 'arn'),
        "max_aggregation_interval": 60}
    group = aws.one(BP, "aws_cloudwatch_log_group", "net/flow-log-group")
    assert (group["retention_in_days"], group["kms_key_id"]) == (365, aws.expr(BP, "aws_kms_key", "plinth/key", "arn"))


def test_endpoints_keep_aws_traffic_private(aws):
    endpoints = {e["service_name"]: e for e in aws.resources(BP, "aws_vpc_endpoint").values()}
    assert sorted(endpoints) == [f"com.amazonaws.us-east-1.{s}" for s in (
        "ecr.api", "ecr.dkr", "logs", "s3", "sagemaker.api", "sagemaker.runtime", "sts")]
    sg = aws.expr(BP, 'aws_security_group', 'net/endpoint-sg', 'id')
    for name, endpoint in endpoints.items():
        if name.endswith(".s3"):
            assert endpoint["vpc_endpoint_type"] == "Gateway"
            assert len(endpoint["route_table_ids"]) == 3
        else:
            assert (endpoint["vpc_endpoint_type"], endpoint["private_dns_enabled"], endpoint["security_group_ids"]) \
                == ("Interface", True, [sg])
            assert len(endpoint["subnet_ids"]) == 3
    assert strip(aws.one(BP, "aws_vpc_security_group_ingress_rule", "net/endpoint-sg-https")) == {
        "security_group_id": sg, "ip_protocol": "tcp", "from_port": 443, "to_port": 443,
        "cidr_ipv4": "10.20.0.0/16", "description": "HTTPS from the VPC"}


def test_efa_security_group_talks_only_to_itself(aws):
    sg = aws.expr(BP, 'aws_security_group', 'net/efa-sg', 'id')
    expected = {"security_group_id": sg, "ip_protocol": "-1", "referenced_security_group_id": sg,
                "description": "EFA peers (self)"}
    assert strip(aws.one(BP, "aws_vpc_security_group_ingress_rule", "net/efa-sg-in-self")) == expected
    assert strip(aws.one(BP, "aws_vpc_security_group_egress_rule", "net/efa-sg-out-self")) == expected
    assert strip(aws.one(BP, "aws_placement_group", "net/efa-placement")) == {
        "name": "imaging-training-net-efa", "strategy": "cluster"}


def test_no_security_group_rule_anywhere_emits_null_prefix_lists(aws):
    """checkov's CKV_AWS_24 passes an open rule whose `prefix_list_ids` is null (false negative)."""
    def nulls(value, path=""):
        if isinstance(value, dict):
            for k, v in value.items():
                if v is None:
                    yield f"{path}/{k}"
                yield from nulls(v, f"{path}/{k}")
        elif isinstance(value, list):
            for i, v in enumerate(value):
                yield from nulls(v, f"{path}/{i}")

    found = [(bp, rtype, p) for bp, _, rtype, body in aws.all_resources() for p in nulls(body)]
    assert found == []


def test_serving_regions_get_a_private_serving_vpc(aws):
    vpcs = aws.resources(GLOBAL, "aws_vpc")
    assert sorted(vpcs) == ["net/eu-west-1/vpc", "net/us-west-2/vpc", "net/vpc"]
    for region in ("eu-west-1", "us-west-2"):
        assert vpcs[f"net/{region}/vpc"]["provider"] == f"aws.{region}"
        subnets = {p: (s["cidr_block"], s["availability_zone"]) for p, s in aws.resources(GLOBAL, "aws_subnet").items()
                   if p.startswith(f"net/{region}/")}
        assert subnets == {f"net/{region}/private-a": ("10.80.0.0/18", f"{region}a"),
                           f"net/{region}/private-b": ("10.80.64.0/18", f"{region}b")}
        log = aws.one(GLOBAL, "aws_flow_log", f"net/{region}/flow-log")
        assert (log["traffic_type"], log["provider"]) == ("ALL", f"aws.{region}")
        group = aws.one(GLOBAL, "aws_cloudwatch_log_group", f"net/{region}/flow-log-group")
        assert aws.target(GLOBAL, group["kms_key_id"]) == aws.ref(
            GLOBAL, "aws_kms_replica_key", f"plinth/key-{region}", "arn")
    assert sorted(aws.resources(GLOBAL, "aws_nat_gateway")) == ["net/nat-a", "net/nat-b"]
