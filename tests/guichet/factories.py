"""Factories for the request pipeline; other apps' tests (contracts, kpis) import them.

`AccessRequestFactory(state=...)` builds a request directly in a state (no events): fine for
permission and page tests. To get a coherent trail, drive a draft with `advance(...)`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from catalogue.models import Vocabulary
from guichet import domain
from guichet.models import (
    AccessRequest,
    AttachmentKind,
    ClockPolicy,
    DataForm,
    FormDefinition,
    FormQuestion,
    Organisation,
    QuestionKind,
    RegulatoryRoute,
    RequestDataset,
    RequestState,
    Review,
    ReviewKind,
    TeamMember,
)
from tests.catalogue.factories import DatasetFactory, term
from tests.offers.factories import project_type

S = RequestState


def pdf_file(name: str = "protocol.pdf", size: int = 0) -> SimpleUploadedFile:
    body = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    if size > len(body):
        body += b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Martin{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Laboratoire {n}")
    country = "FR"
    legal_status = "university"

    @factory.post_generation
    def members(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.members.set(extracted)


class AccessRequestFactory(factory.django.DjangoModelFactory):
    """A request whose answers are all filled (submittable once it has a dataset, a team and
    a protocol: see `submittable_draft`)."""

    class Meta:
        model = AccessRequest
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"DAR-2026-{n + 1:04d}")
    requester = factory.SubFactory(UserFactory)
    organisation = factory.LazyAttribute(lambda o: OrganisationFactory(members=[o.requester]))
    title = factory.Sequence(lambda n: f"Parcours de soins après infarctus {n}")
    summary = "Décrire les parcours de soins des patients après un infarctus du myocarde."
    objectives = "Mesurer les délais de réadaptation cardiaque."
    scientific_question = "Quels facteurs retardent l'entrée en réadaptation ?"
    public_interest = "Améliorer l'organisation des soins après infarctus."
    expected_benefits = "Recommandations aux établissements."
    project_type = factory.LazyFunction(lambda: project_type("academic_research"))
    population = "Adultes hospitalisés pour infarctus, 2018-2023."
    period_description = "2018-2023"
    data_form = DataForm.PSEUDONYMISED
    data_form_justification = "Chaînage des séjours d'un même patient."
    access_mode = factory.LazyFunction(lambda: term(Vocabulary.ACCESS_MODE, "secure_workspace"))
    secure_environment = "Espace de travail sécurisé de l'entrepôt."
    safeguards = "Accès nominatif, journalisation."
    duration_months = 24
    regulatory_route = RegulatoryRoute.MR004
    regulatory_reference = "2219999 v 0"
    ethics_opinion = "not_required"
    funding = "ANR"
    publication_plan = "Article dans une revue à comité de lecture."
    timeline = "Extraction au premier trimestre."


def submittable_draft(requester: User | None = None, **fields: Any) -> AccessRequest:
    """A draft with everything submission needs: a dataset, a team, a protocol."""
    if requester is not None:
        fields.setdefault("requester", requester)
    request = AccessRequestFactory(**fields)
    RequestDataset.objects.create(request=request, dataset=DatasetFactory(published=True))
    TeamMember.objects.create(
        request=request, name="Dr Alix Bernard", role="PI", will_access_data=True
    )
    domain.attachment_add(
        request, by=request.requester, uploaded_file=pdf_file(), kind=AttachmentKind.PROTOCOL
    )
    return request


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    request = factory.SubFactory(AccessRequestFactory, state=S.IN_REVIEW)
    kind = ReviewKind.SCIENTIFIC
    reviewer = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))


class FormDefinitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormDefinition

    version = factory.Sequence(lambda n: n + 1)
    published = True


class FormQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FormQuestion

    form = factory.SubFactory(FormDefinitionFactory)
    code = factory.Sequence(lambda n: f"question-{n}")
    label_fr = factory.Sequence(lambda n: f"Question {n}")
    label_en = factory.Sequence(lambda n: f"Question {n}")
    kind = QuestionKind.TEXT
    required = True


def set_clock(key: str, days: int) -> None:
    ClockPolicy.objects.update_or_create(key=key, defaults={"working_days": days})


# The happy path, as (action, keyword arguments) pairs.
HAPPY_PATH: list[tuple[str, dict[str, Any]]] = [
    ("submit", {}),
    ("start_screening", {}),
    ("send_to_review", {}),
    ("send_to_committee", {}),
    ("approve", {}),
    ("start_negotiation", {}),
    ("start_contracting", {}),
    ("mark_signed", {}),
    ("start_provisioning", {}),
    ("start_project", {}),
    ("start_closing", {}),
]


def advance(request: AccessRequest, to_state: str, *, desk: User) -> AccessRequest:
    """Drive a submittable draft through the happy path with the domain until `to_state`."""
    for code, kwargs in HAPPY_PATH:
        if request.state == to_state:
            return request
        by = request.requester if code == "submit" else desk
        domain.run_action(request, code, by=by, **kwargs)
    if request.state != to_state:
        raise AssertionError(f"{to_state} is not on the happy path")
    return request
