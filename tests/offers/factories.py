"""Factories for offers objects; other apps' tests (pipeline, contracts, kpis) import them.

Typologies seeded by migration 0002 are reused by code (`actor_type("big_pharma")`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory

from offers.models import (
    ActorType,
    Campaign,
    CollaborationLevel,
    CostBreakdownLine,
    ExternalProvider,
    ITCostItem,
    Origin,
    PerimeterCell,
    PerimeterStatus,
    ProjectType,
    Service,
    ServiceCategory,
    StaffProfile,
    UseCase,
    UseCaseStatus,
    ValorisationTool,
)
from tests.catalogue.factories import DatasetFactory


def actor_type(code: str) -> ActorType:
    return ActorType.objects.get(code=code)


def project_type(code: str) -> ProjectType:
    return ProjectType.objects.get(code=code)


def collaboration_level(code: str) -> CollaborationLevel:
    return CollaborationLevel.objects.get(code=code)


def valorisation_tool(code: str) -> ValorisationTool:
    return ValorisationTool.objects.get(code=code)


class ProjectTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"project-type-{n}")
    label_fr = factory.Sequence(lambda n: f"Type de projet {n}")
    label_en = factory.Sequence(lambda n: f"Project type {n}")


class ActorTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActorType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"actor-type-{n}")
    label_fr = factory.Sequence(lambda n: f"Acteur {n}")
    label_en = factory.Sequence(lambda n: f"Actor {n}")
    is_industrial = False


class UseCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UseCase
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"use-case-{n}")
    name_fr = factory.Sequence(lambda n: f"Cas d'usage {n}")
    name_en = factory.Sequence(lambda n: f"Use case {n}")
    project_type = factory.LazyFunction(lambda: project_type("academic_research"))
    actor_type = factory.LazyFunction(lambda: actor_type("academic_lab"))
    collaboration_level = factory.LazyFunction(lambda: collaboration_level("provision"))
    origin = Origin.MARKET_PULL
    status = UseCaseStatus.TARGETED
    required_reviews = factory.LazyFunction(lambda: ["scientific", "legal"])


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Campaign {n}")
    message = "We built a new structured dataset that may interest you."

    @factory.post_generation
    def datasets(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.datasets.set(extracted or [DatasetFactory(published=True)])

    @factory.post_generation
    def actor_types(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create:
            self.actor_types.set(extracted or [actor_type("startup")])


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"profile-{n}")
    name = factory.Sequence(lambda n: f"Profile {n}")
    daily_rate = Decimal("500.00")


class ITCostItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ITCostItem
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"it-item-{n}")
    name = factory.Sequence(lambda n: f"IT item {n}")
    unit = "TB-month"
    unit_cost = Decimal("25.0000")


class ServiceFactory(factory.django.DjangoModelFactory):
    """A service; pass `staff=[(profile, days)]` and `it=[(item, qty)]` for its cost lines."""

    class Meta:
        model = Service
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"service-{n}")
    name_fr = factory.Sequence(lambda n: f"Service {n}")
    name_en = factory.Sequence(lambda n: f"Service {n}")
    category = ServiceCategory.PROVISION
    included_by_default = False
    billing_unit = "flat"

    @factory.post_generation
    def staff(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        for profile, days in extracted or []:
            CostBreakdownLine.objects.create(service=self, staff_profile=profile, days=days)

    @factory.post_generation
    def it(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        for item, quantity in extracted or []:
            CostBreakdownLine.objects.create(service=self, it_item=item, quantity=quantity)


class PerimeterCellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerimeterCell
        skip_postgeneration_save = True

    dataset = factory.SubFactory(DatasetFactory, published=True)
    use_case = factory.SubFactory(UseCaseFactory)
    status = PerimeterStatus.ALLOWED

    @factory.post_generation
    def default_services(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.default_services.set(extracted)


class ExternalProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExternalProvider

    name = factory.Sequence(lambda n: f"Provider {n}")
    contact_email = "contact@provider.example"
    scope = factory.LazyFunction(lambda: ["technical"])
