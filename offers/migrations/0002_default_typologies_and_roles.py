"""Default typologies and valorisation tools (editable afterwards), and role permissions.

The lists are written here, not imported, so this migration means the same thing forever."""

from django.db import migrations

from accounts.migration_helpers import grant_permissions

PROJECT_TYPES = [
    ("academic_research", "Recherche académique", "Academic research"),
    ("epidemiology", "Étude épidémiologique", "Epidemiological study"),
    ("ai_training", "Entraînement d'algorithmes / IA", "AI / algorithm training"),
    ("product_development", "Développement de produit", "Product development"),
    ("medico_economic", "Étude médico-économique", "Medico-economic study"),
    ("pharmacovigilance", "Pharmacovigilance", "Pharmacovigilance"),
    ("public_health_evaluation", "Évaluation en santé publique", "Public-health evaluation"),
    ("registry_study", "Étude sur registre", "Registry study"),
    ("trial_feasibility", "Faisabilité d'essai clinique", "Clinical-trial feasibility"),
]

# (code, fr, en, is_industrial)
ACTOR_TYPES = [
    ("academic_lab", "Laboratoire académique", "Academic laboratory", False),
    ("hospital", "Établissement de santé", "Hospital", False),
    ("public_body", "Organisme public", "Public body", False),
    ("non_profit", "Association / fondation", "Non-profit organisation", False),
    ("big_pharma", "Grand groupe pharmaceutique", "Big pharma", True),
    ("medtech", "Medtech / dispositifs médicaux", "Medtech", True),
    ("startup", "Start-up", "Start-up", True),
    ("cro", "CRO (prestataire de recherche)", "Contract research organisation (CRO)", True),
]

# Ordered: from plain provision to a joint collaborative project.
COLLABORATION_LEVELS = [
    ("provision", "Mise à disposition simple", "Plain data provision"),
    ("supported_provision", "Mise à disposition accompagnée", "Supported provision"),
    ("scientific_collaboration", "Collaboration scientifique", "Scientific collaboration"),
    ("joint_project", "Projet collaboratif conjoint", "Joint collaborative project"),
]

# (code, kind, fr, en)
VALORISATION_TOOLS = [
    ("flat_fee", "value_securing", "Forfait", "Flat fee"),
    ("cost_recovery", "value_securing", "Recouvrement des coûts", "Cost recovery"),
    ("free_licence_clinicians", "value_securing",
     "Licence gratuite pour les cliniciens", "Free licence for clinicians"),
    ("royalties", "value_maximising", "Redevances", "Royalties"),
    ("milestone_payments", "value_maximising", "Paiements par étapes", "Milestone payments"),
    ("shared_ip", "value_maximising", "Propriété intellectuelle partagée", "Shared IP"),
    ("joint_project", "value_maximising", "Projet conjoint (risque partagé)",
     "Joint project (shared risk)"),
    ("acknowledgement", "scientific", "Remerciements dans les publications",
     "Acknowledgement in publications"),
    ("co_authorship", "scientific", "Co-autorat", "Co-authorship"),
]

MODELS = ["projecttype", "actortype", "collaborationlevel", "valorisationtool", "usecase",
          "campaign", "service", "staffprofile", "itcostitem", "costbreakdownline",
          "offerversion", "pricingrule", "actortypecoefficient", "serviceprice", "perimetercell",
          "deskconfiguration", "externalprovider", "timeentry", "quote", "quoteline"]
INVENTORY_READ = ["view_projecttype", "view_actortype", "view_collaborationlevel",
                  "view_valorisationtool", "view_usecase", "view_perimetercell"]


def load(apps, schema_editor):
    for model_name, rows in (("ProjectType", PROJECT_TYPES),
                             ("CollaborationLevel", COLLABORATION_LEVELS)):
        model = apps.get_model("offers", model_name)
        for position, (code, fr, en) in enumerate(rows):
            model.objects.update_or_create(
                code=code, defaults={"label_fr": fr, "label_en": en, "position": position})
    actor_type = apps.get_model("offers", "ActorType")
    for position, (code, fr, en, industrial) in enumerate(ACTOR_TYPES):
        actor_type.objects.update_or_create(code=code, defaults={
            "label_fr": fr, "label_en": en, "position": position, "is_industrial": industrial})
    tool = apps.get_model("offers", "ValorisationTool")
    for position, (code, kind, fr, en) in enumerate(VALORISATION_TOOLS):
        tool.objects.update_or_create(code=code, defaults={
            "kind": kind, "name_fr": fr, "name_en": en, "position": position})

    every = [f"{action}_{model}" for model in MODELS
             for action in ("add", "change", "delete", "view")]
    grant_permissions(apps, "offers", {
        "desk_operator": [*every, "publish_offerversion", "send_quote"],
        "manager": [f"view_{model}" for model in MODELS],
        "data_steward": [*INVENTORY_READ, "view_campaign", "view_service", "view_offerversion",
                         "add_timeentry", "view_timeentry"],
        "reviewer": INVENTORY_READ,
        "legal": [*INVENTORY_READ, "view_service", "view_offerversion", "view_serviceprice",
                  "view_quote", "view_quoteline"],
    })


class Migration(migrations.Migration):
    dependencies = [("offers", "0001_initial"), ("accounts", "0002_roles")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
