"""`accelerator_cluster`: private EKS with encrypted secrets and all logs; node groups from
hardened launch templates, EFA where the fabric allows, placement, taints, capacity."""

from __future__ import annotations

from aws_synth import strip

BP = "imaging-training"
INSECURE = "insecure-demo"


def test_cluster_is_private_encrypted_and_fully_logged(aws):
    cluster = aws.one(BP, "aws_eks_cluster", "train/cluster")
    body = strip(cluster)
    subnets = body["vpc_config"].pop("subnet_ids")
    assert [aws.target(BP, s) for s in subnets] == [
        aws.ref(BP, "aws_subnet", f"net/private-{z}", "id") for z in "abc"]
    assert body["vpc_config"] == {"endpoint_private_access": True, "endpoint_public_access": False}
    assert body["enabled_cluster_log_types"] == ["api", "audit", "authenticator", "controllerManager", "scheduler"]
    assert aws.target(BP, body["encryption_config"]["provider"]["key_arn"]) == aws.ref(
        BP, "aws_kms_key", "plinth/key", "arn")
    assert body["encryption_config"]["resources"] == ["secrets"]
    assert (body["name"], body["version"]) == ("imaging-training-train", "1.31")
    assert body["access_config"] == {"authentication_mode": "API", "bootstrap_cluster_creator_admin_permissions": True}
    # the control-plane log group exists before the cluster (EKS would create an unencrypted one)
    assert aws.address(BP, "aws_cloudwatch_log_group", "train/control-plane-logs") in cluster["depends_on"]


def test_launch_templates_require_imdsv2_and_encrypt_the_root_volume(aws):
    templates = aws.resources(BP, "aws_launch_template")
    assert sorted(templates) == ["train/pool-h100-template", "train/pool-system-template"]
    key = aws.ref(BP, "aws_kms_key", "plinth/key", "arn")
    for template in templates.values():
        assert template["metadata_options"] == {"http_endpoint": "enabled", "http_tokens": "required",
                                                "http_put_response_hop_limit": 1, "instance_metadata_tags": "disabled"}
        [device] = template["block_device_mappings"]
        ebs = dict(device["ebs"])
        assert aws.target(BP, ebs.pop("kms_key_id")) == key
        assert (device["device_name"], ebs) == ("/dev/xvda", {"volume_size": 200, "volume_type": "gp3",
                                                              "encrypted": "true", "delete_on_termination": "true"})
        assert all(i["associate_public_ip_address"] == "false" for i in template["network_interfaces"])
        assert "vpc_security_group_ids" not in template and "user_data" not in template
        assert [t["resource_type"] for t in template["tag_specifications"]] == ["instance", "volume",
                                                                                "network-interface"]


def test_h100_pool_gets_every_efa_interface_and_the_placement_group(aws):
    template = aws.one(BP, "aws_launch_template", "train/pool-h100-template")
    interfaces = template["network_interfaces"]
    assert len(interfaces) == 32  # p5.48xlarge
    assert [(i["device_index"], i["network_card_index"]) for i in interfaces[:3]] == [(0, 0), (1, 1), (1, 2)]
    assert {i["interface_type"] for i in interfaces} == {"efa"}
    cluster_sg = aws.expr(BP, "aws_eks_cluster", "train/cluster", "vpc_config[0].cluster_security_group_id")
    groups = interfaces[0]["security_groups"]
    assert groups[0] == cluster_sg
    assert aws.target(BP, groups[1]) == aws.ref(BP, "aws_security_group", "net/efa-sg", "id")
    assert aws.target(BP, template["placement"]["group_name"]) == aws.ref(
        BP, "aws_placement_group", "net/efa-placement", "name")
    system = aws.one(BP, "aws_launch_template", "train/pool-system-template")
    assert system["network_interfaces"] == [{"device_index": 0, "associate_public_ip_address": "false",
                                             "delete_on_termination": "true", "security_groups": [cluster_sg]}]
    assert "placement" not in system


def test_node_groups_scale_from_min_with_accelerator_taints(aws):
    groups = {p: strip(g) for p, g in aws.resources(BP, "aws_eks_node_group").items()}
    h100, system = groups["train/pool-h100"], groups["train/pool-system"]
    assert (h100["instance_types"], h100["capacity_type"], h100["ami_type"]) == (
        ["p5.48xlarge"], "SPOT", "AL2023_x86_64_NVIDIA")
    assert h100["scaling_config"] == {"min_size": 0, "max_size": 16, "desired_size": 0}
    assert h100["taint"] == [{"key": "nvidia.com/gpu", "value": "present", "effect": "NO_SCHEDULE"}]
    assert h100["labels"] == {"plinth/pool": "h100", "plinth/capacity": "spot", "plinth/accelerator": "nvidia-h100-80gb"}
    assert [aws.target(BP, s) for s in h100["subnet_ids"]] == [aws.ref(BP, "aws_subnet", "net/private-a", "id")]
    assert h100["launch_template"] == {
        "id": aws.expr(BP, "aws_launch_template", "train/pool-h100-template", "id"),
        "version": aws.expr(BP, "aws_launch_template", "train/pool-h100-template", "latest_version")}
    assert (system["instance_types"], system["capacity_type"], system["ami_type"], system["taint"]) == (
        ["m6i.2xlarge"], "ON_DEMAND", "AL2023_x86_64_STANDARD", [])
    assert system["scaling_config"] == {"min_size": 2, "max_size": 4, "desired_size": 2}
    assert len(system["subnet_ids"]) == 3
    assert aws.one(BP, "aws_eks_node_group", "train/pool-h100")["lifecycle"] == {
        "ignore_changes": ["scaling_config[0].desired_size"]}
    assert "remote_access" not in h100


def test_neuron_reserved_arm_and_scheduled_pools(aws):
    groups = {p: strip(g) for p, g in aws.resources(INSECURE, "aws_eks_node_group").items()}
    trn, cpu = groups["train/pool-trn"], groups["train/pool-cpu"]
    assert (trn["instance_types"], trn["ami_type"], trn["capacity_type"]) == (
        ["trn2.48xlarge"], "AL2023_x86_64_NEURON", "ON_DEMAND")
    assert trn["taint"] == [{"key": "aws.amazon.com/neuron", "value": "present", "effect": "NO_SCHEDULE"}]
    template = aws.one(INSECURE, "aws_launch_template", "train/pool-trn-template")
    assert template["capacity_reservation_specification"] == {
        "capacity_reservation_target": {"capacity_reservation_id": "cr-0123456789abcdef0"}}
    assert len(template["network_interfaces"]) == 16
    # multi-node EFA pool: the EFA network's cluster placement group, single AZ
    assert aws.target(INSECURE, template["placement"]["group_name"]) == aws.ref(
        INSECURE, "aws_placement_group", "net/efa-placement", "name")
    assert (cpu["ami_type"], cpu["taint"]) == (
        "AL2023_ARM_64_STANDARD", [{"key": "dedicated", "value": "cpu", "effect": "NO_EXECUTE"}])
    schedules = {p: strip(s) for p, s in aws.resources(INSECURE, "aws_autoscaling_schedule").items()}
    asg = aws.expr(INSECURE, "aws_eks_node_group", "train/pool-cpu", "resources[0].autoscaling_groups[0].name")
    assert schedules == {
        "train/pool-cpu-scale-down": {"autoscaling_group_name": asg, "scheduled_action_name": "cpu-scale-down",
                                      "recurrence": "0 20 * * *", "time_zone": "Etc/UTC", "min_size": 0,
                                      "max_size": 2, "desired_capacity": 0},
        "train/pool-cpu-scale-up": {"autoscaling_group_name": asg, "scheduled_action_name": "cpu-scale-up",
                                    "recurrence": "0 6 * * 1-5", "time_zone": "Etc/UTC", "min_size": 1,
                                    "max_size": 2, "desired_capacity": 1}}


def test_training_pods_reach_the_lake_through_pod_identity(aws):
    association = strip(aws.one(BP, "aws_eks_pod_identity_association", "train/workload-identity"))
    assert (association["namespace"], association["service_account"]) == ("default", "plinth-data")
    assert association["role_arn"] == aws.expr(BP, "aws_iam_role", "train/workload-role", "arn")
    trust = aws.one(BP, "aws_iam_role", "train/workload-role")["assume_role_policy"]
    assert '"Service": ["pods.eks.amazonaws.com"]' in trust
    assert strip(aws.one(BP, "aws_eks_addon", "train/pod-identity-agent"))["addon_name"] == "eks-pod-identity-agent"
