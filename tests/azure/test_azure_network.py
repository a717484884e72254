"""`network`: VNet, private subnets behind NSGs, NAT, flow logs, DNS zones, placement group."""

from __future__ import annotations

from azure_synth import pick, refers, strip

BP = "llm-finetune"


def _rules(az, bp, role):
    return {path.split("/")[-1][len(f"nsg-{role}-"):]: strip(body)
            for path, body in az.resources(bp, "azurerm_network_security_rule").items()
            if path.split("/")[-1].startswith(f"nsg-{role}-")}


def _rule(name, priority, direction, access, protocol, src, dst, ports, description):
    body = {"name": name, "priority": priority, "direction": direction, "access": access, "protocol": protocol,
            "source_address_prefix": src, "destination_address_prefix": dst, "source_port_range": "*",
            "description": description}
    body["destination_port_ranges" if isinstance(ports, list) else "destination_port_range"] = ports
    return body


SECURE_RULES = {
    "deny-internet-inbound": _rule("deny-internet-inbound", 4096, "Inbound", "Deny", "*", "Internet", "*", "*",
                                   "No inbound traffic from the internet"),
    "allow-vnet-outbound": _rule("allow-vnet-outbound", 100, "Outbound", "Allow", "*", "VirtualNetwork",
                                 "VirtualNetwork", "*", "Traffic inside the network"),
    "allow-azure-https-outbound": _rule("allow-azure-https-outbound", 110, "Outbound", "Allow", "Tcp",
                                        "VirtualNetwork", "AzureCloud", "443", "Azure services over HTTPS"),
    "deny-internet-outbound": _rule("deny-internet-outbound", 4096, "Outbound", "Deny", "*", "*", "Internet", "*",
                                    "No other outbound traffic to the internet"),
}


def test_subnets_are_private_and_each_has_an_nsg(az):
    subnets = az.resources(BP, "azurerm_subnet")
    assert {p: (s["name"], s["address_prefixes"]) for p, s in subnets.items()} == {
        "vnet/subnet-nodes": ("nodes", ["10.60.0.0/17"]),
        "vnet/subnet-endpoints": ("endpoints", ["10.60.128.0/18"]),
        "vnet/subnet-cache": ("cache", ["10.60.192.0/19"]),
    }
    for s in subnets.values():
        assert s["default_outbound_access_enabled"] is False
        assert s["private_endpoint_network_policies"] == "Enabled"
    assoc = az.resources(BP, "azurerm_subnet_network_security_group_association")
    assert sorted(assoc) == ["vnet/nsg-cache-association", "vnet/nsg-endpoints-association", "vnet/nsg-nodes-association"]


def test_nsg_rules_deny_internet_in_and_restrict_egress(az):
    for role in ("nodes", "endpoints", "cache"):
        rules = _rules(az, BP, role)
        for r in rules.values():
            assert refers(r.pop("network_security_group_name"), "azurerm_network_security_group", "name")
            assert refers(r.pop("resource_group_name"), "azurerm_resource_group", "name")
        assert rules == SECURE_RULES, role


def test_allow_ingress_is_emitted_as_written(az):
    rules = _rules(az, "insecure-azure-example", "nodes")
    for r in rules.values():
        r.pop("network_security_group_name"), r.pop("resource_group_name")
    assert rules == {
        **SECURE_RULES,
        "allow-ingress-0": _rule("allow-ingress-0", 100, "Inbound", "Allow", "Tcp", "0.0.0.0/0", "VirtualNetwork",
                                 ["22", "3389"], "admin from anywhere"),
        "allow-ingress-1": _rule("allow-ingress-1", 101, "Inbound", "Allow", "Tcp", "203.0.113.0/24",
                                 "VirtualNetwork", ["443"], "blueprint allow_ingress[1]"),
    }


def test_vnet_flow_logs_with_traffic_analytics(az):
    fl = az.one(BP, "azurerm_network_watcher_flow_log", "vnet/flow-log")
    assert pick(fl, {"enabled": 0, "version": 0, "retention_policy": 0, "location": 0}) == {
        "enabled": True, "version": 2, "retention_policy": {"days": 365, "enabled": True}, "location": "eastus"}
    assert refers(fl["target_resource_id"], "azurerm_virtual_network")
    assert refers(fl["storage_account_id"], "azurerm_storage_account")
    ta = fl["traffic_analytics"]
    assert (ta["enabled"], ta["interval_in_minutes"]) == (True, 10)
    assert refers(ta["workspace_id"], "azurerm_log_analytics_workspace", "workspace_id")
    assert refers(ta["workspace_resource_id"], "azurerm_log_analytics_workspace")
    pci = az.one("az-pci-serving", "azurerm_network_watcher_flow_log", "net/flow-log")
    assert pci["retention_policy"] == {"days": 400, "enabled": True}
    assert sorted(az.resources(BP, "azurerm_network_watcher")) == ["plinth/network-watcher"]


def test_flow_logs_off_is_visible_as_absence(az):
    assert az.resources("insecure-azure-example", "azurerm_network_watcher_flow_log") == {}
    assert az.resources("insecure-azure-example", "azurerm_network_watcher") == {}


def test_private_dns_zones_linked_to_the_vnet(az):
    zones = {z["name"] for z in az.resources(BP, "azurerm_private_dns_zone").values()}
    assert zones == {"privatelink.blob.core.windows.net", "privatelink.dfs.core.windows.net",
                     "privatelink.file.core.windows.net", "privatelink.vaultcore.azure.net",
                     "privatelink.azurecr.io", "privatelink.api.azureml.ms", "privatelink.notebooks.azure.net"}
    links = az.resources(BP, "azurerm_private_dns_zone_virtual_network_link")
    assert len(links) == len(zones)
    for link in links.values():
        assert link["registration_enabled"] is False
        assert refers(link["virtual_network_id"], "azurerm_virtual_network")


def test_private_endpoints_for_vault_storage_registry_and_workspace(az):
    pes = az.resources(BP, "azurerm_private_endpoint")
    got = {p: pe["private_service_connection"]["subresource_names"] for p, pe in pes.items()}
    assert got == {
        "plinth/pe-vnet-vault": ["vault"], "plinth/pe-vnet-blob": ["blob"],
        "lake/pe-vnet-blob": ["blob"], "lake/pe-vnet-dfs": ["dfs"],
        "models/pe-vnet-registry": ["registry"], "models/pe-vnet-blob": ["blob"], "models/pe-vnet-file": ["file"],
        "models/pe-vnet-amlworkspace": ["amlworkspace"],
    }
    for pe in pes.values():
        assert pe["private_service_connection"]["is_manual_connection"] is False
        assert refers(pe["subnet_id"], "azurerm_subnet")
        assert pe["private_dns_zone_group"]["private_dns_zone_ids"]
    ws = pes["models/pe-vnet-amlworkspace"]["private_dns_zone_group"]["private_dns_zone_ids"]
    assert len(ws) == 2   # api.azureml.ms and notebooks.azure.net


def test_nat_gateway_and_proximity_group_follow_the_blueprint(az):
    assert sorted(az.resources(BP, "azurerm_nat_gateway")) == ["vnet/nat"]
    assoc = az.one(BP, "azurerm_subnet_nat_gateway_association", "vnet/nat-association")
    assert refers(assoc["subnet_id"], "azurerm_subnet")
    assert sorted(az.resources(BP, "azurerm_proximity_placement_group")) == ["vnet/placement"]
    assert az.resources("az-pci-serving", "azurerm_nat_gateway") == {}            # nat: false
    assert az.resources("az-pci-serving", "azurerm_proximity_placement_group") == {}
    ip = az.one(BP, "azurerm_public_ip", "vnet/nat-ip")
    assert pick(ip, {"sku": 0, "allocation_method": 0}) == {"sku": "Standard", "allocation_method": "Static"}
