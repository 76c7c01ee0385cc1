from django.db import migrations

from accounts.migration_helpers import grant_permissions


def grant(apps, schema_editor):
    grant_permissions(apps, "guichet", {
        "desk_operator": ["add_requestservice", "change_requestservice", "delete_requestservice",
                          "view_requestservice"],
        "manager": ["view_requestservice"],
        "legal": ["view_requestservice"],
    })


class Migration(migrations.Migration):
    dependencies = [("guichet", "0003_offers_links")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
