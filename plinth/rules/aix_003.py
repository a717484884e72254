"""AIX-003: no drift monitoring (serving endpoint without data capture)."""

from __future__ import annotations

from typing import Iterator

from plinth.model import Blueprint, ServingEndpoint
from plinth.rules.base import WARNING, Hit, Rule


def hits(bp: Blueprint) -> Iterator[Hit]:
    for e in bp.of_kind(ServingEndpoint):
        if not e.data_capture:
            yield Hit(e.name, ("components", e.name, "data_capture", "enabled"),
                      f"serving endpoint `{e.name}` captures no requests: drift in its inputs and "
                      "predictions goes unseen",
                      "remove `enabled: false` (capture is on by default) and lower `sample_percent` "
                      "if volume is the concern")


RULE = Rule(
    id="AIX-003",
    title="Serving endpoint without data capture (no drift monitoring)",
    severity=WARNING,
    explanation=(
        "A model degrades silently when the data it sees drifts away from the data it was trained "
        "on; nothing fails, the predictions just get worse. Detecting that needs the requests and "
        "responses: without them there is nothing to compare against the training data, no way to "
        "explain a bad prediction, and no fresh data for the next training round. plinth endpoints "
        "capture a sample of requests and responses (20% by default) into a data lake encrypted with "
        "the blueprint key. Turning capture off should be deliberate, for example when another "
        "system already logs every request, and recorded with a rule override that says so."),
    looks_at=("serving_endpoint.data_capture.enabled",),
    hits=hits,
)
