"""An unanticipated exception is one message and exit 70, never a traceback (plinth/crash.py)."""

from __future__ import annotations

import pytest

from plinth.cli import main
from plinth.commands import graph


def _boom(args):
    raise ValueError("10.0.0.0/33 is not a network\nsecond line")


def test_an_unexpected_exception_is_a_message_and_exit_70(monkeypatch, capsys):
    monkeypatch.setattr(graph, "run", _boom)
    monkeypatch.delenv("PLINTH_DEBUG", raising=False)
    assert main(["graph", "blueprints/"]) == 70
    err = capsys.readouterr().err
    assert err.splitlines()[0] == "plinth graph: internal error: ValueError: 10.0.0.0/33 is not a network"
    assert "Traceback" not in err and "PLINTH_DEBUG=1" in err


def test_plinth_debug_shows_the_traceback(monkeypatch):
    monkeypatch.setattr(graph, "run", _boom)
    monkeypatch.setenv("PLINTH_DEBUG", "1")
    with pytest.raises(ValueError):
        main(["graph", "blueprints/"])


def test_interrupt_is_130(monkeypatch, capsys):
    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(graph, "run", interrupted)
    assert main(["graph", "blueprints/"]) == 130
    assert capsys.readouterr().err == "plinth graph: interrupted\n"
