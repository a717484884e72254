"""plinth: declarative AI-infrastructure blueprints → CDKTF Terraform, gated by HIPAA/PCI controls."""

__version__ = "0.1.0"
