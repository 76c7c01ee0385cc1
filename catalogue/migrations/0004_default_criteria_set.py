"""The default quality criteria set, after the harmonised data-quality framework of
Kahn et al. (conformance, completeness, plausibility) used by OHDSI, plus the dimensions the
PHOENIX white paper asks a desk to document (timeliness, documentation, representativeness)."""

from decimal import Decimal

from django.db import migrations

CODE = "default-quality"

# code, dimension, weight, label_fr, label_en, guidance (0 = absent/unknown ... 4 = fully met)
CRITERIA = [
    ("value-conformance", "conformity", "1.5",
     "Conformité des valeurs aux formats et référentiels",
     "Values conform to formats and terminologies",
     "Share of coded values valid in their coding system (ICD-10, LOINC...); 4 = over 99 %."),
    ("relational-conformance", "conformity", "1",
     "Cohérence des liens entre tables",
     "Links between tables are consistent",
     "Foreign keys resolve (stays to patients, results to stays); 4 = no orphan records."),
    ("computational-conformance", "conformity", "0.5",
     "Variables calculées reproductibles",
     "Derived variables can be recomputed",
     "Derived fields (BMI, age at inclusion) match their formula on a sample."),
    ("completeness-key", "completeness", "2",
     "Complétude des variables clés",
     "Completeness of key variables",
     "Mean completeness of the variables a typical project needs; 4 = over 95 %."),
    ("completeness-follow-up", "completeness", "1",
     "Complétude du suivi",
     "Completeness of follow-up",
     "Share of individuals with follow-up data over the expected period."),
    ("plausibility-atemporal", "plausibility", "1",
     "Plausibilité des valeurs (bornes, unicité)",
     "Values are plausible (ranges, uniqueness)",
     "Out-of-range values, duplicates, impossible combinations (e.g. pregnancy in men)."),
    ("plausibility-temporal", "plausibility", "1",
     "Plausibilité temporelle",
     "Temporal plausibility",
     "Events occur in a possible order (birth < admission < discharge < death)."),
    ("timeliness", "timeliness", "1",
     "Fraîcheur des données",
     "Timeliness of the data",
     "Delay between the real-world event and its availability in the dataset."),
    ("documentation", "documentation", "1.5",
     "Documentation (fiche, dictionnaire, historique)",
     "Documentation (sheet, dictionary, lineage)",
     "The sheet is complete, the dictionary covers every variable, lineage is described."),
    ("representativeness", "representativeness", "1",
     "Représentativité de la population",
     "Representativeness of the population",
     "How far the population reflects the target population (age, sex, territory, case mix)."),
]


def load(apps, schema_editor):
    CriteriaSet = apps.get_model("catalogue", "CriteriaSet")
    Criterion = apps.get_model("catalogue", "Criterion")
    criteria_set, _ = CriteriaSet.objects.update_or_create(
        code=CODE,
        defaults={
            "name_fr": "Grille qualité par défaut (Kahn / OHDSI, PHOENIX)",
            "name_en": "Default quality grid (Kahn / OHDSI, PHOENIX)",
            "description": "Conformance, completeness and plausibility after Kahn et al. (2016), "
            "as used by OHDSI, with timeliness, documentation and representativeness.",
            "is_default": True,
        },
    )
    for position, (code, dimension, weight, fr, en, guidance) in enumerate(CRITERIA):
        Criterion.objects.update_or_create(
            criteria_set=criteria_set, code=code,
            defaults={"dimension": dimension, "weight": Decimal(weight), "label_fr": fr,
                      "label_en": en, "guidance": guidance, "position": position, "scale_max": 4},
        )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0003_search_postgres")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
