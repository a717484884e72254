"""`plinth audit --waivers FILE`: waivers for a Terraform folder plinth did not generate.

The file is YAML, validated against schemas/waivers.schema.json (the same waiver fields as a
blueprint's, with Terraform addresses as `resources`), every error positioned at file:line:col.
Expiry, unknown checks and controls, unwaivable controls and addresses that name no resource of the
folder are then reported by the gate itself (plinth/gate/waivers.py), as for a blueprint."""

from __future__ import annotations

from pathlib import Path

from plinth import schema
from plinth.diagnostics import UserError
from plinth.gate.model import Location, Waiver
from plinth.loader import load_file

SCHEMA = "waivers.schema.json"


def load(path: str) -> list[Waiver]:
    """The waivers of FILE; UserError with every problem when it is unreadable or invalid."""
    doc = load_file(Path(path), path)
    problems = schema.validate(doc, SCHEMA)
    if problems:
        raise UserError(problems, doc.text)
    out = []
    for i, item in enumerate(doc.data["waivers"]):
        line, column = doc.where(("waivers", i))
        out.append(Waiver(check=item.get("check"), control=item.get("control"), resources=tuple(item["resources"]),
                          reason=" ".join(item["reason"].split()), owner=item["owner"], expires=str(item["expires"]),
                          location=Location(path, line, column)))
    return out
