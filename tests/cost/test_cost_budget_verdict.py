"""`plinth cost` text output: one budget verdict line per blueprint with a budget (within or over),
coloured only on a terminal (plinth/colour.py), and UNPRICED lines worded for users."""

from __future__ import annotations

import io
import sys
from decimal import Decimal
from pathlib import Path

from plinth.cli import main
from plinth.cost.render import percent_of

BLUEPRINTS = Path(__file__).resolve().parent / "blueprints"

LUSTRE = """\
name: cost-lustre
cloud: aws
region: us-east-1
budget: {monthly_usd: 100}
components:
  net: {kind: network, cidr: 10.0.0.0/16, nat: false}
  lake: {kind: data_lake, size_tib: 1, cache: {kind: lustre, capacity_tib: 2}}
"""


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def cost(capsys, *argv: str) -> tuple[int, list[str]]:
    rc = main(["cost", *argv, "--no-assumptions"])
    return rc, capsys.readouterr().out.splitlines()


def test_within_budget_says_so_with_the_share_of_the_budget(capsys):
    rc, out = cost(capsys, str(BLUEPRINTS / "gcp-small.yaml"))
    assert rc == 0
    assert out[-1] == "  within budget: expected $8,161.48 of $100,000.00 (8%)"


def test_over_budget_keeps_its_wording(capsys):
    rc, out = cost(capsys, str(BLUEPRINTS / "aws-small.yaml"))
    assert rc == 1
    assert out[-1] == ("  OVER BUDGET: expected $1,798.57 > budget $1,000.00; top cost drivers: "
                       "ep/endpoint us-east-1 $1,075.14; gpu/pool sys $280.32; gpu/pool t4 $236.30")
    assert not any("within budget" in line for line in out)


def test_no_budget_no_verdict_line(capsys):
    rc, out = cost(capsys, str(BLUEPRINTS / "azure-small.yaml"))
    assert rc == 0
    assert out[0].endswith("-- no budget")
    assert not any("budget:" in line or "BUDGET" in line for line in out)


def test_one_verdict_per_blueprint(capsys):
    rc, out = cost(capsys, str(BLUEPRINTS))
    verdicts = [line for line in out if line.startswith(("  within budget: ", "  OVER BUDGET: "))]
    assert rc == 1
    assert [v.split(":")[0].strip() for v in verdicts] == ["OVER BUDGET", "within budget"]   # aws-small, gcp-small


def test_unpriced_items_are_worded_for_users_and_the_verdict_says_they_are_not_counted(capsys, tmp_path):
    bp = tmp_path / "lustre.yaml"
    bp.write_text(LUSTRE)
    rc, out = cost(capsys, str(bp))
    assert rc == 0
    assert ("  UNPRICED lake/cache: lustre 2 TiB at 250 MB/s/TiB: FSx for Lustre Persistent-2 price per throughput "
            "tier (125/250/500/1000 MB/s/TiB): no sourced list price in plinth's catalog "
            "(see https://aws.amazon.com/fsx/lustre/pricing/)") in out
    assert out[-1] == "  within budget: expected $24.55 of $100.00 (24%); not counting 1 UNPRICED item"
    assert not any("stored public material" in line or "figure" in line for line in out)


def test_every_user_facing_missing_reason_avoids_research_wording():
    from plinth.cost.catalog import load

    for service, cloud, tier, leaf in load().service_leaves():
        reasons = [leaf.get("missing", "")] + [t.get("missing", "") for t in leaf.get("tiers", [])]
        for reason in reasons:
            assert "stored" not in reason and "figure" not in reason, (service, cloud, tier, reason)


def test_percent_of_never_reads_over_100_within_budget():
    assert percent_of(Decimal("999.99"), Decimal(1000)) == "99%"
    assert percent_of(Decimal(1000), Decimal(1000)) == "100%"
    assert percent_of(Decimal("0.5"), Decimal(1000)) == "<1%"
    assert percent_of(Decimal(0), Decimal(1000)) == "0%"
    assert percent_of(Decimal(25000), Decimal(1000)) == "2,500%"


def test_the_budget_verdict_is_coloured_on_a_terminal_only(monkeypatch):
    for name in ("NO_COLOR", "CI"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    for stream, within, over in ((Tty(), "\x1b[1;32mwithin budget\x1b[0m", "\x1b[1;31mOVER BUDGET\x1b[0m"),
                                 (io.StringIO(), "within budget", "OVER BUDGET")):
        monkeypatch.setattr(sys, "stdout", stream)
        monkeypatch.setattr(sys, "stderr", io.StringIO())
        main(["cost", str(BLUEPRINTS), "--no-assumptions"])
        lines = stream.getvalue().splitlines()
        assert f"  {within}: expected $8,161.48 of $100,000.00 (8%)" in lines
        assert any(line.startswith(f"  {over}: expected $1,798.57 > budget $1,000.00;") for line in lines)
    monkeypatch.setenv("NO_COLOR", "1")
    stream = Tty()
    monkeypatch.setattr(sys, "stdout", stream)
    main(["cost", str(BLUEPRINTS), "--no-assumptions"])
    assert "\x1b[" not in stream.getvalue()
