"""Print (or write into docs/architecture.md) the request state machine: a Mermaid diagram and
the table of transitions with who may fire them.

The edges come from django-fsm-2's own introspection (`FSMField.get_all_transitions`), read
the way its `graph_transitions` command reads them: a RETURN_VALUE target counts as an edge to
each of its allowed states, final states are the targets that are never a source. So the
diagram is the model, not a drawing of it; tests/architecture/test_state_diagram.py checks the
document against this output and against `graph_transitions`' DOT output.

    python manage.py state_diagram            # print the block (diagram + table)
    python manage.py state_diagram --write    # refresh it in docs/architecture.md
    python manage.py state_diagram --check    # exit 1 when the document is out of date
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django_fsm import ANY_OTHER_STATE, ANY_STATE, GET_STATE, RETURN_VALUE, FSMFieldMixin

from guichet import models as pipeline_models
from guichet.domain import ACTION_SPECS
from guichet.models import AccessRequest

DOC_PATH = Path(settings.BASE_DIR) / "docs" / "architecture.md"
BEGIN_MARK = "<!-- state-diagram:begin (python manage.py state_diagram --write) -->"
END_MARK = "<!-- state-diagram:end -->"

Edge = tuple[str, str, str]  # (source state, target state, transition name)


def _state_field(model: type[Any]) -> FSMFieldMixin:
    field = model._meta.get_field("state")
    assert isinstance(field, FSMFieldMixin)
    return field


def _targets(transition: Any) -> list[str]:
    if isinstance(transition.target, GET_STATE | RETURN_VALUE):
        # django-fsm allows int states too; Guichet's state fields are all CharFields.
        return cast("list[str]", list(transition.target.allowed_states))
    return [transition.target]


def transition_edges(model: type[Any] = AccessRequest) -> list[Edge]:
    """Every (source, target, name) edge of the model's state field, sorted."""
    field = _state_field(model)
    edges: set[Edge] = set()
    for transition in field.get_all_transitions(model):
        # Our transitions list their sources; "*" and "+" would need the whole state set.
        if transition.source in (ANY_STATE, ANY_OTHER_STATE):
            raise CommandError(f"{transition.name}: wildcard sources are not drawn")
        for target in _targets(transition):
            edges.add((str(transition.source), str(target), transition.name))
    return sorted(edges)


def mermaid(model: type[Any] = AccessRequest) -> str:
    edges = transition_edges(model)
    sources = {source for source, _target, _name in edges}
    finals = sorted({target for _source, target, _name in edges} - sources)
    initial = _state_field(model).default
    lines = ["```mermaid", "stateDiagram-v2", f"    [*] --> {initial}"]
    lines += [f"    {source} --> {target}: {name}" for source, target, name in edges]
    lines += [f"    {state} --> [*]" for state in finals]
    lines.append("```")
    return "\n".join(lines) + "\n"


# Who may fire a transition, by the permission function the model names (guichet.models).
PERMISSION_TEXT = {
    pipeline_models.requester_or_desk: "requester or organisation member, desk operator",
    pipeline_models.desk_only: "desk operator",
    pipeline_models.desk_or_manager: "desk operator, manager",
    pipeline_models.legal_or_desk: "legal staff, desk operator",
}


def _who(transition: Any) -> str:
    if transition.permission not in PERMISSION_TEXT:
        raise CommandError(f"{transition.name}: describe its permission in PERMISSION_TEXT")
    return PERMISSION_TEXT[transition.permission]


def transition_table(model: type[Any] = AccessRequest) -> str:
    """One row per transition: its button label, sources, targets and who may fire it."""
    rows: dict[str, dict[str, Any]] = {}
    for transition in _state_field(model).get_all_transitions(model):
        row = rows.setdefault(
            transition.name, {"sources": set(), "targets": set(), "who": _who(transition)}
        )
        row["sources"].add(str(transition.source))
        row["targets"].update(str(t) for t in _targets(transition))
    targets_seen = {t for row in rows.values() for t in row["targets"]}
    sources_seen = {s for row in rows.values() for s in row["sources"]}
    open_states = (sources_seen | targets_seen) - (targets_seen - sources_seen)
    order = [code for code in ACTION_SPECS if code in rows] + sorted(set(rows) - set(ACTION_SPECS))
    lines = [
        "| transition | button (English label) | from | to | who may fire it |",
        "|---|---|---|---|---|",
    ]
    for name in order:
        row = rows[name]
        spec = ACTION_SPECS.get(name)
        label = str(spec.label) if spec else ""
        if row["sources"] == open_states and len(open_states) > 1:
            sources = "any state but the final ones"
        else:
            sources = ", ".join(f"`{s}`" for s in sorted(row["sources"]))
        targets = ", ".join(f"`{t}`" for t in sorted(row["targets"]))
        lines.append(f"| `{name}` | {label} | {sources} | {targets} | {row['who']} |")
    return "\n".join(lines) + "\n"


def generated_block(model: type[Any] = AccessRequest) -> str:
    """What the markers of docs/architecture.md enclose."""
    with translation.override("en"):
        return f"{mermaid(model)}\n{transition_table(model)}"


def block_in(text: str) -> str:
    """The mermaid block between the markers of the document ("" when the markers are absent)."""
    if BEGIN_MARK not in text or END_MARK not in text:
        return ""
    return text.split(BEGIN_MARK, 1)[1].split(END_MARK, 1)[0].strip("\n") + "\n"


def replace_block(text: str, block: str) -> str:
    head, rest = text.split(BEGIN_MARK, 1)
    _old, tail = rest.split(END_MARK, 1)
    return f"{head}{BEGIN_MARK}\n{block}{END_MARK}{tail}"


class Command(BaseCommand):
    help = "Print the request state machine (from the model's transitions) as Mermaid + table."

    def add_arguments(self, parser: Any) -> None:
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--write", action="store_true", help=f"Refresh {DOC_PATH.name}.")
        group.add_argument(
            "--check", action="store_true", help=f"Fail when {DOC_PATH.name} is out of date."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        block = generated_block()
        if not (options["write"] or options["check"]):
            self.stdout.write(block, ending="")
            return
        text = DOC_PATH.read_text(encoding="utf-8")
        if not block_in(text):
            raise CommandError(f"{DOC_PATH} has no state-diagram markers.")
        if options["check"]:
            if block_in(text) != block:
                raise CommandError(f"{DOC_PATH} is out of date: run state_diagram --write.")
            self.stdout.write("The state diagram is up to date.")
            return
        DOC_PATH.write_text(replace_block(text, block), encoding="utf-8")
        self.stdout.write(f"Written to {DOC_PATH}.")
