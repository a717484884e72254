"""Reading the synthesized Azure output in tests."""

from __future__ import annotations

from synth_output import Synth  # noqa: F401  (re-exported for the Azure tests)


def strip(body: dict) -> dict:
    """A resource body without CDKTF's metadata."""
    return {k: v for k, v in body.items() if k != "//"}


def pick(body: dict, expected: dict) -> dict:
    """The attributes of `body` named in `expected` (missing ones as `<absent>`), to compare exactly."""
    return {k: body.get(k, "<absent>") for k in expected}


def refers(value: str, rtype: str, attr: str = "id") -> bool:
    """`value` is a Terraform reference to `rtype.<name>.attr` in this stack or through remote state."""
    return (isinstance(value, str) and value.startswith("${") and
            ((value.startswith(f"${{{rtype}.") and value.endswith(f".{attr}}}")) or
             (value.startswith("${data.terraform_remote_state.") and f"-{rtype}" in value and value.endswith(f"{attr}}}"))))
