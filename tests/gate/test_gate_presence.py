"""Presence checks on hand-written stacks: the exact resources that pass and fail ("<blueprint>"
stands for a blueprint-wide absence)."""

from __future__ import annotations

import pytest
from gate_paths import FIXTURES

from plinth.gate.presence import Context, PresenceCheck, PresenceResult, all_checks
from plinth.gate.stacks import StackSet, load_stack

PRESENCE = FIXTURES / "presence"
BP = "<blueprint>"

CASES = {
    ("PLN_PRES_001", "aws", "aws-good"): ({"aws_cloudtrail.good"}, set()),
    ("PLN_PRES_001", "aws", "aws-bad"): (set(), {"aws_cloudtrail.off"}),
    ("PLN_PRES_001", "aws", "aws-none"): (set(), {BP}),
    ("PLN_PRES_001", "gcp", "gcp-good"): ({"google_project_iam_audit_config.all"}, set()),
    ("PLN_PRES_001", "gcp", "gcp-bad"): (set(), {"google_project_iam_audit_config.exempt"}),
    ("PLN_PRES_001", "azure", "azure-good"): ({"azurerm_monitor_diagnostic_setting.activity"}, set()),
    ("PLN_PRES_001", "azure", "azure-bad"): (set(), {"azurerm_monitor_diagnostic_setting.storage"}),
    ("PLN_PRES_002", "aws", "aws"): ({"aws_vpc.pass_vpc"}, {"aws_vpc.fail_vpc"}),
    ("PLN_PRES_002", "gcp", "gcp"): ({"google_compute_network.pass_net"},
                                     {"google_compute_network.fail_net", "google_compute_network.fail_empty"}),
    ("PLN_PRES_002", "azure", "azure"): ({"azurerm_virtual_network.pass_vnet", "azurerm_virtual_network.pass_nsg_vnet"},
                                         {"azurerm_virtual_network.fail_vnet"}),
    ("PLN_PRES_003", "aws", "aws"): ({"aws_s3_bucket.pass_flow_bucket"}, {"aws_s3_bucket.fail_trail_bucket"}),
    ("PLN_PRES_003", "gcp", "gcp-good"): ({"google_logging_project_bucket_config.default"}, set()),
    ("PLN_PRES_003", "gcp", "gcp-bad"): (set(), {BP}),
    ("PLN_PRES_003", "azure", "azure-good"): ({"azurerm_log_analytics_workspace.long"}, set()),
    ("PLN_PRES_003", "azure", "azure-bad"): (set(), {"azurerm_log_analytics_workspace.short"}),
    ("PLN_PRES_004", "aws", "aws"): ({"aws_s3_bucket.pass_bucket", "aws_s3_bucket.pass_west_full_tags",
                                      "aws_kms_key.pass_blueprint_key"},
                                     {"aws_s3_bucket.fail_wrong_component", "aws_s3_bucket.fail_west_no_defaults",
                                      "aws_security_group.fail_untagged_sg", "aws_kms_key.fail_plinth_component_tag"}),
    ("PLN_PRES_004", "gcp", "gcp"): ({"google_storage_bucket.pass_bucket"},
                                     {"google_storage_bucket.fail_bad_compliance",
                                      "google_container_cluster.fail_cluster_labels"}),
    ("PLN_PRES_004", "azure", "azure"): ({"azurerm_storage_account.pass_account"},
                                         {"azurerm_storage_account.fail_no_blueprint"}),
    ("PLN_PRES_005", "aws", ""): ({"aws_s3_bucket.pass_json", "aws_s3_bucket.pass_data_doc"},
                                  {"aws_s3_bucket.fail_no_policy", "aws_s3_bucket.fail_expression",
                                   "aws_s3_bucket.fail_allow_only"}),
    ("PLN_PRES_006", "gcp", "gcp"): ({"google_compute_network.pass_net"}, {"google_compute_network.fail_net"}),
    ("PLN_PRES_006", "azure", "azure"): ({"azurerm_network_security_group.pass_inline",
                                          "azurerm_network_security_group.pass_separate"},
                                         {"azurerm_network_security_group.fail_open"}),
    ("PLN_PRES_007", "azure", ""): ({"azurerm_storage_account.pass_account"},
                                    {"azurerm_key_vault.fail_vault", "azurerm_container_registry.fail_no_logs_enabled"}),
    ("PLN_PRES_008", "aws", ""): ({"aws_s3_bucket.pass_locked"},
                                  {"aws_s3_bucket.fail_unversioned", "aws_cloudtrail.fail_outside"}),
}


def _run(check_id: str, cloud: str, case: str) -> tuple[set[str], set[str], list[PresenceResult]]:
    name = f"{check_id}-{case}" if case else check_id
    stack = load_stack("foundation", PRESENCE / f"{name}.tf.json")
    results = all_checks()[check_id].run(StackSet(cloud, (stack,)), Context("fx", ("hipaa",)))
    passed = {r.resource.address if r.resource else BP for r in results if r.passed}
    failed = {r.resource.address if r.resource else BP for r in results if not r.passed}
    return passed, failed, results


@pytest.mark.parametrize("key", sorted(CASES), ids=lambda k: "-".join(filter(None, k)))
def test_presence_case(key):
    passed, failed, results = _run(*key)
    assert (passed, failed) == CASES[key], [r.message for r in results]
    assert all(r.message for r in results)


def test_every_presence_check_has_passing_and_failing_cases():
    checks = set(all_checks())
    assert {k[0] for k, (p, _) in CASES.items() if p} == checks
    assert {k[0] for k, (_, f) in CASES.items() if f} == checks


def test_every_fixture_is_used():
    used = {f"{c}-{case}" if case else c for c, _, case in CASES}
    assert {p.name.removesuffix(".tf.json") for p in PRESENCE.glob("*.tf.json")} == used


def test_messages_say_what_is_missing():
    _, _, results = _run("PLN_PRES_004", "aws", "aws")
    by = {r.resource.address: r.message for r in results}
    assert by["aws_s3_bucket.fail_wrong_component"] == \
        "aws_s3_bucket.fail_wrong_component tags: `component` is 'net', expected 'lake'"
    assert by["aws_security_group.fail_untagged_sg"] == ("aws_security_group.fail_untagged_sg tags: `component` "
                                                         "missing")
    # blueprint-wide resources (construct path `…/plinth/…`) are tagged with the component `blueprint`
    assert by["aws_kms_key.fail_plinth_component_tag"] == ("aws_kms_key.fail_plinth_component_tag tags: `component` "
                                                           "is 'plinth', expected 'blueprint'")
    _, _, results = _run("PLN_PRES_001", "aws", "aws-none")
    assert results[0].message == "no CloudTrail trail: API activity is not recorded"


def test_a_check_for_another_cloud_does_not_run():
    stack = load_stack("foundation", PRESENCE / "PLN_PRES_005.tf.json")
    assert all_checks()["PLN_PRES_005"].run(StackSet("gcp", (stack,)), Context("fx")) == []


def test_a_broken_check_is_a_failed_result_not_a_crash():
    class Broken(PresenceCheck):
        id, name, clouds = "PLN_PRES_999", "broken", ("aws",)

        def evaluate(self, stacks, context):
            raise KeyError("boom")

    results = Broken().run(StackSet("aws", ()), Context("fx"))
    assert [(r.passed, r.resource, r.message) for r in results] == \
        [(False, None, "PLN_PRES_999 could not run: KeyError: 'boom'")]
