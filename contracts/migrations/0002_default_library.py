from django.db import migrations
from django.utils import timezone

from accounts.migration_helpers import grant_permissions
from contracts.defaults import CLAUSES, TEMPLATES

LEGAL_EDIT = [f"{action}_{model}" for model in ("clause", "clauseversion", "contracttemplate",
              "templateclause", "contract", "contractversion", "clausedeviation", "signatory")
              for action in ("add", "change", "view")]
READ = ["view_contract", "view_contractversion", "view_contracttemplate", "view_clause",
        "view_clauseversion", "view_signatory", "view_clausedeviation"]


def load(apps, schema_editor):
    Clause = apps.get_model("contracts", "Clause")
    ClauseVersion = apps.get_model("contracts", "ClauseVersion")
    Template = apps.get_model("contracts", "ContractTemplate")
    TemplateClause = apps.get_model("contracts", "TemplateClause")
    Term = apps.get_model("catalogue", "VocabularyTerm")
    Level = apps.get_model("offers", "CollaborationLevel")
    now = timezone.now()
    versions = {}
    for code, (category, title_fr, title_en, body_fr, body_en) in CLAUSES.items():
        clause, _ = Clause.objects.get_or_create(code=code, defaults={"category": category})
        versions[code], _ = ClauseVersion.objects.get_or_create(
            clause=clause, number=1,
            defaults={"title_fr": title_fr, "title_en": title_en, "body_fr": body_fr,
                      "body_en": body_en, "note": "Standard library, first version"},
        )
    for code, (kind, name_fr, name_en, clauses, modes, levels, data_form, annexes) in (
        TEMPLATES.items()
    ):
        template, created = Template.objects.get_or_create(
            code=code, version=1,
            defaults={"kind": kind, "name_fr": name_fr, "name_en": name_en,
                      "data_form": data_form, "status": "published", "published_at": now,
                      "annex_dataset_sheets": annexes, "annex_security": annexes,
                      "annex_authorised_persons": annexes},
        )
        if not created:
            continue
        for position, clause_code in enumerate(clauses, start=1):
            TemplateClause.objects.create(
                template=template, clause_version=versions[clause_code], position=position
            )
        template.access_modes.set(Term.objects.filter(vocabulary="access_mode", code__in=modes))
        template.collaboration_levels.set(Level.objects.filter(code__in=levels))
    grant_permissions(apps, "contracts", {
        "legal": [*LEGAL_EDIT, "delete_templateclause"],
        "desk_operator": [*READ, "add_contract", "add_contractversion", "change_contract"],
        "manager": READ,
        "reviewer": [],
    })


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0001_initial"),
        ("offers", "0002_default_typologies_and_roles"),
        ("catalogue", "0002_vocabularies_and_roles"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
