"""model → CDKTF stacks → canonical Terraform JSON. The only package (with constructs/) that
imports cdktf, and only when called."""

from plinth.compile.render import synthesize

__all__ = ["synthesize"]
