"""network: VPC, subnet, NAT, firewall, private DNS, private services access, placement, GPUDirect."""

from __future__ import annotations

from gcp_synth import FRAUD_LABELS, labels

FLOW_LOGS = {"aggregation_interval": "INTERVAL_5_SEC", "flow_sampling": 1, "metadata": "INCLUDE_ALL_METADATA"}
FW_LOGS = {"metadata": "INCLUDE_ALL_METADATA"}
NET_ID = "${google_compute_network.vpc_network_A873BE34.id}"


def test_custom_mode_vpc_and_private_subnet(stack):
    st = stack("fraud-inference", "foundation")
    assert st.get("vpc/network", "google_compute_network") == {
        "name": "fraud-inference-vpc", "project": "${var.project_id}", "auto_create_subnetworks": False,
        "routing_mode": "REGIONAL", "delete_default_routes_on_create": False}
    assert st.get("vpc/subnet", "google_compute_subnetwork") == {
        "name": "fraud-inference-vpc-us-central1", "project": "${var.project_id}", "region": "us-central1",
        "network": NET_ID, "ip_cidr_range": "10.40.0.0/20", "private_ip_google_access": True, "log_config": FLOW_LOGS,
        "secondary_ip_range": [{"range_name": "scoring-pods", "ip_cidr_range": "100.64.0.0/15"},
                               {"range_name": "scoring-services", "ip_cidr_range": "100.96.0.0/20"}]}


def test_cloud_nat(stack):
    st = stack("fraud-inference", "foundation")
    assert st.get("vpc/router", "google_compute_router") == {
        "name": "fraud-inference-vpc-router", "project": "${var.project_id}", "region": "us-central1", "network": NET_ID}
    assert st.get("vpc/nat", "google_compute_router_nat") == {
        "name": "fraud-inference-vpc-nat", "project": "${var.project_id}", "region": "us-central1",
        "router": "${google_compute_router.vpc_router_24DC97F5.name}", "nat_ip_allocate_option": "AUTO_ONLY",
        "source_subnetwork_ip_ranges_to_nat": "ALL_SUBNETWORKS_ALL_IP_RANGES",
        "log_config": {"enable": True, "filter": "ERRORS_ONLY"}}


def _fw(name, direction, priority, description, network=NET_ID, **rule):
    return {"name": name, "project": "${var.project_id}", "network": network, "direction": direction,
            "priority": priority, "description": description, "log_config": FW_LOGS, **rule}


def test_firewall_denies_by_default(stack):
    rules = stack("fraud-inference", "foundation").of_type("google_compute_firewall")
    p = "fraud-inference-vpc-"
    assert rules == {
        "vpc/firewall/deny-all-egress": _fw(
            p + "deny-all-egress", "EGRESS", 65000, "Default deny: no egress except the allow rules above it",
            deny=[{"protocol": "all"}], destination_ranges=["0.0.0.0/0"]),
        "vpc/firewall/deny-all-ingress": _fw(
            p + "deny-all-ingress", "INGRESS", 65000, "Default deny: no ingress except the allow rules above it (logged)",
            deny=[{"protocol": "all"}], source_ranges=["0.0.0.0/0"]),
        "vpc/firewall/allow-internal-ingress": _fw(
            p + "allow-internal-ingress", "INGRESS", 1000, "Traffic between nodes and pods of this network",
            allow=[{"protocol": "all"}], source_ranges=["10.40.0.0/20", "100.64.0.0/15"]),
        "vpc/firewall/allow-private-egress": _fw(
            p + "allow-private-egress", "EGRESS", 1000,
            "Egress to private ranges: this network, control planes, private services",
            allow=[{"protocol": "all"}], destination_ranges=["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"]),
        "vpc/firewall/allow-google-apis-egress": _fw(
            p + "allow-google-apis-egress", "EGRESS", 1000,
            "HTTPS to Google APIs through private.googleapis.com / restricted.googleapis.com",
            allow=[{"protocol": "tcp", "ports": ["443"]}], destination_ranges=["199.36.153.8/30", "199.36.153.4/30"]),
        "vpc/firewall/allow-nat-https-egress": _fw(
            p + "allow-nat-https-egress", "EGRESS", 60000,
            "nat: true -> HTTPS to the internet through Cloud NAT (set nat: false to remove)",
            allow=[{"protocol": "tcp", "ports": ["443"]}], destination_ranges=["0.0.0.0/0"]),
    }


def test_nat_false_means_no_router_and_no_internet_egress(stack):
    st = stack("tpu-train", "foundation")
    assert not st.paths("google_compute_router") and not st.paths("google_compute_router_nat")
    assert "net/firewall/allow-nat-https-egress" not in st.paths()
    assert "net/firewall/deny-all-egress" in st.paths()
    flt = st.get("net/log-sink", "google_logging_project_sink")["filter"]
    assert "nat_gateway" not in flt


def test_allow_ingress_rules_are_emitted_as_written(stack):
    st = stack("insecure", "foundation")
    assert st.get("open/firewall/allow-ingress-0", "google_compute_firewall") == _fw(
        "insecure-open-allow-ingress-0", "INGRESS", 900, "allow_ingress[0] from the blueprint: admin from anywhere",
        network=st.ref("open/network", "id"),
        allow=[{"protocol": "tcp", "ports": ["22", "3389"]}], source_ranges=["0.0.0.0/0"])
    assert st.get("open/firewall/allow-ingress-1", "google_compute_firewall")["source_ranges"] == ["203.0.113.0/24"]
    assert st.get("open/firewall/allow-ingress-1", "google_compute_firewall")["description"] == (
        "allow_ingress[1] from the blueprint")


def test_flow_logs_off_is_visible(stack):
    subnet = stack("insecure", "foundation").get("open/subnet", "google_compute_subnetwork")
    assert "log_config" not in subnet


def test_network_log_bucket_keeps_flow_logs_as_long_as_asked(stack):
    st = stack("tpu-train", "foundation")
    assert st.get("net/log-bucket", "google_logging_project_bucket_config") == {
        "project": "speech-ml-prod", "location": "us-central1", "bucket_id": "tpu-train-net-network",
        "description": "VPC flow, firewall and NAT logs of network net", "retention_days": 400, "locked": True,
        "cmek_settings": {"kms_key_name": "${google_kms_crypto_key.plinth_kms_logs-us-central1_DFCA16CE.id}"},
        "depends_on": ["google_kms_crypto_key_iam_member.plinth_kms_logs-us-central1-logging_E63B0A3F"]}
    sink = stack("fraud-inference", "foundation").get("vpc/log-sink", "google_logging_project_sink")
    assert sink["filter"] == (
        '(resource.type="gce_subnetwork" AND resource.labels.subnetwork_name=("fraud-inference-vpc-us-central1") AND '
        '(log_id("compute.googleapis.com/vpc_flows") OR log_id("compute.googleapis.com/firewall"))) OR '
        '(resource.type="nat_gateway" AND resource.labels.gateway_name="fraud-inference-vpc-nat")')
    assert sink["destination"] == "logging.googleapis.com/${google_logging_project_bucket_config.vpc_log-bucket_EC0C3C56.id}"


def test_private_dns_for_google_apis(stack):
    st = stack("fraud-inference", "foundation")
    zone = st.get("vpc/dns/googleapis-com", "google_dns_managed_zone")
    assert zone == {
        "name": "fraud-inference-vpc-googleapis-com", "project": "${var.project_id}", "dns_name": "googleapis.com.",
        "visibility": "private", "description": "googleapis.com through private.googleapis.com (Private Google Access)",
        "labels": labels("fraud-inference", "vpc", "pci", **FRAUD_LABELS),
        "private_visibility_config": {"networks": [{"network_url": NET_ID}]}}
    records = st.of_type("google_dns_record_set")
    assert {(r["name"], r["type"], tuple(r["rrdatas"])) for r in records.values()} == {
        ("private.googleapis.com.", "A", ("199.36.153.8", "199.36.153.9", "199.36.153.10", "199.36.153.11")),
        ("*.googleapis.com.", "CNAME", ("private.googleapis.com.",)),
        ("pkg.dev.", "A", ("199.36.153.8", "199.36.153.9", "199.36.153.10", "199.36.153.11")),
        ("*.pkg.dev.", "CNAME", ("pkg.dev.",)),
        ("gcr.io.", "A", ("199.36.153.8", "199.36.153.9", "199.36.153.10", "199.36.153.11")),
        ("*.gcr.io.", "CNAME", ("gcr.io.",)),
    }


def test_private_services_access_for_vertex_and_caches(stack):
    st = stack("fraud-inference", "foundation")
    assert st.get("vpc/private-services-range", "google_compute_global_address") == {
        "name": "fraud-inference-vpc-psa", "project": "${var.project_id}", "purpose": "VPC_PEERING",
        "address_type": "INTERNAL", "prefix_length": 16, "network": NET_ID,
        "labels": labels("fraud-inference", "vpc", "pci", **FRAUD_LABELS)}
    assert st.get("vpc/private-services", "google_service_networking_connection") == {
        "network": NET_ID, "service": "servicenetworking.googleapis.com",
        "reserved_peering_ranges": ["${google_compute_global_address.vpc_private-services-range_35EC4EF8.name}"]}
    # insecure: the only endpoint is public and there is no cache, so no peering
    assert not stack("insecure", "foundation").paths("google_service_networking_connection")


def test_compact_placement_for_fabric_pools(stack):
    policies = stack("gpu-fabric", "foundation").of_type("google_compute_resource_policy")
    assert sorted(policies) == ["fabric/placement-llm-cpu", "fabric/placement-llm-h100", "fabric/placement-llm-h200"]
    assert policies["fabric/placement-llm-h100"] == {
        "name": "gpu-fabric-llm-h100", "project": "${var.project_id}", "region": "us-central1",
        "description": "compact placement for pool h100 of llm", "group_placement_policy": {"collocation": "COLLOCATED"}}
    assert not stack("fraud-inference", "foundation").paths("google_compute_resource_policy")


def test_gpudirect_networks(stack):
    st = stack("gpu-fabric", "foundation")
    nets = st.of_type("google_compute_network")
    # a3-ultragpu-8g (H200) needs 8 NIC networks, a3-highgpu-8g (H100) uses the first 4
    assert sorted(nets) == sorted(["fabric/network"] + [f"fabric/gpu{i}/network" for i in range(8)])
    assert nets["fabric/gpu3/network"] == {"name": "gpu-fabric-fabric-gpu3", "project": "${var.project_id}",
                                           "auto_create_subnetworks": False, "routing_mode": "REGIONAL", "mtu": 8244}
    sub = st.get("fabric/gpu3/subnet", "google_compute_subnetwork")
    assert sub == {"name": "gpu-fabric-fabric-gpu3-us-central1", "project": "${var.project_id}", "region": "us-central1",
                   "network": st.ref("fabric/gpu3/network", "id"),
                   "ip_cidr_range": "192.168.3.0/24", "private_ip_google_access": True, "log_config": FLOW_LOGS}
    fw = {p.split("/")[-1]: b for p, b in st.of_type("google_compute_firewall").items() if p.startswith("fabric/gpu3/")}
    assert sorted(fw) == ["allow-internal-egress", "allow-internal-ingress", "deny-all-egress"]
    assert fw["allow-internal-ingress"]["source_ranges"] == ["192.168.3.0/24"]
    assert fw["deny-all-egress"]["priority"] == 65000
    flt = st.get("fabric/log-sink", "google_logging_project_sink")["filter"]
    assert '"gpu-fabric-fabric-gpu7-us-central1"' in flt
