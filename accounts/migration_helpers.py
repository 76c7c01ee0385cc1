"""Used by data migrations of every app to grant model permissions to role groups.

Permissions are normally created after all migrations run (post_migrate); creating them
here lets a migration grant them at once, so a fresh database has complete roles."""

from __future__ import annotations

from typing import Any


def grant_permissions(apps: Any, app_label: str, grants: dict[str, list[str]]) -> None:
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    create_permissions(global_apps.get_app_config(app_label), verbosity=0, apps=apps)
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, codenames in grants.items():
        group, _created = group_model.objects.get_or_create(name=role)
        perms = permission_model.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
        missing = set(codenames) - set(perms.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Unknown permissions for {app_label}: {sorted(missing)}")
        group.permissions.add(*perms)
