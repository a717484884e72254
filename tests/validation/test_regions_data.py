"""The region catalog (plinth/data/regions.yaml): its format and sources, and that every region
plinth's own data, examples and test blueprints use is in it.

Plain PyYAML for the file itself; plinth.catalog only where the loader is what is tested.

Format:
    version: 1
    clouds:
      <aws | gcp | azure>:
        source: <https URL of a file at a pinned commit>
        as_of: <YYYY-MM-DD, the day the source was read>
        note: <what was taken from the source and what was left out>
        regions: [<region id>, ...]
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from plinth import catalog

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "plinth" / "data"
CLOUDS = {"aws", "gcp", "azure"}
# The shape of each cloud's region ids (a sanity check on the copied lists, not the validator's rule).
NAME = {
    "aws": re.compile(r"^[a-z]{2}(-gov)?-[a-z]+-\d$"),
    "gcp": re.compile(r"^[a-z]+-[a-z]+\d+$"),
    "azure": re.compile(r"^[a-z]+\d?$"),
}
PINNED = re.compile(r"^https://github\.com/[\w.-]+/[\w.-]+/blob/[0-9a-f]{40}/\S+$")
# Blueprints that are meant to be wrong.
NOT_EXAMPLES = ("tests/validation/bad/",)


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load((DATA / "regions.yaml").read_text())


def test_format(raw: dict) -> None:
    assert raw["version"] == 1 and set(raw) == {"version", "clouds"}
    assert set(raw["clouds"]) == CLOUDS
    for cloud, entry in raw["clouds"].items():
        assert set(entry) == {"source", "as_of", "note", "regions"}, cloud
        assert PINNED.match(entry["source"]), f"{cloud}: source must name a file at a commit: {entry['source']}"
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(entry["as_of"])), cloud
        assert entry["note"].strip(), cloud
        regions = entry["regions"]
        assert len(regions) == len(set(regions)), f"{cloud}: duplicates"
        for region in regions:
            assert NAME[cloud].match(region), f"{cloud}: `{region}` is not shaped like a {cloud} region"


def test_no_region_name_is_on_two_clouds(raw: dict) -> None:
    seen: dict[str, str] = {}
    for cloud, entry in raw["clouds"].items():
        for region in entry["regions"]:
            assert region not in seen, f"`{region}` is listed for {seen.get(region)} and {cloud}"
            seen[region] = cloud


@pytest.mark.parametrize("cloud, regions", [
    ("aws", ["us-east-1", "us-west-2", "eu-central-2", "ap-southeast-7", "mx-central-1", "ca-west-1",
             "us-gov-west-1", "us-gov-east-1", "cn-north-1", "cn-northwest-1"]),
    ("gcp", ["us-central1", "us-east5", "us-south1", "europe-west4", "europe-north2", "asia-southeast3",
             "northamerica-south1", "africa-south1", "me-central2"]),
    ("azure", ["eastus", "eastus2", "westus3", "westeurope", "southcentralus", "austriaeast", "chilecentral",
               "newzealandnorth", "jioindiawest"]),
])
def test_spot_checks(raw: dict, cloud: str, regions: list[str]) -> None:
    listed = set(raw["clouds"][cloud]["regions"])
    assert not set(regions) - listed


@pytest.mark.parametrize("cloud, absent", [
    ("aws", ["aws-global", "us-iso-east-1", "us-isob-east-1", "eusc-de-east-1"]),   # pseudo / isolated / EUSC
    ("gcp", ["us-central2", "global"]),                                             # TPU-only zone, not a region
    ("azure", ["eastus2euap", "centraluseuap", "eastusstg", "global", "unitedstates", "brazilus", "usgovvirginia"]),
])
def test_left_out(raw: dict, cloud: str, absent: list[str]) -> None:
    assert not set(absent) & set(raw["clouds"][cloud]["regions"])


def test_loader_matches_the_file(raw: dict) -> None:
    loaded = catalog.load_regions()
    assert set(loaded) == CLOUDS
    for cloud, entry in raw["clouds"].items():
        rl = loaded[cloud]
        assert (rl.cloud, rl.regions, rl.source, rl.as_of) == (cloud, tuple(entry["regions"]), entry["source"],
                                                              str(entry["as_of"]))
    assert catalog.region_cloud("eastus") == "azure"
    assert catalog.region_cloud("us-east1") == "gcp"
    assert catalog.region_cloud("us-east-1") == "aws"
    assert catalog.region_cloud("us-eest-1") is None


# --- every region plinth's own data and example blueprints use is a known one ----------------------

def test_accelerator_catalog_regions_are_known(raw: dict) -> None:
    accs = yaml.safe_load((DATA / "accelerators.yaml").read_text())["accelerators"]
    missing = {(name, cloud, region) for name, entry in accs.items() for cloud, offer in entry["clouds"].items()
               for region in offer["regions"] if region not in raw["clouds"][cloud]["regions"]}
    assert not missing, sorted(missing)


def _price_regions(node: object, cloud: str | None = None) -> set[tuple[str | None, str]]:
    """(cloud, region) for every `regions:` list, the cloud being the nearest enclosing cloud key."""
    out: set[tuple[str | None, str]] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "regions" and isinstance(value, list):
                out |= {(cloud, r) for r in value}
            else:
                out |= _price_regions(value, key if key in CLOUDS else cloud)
    elif isinstance(node, list):
        for value in node:
            out |= _price_regions(value, cloud)
    return out


def test_price_catalog_regions_are_known(raw: dict) -> None:
    prices = yaml.safe_load((DATA / "prices.yaml").read_text())
    used = _price_regions({k: prices[k] for k in ("compute", "endpoints", "services")})
    assert len({c for c, _ in used}) == 3, "the walk found regions for every cloud"
    missing = sorted((str(c), r) for c, r in used if c is None or r not in raw["clouds"][c]["regions"])
    assert not missing, missing


def _blueprints() -> list[Path]:
    """Every YAML blueprint in the repository's examples and tests, except the ones meant to be wrong."""
    paths = [*ROOT.glob("blueprints/*.yaml"), *ROOT.glob("tests/**/*.yaml")]
    out = []
    for path in sorted(paths):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith(NOT_EXAMPLES):
            continue
        try:
            data = yaml.safe_load(path.read_text())
        except (yaml.YAMLError, UnicodeDecodeError):
            continue
        if isinstance(data, dict) and data.get("cloud") in CLOUDS and "region" in data:
            out.append(path)
    return out


def _used(data: dict) -> list[tuple[str, str]]:
    """(cloud, region) for every region field of a blueprint."""
    cloud = data["cloud"]
    used = [data["region"], *data.get("serving_regions", ()), *data.get("allowed_regions", ())]
    for comp in (data.get("components") or {}).values():
        if isinstance(comp, dict):
            used += [comp["replication_region"]] if comp.get("replication_region") else []
            used += list(comp.get("regions") or ())
    out = [(cloud, r) for r in used]
    backend = data.get("backend") or {}
    if backend.get("type") == "s3":
        out.append(("aws", backend.get("region", data["region"])))
    return out


def test_example_and_test_blueprints_use_known_regions(raw: dict) -> None:
    paths = _blueprints()
    rels = {p.relative_to(ROOT).as_posix() for p in paths}
    assert len(paths) >= 20 and "blueprints/global-inference.yaml" in rels
    assert any(r.startswith("tests/fixtures/") for r in rels) and any("/blueprints/" in r for r in rels if r.startswith("tests/"))
    missing = [(p.relative_to(ROOT).as_posix(), cloud, region) for p in paths
               for cloud, region in _used(yaml.safe_load(p.read_text())) if region not in raw["clouds"][cloud]["regions"]]
    assert not missing, missing
