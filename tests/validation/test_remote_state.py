"""`plinth validate --require-remote-state` (what the CI deploy job runs): local state is an error
there, at the `backend` key or, without one, at the blueprint's name."""

from __future__ import annotations

import json

from plinth.cli import main

LOCAL = "name: demo-local\ncloud: aws\nregion: us-east-1\ncomponents:\n  net: {kind: network, cidr: 10.0.0.0/16}\n"


def test_a_blueprint_without_a_backend_is_refused(tmp_path, capsys):
    path = tmp_path / "local.yaml"
    path.write_text(LOCAL)
    assert main(["validate", str(path)]) == 0
    capsys.readouterr()
    assert main(["validate", "--require-remote-state", str(path), "--format", "json"]) == 2
    [error] = json.loads(capsys.readouterr().out)["errors"]
    assert (error["line"], error["column"], error["code"], error["message"], error["hint"]) == (
        1, 7, "backend.local", "blueprint `demo-local` keeps Terraform state locally; a CI runner loses it after the job",
        "add `backend: {type: s3, …}` (see docs/blueprints.md)")


def test_an_explicit_local_backend_is_pointed_at_and_a_remote_one_passes(tmp_path, capsys):
    local = tmp_path / "explicit.yaml"
    local.write_text(LOCAL + "backend: {type: local}\n")
    assert main(["validate", "--require-remote-state", str(local)]) == 2
    assert f"{local}:6:1: error: blueprint `demo-local` keeps Terraform state locally" in capsys.readouterr().err
    remote = tmp_path / "remote.yaml"
    remote.write_text(LOCAL + "backend: {type: s3, bucket: tf-state-demo, region: us-east-1}\n")
    assert main(["validate", "--require-remote-state", str(remote)]) == 0
