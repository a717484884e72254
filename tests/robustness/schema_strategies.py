"""Hypothesis strategies for blueprints, built from the JSON Schema's own vocabulary.

`near_valid_blueprints()` walks schemas/*.json: every key it writes is one the schema knows (or, now
and then, a misspelling of one), every value is mostly drawn from the field's enum, examples,
pattern or range, and sometimes a value of the wrong type, out of range, empty or hostile.
`aws_hipaa_blueprints()` draws only schema-valid, secure-by-default AWS blueprints."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from hypothesis import strategies as st

from plinth import catalog
from plinth.paths import SCHEMAS
from robust_support import INJECTIONS

COMPONENT_NAMES = {"net": "network", "lake": "data_lake", "train": "accelerator_cluster", "models": "registry",
                   "serve": "serving_endpoint"}
REFERENCES = ("network", "lake", "checkpoints", "registry", "cluster", "resources")
REGIONS = {"aws": ["us-east-1", "us-west-2", "eu-west-1", "us-east-2"],
           "gcp": ["us-central1", "europe-west4", "us-east4"],
           "azure": ["eastus", "westeurope", "eastus2"]}
INSTANCE_TYPES = ["m6i.2xlarge", "ml.m5.xlarge", "e2-standard-4", "Standard_D8s_v5", "n2-standard-8"]

# Values of the wrong shape, or right-shaped but hostile.
WRONG = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([1e308, -0.5, 2**63]),
    st.sampled_from(["", " ", "UPPER", "a" * 300, "with space", "ünï", "yes", "null", "1.0", "-"]),
    st.sampled_from(list(INJECTIONS)), st.just([]), st.just({}), st.just([None]), st.just({"x": 1}),
)


@lru_cache(maxsize=1)
def schemas() -> dict[str, dict]:
    out = {}
    for path in [SCHEMAS / "blueprint.schema.json", *sorted((SCHEMAS / "components").glob("*.schema.json"))]:
        data = json.loads(path.read_text())
        out[data["$id"]] = data
    return out


def resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = schemas()[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@lru_cache(maxsize=None)
def _matching(pattern: str) -> st.SearchStrategy[str]:
    return st.from_regex(pattern, fullmatch=True).filter(lambda s: len(s) < 200)


def _typo(key: str) -> str:
    return key[:-2] + key[-1] + key[-2] if len(key) > 2 else key + "x"


def _cached(fn):
    """Build each strategy once per (schema node, field, cloud, noisy): hypothesis then computes its
    properties once instead of on every draw (which made generation ~5x slower)."""
    cache: dict = {}

    def wrapper(schema: dict, *args):
        key = (id(schema), *args)
        if key not in cache:
            cache[key] = fn(schema, *args)
        return cache[key]

    return wrapper


@_cached
def _string(schema: dict, field: str, cloud: str, noisy: bool) -> st.SearchStrategy[str]:
    options: list[str] = list(schema.get("examples", []))
    if isinstance(schema.get("default"), str):
        options.append(schema["default"])
    if field in ("region", "replication_region") or field.endswith("regions"):
        options += REGIONS.get(cloud, REGIONS["aws"])
    if field == "accelerator":
        options += sorted(catalog.load())
    if field == "instance_type":
        options += INSTANCE_TYPES
    if field in REFERENCES:
        if not noisy:  # the component a field of this name refers to in the examples
            return st.just({"network": "net", "lake": "lake", "checkpoints": "lake", "registry": "models",
                            "cluster": "train", "resources": "blueprint"}[field])
        options += list(COMPONENT_NAMES)
    if field in ("owner",) or schema.get("format") == "email":
        options += ["ml@example.com", "not-an-email"]
    if schema.get("format") == "date":
        options += ["2031-01-31", "2020-01-01", "2031-02-30", "31/01/2031"]
    choices = []
    if options:
        choices.append(st.sampled_from(options))
    if "pattern" in schema:
        choices.append(_matching(schema["pattern"]))
    if noisy or not choices:
        choices.append(_TEXT)
    return st.one_of(*choices)


@_cached
def value_for(schema: dict, field: str, cloud: str, noisy: bool) -> st.SearchStrategy[Any]:
    base = _value_for(resolve(schema), field, cloud, noisy)
    if not noisy:
        return base
    return st.integers(0, 11).flatmap(lambda i: WRONG if i == 0 else base)


def _value_for(schema: dict, field: str, cloud: str, noisy: bool) -> st.SearchStrategy[Any]:
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        return object_for(schema, cloud, noisy)
    if kind == "array":
        low = schema.get("minItems", 0)
        return st.lists(value_for(schema.get("items", {}), field, cloud, noisy), min_size=low, max_size=low + 2,
                        unique_by=None if noisy else (lambda v: json.dumps(v, sort_keys=True)))
    if kind == "string":
        return _string(schema, field, cloud, noisy)
    if kind in ("integer", "number"):
        low = schema.get("minimum", schema.get("exclusiveMinimum", 0))
        high = schema.get("maximum", low + 100)
        ints = st.integers(int(low) - 1, int(high) + 1) if noisy else st.integers(int(low) + 1, int(high))
        return ints if kind == "integer" else st.one_of(ints, st.floats(low, high))
    if kind == "boolean":
        return st.booleans()
    return WRONG


@_cached
def object_for(schema: dict, cloud: str, noisy: bool) -> st.SearchStrategy[dict]:
    schema = resolve(schema)
    if schema.get("$id") == "backend.schema.json":
        return _backend(cloud, noisy)
    return _object(schema, cloud, noisy)


@st.composite
def _object(draw, schema: dict, cloud: str, noisy: bool) -> dict:
    props: dict = schema.get("properties", {})
    required = set(schema.get("required", []))
    # `oneOf: [{required: [a]}, {required: [b]}]`: exactly one of them, unless noisy.
    choices = [alt["required"][0] for alt in schema.get("oneOf", []) if set(alt) == {"required"}]
    if choices and not noisy:
        required.add(draw(st.sampled_from(choices)))
    out: dict[str, Any] = {}
    for key, sub in props.items():
        if choices and not noisy and key in choices and key not in required:
            continue
        if draw(st.integers(0, 9)) < (9 if key in required else 3) or (key in required and not noisy):
            out[key] = draw(value_for(sub, key, cloud, noisy))
    if noisy and props and draw(st.integers(0, 19)) == 0:
        out[_typo(draw(st.sampled_from(sorted(props))))] = draw(WRONG)
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict) and not props:  # labels: a free mapping
        names = st.sampled_from(["team", "cost-center", "data-class"] + (["Bad Key", "x" * 70] if noisy else []))
        for key in draw(st.lists(names, max_size=3, unique=True)):
            out[key] = draw(value_for(extra, key, cloud, noisy))
    return out


@st.composite
def _backend(draw, cloud: str, noisy: bool) -> dict:
    branches = {b["if"]["properties"]["type"]["const"]: b["then"] for b in schemas()["backend.schema.json"]["allOf"]}
    kind = draw(st.sampled_from(sorted(branches)))
    then = branches[kind]
    out = {"type": kind}
    for key, sub in then["properties"].items():
        if key != "type" and (key in then.get("required", []) or draw(st.booleans())):
            out[key] = draw(value_for(sub, key, cloud, noisy))
    return out


@st.composite
def near_valid_blueprints(draw) -> dict:
    root = schemas()["blueprint.schema.json"]
    noisy = draw(st.booleans())     # half are drawn without deliberate mistakes
    cloud = draw(st.sampled_from(root["properties"]["cloud"]["enum"]))
    bp = {"name": draw(st.sampled_from(["demo", "gen-bp"] + (["x", "Bad_Name"] if noisy else []))), "cloud": cloud,
          "region": draw(st.sampled_from(REGIONS[cloud] + (["mars-1"] if noisy else [])))}
    optional = ["description", "compliance", "labels", "budget", "backend", "serving_regions", "allowed_regions"]
    optional += ["waivers", "rule_overrides"] if noisy else []
    for key in optional:
        if draw(st.integers(0, 3)) == 0:
            bp[key] = draw(value_for(root["properties"][key], key, cloud, noisy))
    components: dict[str, Any] = {}
    names = draw(st.lists(st.sampled_from(sorted(COMPONENT_NAMES)), min_size=1, max_size=5, unique=True))
    if not noisy:  # what the references drawn above point at
        names = sorted(set(names) | {"net", "lake"} | ({"models"} if "serve" in names else set()))
    for name in names:
        kind = COMPONENT_NAMES[name]
        if noisy and draw(st.integers(0, 14)) == 0:
            kind = draw(st.sampled_from(sorted(set(COMPONENT_NAMES.values()) - {kind})))
        components[name] = {"kind": kind, **draw(object_for(schemas()[f"{kind}.schema.json"], cloud, noisy))}
        components[name]["kind"] = kind
    bp["components"] = components
    if noisy and draw(st.integers(0, 19)) == 0:   # drop a required key now and then
        del bp[draw(st.sampled_from(["name", "cloud", "region", "components"]))]
    return bp


# -- secure-by-default AWS blueprints ------------------------------------------------------------

def _aws_accelerators(region: str, serving: bool) -> list[tuple[str, int]]:
    out = []
    for name, acc in sorted(catalog.load().items()):
        offer = acc.on("aws")
        if offer is None or region not in offer.regions:
            continue
        for shape in offer.shapes:
            if not serving or shape.serving_type:
                out.append((name, shape.count))
    return out


@st.composite
def aws_hipaa_blueprints(draw, name: str) -> dict:
    """Schema-valid, `compliance: [hipaa]`, and no option the schema calls insecure (public
    endpoints or access, versioning or flow logs off, backups off, mutable tags, no scanning,
    no network isolation, ingress rules): every insecure switch is left at its secure default."""
    region = draw(st.sampled_from(["us-east-1", "us-west-2", "us-east-2"]))
    bp: dict[str, Any] = {"name": name, "description": "Generated secure-by-default blueprint.",
                          "cloud": "aws", "region": region, "compliance": ["hipaa"]}
    if draw(st.booleans()):
        bp["labels"] = {"team": "ml", "data-class": "phi"}
    if draw(st.booleans()):
        bp["budget"] = {"monthly_usd": draw(st.integers(1000, 500_000)), "alert_emails": ["ml@example.com"]}
    second = draw(st.integers(0, 255))
    components: dict[str, Any] = {"net": {"kind": "network", "cidr": f"10.{second}.0.0/16"}}
    if draw(st.booleans()):
        components["net"]["zones"] = draw(st.integers(2, 3))
    lake = draw(st.booleans())
    if lake:
        components["lake"] = {"kind": "data_lake",
                              "zones": draw(st.lists(st.sampled_from(["raw", "curated", "checkpoints"]), min_size=1,
                                                     max_size=3, unique=True))}
        if draw(st.booleans()):
            components["lake"]["size_tib"] = draw(st.integers(1, 200))
        if draw(st.booleans()):
            components["lake"]["cache"] = {"kind": "lustre", "capacity_tib": draw(st.sampled_from([1.2, 2.4, 12, 48])),
                                           "throughput_mbps_per_tib": draw(st.sampled_from([125, 250, 500, 1000]))}
    if draw(st.booleans()):
        acc, count = draw(st.sampled_from(_aws_accelerators(region, serving=False)))
        pool = {"name": "gpu", "accelerator": acc, "per_node": count,
                "nodes": {"min": 0, "max": draw(st.integers(1, 8))},
                "capacity": draw(st.sampled_from(["on_demand", "spot"]))}
        cluster = {"kind": "accelerator_cluster", "network": "net",
                   "purpose": draw(st.sampled_from(["training", "serving"])),
                   "pools": [{"name": "system", "instance_type": "m6i.2xlarge", "nodes": {"min": 1, "max": 3}}, pool]}
        if lake:
            cluster["lake"] = "lake"
            cluster["checkpoints"] = "lake"
        components["train"] = cluster
    if draw(st.booleans()):
        components["models"] = {"kind": "registry", "repositories": ["serving"]}
        if lake:
            components["models"]["lake"] = "lake"
            components["models"]["experiment_tracking"] = draw(st.booleans())
        if lake and draw(st.booleans()):
            acc, count = draw(st.sampled_from(_aws_accelerators(region, serving=True)))
            low = draw(st.integers(1, 2))
            components["serve"] = {"kind": "serving_endpoint", "registry": "models", "network": "net",
                                   "model": {"name": "model", "version": "1"}, "accelerator": acc,
                                   "per_replica": count, "replicas": {"min": low, "max": low + draw(st.integers(0, 4))},
                                   "data_capture": {"lake": "lake"}}
    bp["components"] = components
    return bp
