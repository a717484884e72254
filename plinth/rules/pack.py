"""The AI-infrastructure rule pack, as a table. A rule is a file (aix_NNN.py) plus a row here;
nothing registers itself on import. tests/rules/test_pack.py pins this list and checks that every
rule file has a row."""

from __future__ import annotations

from plinth.rules import aix_001, aix_002, aix_003, aix_004, aix_005, aix_006, aix_007, aix_008, aix_009, aix_010
from plinth.rules.base import Rule

NAME = "ai-infrastructure"

AI_PACK: tuple[Rule, ...] = (
    aix_001.RULE,   # training and serving mixed
    aix_002.RULE,   # idle accelerators
    aix_003.RULE,   # no data capture (drift)
    aix_004.RULE,   # multi-node without fabric / placement
    aix_005.RULE,   # data starvation
    aix_006.RULE,   # spot without checkpoints
    aix_007.RULE,   # cost attribution
    aix_008.RULE,   # data residency
    aix_009.RULE,   # model weights unprotected
    aix_010.RULE,   # lock-in (info)
)


def by_id(pack: tuple[Rule, ...] = AI_PACK) -> dict[str, Rule]:
    return {r.id: r for r in pack}
