from django.db import migrations

from accounts.migration_helpers import grant_permissions

# Migrations read the default list from the module: it only ever grows (codes are stable).
from catalogue.vocabularies import DEFAULT_TERMS

EDIT = ["add_dataset", "change_dataset", "view_dataset", "add_variable", "change_variable",
        "delete_variable", "view_variable", "add_publication", "change_publication",
        "delete_publication", "add_assessment", "change_assessment", "view_assessment",
        "add_criterionscore", "change_criterionscore"]


def load(apps, schema_editor):
    Term = apps.get_model("catalogue", "VocabularyTerm")
    for vocabulary, terms in DEFAULT_TERMS.items():
        for position, (code, fr, en, uri) in enumerate(terms):
            Term.objects.update_or_create(
                vocabulary=vocabulary, code=code,
                defaults={"label_fr": fr, "label_en": en, "uri": uri, "position": position},
            )
    grant_permissions(apps, "catalogue", {
        "desk_operator": [*EDIT, "delete_dataset", "publish_dataset", "add_criteriaset",
                          "change_criteriaset", "view_criteriaset", "add_criterion",
                          "change_criterion", "delete_criterion", "add_vocabularyterm",
                          "change_vocabularyterm", "view_vocabularyterm", "add_department",
                          "change_department", "view_department"],
        "data_steward": EDIT,
        "reviewer": ["view_dataset", "view_variable", "view_assessment", "add_assessment",
                     "add_criterionscore"],
        "manager": ["view_dataset", "view_variable", "view_assessment", "view_criteriaset"],
        "legal": ["view_dataset", "view_variable"],
    })


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_initial"), ("accounts", "0002_roles")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
