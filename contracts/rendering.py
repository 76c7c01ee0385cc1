"""Render clause bodies and contract documents from plain data, in a sandboxed template engine.

Clause bodies are edited by legal staff. They are rendered with autoescaping on, a short list of
tags (contracts.sandbox_tags) and a context made only of plain values (str, numbers, Decimal,
dates, lists and dicts of those): no model instance, so no attribute walk can reach the
database, and no loader, so no template can read a file."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.template import Context, Engine, TemplateSyntaxError
from django.utils.translation import gettext as _

PLAIN_SCALARS = (str, int, float, bool, Decimal, datetime.date, datetime.datetime, type(None))


class SandboxEngine(Engine):
    default_builtins = ["django.template.defaultfilters", "contracts.sandbox_tags"]


ENGINE = SandboxEngine(
    dirs=[], app_dirs=False, loaders=[], libraries={}, autoescape=True, string_if_invalid=""
)


class ClauseTemplateError(ValueError):
    """A clause body that cannot be compiled or rendered, with a message for legal staff."""


def ensure_plain(value: Any, path: str = "context") -> None:
    """Refuse anything but plain data (the guarantee that templates cannot walk into models)."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: keys must be strings, got {key!r}")
            ensure_plain(item, f"{path}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            ensure_plain(item, f"{path}[{index}]")
    elif not isinstance(value, PLAIN_SCALARS):
        raise TypeError(f"{path}: {type(value).__name__} is not plain data")


def check_template(source: str) -> None:
    """Compile a clause body; raise ClauseTemplateError with a readable message if it is wrong."""
    try:
        ENGINE.from_string(source)
    except TemplateSyntaxError as exc:
        raise ClauseTemplateError(
            _("This text cannot be used as a clause: %(error)s") % {"error": exc}
        ) from exc


def render_text(source: str, context: Mapping[str, Any]) -> str:
    ensure_plain(context)
    try:
        template = ENGINE.from_string(source)
    except TemplateSyntaxError as exc:
        raise ClauseTemplateError(str(exc)) from exc
    return template.render(Context(dict(context), autoescape=True))
