"""docs/architecture.md draws the request state machine: the drawing must be the model's.

The block between the markers is compared with what `manage.py state_diagram` generates from
the model's transitions, and its edges with those of django-fsm-2's `graph_transitions`."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from guichet.management.commands import state_diagram
from guichet.models import AccessRequest, RequestState

MERMAID_EDGE = re.compile(r"^\s+(\w+) --> (\w+): (\w+)$", re.MULTILINE)
DOT_EDGE = re.compile(r'"[^"]*\.state\.(\w+)" -> "[^"]*\.state\.(\w+)" \[label=(\w+)\]')


def _documented_block() -> str:
    return state_diagram.block_in(state_diagram.DOC_PATH.read_text(encoding="utf-8"))


def test_the_documented_diagram_is_generated_from_the_model() -> None:
    assert _documented_block() == state_diagram.generated_block(), (
        "docs/architecture.md is out of date: run `python manage.py state_diagram --write`"
    )


def test_the_diagram_has_exactly_the_edges_graph_transitions_draws() -> None:
    pytest.importorskip("graphviz")  # graph_transitions imports it (dev dependency)
    out = StringIO()
    call_command("graph_transitions", "guichet.AccessRequest", stdout=out)
    dot_edges = set(DOT_EDGE.findall(out.getvalue()))
    documented = set(MERMAID_EDGE.findall(_documented_block()))
    assert dot_edges, "no edge parsed from graph_transitions' output"
    assert documented == dot_edges


def test_every_state_appears_and_the_finals_are_the_terminal_states() -> None:
    block = _documented_block()
    states = {s for edge in MERMAID_EDGE.findall(block) for s in edge[:2]}
    assert states == set(RequestState.values)
    finals = set(re.findall(r"^\s+(\w+) --> \[\*\]$", block, re.MULTILINE))
    assert finals == {RequestState.CLOSED, RequestState.REJECTED, RequestState.WITHDRAWN}
    assert f"[*] --> {AccessRequest._meta.get_field('state').default}" in block


def test_the_table_names_who_may_fire_each_transition() -> None:
    table = state_diagram.transition_table()
    assert "| `approve` | Approve | `committee` | `approved` | desk operator, manager |" in table
    assert "| `withdraw` | Withdraw the request | any state but the final ones |" in table


def test_check_and_write_refresh_a_stale_document(tmp_path: Path, monkeypatch: Any) -> None:
    doc = tmp_path / "architecture.md"
    stale = f"# A\n{state_diagram.BEGIN_MARK}\nold drawing\n{state_diagram.END_MARK}\nafter\n"
    doc.write_text(stale, encoding="utf-8")
    monkeypatch.setattr(state_diagram, "DOC_PATH", doc)

    with pytest.raises(CommandError, match="out of date"):
        call_command("state_diagram", "--check", stdout=StringIO())
    call_command("state_diagram", "--write", stdout=StringIO())

    text = doc.read_text(encoding="utf-8")
    assert state_diagram.block_in(text) == state_diagram.generated_block()
    assert text.startswith("# A\n") and text.endswith(f"{state_diagram.END_MARK}\nafter\n")
    call_command("state_diagram", "--check", stdout=StringIO())


def test_printing_gives_the_block() -> None:
    out = StringIO()
    call_command("state_diagram", stdout=out)
    assert out.getvalue() == state_diagram.generated_block()
