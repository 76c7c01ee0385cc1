"""Model-level rules: seeded typologies, labels, constraints, unit costs, coefficients."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from offers.models import (
    ActorType,
    CollaborationLevel,
    CostBreakdownLine,
    DeskConfiguration,
    PerimeterCell,
    ProjectType,
    Quote,
    UseCase,
    ValorisationTool,
)
from tests.catalogue.factories import DatasetFactory
from tests.offers.conftest import Grid
from tests.offers.factories import (
    ExternalProviderFactory,
    ITCostItemFactory,
    ServiceFactory,
    StaffProfileFactory,
    UseCaseFactory,
    actor_type,
)
from tests.offers.test_quotes import pharma_quote

pytestmark = pytest.mark.django_db
D = Decimal


def test_default_typologies_are_seeded() -> None:
    assert {
        "academic_research",
        "epidemiology",
        "ai_training",
        "product_development",
        "medico_economic",
        "pharmacovigilance",
        "public_health_evaluation",
        "registry_study",
    } <= set(ProjectType.objects.values_list("code", flat=True))
    industrial = set(ActorType.objects.filter(is_industrial=True).values_list("code", flat=True))
    assert industrial == {"big_pharma", "medtech", "startup", "cro"}
    levels = list(CollaborationLevel.objects.values_list("code", flat=True))
    assert levels[0] == "provision" and levels[-1] == "joint_project"
    kinds = dict(ValorisationTool.objects.values_list("code", "kind"))
    assert kinds["cost_recovery"] == "value_securing"
    assert kinds["royalties"] == "value_maximising"
    assert kinds["co_authorship"] == "scientific"


def test_roles_get_permissions() -> None:
    from django.contrib.auth.models import Group

    operator = Group.objects.get(name="desk_operator").permissions
    assert operator.filter(codename="publish_offerversion").exists()
    assert operator.filter(codename="send_quote").exists()
    manager = Group.objects.get(name="manager").permissions
    assert manager.filter(codename="view_quote").exists()
    assert not manager.filter(codename="change_quote").exists()


def test_bilingual_labels() -> None:
    startup = actor_type("startup")
    with translation.override("fr"):
        assert (
            startup.label == "Start-up" and str(actor_type("hospital")) == "Établissement de santé"
        )
    with translation.override("en"):
        assert str(actor_type("hospital")) == "Hospital"
    use_case = UseCaseFactory(name_fr="Étude", name_en="")
    with translation.override("en"):
        assert use_case.name == "Étude"  # falls back to French


def test_required_reviews_validation() -> None:
    use_case = UseCaseFactory.build(required_reviews=["scientific", "astrology"])
    with pytest.raises(ValidationError) as caught:
        use_case.full_clean()
    assert "required_reviews" in caught.value.message_dict
    use_case = UseCaseFactory(required_reviews=["legal", "ethics"])
    assert use_case.review_kind_labels() == ["Legal / data protection", "Ethics"]


def test_unit_cost_sums_staff_and_it_lines() -> None:
    profile = StaffProfileFactory(daily_rate=D("333.33"))
    item = ITCostItemFactory(unit_cost=D("0.1234"))
    service = ServiceFactory(staff=[(profile, D("1.5"))], it=[(item, D("10"))])
    # 499.995 + 1.234 = 501.229 -> 501.23
    assert service.unit_cost() == D("501.23")
    assert ServiceFactory().unit_cost() == D("0.00")


def test_cost_line_is_staff_xor_it() -> None:
    service = ServiceFactory()
    profile, item = StaffProfileFactory(), ITCostItemFactory()
    both = CostBreakdownLine(
        service=service, staff_profile=profile, days=1, it_item=item, quantity=1
    )
    with pytest.raises(ValidationError):
        both.full_clean()
    half = CostBreakdownLine(service=service, staff_profile=profile)
    with pytest.raises(ValidationError) as caught:
        half.full_clean()
    assert "days" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        CostBreakdownLine.objects.create(service=service)


def test_conditional_cell_needs_conditions_in_the_database() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        PerimeterCell.objects.create(
            dataset=DatasetFactory(), use_case=UseCaseFactory(), status="conditional"
        )
    cell = PerimeterCell(dataset=DatasetFactory(), use_case=UseCaseFactory(), status="conditional")
    with pytest.raises(ValidationError):
        cell.full_clean()


def test_desk_configuration_is_a_singleton() -> None:
    assert DeskConfiguration.get() == DeskConfiguration.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        DeskConfiguration.objects.create(pk=2)


def test_external_provider_scope() -> None:
    provider = ExternalProviderFactory(scope=["technical", "regulatory"])
    assert provider.scope_labels() == ["Technical (infrastructure, access)", "Regulatory"]
    provider.scope = ["cooking"]
    with pytest.raises(ValidationError):
        provider.full_clean()


def test_quote_totals_constraint(grid: Grid) -> None:
    quote = pharma_quote(grid)
    assert str(quote) == f"{quote.reference} v1" and quote.label.endswith("-v1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.filter(pk=quote.pk).update(vat_amount=D("1.00"))


def test_use_case_protects_its_typologies() -> None:
    from django.db.models import ProtectedError

    use_case = UseCaseFactory()
    with pytest.raises(ProtectedError):
        use_case.project_type.delete()
    assert UseCase.objects.filter(pk=use_case.pk).exists()
