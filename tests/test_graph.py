"""`plinth graph`: the architecture of a blueprint as Mermaid, DOT or JSON, from the typed model."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plinth import graph
from plinth.cli import main
from plinth.pipeline import validate_paths

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "blueprints").glob("*.yaml"))

IMAGING_MERMAID = """\
flowchart LR
  subgraph bp__imaging_training ["imaging-training (aws, us-east-1, hipaa)"]
    subgraph stack__imaging_training__foundation ["imaging-training-foundation stack"]
      subgraph region__imaging_training__foundation__us_east_1 ["us-east-1"]
        key__imaging_training{{"blueprint key<br/>KMS key"}}
        audit__imaging_training[/"audit trail<br/>CloudTrail"/]
        net__imaging_training__net("net<br/>VPC 10.20.0.0/16<br/>3 zones, efa fabric")
        lake__imaging_training__lake[("lake<br/>S3: raw, curated, checkpoints<br/>120 TiB")]
        cache__imaging_training__lake[("lake cache<br/>FSx for Lustre 48 TiB")]
        registry__imaging_training__models[["models<br/>ECR + SageMaker model registry<br/>images: training, serving<br/>experiment tracking"]]
      end
      subgraph region__imaging_training__foundation__us_west_2 ["us-west-2"]
        lakereplica__imaging_training__lake__us_west_2[("lake replica<br/>S3")]
      end
    end
    subgraph stack__imaging_training__training ["imaging-training-training stack"]
      subgraph region__imaging_training__training__us_east_1 ["us-east-1"]
        cluster__imaging_training__train["train<br/>EKS training cluster<br/>system: m6i.2xlarge × 4 nodes max, on-demand<br/>h100: nvidia-h100-80gb × 8 per node × 16 nodes max, spot"]
      end
    end
    subgraph stack__imaging_training__serving ["imaging-training-serving stack"]
      subgraph region__imaging_training__serving__us_east_1 ["us-east-1"]
        serve__imaging_training__serve__us_east_1(["serve<br/>SageMaker endpoint<br/>model chest-xray-triage, version 3<br/>nvidia-l4 × 1 per replica, 1-8 replicas"])
      end
    end
  end
  lake__imaging_training__lake -->|cache| cache__imaging_training__lake
  cache__imaging_training__lake -->|in| net__imaging_training__net
  lake__imaging_training__lake -.->|replication| lakereplica__imaging_training__lake__us_west_2
  lake__imaging_training__lake -->|training data| cluster__imaging_training__train
  cluster__imaging_training__train -.->|checkpoints| lake__imaging_training__lake
  cluster__imaging_training__train -->|in| net__imaging_training__net
  cluster__imaging_training__train -->|models| registry__imaging_training__models
  registry__imaging_training__models -->|model| serve__imaging_training__serve__us_east_1
  serve__imaging_training__serve__us_east_1 -->|in| net__imaging_training__net
  serve__imaging_training__serve__us_east_1 -.->|capture 20%| lake__imaging_training__lake
"""

# Names that are Mermaid or DOT keywords, an `o`/`x` that Mermaid reads as an arrow head, and a
# `--` in a name: none of them may leak into an id.
HOSTILE = """\
name: end
cloud: aws
region: us-east-1
serving_regions: [us-west-2]
components:
  graph: {kind: network, cidr: 10.20.0.0/16}
  style: {kind: network, cidr: 10.21.0.0/16}
  end: {kind: data_lake, replication_region: us-west-2, cache: {kind: lustre, capacity_tib: 1.2, network: graph}}
  o: {kind: data_lake}
  x--x: {kind: registry, lake: end}
  class:
    kind: accelerator_cluster
    network: style
    lake: end
    checkpoints: o
    pools: [{name: a, accelerator: nvidia-h100-80gb, nodes: {max: 2}, capacity: reserved, reservation: cr-1}]
  click:
    kind: serving_endpoint
    registry: x--x
    network: graph
    model: {name: m}
    instance_type: ml.m5.xlarge
    replicas: {min: 1, max: 2}
    data_capture: {lake: o}
"""
KEYWORDS = {"end", "graph", "subgraph", "flowchart", "style", "class", "classdef", "click", "linkstyle",
            "direction", "default", "node", "edge", "digraph", "strict", "o", "x"}


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)   # file names print relative to the cwd, as users run it


def load(*paths) -> list:
    result = validate_paths([str(p) for p in paths])
    assert result.ok, result.diagnostics
    return result.blueprints


@pytest.fixture(scope="module")
def examples() -> list:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        return load(*EXAMPLES)
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> list:
    path = tmp_path_factory.mktemp("hostile") / "end.yaml"
    path.write_text(HOSTILE)
    return load(path)


# -- golden ------------------------------------------------------------------------------------

def test_imaging_training_mermaid_is_exactly_this(capsys):
    assert main(["graph", "blueprints/imaging-training.yaml"]) == 0
    out = capsys.readouterr().out
    assert out == IMAGING_MERMAID
    (bp,) = load("blueprints/imaging-training.yaml")
    assert graph.mermaid_for(bp) == IMAGING_MERMAID   # what the audit report embeds


def test_pools_endpoints_and_defaults_from_the_catalog(examples):
    text = graph.render(examples)
    # accelerator × per_node × max nodes, capacity; per_node left out = the catalog's largest shape
    assert "nd: nvidia-h100-80gb × 8 per node × 8 nodes max, spot" in text
    assert "system: Standard_D8s_v5 × 3 nodes max, on-demand" in text
    # per_replica left out = the catalog's smallest serving shape
    assert "nvidia-a100-80gb × 1 per replica, 1-2 replicas" in text


def test_global_inference_endpoint_per_region_and_replication(examples):
    (bp,) = [b for b in examples if b.name == "global-inference"]
    (d,) = graph.build([bp])
    endpoints = [(n.stack, n.region) for n in d.nodes if n.kind == "serving_endpoint"]
    assert endpoints == [("serving", "us-east-1"), ("serving", "us-west-2"), ("serving", "eu-west-1")]
    by_id = {n.id: n for n in d.nodes}
    replication = sorted((by_id[e.source].kind, by_id[e.target].kind, by_id[e.target].region)
                         for e in d.edges if e.label == "replication")
    assert replication == [("data_lake", "data_lake_replica", "us-west-2"),
                           ("registry", "registry_replica", "eu-west-1"),
                           ("registry", "registry_replica", "us-west-2")]
    # an endpoint in a serving region pulls from the registry replica there
    pulls = {by_id[e.target].region: by_id[e.source].kind for e in d.edges if e.label == "model"}
    assert pulls == {"us-east-1": "registry", "us-west-2": "registry_replica", "eu-west-1": "registry_replica"}
    assert [(role, [r for r, _ in regions]) for role, regions in d.groups()] == [
        ("foundation", ["us-east-1", "eu-west-1", "us-west-2"]),
        ("serving", ["us-east-1", "eu-west-1", "us-west-2"])]


def test_pipeline_edges_and_stacks(examples):
    (bp,) = [b for b in examples if b.name == "imaging-training"]
    (d,) = graph.build([bp])
    kind = {n.id: (n.kind, n.component) for n in d.nodes}
    edges = [(kind[e.source], e.label, kind[e.target], e.dashed) for e in d.edges]
    for want in [(("data_lake", "lake"), "training data", ("accelerator_cluster", "train"), False),
                 (("accelerator_cluster", "train"), "models", ("registry", "models"), False),
                 (("registry", "models"), "model", ("serving_endpoint", "serve"), False),
                 (("accelerator_cluster", "train"), "in", ("network", "net"), False),
                 (("serving_endpoint", "serve"), "capture 20%", ("data_lake", "lake"), True),
                 (("accelerator_cluster", "train"), "checkpoints", ("data_lake", "lake"), True),
                 (("data_lake", "lake"), "cache", ("cache", "lake"), False)]:
        assert want in edges
    stacks = {(n.kind, n.stack) for n in d.nodes}
    assert {("key", "foundation"), ("audit_trail", "foundation"), ("network", "foundation"),
            ("data_lake", "foundation"), ("data_lake_replica", "foundation"), ("cache", "foundation"),
            ("registry", "foundation"),
            ("accelerator_cluster", "training"), ("serving_endpoint", "serving")} == stacks


# -- syntax sanity ------------------------------------------------------------------------------

_ID = r"[A-Za-z][A-Za-z0-9_]*"
_MERMAID_NODE = re.compile(rf'^({_ID})(\{{\{{|\[/|\[\(|\[\[|\(\[|\[|\()"([^"]*)"(\}}\}}|/\]|\)\]|\]\]|\]\)|\]|\))$')
_MERMAID_EDGE = re.compile(rf"^({_ID}) (-->|-\.->)\|([a-z0-9 %]+)\| ({_ID})$")
_PAIRS = {"{{": "}}", "[/": "/]", "[(": ")]", "[[": "]]", "([": "])", "[": "]", "(": ")"}


def mermaid_sanity(text: str) -> tuple[set[str], int]:
    lines = text.splitlines()
    assert lines[0] == "flowchart LR"
    depth, nodes, groups, edges = 0, [], [], 0
    for line in lines[1:]:
        s = line.strip()
        if s.startswith("subgraph "):
            m = re.fullmatch(rf'subgraph ({_ID}) \["([^"]*)"\]', s)
            assert m, line
            groups.append(m.group(1))
            depth += 1
        elif s == "end":
            depth -= 1
            assert depth >= 0, "`end` without `subgraph`"
        elif (m := _MERMAID_NODE.match(s)):
            assert depth == 3, f"node outside a blueprint/stack/region group: {line}"
            assert _PAIRS[m.group(2)] == m.group(4), line
            nodes.append(m.group(1))
        elif (m := _MERMAID_EDGE.match(s)):
            assert depth == 0
            assert m.group(1) in nodes and m.group(4) in nodes, f"edge to an undeclared node: {line}"
            edges += 1
        else:
            raise AssertionError(f"not a line this renderer writes: {line!r}")
    assert depth == 0, "unbalanced subgraph/end"
    ids = nodes + groups
    assert len(ids) == len(set(ids)), "an id is declared twice"
    assert not {i.lower() for i in ids} & KEYWORDS
    return set(nodes), edges


def dot_sanity(text: str) -> tuple[set[str], int]:
    unquoted = re.sub(r'"(\\.|[^"\\])*"', '""', text)
    assert '"' not in unquoted.replace('""', ""), "unbalanced quotes"
    assert unquoted.count("{") == unquoted.count("}")
    lines = unquoted.splitlines()
    assert lines[0] == "digraph plinth {" and lines[-1] == "}"
    nodes, edges, depth = set(), 0, 0
    for line in lines[1:-1]:
        s = line.strip()
        if s.endswith("{"):
            assert re.fullmatch(rf"subgraph cluster_{_ID} \{{", s), line
            depth += 1
        elif s == "}":
            depth -= 1
        elif (m := re.fullmatch(rf"({_ID}) \[label=\"\", shape=[a-z0-9]+\];", s)):
            assert m.group(1) not in nodes
            nodes.add(m.group(1))
        elif (m := re.fullmatch(rf"({_ID}) -> ({_ID}) \[label=\"\"(, style=dashed)?(, constraint=false)?\];", s)):
            assert m.group(1) in nodes and m.group(2) in nodes, f"edge to an undeclared node: {line}"
            edges += 1
        else:
            assert re.fullmatch(r"(graph|node|edge) \[.*\];|label=\"\";", s), line
    assert depth == 0
    return nodes, edges


def test_mermaid_and_dot_are_well_formed(examples, hostile):
    for bps in ([*examples], hostile, [*examples, *hostile]):
        diagrams = graph.build(bps)
        want_nodes = {n.id for d in diagrams for n in d.nodes}
        want_edges = sum(len(d.edges) for d in diagrams)
        assert mermaid_sanity(graph.render(bps, "mermaid")) == (want_nodes, want_edges)
        assert dot_sanity(graph.render(bps, "dot")) == (want_nodes, want_edges)


@pytest.mark.skipif(not shutil.which("dot"), reason="Graphviz is not installed")
def test_graphviz_accepts_the_dot(examples, hostile):
    proc = subprocess.run(["dot", "-Tsvg"], input=graph.render([*examples, *hostile], "dot"),
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and not proc.stderr, proc.stderr


def test_labels_are_escaped():
    assert graph._mermaid_text('a "b" <c> #d &e') == "a #quot;b#quot; #lt;c#gt; #35;d #amp;e"
    assert graph._dot_label(['say "hi"', "back\\slash"]) == '"say \\"hi\\"\\nback\\\\slash"'


def test_json_lists_every_node_once_and_groups_them(examples):
    data = json.loads(graph.render(examples, "json"))
    assert [b["name"] for b in data["blueprints"]] == [b.name for b in examples]
    for b in data["blueprints"]:
        ids = [n["id"] for n in b["nodes"]]
        assert len(ids) == len(set(ids))
        grouped = [i for s in b["stacks"] for r in s["regions"] for i in r["nodes"]]
        assert sorted(grouped) == sorted(ids)
        assert all(e["from"] in ids and e["to"] in ids for e in b["edges"])
        assert [s["stack"] for s in b["stacks"]] == [f"{b['name']}-{s['role']}" for s in b["stacks"]]
    imaging = next(b for b in data["blueprints"] if b["name"] == "imaging-training")
    cluster = next(n for n in imaging["nodes"] if n["kind"] == "accelerator_cluster")
    assert cluster["details"]["pools"][1] == {"name": "h100", "accelerator": "nvidia-h100-80gb",
                                              "instance_type": None, "per_node": 8, "min_nodes": 0,
                                              "max_nodes": 16, "capacity": "spot"}


# -- CLI ---------------------------------------------------------------------------------------

def test_cli_formats(capsys, examples):
    assert main(["graph", "--format", "dot"]) == 0      # default PATH: blueprints/
    assert capsys.readouterr().out == graph.render(examples, "dot")
    assert main(["graph", "blueprints/", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == json.loads(graph.render(examples, "json"))


def test_invalid_blueprint_gives_positioned_errors_and_exit_2(capsys):
    assert main(["graph", "tests/validation/bad/schema-backend-required.yaml"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "tests/validation/bad/schema-backend-required.yaml:7:10: error: missing required key `bucket`" in err


def test_deterministic_across_processes_and_never_loads_cdktf():
    code = ("import sys, json; from plinth.cli import main; rc = main(['graph', 'blueprints/', '--format', 'json']); "
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('cdktf', 'constructs', 'jsii') "
            "or m.startswith('cdktf_')); print(json.dumps({'rc': rc, 'heavy': heavy}))")
    outs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=60, check=True)
        graph_json, status = proc.stdout.rsplit("\n", 2)[0], json.loads(proc.stdout.splitlines()[-1])
        assert status == {"rc": 0, "heavy": []}
        outs.append(graph_json)
    assert outs[0] == outs[1]


def test_mermaid_for_file(tmp_path):
    assert graph.mermaid_for_file("blueprints/imaging-training.yaml") == IMAGING_MERMAID
    assert graph.mermaid_for_file(str(tmp_path / "gone.yaml")) is None
    assert graph.mermaid_for_file("tests/validation/bad/schema-backend-required.yaml") is None
