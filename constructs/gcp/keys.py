"""Cloud KMS: one key ring per location, one key per purpose, and the service agents that use each.

Which keys exist follows from the blueprint (`plan`), so no unused key is created and every
resource that needs a CMEK finds one in its own location (Cloud KMS keys are regional; a
resource must use a key in its own location).
"""

from __future__ import annotations

from cdktf import TerraformResourceLifecycle
from cdktf_cdktf_provider_google.data_google_bigquery_default_service_account import DataGoogleBigqueryDefaultServiceAccount
from cdktf_cdktf_provider_google.data_google_logging_project_cmek_settings import DataGoogleLoggingProjectCmekSettings
from cdktf_cdktf_provider_google.data_google_storage_project_service_account import DataGoogleStorageProjectServiceAccount
from cdktf_cdktf_provider_google.kms_crypto_key import KmsCryptoKey
from cdktf_cdktf_provider_google.kms_crypto_key_iam_member import KmsCryptoKeyIamMember
from cdktf_cdktf_provider_google.kms_key_ring import KmsKeyRing
from constructs import Construct

from plinth.model import AcceleratorCluster, Blueprint, DataLake, Registry
from . import _base
from ._base import Context, Site

ENCRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter"

# Service agents (Google-managed service accounts) by short name; `{n}` is the project number.
AGENT_EMAIL = {
    "container": "service-{n}@container-engine-robot.iam.gserviceaccount.com",  # GKE secrets (database_encryption)
    "compute": "service-{n}@compute-system.iam.gserviceaccount.com",           # node boot disks
    "artifactregistry": "service-{n}@gcp-sa-artifactregistry.iam.gserviceaccount.com",
    "aiplatform": "service-{n}@gcp-sa-aiplatform.iam.gserviceaccount.com",      # Vertex AI endpoints, TensorBoard
    "filestore": "service-{n}@cloud-filer.iam.gserviceaccount.com",
}
# Agents whose address a data source reads (and, for storage/bigquery/logging, creates if missing).
AGENT_DATA = ("storage", "logging", "bigquery")

PURPOSES = {
    "storage": "Cloud Storage buckets (data lakes, access logs)",
    "logs": "Cloud Logging buckets (audit and network logs)",
    "gke": "GKE secrets (application-layer encryption) and node boot disks",
    "artifacts": "Artifact Registry repositories",
    "vertex": "Vertex AI endpoints and TensorBoard, BigQuery request-response logs",
    "files": "Filestore cache instances",
}


def plan(bp: Blueprint) -> dict[tuple[str, str], set[str]]:
    """(purpose, location) → service agents that must encrypt/decrypt with that key."""
    out: dict[tuple[str, str], set[str]] = {}

    def need(purpose: str, location: str, *agents: str) -> None:
        out.setdefault((purpose, location), set()).update(agents)

    need("logs", bp.region, "logging")
    lakes = bp.of_kind(DataLake)
    if lakes:
        need("storage", bp.region, "storage")  # the access-log bucket
    for lake in lakes:
        need("storage", _base.lake_location(bp, lake)[1], "storage")
        if lake.cache and lake.cache.kind == "filestore":
            need("files", bp.region, "filestore")
    if bp.of_kind(AcceleratorCluster):
        need("gke", bp.region, "container", "compute")
    for reg in bp.of_kind(Registry):
        for region in _base.registry_regions(bp, reg):
            need("artifacts", region, "artifactregistry")
        if reg.experiment_tracking:
            need("vertex", bp.region, "aiplatform")
    for ep in _base.managed_endpoints(bp):
        for region in _base.endpoint_regions(bp, ep):
            need("vertex", region, "aiplatform", *(("bigquery",) if ep.data_capture else ()))
    return out


def build(ctx: Context, site: Site) -> None:
    """Key rings, keys (rotated every 90 days, never destroyed by Terraform) and agent grants."""
    bp = ctx.bp
    scope = Construct(site.scope, "kms")
    planned = plan(bp)
    agents = {a for need in planned.values() for a in need}
    emails = {a: t.format(n=site.number) for a, t in AGENT_EMAIL.items() if a in agents}
    if "storage" in agents:
        emails["storage"] = DataGoogleStorageProjectServiceAccount(scope, "storage-agent", project=site.project).email_address
    if "logging" in agents:
        emails["logging"] = DataGoogleLoggingProjectCmekSettings(scope, "logging-agent", project=site.project).service_account_id
    if "bigquery" in agents:
        emails["bigquery"] = DataGoogleBigqueryDefaultServiceAccount(scope, "bigquery-agent", project=site.project).email
    rings: dict[str, KmsKeyRing] = {}
    for (purpose, location), need in sorted(planned.items()):
        if location not in rings:
            rings[location] = KmsKeyRing(scope, f"ring-{location}", name=bp.name, location=location, project=site.project,
                                         lifecycle=TerraformResourceLifecycle(prevent_destroy=True))
        key = KmsCryptoKey(scope, f"{purpose}-{location}", name=purpose, key_ring=rings[location].id,
                           rotation_period=_base.ROTATION_PERIOD, purpose="ENCRYPT_DECRYPT",
                           labels=_base.labels(bp, "blueprint"),
                           lifecycle=TerraformResourceLifecycle(prevent_destroy=True))
        ctx.keys[(purpose, location)] = key
        ctx.key_grants[(purpose, location)] = [
            KmsCryptoKeyIamMember(scope, f"{purpose}-{location}-{agent}", crypto_key_id=key.id, role=ENCRYPTER,
                                  member=f"serviceAccount:{emails[agent]}")
            for agent in sorted(need)]
