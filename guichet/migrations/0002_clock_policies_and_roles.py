from django.db import migrations

from accounts.migration_helpers import grant_permissions

# Copied, not imported: a migration must keep the values it shipped with.
DEFAULT_CLOCK_DAYS = {
    "submitted": 5,
    "screening": 15,
    "information_requested": 20,
    "review": 15,
    "decision": 65,
    "negotiation": 20,
    "contracting": 30,
    "signed": 10,
    "provisioning": 20,
}

MODELS = ["organisation", "accessrequest", "requestdataset", "teammember", "attachment",
          "formdefinition", "formquestion", "formanswer", "review", "committeemeeting",
          "committeedecision", "message", "clockpolicy", "projectfollowup",
          "publicationreport", "datasetfeedback", "dispute", "registerentry"]


def _perms(verbs, models):
    return [f"{verb}_{model}" for verb in verbs for model in models]


def load(apps, schema_editor):
    ClockPolicy = apps.get_model("guichet", "ClockPolicy")
    for key, days in DEFAULT_CLOCK_DAYS.items():
        ClockPolicy.objects.get_or_create(key=key, defaults={"working_days": days})
    view_all = _perms(["view"], [*MODELS, "event"])
    grant_permissions(apps, "guichet", {
        "desk_operator": [*_perms(["add", "change", "view"], MODELS), "view_event",
                          "delete_formquestion", "delete_teammember", "delete_requestdataset",
                          "manage_requests"],
        "manager": [*view_all, "add_committeedecision", "change_committeedecision",
                    "change_registerentry"],
        "legal": [*view_all, "change_review"],
        "reviewer": ["view_accessrequest", "view_review", "change_review"],
        "data_steward": ["view_accessrequest", "view_review", "change_review",
                         "view_requestdataset"],
    })


class Migration(migrations.Migration):
    dependencies = [("guichet", "0001_initial"), ("accounts", "0002_roles")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
