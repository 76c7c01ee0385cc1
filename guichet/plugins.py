"""Discovery of per-app hooks by module name, so the project package lists no app by hand
and no app imports another against the dependency direction (see README, "Architecture").

Hooks an app may provide:
- `<app>.nav`: `nav_items(request)`, `home_cards(request)`, `home_blocks(request)`,
  `staff_cards(request)`, each returning a list of dicts (url, label/title, text...).
- `<app>.demo`: `seed(stdout)` builds that app's part of the demo desk, idempotently.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType
from typing import Any

from django.conf import settings


@cache
def app_modules(suffix: str) -> tuple[ModuleType, ...]:
    found = []
    for app in settings.GUICHET_APPS:
        name = f"{app}.{suffix}"
        if find_spec(name) is not None:
            found.append(import_module(name))
    return tuple(found)


def collect(suffix: str, hook: str, *args: Any) -> list[Any]:
    items: list[Any] = []
    for module in app_modules(suffix):
        function = getattr(module, hook, None)
        if function is not None:
            items.extend(function(*args))
    return items
