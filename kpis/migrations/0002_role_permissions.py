from django.db import migrations

from accounts.migration_helpers import grant_permissions

MODELS = ["kpisettings", "indicatortarget", "manualinput", "maturitydeclaration", "maturitysnapshot"]


def grant(apps, schema_editor):  # type: ignore[no-untyped-def]
    every = [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
    grant_permissions(
        apps,
        "kpis",
        {
            "manager": every,
            "desk_operator": [f"view_{model}" for model in MODELS],
        },
    )


class Migration(migrations.Migration):
    dependencies = [
        ("kpis", "0001_initial"),
        ("accounts", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
