"""Demo offer of the fictional CHU de Val-de-Loire: use-case inventory, strategic perimeter over
the demo catalogue, desk configuration, cost grid, a published offer (and a retired one),
techno-push campaigns, quotes and timesheets. Built through offers.domain.

Idempotent: everything is keyed by code (services, profiles, use cases), by title (campaigns),
by request reference (quotes, time entries) or by pair (perimeter cells); what exists is left
as it is, so a desk operator's edits survive a second run. Runs after the catalogue's seed."""

from __future__ import annotations

import math
from datetime import timedelta
from decimal import Decimal
from typing import Any, TextIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from catalogue.models import Dataset, Vocabulary, VocabularyTerm
from offers.domain import (
    build_quote,
    current_offer,
    desk_configuration_update,
    offer_new_version_from,
    offer_publish,
    offer_version_update,
    perimeter_cell_set,
    pricing_rule_update,
    quote_accept,
    quote_send,
    sharing_procedure_upload,
    time_entry_record,
)
from offers.models import (
    ActorType,
    ActorTypeCoefficient,
    Campaign,
    CollaborationLevel,
    CostBreakdownLine,
    DeskConfiguration,
    DeskModel,
    ExternalProvider,
    ITCostItem,
    OfferVersion,
    PerimeterCell,
    PerimeterStatus,
    ProjectType,
    Quote,
    Service,
    StaffProfile,
    TimeEntry,
    UseCase,
    UseCaseStatus,
    ValorisationTool,
)

# --- Cost grid -----------------------------------------------------------------------------------

# code, name, loaded daily cost (salary + employer charges + overheads), EUR
STAFF_PROFILES = [
    ("data-engineer", "Ingénieur·e données", "620.00"),
    ("data-scientist", "Data scientist", "650.00"),
    ("biostatistician", "Biostatisticien·ne", "600.00"),
    ("lawyer-dpo", "Juriste / DPO", "700.00"),
    ("project-manager", "Chef·fe de projet données", "560.00"),
    ("clinician", "Médecin expert", "900.00"),
]

# code, name, category, unit, unit cost EUR
IT_ITEMS = [
    ("storage-tb-month", "Stockage sécurisé (hébergeur HDS)", "storage", "To-mois", "35.0000"),
    ("cpu-core-hour", "Calcul CPU", "compute", "heure-cœur", "0.0800"),
    ("gpu-hour", "Calcul GPU", "compute", "heure GPU", "2.5000"),
    ("workspace-seat-month", "Poste en bulle sécurisée", "workspace", "poste-mois", "150.0000"),
    ("stats-licence-month", "Licence logiciel statistique", "licence", "poste-mois", "45.0000"),
    ("secure-transfer", "Transfert chiffré (SFTP)", "network", "transfert", "25.0000"),
]

# code, fr, en, category, included, billing unit, default qty, access modes,
# [(staff profile | IT item code, days | quantity)], description fr, description en
SERVICES: list[tuple[Any, ...]] = [
    (
        "fs-scientific",
        "Étude de faisabilité scientifique",
        "Scientific feasibility study",
        "feasibility",
        True,
        "flat",
        "1",
        [],
        [("project-manager", "0.5"), ("data-scientist", "1"), ("clinician", "0.25")],
        "Relecture du protocole, adéquation des données à la question de recherche.",
        "Protocol review and fit of the data to the research question.",
    ),
    (
        "fs-technical",
        "Étude de faisabilité technique",
        "Technical feasibility study",
        "feasibility",
        True,
        "flat",
        "1",
        [],
        [("data-engineer", "1.5"), ("cpu-core-hour", "50")],
        "Comptages, disponibilité et complétude des variables demandées.",
        "Counts, availability and completeness of the requested variables.",
    ),
    (
        "fs-regulatory",
        "Étude de faisabilité réglementaire",
        "Regulatory feasibility study",
        "feasibility",
        True,
        "flat",
        "1",
        [],
        [("lawyer-dpo", "1")],
        "Base légale, méthodologie de référence ou autorisation CNIL, information des patients.",
        "Legal basis, reference methodology or CNIL authorisation, patient information.",
    ),
    (
        "fs-counts",
        "Comptages détaillés",
        "Detailed counts",
        "feasibility",
        False,
        "per_extraction",
        "1",
        [],
        [("data-engineer", "0.5"), ("cpu-core-hour", "20")],
        "Comptages par critère d'inclusion, avant le dépôt du projet.",
        "Counts per inclusion criterion, before the project is filed.",
    ),
    (
        "pr-extraction",
        "Extraction et constitution du jeu de données",
        "Dataset extraction",
        "provision",
        False,
        "per_extraction",
        "1",
        [],
        [("data-engineer", "3"), ("cpu-core-hour", "200"), ("storage-tb-month", "0.05")],
        "Sélection de la population, des variables et de la période ; contrôle de l'extraction.",
        "Selection of population, variables and period; extraction checks.",
    ),
    (
        "pr-omop",
        "Structuration et alignement OMOP",
        "Structuring and OMOP mapping",
        "provision",
        False,
        "per_day",
        "1",
        [],
        [("data-engineer", "1"), ("cpu-core-hour", "10")],
        "Mise au modèle commun OMOP et alignement des terminologies.",
        "Conversion to the OMOP common data model and terminology mapping.",
    ),
    (
        "pr-pseudonymisation",
        "Pseudonymisation",
        "Pseudonymisation",
        "provision",
        False,
        "per_extraction",
        "1",
        [],
        [("data-engineer", "1"), ("lawyer-dpo", "0.25")],
        "Remplacement des identifiants, contrôle du risque de réidentification.",
        "Identifier replacement and re-identification risk check.",
    ),
    (
        "pr-workspace",
        "Poste en espace de travail sécurisé",
        "Secure workspace seat",
        "provision",
        False,
        "per_seat_month",
        "1",
        ["secure_workspace"],
        [
            ("workspace-seat-month", "1"),
            ("storage-tb-month", "0.1"),
            ("stats-licence-month", "1"),
            ("data-engineer", "0.1"),
        ],
        "Un poste nominatif dans la bulle sécurisée, logiciels statistiques inclus.",
        "One named seat in the secure workspace, statistical software included.",
    ),
    (
        "pr-transfer",
        "Transfert sécurisé",
        "Secure transfer",
        "provision",
        False,
        "per_extraction",
        "1",
        ["transfer"],
        [("secure-transfer", "1"), ("data-engineer", "0.5"), ("lawyer-dpo", "0.25")],
        "Transfert chiffré vers un hébergement du demandeur conforme, avec traçabilité.",
        "Encrypted transfer to a compliant host of the requester, with traceability.",
    ),
    (
        "pr-synthetic",
        "Génération de données synthétiques",
        "Synthetic data generation",
        "provision",
        False,
        "flat",
        "1",
        ["synthetic_data"],
        [("data-scientist", "4"), ("gpu-hour", "40"), ("lawyer-dpo", "0.5")],
        "Jeu synthétique fidèle aux distributions, avec évaluation du risque de divulgation.",
        "Synthetic dataset matching the distributions, with a disclosure-risk evaluation.",
    ),
    (
        "pr-imaging",
        "Désidentification d'images",
        "Image de-identification",
        "provision",
        False,
        "per_gb",
        "1",
        [],
        [("data-engineer", "0.02"), ("gpu-hour", "0.1"), ("storage-tb-month", "0.001")],
        "Nettoyage des en-têtes DICOM et des incrustations, par Go d'images.",
        "DICOM header and burnt-in text cleaning, per GB of images.",
    ),
    (
        "pr-storage",
        "Conservation prolongée",
        "Extended storage",
        "provision",
        False,
        "per_month",
        "1",
        [],
        [("storage-tb-month", "1"), ("data-engineer", "0.05")],
        "Conservation du jeu de données au-delà de six mois, par To et par mois.",
        "Keeping the dataset beyond six months, per TB and per month.",
    ),
    (
        "dq-dictionary",
        "Dictionnaire des variables du jeu extrait",
        "Data dictionary of the extract",
        "description_quality",
        True,
        "flat",
        "1",
        [],
        [("data-engineer", "1")],
        "Dictionnaire des variables livrées, avec complétude et distributions.",
        "Dictionary of the delivered variables, with completeness and distributions.",
    ),
    (
        "dq-quality-report",
        "Rapport d'évaluation de la qualité",
        "Data quality report",
        "description_quality",
        False,
        "flat",
        "1",
        [],
        [("data-scientist", "2"), ("cpu-core-hour", "50")],
        "Évaluation de la qualité selon la grille du guichet, dimension par dimension.",
        "Quality evaluation against the desk's criteria, dimension by dimension.",
    ),
    (
        "dq-relevance",
        "Évaluation de la pertinence pour le projet",
        "Relevance assessment",
        "description_quality",
        False,
        "flat",
        "1",
        [],
        [("data-scientist", "1"), ("biostatistician", "0.5"), ("clinician", "0.25")],
        "Les données répondent-elles à la question posée ? Biais, puissance, variables manquantes.",
        "Do the data answer the question? Biases, power, missing variables.",
    ),
    (
        "fu-follow-up",
        "Suivi de projet et clôture",
        "Project follow-up and closure",
        "follow_up",
        True,
        "flat",
        "1",
        [],
        [("project-manager", "2"), ("lawyer-dpo", "0.25"), ("data-engineer", "0.5")],
        "Points d'étape, suivi des publications, suppression certifiée des données à la fin.",
        "Progress meetings, publication follow-up, certified data deletion at the end.",
    ),
    (
        "fu-statistics",
        "Appui statistique",
        "Statistical support",
        "follow_up",
        False,
        "per_day",
        "1",
        [],
        [("biostatistician", "1")],
        "Plan d'analyse, modélisation, relecture des résultats.",
        "Analysis plan, modelling, review of the results.",
    ),
    (
        "fu-publication",
        "Appui à la publication",
        "Publication support",
        "follow_up",
        False,
        "flat",
        "1",
        [],
        [("biostatistician", "2"), ("data-scientist", "1"), ("clinician", "0.5")],
        "Relecture méthodologique et rédaction de la section données d'un article.",
        "Methodological review and writing of an article's data section.",
    ),
    (
        "fu-training",
        "Formation à l'espace de travail",
        "Workspace training",
        "follow_up",
        False,
        "per_day",
        "1",
        ["secure_workspace"],
        [("data-engineer", "1")],
        "Prise en main de la bulle sécurisée et des données pour l'équipe du projet.",
        "Getting started with the secure workspace and the data for the project team.",
    ),
    (
        "fu-clinical",
        "Expertise clinique",
        "Clinical expertise",
        "follow_up",
        False,
        "per_hour",
        "1",
        [],
        [("clinician", "0.125")],
        "Interprétation clinique des variables et des résultats, à l'heure.",
        "Clinical interpretation of variables and results, per hour.",
    ),
]

# --- Use-case inventory --------------------------------------------------------------------------

# code, fr, en, project type, actor type, collaboration level, origin, status, reviews, tools
USE_CASES: list[tuple[Any, ...]] = [
    (
        "epidemio-academique",
        "Épidémiologie par un laboratoire académique",
        "Epidemiology by an academic lab",
        "epidemiology",
        "academic_lab",
        "supported_provision",
        "market_pull",
        "targeted",
        ["scientific", "legal"],
        ["cost_recovery", "acknowledgement"],
    ),
    (
        "recherche-collaborative",
        "Recherche académique collaborative",
        "Collaborative academic research",
        "academic_research",
        "academic_lab",
        "scientific_collaboration",
        "market_pull",
        "targeted",
        ["scientific", "legal"],
        ["cost_recovery", "co_authorship"],
    ),
    (
        "recherche-hospitaliere",
        "Recherche d'une équipe hospitalière partenaire",
        "Research by a partner hospital team",
        "academic_research",
        "hospital",
        "supported_provision",
        "market_pull",
        "targeted",
        ["scientific", "legal"],
        ["free_licence_clinicians", "acknowledgement"],
    ),
    (
        "evaluation-sante-publique",
        "Évaluation de politique de santé publique",
        "Public-health policy evaluation",
        "public_health_evaluation",
        "public_body",
        "supported_provision",
        "market_pull",
        "targeted",
        ["scientific", "legal"],
        ["cost_recovery"],
    ),
    (
        "registre-association",
        "Étude sur registre avec une association de patients",
        "Registry study with a patient organisation",
        "registry_study",
        "non_profit",
        "scientific_collaboration",
        "market_pull",
        "targeted",
        ["scientific", "legal", "ethics"],
        ["acknowledgement", "co_authorship"],
    ),
    (
        "faisabilite-essai-pharma",
        "Faisabilité d'essai clinique pour un industriel",
        "Clinical-trial feasibility for industry",
        "trial_feasibility",
        "big_pharma",
        "provision",
        "market_pull",
        "targeted",
        ["legal"],
        ["flat_fee"],
    ),
    (
        "pharmacovigilance-industriel",
        "Pharmacovigilance pour un laboratoire pharmaceutique",
        "Pharmacovigilance for a pharmaceutical company",
        "pharmacovigilance",
        "big_pharma",
        "supported_provision",
        "market_pull",
        "case_by_case",
        ["scientific", "legal", "ethics"],
        ["flat_fee", "cost_recovery"],
    ),
    (
        "ia-startup-conjoint",
        "Entraînement d'algorithme avec une start-up (projet conjoint)",
        "AI training with a start-up (joint project)",
        "ai_training",
        "startup",
        "joint_project",
        "techno_push",
        "case_by_case",
        ["scientific", "legal", "technical", "ethics"],
        ["royalties", "milestone_payments", "shared_ip"],
    ),
    (
        "ia-medtech",
        "Entraînement d'algorithme pour une medtech",
        "AI training for a medtech company",
        "ai_training",
        "medtech",
        "scientific_collaboration",
        "market_pull",
        "case_by_case",
        ["scientific", "legal", "technical"],
        ["royalties", "co_authorship"],
    ),
    (
        "ia-academique-conjoint",
        "IA en santé avec un laboratoire académique (proposé par le guichet)",
        "Health AI with an academic lab (proposed by the desk)",
        "ai_training",
        "academic_lab",
        "joint_project",
        "techno_push",
        "targeted",
        ["scientific", "legal", "technical"],
        ["shared_ip", "co_authorship"],
    ),
    (
        "medico-eco-cro",
        "Étude médico-économique par une CRO",
        "Medico-economic study by a CRO",
        "medico_economic",
        "cro",
        "supported_provision",
        "market_pull",
        "case_by_case",
        ["scientific", "legal"],
        ["flat_fee"],
    ),
    (
        "dev-produit-simple",
        "Mise à disposition simple pour le développement d'un produit",
        "Plain provision for product development",
        "product_development",
        "big_pharma",
        "provision",
        "market_pull",
        "excluded",
        ["legal"],
        [],
    ),
    (
        "dev-produit-startup",
        "Mise à disposition simple pour une start-up",
        "Plain provision to a start-up",
        "product_development",
        "startup",
        "provision",
        "market_pull",
        "excluded",
        ["legal"],
        [],
    ),
]

COMMITTEE = ["operateur", "relecteur", "dpo", "direction"]

# A one-page PDF: the demo's "compliant sharing procedure" document.
PROCEDURE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R"
    b"/Resources<</Font<</F1 5 0 R>>>>>>endobj\n"
    b"4 0 obj<</Length 74>>stream\n"
    b"BT /F1 18 Tf 60 780 Td (Procedure de partage conforme - demo) Tj ET\n"
    b"endstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def seed(stdout: TextIO) -> None:
    operator = User.objects.filter(username="operateur").first()
    profiles, items = _seed_cost_grid()
    services = _seed_services(profiles, items)
    use_cases = _seed_use_cases()
    _seed_offer_versions(operator)
    datasets = list(Dataset.objects.published().prefetch_related("data_types").order_by("pk"))
    cells = _seed_perimeter(datasets, use_cases, services, operator)
    _seed_desk(operator)
    campaigns = _seed_campaigns(datasets, use_cases, operator)
    quotes = _seed_quotes(datasets, use_cases, services, operator)
    entries = _seed_time_entries(services, profiles)
    offer = current_offer()
    stdout.write(
        f"  offers: {len(services)} services, {len(profiles)} staff profiles, {len(items)} IT "
        f"items, offer v{offer.number if offer else '-'} published, {len(use_cases)} use cases, "
        f"{cells} perimeter cells, {campaigns} campaigns, {quotes} quotes, {entries} time entries"
    )


def _seed_cost_grid() -> tuple[dict[str, StaffProfile], dict[str, ITCostItem]]:
    profiles = {}
    for code, name, rate in STAFF_PROFILES:
        profiles[code], _created = StaffProfile.objects.get_or_create(
            code=code, defaults={"name": name, "daily_rate": Decimal(rate)}
        )
    items = {}
    for code, name, category, unit, cost in IT_ITEMS:
        items[code], _created = ITCostItem.objects.get_or_create(
            code=code,
            defaults={"name": name, "category": category, "unit": unit, "unit_cost": Decimal(cost)},
        )
    return profiles, items


def _access_modes() -> dict[str, VocabularyTerm]:
    return {t.code: t for t in VocabularyTerm.objects.filter(vocabulary=Vocabulary.ACCESS_MODE)}


def _seed_services(
    profiles: dict[str, StaffProfile], items: dict[str, ITCostItem]
) -> dict[str, Service]:
    modes = _access_modes()
    services = {}
    for position, spec in enumerate(SERVICES):
        code, fr, en, category, included, unit, quantity, mode_codes, lines, d_fr, d_en = spec
        service, created = Service.objects.get_or_create(
            code=code,
            defaults={
                "name_fr": fr,
                "name_en": en,
                "description_fr": d_fr,
                "description_en": d_en,
                "category": category,
                "included_by_default": included,
                "billing_unit": unit,
                "default_quantity": Decimal(quantity),
                "position": position,
            },
        )
        if created:
            service.access_modes.set([modes[c] for c in mode_codes if c in modes])
        if not service.cost_lines.exists():
            for resource, amount in lines:
                if resource in profiles:
                    CostBreakdownLine.objects.create(
                        service=service, staff_profile=profiles[resource], days=Decimal(amount)
                    )
                else:
                    CostBreakdownLine.objects.create(
                        service=service, it_item=items[resource], quantity=Decimal(amount)
                    )
        if service.flat_price is None:
            # The "simple" grid: cost + 20 %, rounded up to the next ten euros.
            unit_cost = Service.objects.get(pk=service.pk).unit_cost()
            service.flat_price = Decimal(math.ceil(unit_cost * Decimal("1.2") / 10) * 10)
            service.save(update_fields=["flat_price"])
        services[code] = service
    return services


def _seed_use_cases() -> dict[str, UseCase]:
    project_types = {t.code: t for t in ProjectType.objects.all()}
    actor_types = {t.code: t for t in ActorType.objects.all()}
    levels = {t.code: t for t in CollaborationLevel.objects.all()}
    tools = {t.code: t for t in ValorisationTool.objects.all()}
    use_cases = {}
    for position, spec in enumerate(USE_CASES):
        code, fr, en, project, actor, level, origin, status, reviews, tool_codes = spec
        use_case, created = UseCase.objects.get_or_create(
            code=code,
            defaults={
                "name_fr": fr,
                "name_en": en,
                "project_type": project_types[project],
                "actor_type": actor_types[actor],
                "collaboration_level": levels[level],
                "origin": origin,
                "status": status,
                "required_reviews": reviews,
                "position": position,
            },
        )
        if created:
            use_case.valorisation_tools.set([tools[t] for t in tool_codes if t in tools])
        use_cases[code] = use_case
    return use_cases


def _seed_offer_versions(operator: User | None) -> None:
    """v1 (last year, retired) then v2 (in force since the autumn)."""
    if OfferVersion.objects.exists():
        return
    today = timezone.localdate()
    first = offer_new_version_from(None, by=operator, effective_date=today - timedelta(days=420))
    offer_version_update(
        first, by=operator, changes={"title": "Offre 2025", "notes": "Première offre publiée."}
    )
    pricing_rule_update(
        first.pricing_rule,
        by=operator,
        changes={
            "grid_type": "complex",
            "margin_rate": Decimal("0.10"),
            "academic_coefficient": Decimal("1.000"),
            "industrial_coefficient": Decimal("1.400"),
            "vat_rate": Decimal("0.20"),
        },
    )
    offer_publish(first, by=operator)
    second = offer_new_version_from(first, by=operator, effective_date=today - timedelta(days=60))
    offer_version_update(
        second,
        by=operator,
        changes={
            "title": "Offre 2026",
            "notes": "Marge portée à 15 %, coefficient industriel à 1,5, "
            "tarif réduit pour les associations.",
        },
    )
    rule = second.pricing_rule
    pricing_rule_update(
        rule,
        by=operator,
        changes={"margin_rate": Decimal("0.15"), "industrial_coefficient": Decimal("1.500")},
    )
    non_profit = ActorType.objects.filter(code="non_profit").first()
    if non_profit is not None:
        ActorTypeCoefficient.objects.get_or_create(
            rule=rule, actor_type=non_profit, defaults={"coefficient": Decimal("0.800")}
        )
    offer_publish(second, by=operator)


def _codes(dataset: Dataset) -> set[str]:
    return {term.code for term in dataset.data_types.all()}


def _rule(dataset: Dataset, use_case: UseCase) -> tuple[str, str, list[str]] | None:
    """The demo desk's policy for one pair: (status, conditions, default services) or None to
    leave the pair to the use case's own status."""
    types = _codes(dataset)
    industrial = use_case.actor_type.is_industrial
    if dataset.is_anonymised:
        return PerimeterStatus.ALLOWED, "", ["pr-transfer", "dq-dictionary"]
    if industrial and "omics" in types:
        return PerimeterStatus.EXCLUDED, "", []
    if not industrial:
        if types & {"omics", "biobank"}:
            return (
                PerimeterStatus.CONDITIONAL,
                "Données génétiques : vérification du consentement échantillon par échantillon "
                "et avis du comité d'éthique.",
                ["pr-extraction", "pr-pseudonymisation", "pr-workspace"],
            )
        return PerimeterStatus.ALLOWED, "", ["pr-extraction", "pr-workspace", "fu-statistics"]
    if use_case.project_type.code == "ai_training":
        if "free-text" in types:
            return PerimeterStatus.EXCLUDED, "", []
        if types & {"imaging", "signals"}:
            return (
                PerimeterStatus.CONDITIONAL,
                "Apprentissage fédéré uniquement : l'algorithme vient aux données, aucune donnée "
                "individuelle ne sort de l'établissement.",
                ["pr-workspace", "fu-clinical"],
            )
        if (dataset.pk + use_case.pk) % 3 == 0:
            return None  # left to the case-by-case status of the use case
        return (
            PerimeterStatus.CONDITIONAL,
            "Espace de travail sécurisé seulement, pas d'export de données individuelles ; "
            "projet inscrit au registre de transparence.",
            ["pr-omop", "pr-workspace", "dq-relevance"],
        )
    if (dataset.pk + use_case.pk) % 4 == 0:
        return None
    return (
        PerimeterStatus.CONDITIONAL,
        "Résultats agrégés uniquement, contrôlés par le guichet avant sortie "
        "(pas de cellule de moins de 10 patients).",
        ["pr-extraction", "pr-workspace"],
    )


def _seed_perimeter(
    datasets: list[Dataset],
    use_cases: dict[str, UseCase],
    services: dict[str, Service],
    operator: User | None,
) -> int:
    existing = set(PerimeterCell.objects.values_list("dataset_id", "use_case_id"))
    for dataset in datasets:
        for use_case in use_cases.values():
            if use_case.status == UseCaseStatus.EXCLUDED or (dataset.pk, use_case.pk) in existing:
                continue
            rule = _rule(dataset, use_case)
            if rule is None:
                continue
            status, conditions, codes = rule
            perimeter_cell_set(
                dataset,
                use_case,
                by=operator,
                status=status,
                conditions=conditions,
                default_services=[services[c] for c in codes],
            )
    return PerimeterCell.objects.count()


def _seed_desk(operator: User | None) -> None:
    config = DeskConfiguration.get()
    if config.committee_cadence:
        return  # configured already (by a previous run or by the desk)
    modes = _access_modes()
    desk_configuration_update(
        by=operator,
        changes={
            "desk_model": DeskModel.INTERNAL_DECENTRALISED,
            "anonymisation_capability": True,
            "synthetic_data_capability": True,
            "can_build_from_information_system": True,
            "information_system_notes": "Entrepôt de données de santé au modèle OMOP alimenté "
            "chaque nuit depuis le DPI ; datalake sur hébergeur certifié HDS ; bulle sécurisée "
            "pour le travail des demandeurs.",
            "patient_information_url": "https://chu-val-de-loire.example/recherche/donnees",
            "consent_procedure": "Information individuelle à l'admission et site public ; "
            "opposition recueillie en ligne ou auprès du DPO et reportée dans l'entrepôt sous "
            "48 heures ; consentement spécifique pour les données génétiques.",
            "committee_cadence": "Mensuel (premier mardi du mois), procédure écrite en cas "
            "d'urgence",
        },
        access_modes=[
            modes[c]
            for c in ("secure_workspace", "airlock", "transfer", "synthetic_data")
            if c in modes
        ],
        committee_members=User.objects.filter(username__in=COMMITTEE),
    )
    sharing_procedure_upload(
        by=operator,
        document=SimpleUploadedFile("procedure-partage.pdf", PROCEDURE_PDF, "application/pdf"),
        version="1.2",
    )
    ExternalProvider.objects.get_or_create(
        name="Hébergeur HDS Loire Numérique",
        defaults={
            "contact_name": "Service client santé",
            "contact_email": "sante@loire-numerique.example",
            "scope": ["technical"],
            "notes": "Hébergement certifié HDS du datalake et de la bulle sécurisée.",
        },
    )


CAMPAIGNS = [
    (
        "Cohorte insuffisance cardiaque proposée aux acteurs de l'IA",
        ["startup", "medtech"],
        "ia-startup-conjoint",
        "interest",
        1,
        120,
    ),
    (
        "Registres hospitaliers proposés aux laboratoires académiques",
        ["academic_lab", "non_profit"],
        "registre-association",
        "sent",
        0,
        30,
    ),
]


def _seed_campaigns(
    datasets: list[Dataset], use_cases: dict[str, UseCase], operator: User | None
) -> int:
    if not datasets:
        return Campaign.objects.count()
    actors = {t.code: t for t in ActorType.objects.all()}
    today = timezone.localdate()
    for index, (title, actor_codes, use_case, outcome, started, days_ago) in enumerate(CAMPAIGNS):
        campaign, created = Campaign.objects.get_or_create(
            title=title,
            defaults={
                "use_case": use_cases.get(use_case),
                "date": today - timedelta(days=days_ago),
                "message": "Le guichet propose ces jeux de données structurés et documentés ; "
                "la faisabilité est gratuite.",
                "recipients": "Réseau régional d'innovation en santé",
                "outcome": outcome,
                "projects_started": started,
                "created_by": operator,
            },
        )
        if created:
            chosen = datasets[index * 2 : index * 2 + 2] or datasets[:1]
            campaign.datasets.set(chosen)
            campaign.actor_types.set([actors[c] for c in actor_codes if c in actors])
    return Campaign.objects.count()


# request reference, use case, actor type, access mode, [(service, quantity)], accepted
QUOTES = [
    (
        "DEM-2026-0007",
        "epidemio-academique",
        "academic_lab",
        "secure_workspace",
        [("pr-extraction", "1"), ("pr-workspace", "6"), ("fu-statistics", "3")],
        True,
    ),
    ("DEM-2026-0012", "faisabilite-essai-pharma", "big_pharma", None, [("fs-counts", "2")], False),
]


def _seed_quotes(
    datasets: list[Dataset],
    use_cases: dict[str, UseCase],
    services: dict[str, Service],
    operator: User | None,
) -> int:
    if not datasets or current_offer() is None:
        return Quote.objects.count()
    modes = _access_modes()
    actors = {t.code: t for t in ActorType.objects.all()}
    for reference, use_case_code, actor, mode, selections, accepted in QUOTES:
        if Quote.objects.filter(request_reference=reference).exists():
            continue
        use_case = use_cases[use_case_code]
        quote = build_quote(
            datasets=[d for d in datasets if not d.is_anonymised][:1],
            use_case=use_case,
            actor_type=actors[actor],
            access_mode=modes.get(mode) if mode else None,
            selections=[(services[code], Decimal(q)) for code, q in selections],
            by=operator,
            request_ref=reference,
        )
        quote = quote_send(quote, by=operator)
        if accepted:
            quote_accept(quote, by=operator)
    return Quote.objects.count()


# request reference, profile, service, days, days ago
TIME_ENTRIES = [
    ("DEM-2026-0007", "project-manager", "fs-scientific", "0.5", 50),
    ("DEM-2026-0007", "data-scientist", "fs-scientific", "1", 49),
    ("DEM-2026-0007", "lawyer-dpo", "fs-regulatory", "1.5", 45),
    ("DEM-2026-0007", "data-engineer", "fs-technical", "1.5", 44),
    ("DEM-2026-0007", "data-engineer", "pr-extraction", "4.5", 30),
    ("DEM-2026-0007", "biostatistician", "fu-statistics", "2", 10),
    ("DEM-2026-0012", "data-engineer", "fs-counts", "1", 8),
    ("DEM-2026-0012", "lawyer-dpo", "fs-regulatory", "0.5", 7),
]


def _seed_time_entries(services: dict[str, Service], profiles: dict[str, StaffProfile]) -> int:
    people = {u.username: u for u in User.objects.filter(username__in=["operateur", "referent"])}
    person = people.get("operateur")
    if person is None or TimeEntry.objects.filter(request_reference__startswith="DEM-").exists():
        return TimeEntry.objects.count()
    today = timezone.localdate()
    for reference, profile, service, days, days_ago in TIME_ENTRIES:
        time_entry_record(
            person=person,
            staff_profile=profiles[profile],
            service=services[service],
            days=Decimal(days),
            date=today - timedelta(days=days_ago),
            request_reference=reference,
            note="Démo",
        )
    return TimeEntry.objects.count()
