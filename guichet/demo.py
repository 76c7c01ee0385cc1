"""Demo desk for the request pipeline: organisations, and about sixty requests spread over the
last two years in every state, with a coherent event trail.

Every request is driven through guichet.domain (the same functions the pages call), so the
events, reviews, decisions, register entries and follow-up are the real thing. Only time is
simulated, and here is how, because freezegun is not a dependency:

- `timezone.now` is patched (module attribute of django.utils.timezone) while a step runs, so
  everything the domain stamps with `timezone.now()`/`timezone.localdate()` (submitted_at,
  decided_at, review submissions, deadlines...) gets the simulated moment;
- model fields whose default is the *function object* `timezone.now` (Event.at, created_at,
  uploaded_at...) captured the real clock at import time and cannot be patched: right after
  each step, the rows it created (recognisable because their timestamp is later than the
  seed's real start) are moved to the simulated moment with QuerySet.update(). That is the
  only place where timestamps are rewritten, and it never touches a state column;
- notifications are muted (`guichet.domain._on_commit_notify`): history must not e-mail
  anyone;
- at the end each request's `due_on` is recomputed from its corrected trail.

Deterministic: each request draws from random.Random(SEED + its index); idempotent: a request
whose demo title already exists for its requester is skipped."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TextIO
from unittest import mock

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import DateTimeField
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from catalogue.models import CriteriaSet, Dataset, Vocabulary, VocabularyTerm
from guichet import clocks, domain
from guichet.models import (
    AccessRequest,
    AttachmentKind,
    CommitteeMeeting,
    Decision,
    DisputeKind,
    EthicsOpinion,
    LegalStatus,
    Organisation,
    QuestionKind,
    RegulatoryRoute,
    RequestState,
    Review,
    ReviewOutcome,
)

S = RequestState
SEED = 20260401
COUNT_HINT = 60

# name, actor type code, country, legal status, demo members (usernames)
ORGANISATIONS: list[tuple[str, str, str, str, list[str]]] = [
    (
        "Laboratoire d'épidémiologie clinique, Université Claude Bernard",
        "academic_lab",
        "FR",
        LegalStatus.UNIVERSITY,
        ["demandeur", "m.petit"],
    ),
    ("Équipe IA et santé, Inria Lille", "academic_lab", "FR", LegalStatus.UNIVERSITY, ["a.nguyen"]),
    ("Novapharm France", "big_pharma", "FR", LegalStatus.COMPANY, ["s.keller"]),
    ("CardioSense", "startup", "FR", LegalStatus.COMPANY, ["industriel"]),
    ("Medivis Imaging", "medtech", "DE", LegalStatus.COMPANY, ["j.weber"]),
    (
        "Agence régionale de santé Auvergne-Rhône-Alpes",
        "public_body",
        "FR",
        LegalStatus.PUBLIC_BODY,
        ["p.morel"],
    ),
    ("Centre hospitalier de Villefranche", "hospital", "FR", LegalStatus.HOSPITAL, ["e.blanc"]),
    (
        "Fondation Recherche Cœur et Vaisseaux",
        "non_profit",
        "FR",
        LegalStatus.NON_PROFIT,
        ["l.faure"],
    ),
    ("ClinData CRO", "cro", "BE", LegalStatus.COMPANY, ["t.dubois"]),
]
EXTRA_REQUESTERS: dict[str, tuple[str, str, str]] = {
    "m.petit": ("Mathis", "Petit", "Biostatisticien"),
    "a.nguyen": ("Anh", "Nguyen", "Chercheuse en apprentissage automatique"),
    "s.keller": ("Sarah", "Keller", "Responsable données de vie réelle"),
    "j.weber": ("Jonas", "Weber", "Clinical data scientist"),
    "p.morel": ("Pauline", "Morel", "Chargée d'études en santé publique"),
    "e.blanc": ("Émilie", "Blanc", "Médecin DIM"),
    "l.faure": ("Louis", "Faure", "Directeur scientifique"),
    "t.dubois": ("Thomas", "Dubois", "Chef de projet études observationnelles"),
}

# (title FR, acronym, project type code, collaboration code, summary, question)
THEMES: list[tuple[str, str, str, str, str, str]] = [
    (
        "Délais d'accès à la réadaptation cardiaque après infarctus",
        "READAPT",
        "academic_research",
        "provision",
        "Décrire les parcours après un infarctus et les délais d'entrée en réadaptation.",
        "Quels facteurs retardent l'entrée en réadaptation cardiaque ?",
    ),
    (
        "Prédiction de la décompensation cardiaque par apprentissage automatique",
        "PREDICT-HF",
        "ai_training",
        "scientific_collaboration",
        "Entraîner un modèle de prédiction des réhospitalisations pour insuffisance cardiaque.",
        "Peut-on prédire une décompensation 30 jours à l'avance ?",
    ),
    (
        "Effets indésirables des immunothérapies en vie réelle",
        "IMMUNOTOX",
        "pharmacovigilance",
        "supported_provision",
        "Recenser les toxicités immuno-induites hors essais cliniques.",
        "Quelle est l'incidence réelle des colites immuno-induites ?",
    ),
    (
        "Coût des parcours de chimiothérapie ambulatoire",
        "CHIMIO-ECO",
        "medico_economic",
        "provision",
        "Estimer les coûts directs des parcours de chimiothérapie en ambulatoire.",
        "Le virage ambulatoire réduit-il le coût total par patient ?",
    ),
    (
        "Faisabilité d'un essai sur la fibrillation atriale du sujet âgé",
        "FA-AGE",
        "trial_feasibility",
        "supported_provision",
        "Compter les patients éligibles à un essai d'anticoagulation après 80 ans.",
        "Combien de patients seraient éligibles chaque année ?",
    ),
    (
        "Segmentation automatique des nodules pulmonaires",
        "NODULE-AI",
        "product_development",
        "joint_project",
        "Développer et valider un algorithme de segmentation des nodules au scanner.",
        "L'algorithme atteint-il la performance des radiologues ?",
    ),
    (
        "Épidémiologie des cancers du sein chez la femme jeune",
        "SEIN-JEUNE",
        "epidemiology",
        "provision",
        "Décrire l'incidence et la survie des cancers du sein avant 40 ans.",
        "La survie a-t-elle progressé depuis 2015 ?",
    ),
    (
        "Évaluation du dépistage organisé du cancer colorectal",
        "DEPIST-CCR",
        "public_health_evaluation",
        "provision",
        "Mesurer l'effet des campagnes de dépistage sur le stade au diagnostic.",
        "Le stade au diagnostic baisse-t-il après les campagnes ?",
    ),
    (
        "Registre des cardiomyopathies hypertrophiques",
        "CMH-REG",
        "registry_study",
        "scientific_collaboration",
        "Compléter un registre national par les données hospitalières.",
        "Quelle est l'histoire naturelle des formes obstructives ?",
    ),
    (
        "Données synthétiques pour l'enseignement de la cardiologie",
        "SYNTH-EDU",
        "academic_research",
        "provision",
        "Produire un jeu synthétique fidèle pour l'enseignement des statistiques médicales.",
        "Un jeu synthétique préserve-t-il les associations cliniques utiles ?",
    ),
    (
        "Parcours des patients atteints de cancer du poumon",
        "PARCOURS-POUMON",
        "epidemiology",
        "supported_provision",
        "Décrire les délais entre imagerie, biopsie et premier traitement.",
        "Où se situent les goulets d'étranglement du parcours ?",
    ),
    (
        "Aide à la décision pour l'anticoagulation",
        "ANTICOAG-IA",
        "ai_training",
        "joint_project",
        "Concevoir un outil d'aide à la décision pour l'anticoagulation.",
        "L'outil réduit-il les prescriptions inappropriées ?",
    ),
]

# Target states with how many demo requests end there (every state is covered).
TARGETS: list[tuple[str, int]] = [
    (S.DRAFT, 3),
    (S.SUBMITTED, 3),
    (S.SCREENING, 4),
    (S.INFORMATION_REQUESTED, 3),
    (S.IN_REVIEW, 5),
    (S.COMMITTEE, 3),
    (S.APPROVED, 2),
    (S.APPROVED_WITH_CONDITIONS, 2),
    (S.NEGOTIATION, 4),
    (S.CONTRACTING, 3),
    (S.SIGNED, 2),
    (S.PROVISIONING, 3),
    (S.IN_PROGRESS, 6),
    (S.CLOSING, 3),
    (S.CLOSED, 7),
    (S.REJECTED, 4),
    (S.WITHDRAWN, 3),
    (S.ON_HOLD, 3),
]
# Where each state sits on the main path (to know how far to drive a request).
MAIN_PATH = [
    S.DRAFT,
    S.SUBMITTED,
    S.SCREENING,
    S.IN_REVIEW,
    S.COMMITTEE,
    S.APPROVED,
    S.NEGOTIATION,
    S.CONTRACTING,
    S.SIGNED,
    S.PROVISIONING,
    S.IN_PROGRESS,
    S.CLOSING,
    S.CLOSED,
]
IN_FLIGHT = {
    S.SUBMITTED,
    S.SCREENING,
    S.INFORMATION_REQUESTED,
    S.IN_REVIEW,
    S.COMMITTEE,
    S.NEGOTIATION,
    S.CONTRACTING,
    S.SIGNED,
    S.PROVISIONING,
}

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)


# --- Plans -----------------------------------------------------------------------------------


@dataclass
class Step:
    days: float  # days after the first contact
    action: str
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class Plan:
    index: int
    target: str
    title: str
    theme: tuple[str, str, str, str, str, str]
    organisation: str
    requester: str
    on_behalf: bool
    steps: list[Step]
    end_days_ago: float


def _index_on_path(state: str) -> int:
    return MAIN_PATH.index(S(state))


class _Planner:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.t = 0.0
        self.steps: list[Step] = []

    def add(self, low: float, high: float, action: str, **options: Any) -> None:
        self.t += self.rng.uniform(low, high)
        self.steps.append(Step(self.t, action, options))


def _plan(index: int, target: str) -> Plan:
    rng = random.Random(SEED + index)
    theme = THEMES[index % len(THEMES)]
    organisation = ORGANISATIONS[rng.randrange(len(ORGANISATIONS))]
    industrial = organisation[1] in {"big_pharma", "startup", "medtech", "cro"}
    if industrial and theme[2] in {"academic_research", "epidemiology"}:
        theme = THEMES[(index + 5) % len(THEMES)]
    title = theme[0] if index < len(THEMES) else f"{theme[0]} ({2024 + index % 3})"
    if index >= 2 * len(THEMES):
        title = f"{theme[0]} — volet {index // len(THEMES)}"
    p = _Planner(rng)
    on_behalf = rng.random() < 0.2
    p.steps.append(Step(0.0, "create"))
    p.add(2, 12, "fill")
    if on_behalf:
        p.add(5, 20, "claim")  # the requester takes over the draft opened by the desk
    reached = target
    if target == S.DRAFT:
        return _finish(index, target, title, theme, organisation, on_behalf, p, rng)
    p.add(3, 25, "submit")
    if target == S.SUBMITTED:
        return _finish(index, target, title, theme, organisation, on_behalf, p, rng)
    p.add(1, 6, "start_screening")
    loops = 0
    if target == S.INFORMATION_REQUESTED:
        loops = 1
    elif rng.random() < 0.35:
        loops = 1 + (rng.random() < 0.3)
    for loop in range(loops):
        p.add(2, 8, "ask_information")
        if target == S.INFORMATION_REQUESTED and loop == loops - 1:
            return _finish(index, target, title, theme, organisation, on_behalf, p, rng)
        p.add(3, 18, "provide_information")
    if target == S.SCREENING:
        return _finish(index, target, title, theme, organisation, on_behalf, p, rng)
    if target == S.REJECTED and rng.random() < 0.5:
        p.add(3, 12, "reject", at="screening")
        return _finish(index, target, title, theme, organisation, on_behalf, p, rng)
    if target == S.WITHDRAWN and rng.random() < 0.5:
        p.add(3, 15, "withdraw")
        return _finish(index, target, title, theme, organisation, on_behalf, p, rng)
    if target == S.ON_HOLD and rng.random() < 0.5:
        p.add(3, 10, "put_on_hold")
        return _finish(index, target, title, theme, organisation, on_behalf, p, rng)
    p.add(2, 10, "send_to_review")
    p.add(1, 6, "relevance")
    if target == S.IN_REVIEW:
        p.add(4, 15, "review_some")
        return _finish(index, target, title, theme, organisation, on_behalf, p, rng)
    if target == S.ON_HOLD:
        p.add(3, 10, "put_on_hold")
        return _finish(index, target, title, theme, organisation, on_behalf, p, rng)
    p.add(5, 20, "review_all", unfavourable=target == S.REJECTED)
    if target == S.COMMITTEE:
        return _finish(index, target, title, theme, organisation, on_behalf, p, rng)
    if target == S.REJECTED:
        p.add(5, 25, "decide", decision=Decision.REJECTED)
        return _finish(index, target, title, theme, organisation, on_behalf, p, rng)
    with_conditions = target == S.APPROVED_WITH_CONDITIONS or (
        target != S.APPROVED and rng.random() < 0.4
    )
    p.add(
        5,
        25,
        "decide",
        decision=Decision.APPROVED_WITH_CONDITIONS if with_conditions else Decision.APPROVED,
    )
    if target in {S.APPROVED, S.APPROVED_WITH_CONDITIONS}:
        return _finish(index, target, title, theme, organisation, on_behalf, p, rng)
    if target == S.WITHDRAWN:
        p.add(3, 10, "start_negotiation")
        p.add(5, 30, "withdraw")
        return _finish(index, target, title, theme, organisation, on_behalf, p, rng)
    p.add(2, 8, "start_negotiation")
    p.add(1, 6, "quote")
    goal = _index_on_path(reached)
    for state, (low, high), action in [
        (S.CONTRACTING, (5, 25), "start_contracting"),
        (S.SIGNED, (10, 45), "mark_signed"),
        (S.PROVISIONING, (1, 6), "start_provisioning"),
        (S.IN_PROGRESS, (10, 45), "start_project"),
    ]:
        if _index_on_path(state) > goal:
            return _finish(index, target, title, theme, organisation, on_behalf, p, rng)
        p.add(low, high, action)
    if rng.random() < 0.6:
        p.add(60, 200, "publication")
    p.add(10, 60, "feedback")
    if rng.random() < 0.15:
        p.add(5, 60, "dispute", close=rng.random() < 0.6)
    if target == S.IN_PROGRESS:
        return _finish(index, target, title, theme, organisation, on_behalf, p, rng)
    p.add(60, 200, "start_closing")
    p.add(5, 25, "closing_report")
    if target == S.CLOSING:
        return _finish(index, target, title, theme, organisation, on_behalf, p, rng)
    p.add(3, 15, "close")
    return _finish(index, target, title, theme, organisation, on_behalf, p, rng)


def _finish(
    index: int,
    target: str,
    title: str,
    theme: Any,
    organisation: Any,
    on_behalf: bool,
    planner: _Planner,
    rng: random.Random,
) -> Plan:
    total = planner.t
    span = 2 * 365 - 5
    if target in IN_FLIGHT:
        # A third of open requests are late: their current step started long ago.
        end = rng.uniform(45, 90) if rng.random() < 0.35 else rng.uniform(1, 10)
    elif target in {S.DRAFT, S.ON_HOLD}:
        end = rng.uniform(2, 40)
    else:
        end = rng.uniform(3, max(4.0, span - total))
    end = min(end, max(1.0, span - total))
    members = organisation[4]
    return Plan(
        index=index,
        target=target,
        title=title,
        theme=theme,
        organisation=organisation[0],
        requester=members[rng.randrange(len(members))],
        on_behalf=on_behalf,
        steps=planner.steps,
        end_days_ago=end,
    )


def plans() -> list[Plan]:
    targets = [state for state, n in TARGETS for _ in range(n)]
    result = [_plan(i, target) for i, target in enumerate(targets)]
    seen: dict[str, int] = {}
    for plan in result:
        # Titles identify demo requests (idempotence): keep them unique.
        seen[plan.title] = seen.get(plan.title, 0) + 1
        if seen[plan.title] > 1:
            plan.title = f"{plan.title} — étude {seen[plan.title]}"
    return result


# --- Simulated clock -------------------------------------------------------------------------


def _business_moment(moment: datetime) -> datetime:
    """The same day (or the Friday before a weekend) during office hours."""
    local = timezone.localtime(moment)
    while local.weekday() >= 5:
        local -= timedelta(days=1)
    hour = 9 + (local.minute % 8)
    return local.replace(hour=hour, minute=local.second % 60, second=0, microsecond=0)


def _timestamp_fields() -> list[tuple[Any, str]]:
    """Columns the simulated clock cannot reach: defaults bound to the real `timezone.now`
    when the models were imported, and every date-time of quotes (priced on the real clock).
    Only values later than the seed's real start are moved: only the seed wrote those."""
    models = [
        *apps.get_app_config("guichet").get_models(),
        apps.get_model("catalogue", "Assessment"),
    ]
    found = [
        (model, f.name)
        for model in models
        for f in model._meta.concrete_fields
        if isinstance(f, DateTimeField) and f.default is timezone.now
    ]
    quote = apps.get_model("offers", "Quote")
    found += [(quote, f.name) for f in quote._meta.concrete_fields if isinstance(f, DateTimeField)]
    return found


class SimulatedClock:
    def __init__(self) -> None:
        self.real = timezone.now  # the real clock, for steps that need "today"
        self.real_start = timezone.now()
        self.fields = _timestamp_fields()
        self.moment = self.real_start

    def __call__(self) -> datetime:
        return self.moment

    @contextmanager
    def at(self, moment: datetime) -> Iterator[None]:
        self.moment = moment
        with mock.patch("django.utils.timezone.now", self):
            yield
        self.backdate(self.moment)

    def backdate(self, moment: datetime) -> None:
        # Rows just created carry the real clock (a default captured at import): move them.
        for model, name in self.fields:
            model._default_manager.filter(**{f"{name}__gt": self.real_start}).update(
                **{name: moment}
            )


# --- People and organisations ------------------------------------------------------------------


def _users() -> dict[str, User]:
    requester_group = Group.objects.filter(name=Role.REQUESTER).first()
    for username, (first, last, title) in EXTRA_REQUESTERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "job_title": title,
                "email": f"{username}@demo.guichet.example",
            },
        )
        if created:
            user.set_unusable_password()  # they exist for the story; nobody logs in as them
            user.save()
            if requester_group is not None:
                user.groups.add(requester_group)
    names = {
        "operateur",
        "referent",
        "referente",
        "relecteur",
        "dpo",
        "juriste",
        "direction",
        "demandeur",
        "industriel",
        *EXTRA_REQUESTERS,
    }
    return {u.username: u for u in User.objects.filter(username__in=names)}


def _organisations(users: dict[str, User]) -> dict[str, Organisation]:
    from offers.models import ActorType

    actor_types = {a.code: a for a in ActorType.objects.all()}
    result = {}
    for name, actor, country, status, members in ORGANISATIONS:
        organisation, _created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "actor_type": actor_types.get(actor),
                "country": country,
                "legal_status": status,
            },
        )
        organisation.members.add(*[users[m] for m in members if m in users])
        result[name] = organisation
    return result


# --- Driving one request ------------------------------------------------------------------------


class Driver:
    """Runs one plan through the domain, step by step, at simulated moments."""

    def __init__(self, context: SeedContext, plan: Plan, start: datetime) -> None:
        self.ctx = context
        self.plan = plan
        self.rng = random.Random(SEED * 7 + plan.index)
        self.start = start
        self.request: AccessRequest | None = None
        self.requester = context.users[plan.requester]
        self.desk = context.users["operateur"]

    def run(self) -> AccessRequest:
        previous = None
        # Simulated moments stay in the past: the back-dating sweep relies on it.
        latest = self.ctx.clock.real_start - timedelta(hours=3)
        for step in self.plan.steps:
            moment = _business_moment(self.start + timedelta(days=step.days))
            if previous is not None and moment <= previous:
                moment = previous + timedelta(minutes=17)
            moment = min(moment, latest)
            previous = moment
            with self.ctx.clock.at(moment):
                getattr(self, f"do_{step.action}")(**step.options)
        assert self.request is not None
        return self.request

    # The steps -------------------------------------------------------------------------

    def do_create(self) -> None:
        theme = self.plan.theme
        organisation = self.ctx.organisations[self.plan.organisation]
        datasets = self.ctx.pick_datasets(self.rng)
        fields: dict[str, Any] = {"title": self.plan.title, "acronym": theme[1]}
        if self.plan.on_behalf:
            self.request = domain.request_create(
                by=self.desk,
                requester=self.requester,
                organisation=organisation,
                first_contact_at=timezone.now() - timedelta(days=self.rng.randint(3, 20)),
                datasets=datasets,
                **fields,
            )
        else:
            self.request = domain.request_create(
                by=self.requester, organisation=organisation, datasets=datasets, **fields
            )

    def _editor(self) -> User:
        return self.desk if self.plan.on_behalf else self.requester

    def do_fill(self) -> None:
        request = self._req()
        theme = self.plan.theme
        rng = self.rng
        route = rng.choice(
            [
                RegulatoryRoute.MR004,
                RegulatoryRoute.MR004,
                RegulatoryRoute.MR003,
                RegulatoryRoute.CNIL_AUTHORISATION,
                RegulatoryRoute.MR001,
            ]
        )
        ethics = rng.choice(
            [EthicsOpinion.CESREES, EthicsOpinion.LOCAL, EthicsOpinion.NOT_REQUIRED]
        )
        if route == RegulatoryRoute.CNIL_AUTHORISATION:
            ethics = EthicsOpinion.CESREES
        pseudonymised = rng.random() < 0.75
        changes: dict[str, Any] = {
            "summary": theme[4],
            "objectives": "1. " + theme[5] + "\n2. Produire des indicateurs reproductibles.",
            "scientific_question": theme[5],
            "public_interest": "Améliorer la prise en charge des patients et l'organisation "
            "des soins ; résultats publiés en accès ouvert.",
            "expected_benefits": "Recommandations pour les équipes soignantes et les tutelles.",
            "project_type": self.ctx.project_types.get(theme[2]),
            "collaboration_level": self.ctx.collaboration_levels.get(theme[3]),
            "variables": "Âge, sexe, diagnostics CIM-10, actes CCAM, biologie, traitements, "
            "dates de séjour.",
            "population": "Patients adultes pris en charge à l'hôpital entre 2016 et 2024.",
            "period_description": f"{2016 + rng.randint(0, 3)}-2024",
            "data_form": "pseudonymised" if pseudonymised else "anonymised",
            "data_form_justification": "Chaînage longitudinal des séjours d'un même patient."
            if pseudonymised
            else "",
            "access_mode": self.ctx.access_mode,
            "secure_environment": "Espace de travail sécurisé de l'entrepôt, sans export de "
            "données individuelles.",
            "safeguards": "Accès nominatif, authentification forte, journalisation revue chaque "
            "trimestre.",
            "duration_months": rng.choice([12, 18, 24, 36]),
            "regulatory_route": route,
            "regulatory_reference": f"{rng.randint(2200000, 2299999)} v 0",
            "ethics_opinion": ethics,
            "ethics_reference": f"CESREES-{rng.randint(1000, 9999)}"
            if ethics == EthicsOpinion.CESREES
            else (f"CLE-2025-{rng.randint(1, 60):02d}" if ethics == EthicsOpinion.LOCAL else ""),
            "funding": rng.choice(
                ["ANR", "PHRC national", "Fonds propres", "Contrat industriel", "Europe Horizon"]
            ),
            "publication_plan": "Article dans une revue à comité de lecture et communication "
            "en congrès ; code publié.",
            "ip_expectations": "Pas de brevet envisagé."
            if rng.random() < 0.6
            else "Propriété intellectuelle partagée sur l'algorithme.",
            "timeline": "Extraction au premier trimestre, analyses sur douze mois.",
        }
        editor = self._editor()
        domain.request_update(request, by=editor, changes=changes)
        domain.request_set_team(
            request,
            by=editor,
            members=[
                {
                    "name": str(self.requester),
                    "email": self.requester.email,
                    "role": "Porteur du projet",
                    "will_access_data": True,
                },
                {
                    "name": rng.choice(["Dr Alix Bernard", "Dr Nora Haddad", "Pr Yann Le Goff"]),
                    "role": "Investigateur clinique",
                    "will_access_data": False,
                },
                {
                    "name": rng.choice(["Inès Roche", "Hugo Marchal", "Chloé Vidal"]),
                    "role": "Data scientist",
                    "will_access_data": True,
                },
            ],
        )
        self._attach(editor, AttachmentKind.PROTOCOL, "protocole.pdf")
        if ethics in {EthicsOpinion.CESREES, EthicsOpinion.LOCAL}:
            self._attach(editor, AttachmentKind.ETHICS_OPINION, "avis-ethique.pdf")
        if rng.random() < 0.5:
            self._attach(editor, AttachmentKind.CV, "cv-porteur.pdf")
        self._wish_services(editor)
        self._answer_questions(editor)

    def _attach(self, by: User, kind: str, name: str) -> None:
        domain.attachment_add(
            self._req(),
            by=by,
            uploaded_file=SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf"),
            kind=kind,
        )

    def _wish_services(self, by: User) -> None:
        mode = self.ctx.access_mode
        services = [
            s
            for s in self.ctx.services
            if not s.included_by_default
            and (not s.access_modes.all() or mode in s.access_modes.all())
        ]
        if not services:
            return
        chosen = self.rng.sample(services, k=min(len(services), self.rng.randint(1, 3)))
        domain.request_set_services(
            self._req(), by=by, selections=[(s, self.rng.randint(1, 4)) for s in chosen]
        )

    def _answer_questions(self, by: User) -> None:
        request = self._req()
        if request.form_definition_id is None:
            return
        assert request.form_definition is not None  # the id is set, so the FK resolves (or raises)
        answers: dict[str, Any] = {}
        for question in request.form_definition.questions.all():
            if question.kind == QuestionKind.TEXT:
                answers[question.code] = "Voir le protocole joint, section 4."
            elif question.kind == QuestionKind.CHOICE and question.choices:
                answers[question.code] = question.choices[0]
            elif question.kind == QuestionKind.YES_NO:
                answers[question.code] = "no"
            elif question.kind == QuestionKind.DATE:
                answers[question.code] = timezone.localdate().isoformat()
            elif question.kind == QuestionKind.FILE and question.required:
                answers[question.code] = domain.attachment_add(
                    request,
                    by=by,
                    uploaded_file=SimpleUploadedFile("annexe.pdf", PDF_BYTES),
                    kind=AttachmentKind.FORM_ANSWER,
                )
        if answers:
            domain.answers_save(request, by=by, answers=answers)

    def do_claim(self) -> None:
        domain.message_post(
            self._req(),
            by=self.requester,
            body="Merci d'avoir ouvert la demande à partir de mon courriel ; je l'ai relue.",
        )

    def do_submit(self) -> None:
        domain.request_submit(self._req(), by=self._editor())

    def do_start_screening(self) -> None:
        request = self._req()
        domain.request_start_screening(request, by=self.desk)
        use_case = self.ctx.use_case_for(request)
        if use_case is not None:
            domain.request_update(request, by=self.desk, changes={"use_case": use_case})

    def do_ask_information(self) -> None:
        question = self.rng.choice(
            [
                "Pouvez-vous préciser la liste des variables biologiques nécessaires ?",
                "Merci de joindre le récépissé de conformité à la méthodologie de référence.",
                "La période d'inclusion demandée dépasse la profondeur de l'entrepôt : "
                "pouvez-vous la réduire ?",
                "Qui, dans l'équipe, accédera aux données individuelles ?",
            ]
        )
        domain.request_ask_information(self._req(), by=self.desk, comment=question)

    def do_provide_information(self) -> None:
        domain.request_provide_information(
            self._req(),
            by=self.requester,
            comment="Voici les précisions demandées ; le protocole a été mis à jour.",
        )

    def do_send_to_review(self) -> None:
        users = self.ctx.users
        reviewers = {
            "scientific": users.get("relecteur"),
            "legal": users.get("dpo"),
            "technical": users.get("relecteur"),
            "ethics": users.get("relecteur"),
        }
        domain.request_send_to_review(
            self._req(), by=self.desk, reviewers={k: v for k, v in reviewers.items() if v}
        )

    def do_relevance(self) -> None:
        criteria_set = self.ctx.criteria_set
        if criteria_set is None:
            return
        criteria = list(criteria_set.criteria.all())
        request = self._req()
        for row in request.requested_datasets.select_related("dataset__steward"):
            scores = {
                c.pk: self.rng.randint(max(1, c.scale_max - 2), c.scale_max) for c in criteria
            }
            steward = row.dataset.steward
            # In a decentralised desk the steward scores; otherwise the desk does.
            by = steward if steward and domain.can_view_request(request, steward) else self.desk
            domain.relevance_record(
                row,
                by=by,
                criteria_set=criteria_set,
                scores=scores,
                comment="Variables disponibles et profondeur suffisante pour la question posée.",
            )

    def _open_reviews(self) -> list[Review]:
        return list(
            self._req()
            .reviews.filter(submitted_at__isnull=True)
            .select_related("reviewer", "department")
            .order_by("pk")
        )

    def _give(self, review: Review, outcome: str) -> None:
        comments = {
            ReviewOutcome.FAVOURABLE: "Question pertinente, méthodologie adaptée.",
            ReviewOutcome.FAVOURABLE_WITH_CONDITIONS: "Favorable sous réserve des conditions.",
            ReviewOutcome.UNFAVOURABLE: "La finalité d'intérêt public n'est pas démontrée et "
            "la minimisation des données est insuffisante.",
        }[ReviewOutcome(outcome)]
        conditions = (
            "Résultats agrégés uniquement, aucune cellule de moins de 10 patients."
            if outcome == ReviewOutcome.FAVOURABLE_WITH_CONDITIONS
            else ""
        )
        domain.review_submit(
            review,
            by=review.reviewer or self.desk,
            outcome=outcome,
            comments=comments,
            conditions=conditions,
        )
        # Each opinion is its own moment: stamp its rows, then let a few hours pass.
        clock = self.ctx.clock
        clock.backdate(clock.moment)
        later = _business_moment(clock.moment + timedelta(hours=self.rng.randint(4, 40)))
        if later <= clock.moment:
            later = clock.moment + timedelta(minutes=45)
        clock.moment = min(later, clock.real_start - timedelta(hours=2))

    def do_review_some(self) -> None:
        reviews = self._open_reviews()
        for review in reviews[: max(0, len(reviews) - 1) if self.rng.random() < 0.6 else 0]:
            self._give(review, ReviewOutcome.FAVOURABLE)

    def do_review_all(self, unfavourable: bool = False) -> None:
        for position, review in enumerate(self._open_reviews()):
            if unfavourable and position == 0:
                outcome = ReviewOutcome.UNFAVOURABLE
            else:
                outcome = self.rng.choice(
                    [
                        ReviewOutcome.FAVOURABLE,
                        ReviewOutcome.FAVOURABLE,
                        ReviewOutcome.FAVOURABLE_WITH_CONDITIONS,
                    ]
                )
            self._give(review, outcome)

    def do_decide(self, decision: str) -> None:
        meeting = self.ctx.meeting_on(timezone.localdate())
        conditions = {
            Decision.APPROVED: "",
            Decision.APPROVED_WITH_CONDITIONS: "Résultats agrégés uniquement ; relecture des "
            "publications par le guichet avant soumission.",
            Decision.REJECTED: "Intérêt public insuffisamment établi au regard des données "
            "demandées.",
        }[Decision(decision)]
        domain.committee_decide(
            self._req(),
            by=self.ctx.users["direction"],
            decision=decision,
            conditions=conditions,
            minutes="Dossier présenté par le guichet ; avis des relecteurs discutés.",
            meeting=meeting,
        )

    def do_reject(self, at: str = "") -> None:
        domain.request_reject(
            self._req(),
            by=self.desk,
            comment="Projet hors du périmètre stratégique du guichet : données non disponibles.",
        )

    def do_withdraw(self) -> None:
        domain.request_withdraw(
            self._req(), by=self.requester, comment="Financement non obtenu, projet abandonné."
        )

    def do_put_on_hold(self) -> None:
        domain.request_put_on_hold(
            self._req(),
            by=self.desk,
            comment="En attente de la mise à jour de l'entrepôt (nouvelle version des données).",
        )

    def do_start_negotiation(self) -> None:
        domain.request_start_negotiation(self._req(), by=self.desk)

    def do_quote(self) -> None:
        """Build and send the quote from the requester's wishes when the offer allows it."""
        from django.core.exceptions import ValidationError

        from offers.domain.errors import OfferDomainError
        from offers.domain.quotes import build_quote

        request = self._req()
        actor_type = getattr(request.organisation, "actor_type", None)
        if actor_type is None or not self.ctx.has_offer:
            return
        use_case = request.use_case
        selections = [
            (row.service, row.quantity)
            for row in request.requested_services.prefetch_related("service__use_cases")
            if use_case is None
            or not row.service.use_cases.all()
            or use_case in row.service.use_cases.all()
        ]
        try:
            # The offer in force is today's: price with the real clock; the sweep at the end
            # of the step moves the quote's timestamps back to the simulated moment.
            with mock.patch("django.utils.timezone.now", self.ctx.clock.real), transaction.atomic():
                quote = build_quote(
                    datasets=[r.dataset for r in request.requested_datasets.all()],
                    use_case=request.use_case,
                    actor_type=actor_type,
                    access_mode=request.access_mode,
                    selections=selections,
                    by=self.desk,
                    request_ref=request.reference,
                    allow_below_cost=True,
                    below_cost_reason="Projet académique soutenu par l'établissement.",
                )
                domain.request_set_quote(request, by=self.desk, quote=quote)
                domain.request_send_quote(request, by=self.desk)
        except (ValidationError, OfferDomainError, domain.PipelineError):
            # Outside the perimeter or no price for a wish: the demo goes on without a quote.
            return

    def do_start_contracting(self) -> None:
        domain.request_start_contracting(self._req(), by=self.ctx.users["juriste"])

    def do_mark_signed(self) -> None:
        domain.request_mark_signed(self._req(), by=self.ctx.users["juriste"])

    def do_start_provisioning(self) -> None:
        domain.request_start_provisioning(self._req(), by=self.desk)

    def do_start_project(self) -> None:
        request = self._req()
        domain.request_start_project(request, by=self.desk)
        if self.rng.random() < 0.3:
            domain.follow_up_update(
                request,
                by=self.desk,
                changes={
                    "extra_technical_work": True,
                    "extra_technical_work_description": "Recodage des unités de biologie et "
                    "extraction complémentaire de l'imagerie.",
                },
            )

    def do_publication(self) -> None:
        request = self._req()
        year = timezone.localdate().year
        domain.publication_report_add(
            request,
            by=self.requester,
            reference=f"{self.requester.last_name} et al. {request.title}. "
            f"Rev Epidemiol Sante Publique. {year}.",
            doi=f"10.1016/j.respe.{year}.{self.rng.randint(10000, 99999)}",
            published_on=timezone.localdate(),
        )

    def do_feedback(self) -> None:
        criteria_set = self.ctx.criteria_set
        if criteria_set is None:
            return
        request = self._req()
        criteria = list(criteria_set.criteria.all())
        for row in request.requested_datasets.select_related("dataset"):
            domain.dataset_feedback_record(
                request,
                by=self.requester,
                dataset=row.dataset,
                criteria_set=criteria_set,
                scores={
                    c.pk: self.rng.randint(max(0, c.scale_max - 3), c.scale_max) for c in criteria
                },
                comment=self.rng.choice(
                    [
                        "Données riches, dictionnaire de variables très utile.",
                        "Quelques unités de biologie hétérogènes à recoder.",
                        "Délai de mise à disposition conforme à l'annonce.",
                    ]
                ),
            )

    def do_dispute(self, close: bool = False) -> None:
        request = self._req()
        dispute = domain.dispute_open(
            request,
            by=self.desk,
            kind=self.rng.choice([DisputeKind.PATIENT, DisputeKind.REQUESTER]),
            description="Opposition d'un patient reçue après l'extraction."
            if self.rng.random() < 0.5
            else "Désaccord sur la facturation d'une extraction complémentaire.",
        )
        if close:
            domain.dispute_close(
                dispute, by=self.desk, outcome="Résolu : extraction corrigée et confirmée."
            )

    def do_start_closing(self) -> None:
        domain.request_start_closing(self._req(), by=self.desk)

    def do_closing_report(self) -> None:
        request = self._req()
        domain.follow_up_update(
            request,
            by=self.requester,
            changes={
                "results_summary": "Les résultats montrent des délais de prise en charge "
                "hétérogènes selon les territoires ; recommandations transmises aux équipes.",
                "data_deletion_confirmed_on": timezone.localdate(),
            },
        )

    def do_close(self) -> None:
        domain.request_close(self._req(), by=self.desk)

    def _req(self) -> AccessRequest:
        assert self.request is not None
        self.request.refresh_from_db()
        return self.request


# --- The seed ---------------------------------------------------------------------------------


class SeedContext:
    def __init__(self) -> None:
        from offers.models import CollaborationLevel, ProjectType, Service, UseCase

        self.clock = SimulatedClock()
        self.users = _users()
        self.organisations = _organisations(self.users)
        self.datasets = list(Dataset.objects.published().select_related("steward").order_by("pk"))
        self.project_types = {p.code: p for p in ProjectType.objects.all()}
        self.collaboration_levels = {c.code: c for c in CollaborationLevel.objects.all()}
        self.use_cases = list(UseCase.objects.all())
        self.services = list(
            Service.objects.filter(is_active=True)
            .prefetch_related("access_modes", "use_cases")
            .order_by("pk")
        )
        self.access_mode = VocabularyTerm.objects.filter(
            vocabulary=Vocabulary.ACCESS_MODE, code="secure_workspace"
        ).first()
        self.criteria_set = (
            CriteriaSet.objects.filter(code="default-quality").prefetch_related("criteria").first()
        )
        self.meetings: dict[Any, CommitteeMeeting] = {}
        from offers.domain.offer import current_offer

        self.has_offer = current_offer() is not None

    def pick_datasets(self, rng: random.Random) -> list[Dataset]:
        if not self.datasets:
            return []
        return rng.sample(self.datasets, k=min(len(self.datasets), rng.choice([1, 1, 2, 3])))

    def use_case_for(self, request: AccessRequest) -> Any:
        actor = getattr(request.organisation, "actor_type_id", None)
        candidates = [u for u in self.use_cases if u.status != "excluded"]
        for use_case in candidates:
            if (
                use_case.project_type_id == request.project_type_id
                and getattr(use_case, "actor_type_id", None) == actor
            ):
                return use_case
        for use_case in candidates:
            if use_case.project_type_id == request.project_type_id:
                return use_case
        return None

    def meeting_on(self, day: Any) -> CommitteeMeeting:
        """One committee a month, on the first Thursday."""
        first = day.replace(day=1)
        thursday = first + timedelta(days=(3 - first.weekday()) % 7)
        if thursday > day:
            thursday = day
        meeting = (
            self.meetings.get(thursday) or CommitteeMeeting.objects.filter(date=thursday).first()
        )
        if meeting is None:
            members = [
                self.users[u]
                for u in ("direction", "operateur", "relecteur", "dpo")
                if u in self.users
            ]
            meeting = domain.committee_meeting_create(
                by=self.users["operateur"],
                date=thursday,
                members_present=members,
                notes="Comité de faisabilité mensuel.",
            )
        self.meetings[thursday] = meeting
        return meeting


def _already_seeded(plan: Plan, users: dict[str, User]) -> bool:
    requester = users.get(plan.requester)
    return AccessRequest.objects.filter(requester=requester, title=plan.title).exists()


def _start_for(plan: Plan, now: datetime) -> datetime:
    total = plan.steps[-1].days
    return now - timedelta(days=plan.end_days_ago + total)


def seed(stdout: TextIO) -> None:
    if "operateur" not in {u.username for u in User.objects.filter(username="operateur")}:
        stdout.write("  guichet: demo users missing, run the accounts seed first")
        return
    context = SeedContext()
    real_now = context.clock.real_start
    todo = [p for p in plans() if not _already_seeded(p, context.users)]
    # Drive the oldest first, so references follow the order of first contact.
    todo.sort(key=lambda p: _start_for(p, real_now))
    created: list[AccessRequest] = []
    with mock.patch.object(domain, "_on_commit_notify", _mute):
        for plan in todo:
            with transaction.atomic():
                driver = Driver(context, plan, _start_for(plan, real_now))
                created.append(driver.run())
    for request in created:
        _refresh_deadline(request)
    _report(stdout, len(created))


def _mute(event: Any) -> None:
    """Demo history must not e-mail anyone."""


def _refresh_deadline(request: AccessRequest) -> None:
    request.refresh_from_db()
    due_on = clocks.deadline_for(request)
    # A derived column only: the state is never written here.
    AccessRequest.objects.filter(pk=request.pk).update(due_on=due_on)


def _report(stdout: TextIO, created: int) -> None:
    demo_titles = {p.title for p in plans()}
    demo = AccessRequest.objects.filter(title__in=demo_titles)
    states = dict.fromkeys(S.values, 0)
    for state in demo.values_list("state", flat=True):
        states[state] += 1
    overdue = demo.filter(clocks.overdue_q()).count()
    covered = sum(1 for n in states.values() if n)
    stdout.write(
        f"  guichet: {len(ORGANISATIONS)} organisations, {demo.count()} requests "
        f"({created} new) in {covered}/{len(S.values)} states, {overdue} overdue"
    )


__all__ = ["plans", "seed"]
