"""Each computed maturity indicator, met and not met; the declared one; snapshots."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalogue.models import Assessment, CriteriaSet, Dataset
from contracts.models import ContractTemplate
from guichet.models import CommitteeDecision
from kpis.domain import compute_maturity, declare, take_snapshot
from kpis.models import KpiSettings, MaturitySnapshot
from offers.models import CostBreakdownLine, DeskConfiguration, OfferVersion, UseCase
from tests.catalogue.factories import DatasetFactory
from tests.guichet.factories import AccessRequestFactory, UserFactory
from tests.offers.factories import (
    ServiceFactory,
    StaffProfileFactory,
    UseCaseFactory,
    valorisation_tool,
)

pytestmark = pytest.mark.django_db


def met(code: str) -> bool:
    return next(r.met for r in compute_maturity() if r.code == code)


def test_twelve_indicators_in_five_blocks() -> None:
    results = compute_maturity()
    assert len(results) == 12
    assert {r.definition.block for r in results} == {
        "catalogue",
        "use_cases",
        "technical",
        "regulatory",
        "valorisation",
    }
    assert all(r.reason for r in results)


def test_catalogue_exists() -> None:
    Dataset.objects.all().delete()
    DatasetFactory()  # a draft does not make a catalogue
    assert not met("M-CAT-3")
    DatasetFactory(published=True)
    assert met("M-CAT-3")


def test_standard_sheet_uses_the_threshold() -> None:
    Dataset.objects.all().delete()
    dataset = DatasetFactory(published=True)
    settings = KpiSettings.get()
    settings.completeness_threshold = Decimal(dataset.completeness) + 1
    settings.sheets_share_required = Decimal("50")
    settings.save()
    assert not met("M-CAT-1")
    settings.completeness_threshold = Decimal(dataset.completeness)
    settings.save()
    assert met("M-CAT-1")


def test_quality_solution_needs_a_priori_assessment() -> None:
    Assessment.objects.all().delete()
    assert CriteriaSet.objects.filter(is_default=True).exists()
    assert not met("M-CAT-2")
    Assessment.objects.create(
        dataset=DatasetFactory(published=True),
        criteria_set=CriteriaSet.objects.get(is_default=True),
        kind="a_priori",
    )
    assert met("M-CAT-2")


def test_typology_needs_a_use_case() -> None:
    UseCase.objects.all().delete()
    assert not met("M-UC-1")
    UseCaseFactory()
    assert met("M-UC-1")


def test_committee_needs_members_and_a_decision() -> None:
    desk = DeskConfiguration.get()
    assert not met("M-UC-2")
    desk.committee_members.add(UserFactory())
    assert not met("M-UC-2")
    CommitteeDecision.objects.create(request=AccessRequestFactory(), decision="approved")
    assert met("M-UC-2")


def test_desk_configuration_indicators() -> None:
    from django.core.files.base import ContentFile

    desk = DeskConfiguration.get()
    Dataset.objects.filter(synthetic_version_available=True).update(
        synthetic_version_available=False
    )
    assert not met("M-TEC-1") and not met("M-TEC-2") and not met("M-REG-1")
    desk.sharing_procedure_document.save("procedure.pdf", ContentFile(b"%PDF-1.7"), save=False)
    desk.anonymisation_capability = True
    desk.patient_information_url = "https://example.org/patients"
    desk.save()
    assert met("M-TEC-1") and met("M-TEC-2")
    assert not met("M-REG-1")  # a site without a consent procedure is not enough
    desk.consent_procedure = "Opposition par formulaire."
    desk.save()
    assert met("M-REG-1")


def test_synthetic_dataset_is_enough_for_anonymisation() -> None:
    DatasetFactory(published=True, synthetic_version_available=True)
    assert met("M-TEC-2")


def test_standard_contracts() -> None:
    ContractTemplate.objects.filter(status="published").delete()
    assert not met("M-REG-2")
    ContractTemplate.objects.create(
        code="t", kind="data_provision", name_fr="T", name_en="T", status="published"
    )
    assert met("M-REG-2")


def test_offer_tied_to_valorisation_tools() -> None:
    OfferVersion.objects.filter(status="published").delete()
    use_case = UseCaseFactory()
    use_case.valorisation_tools.add(valorisation_tool(valorisation_tool_code()))
    assert not met("M-VAL-1")
    OfferVersion.objects.create(number=950, status="published")
    assert met("M-VAL-1")


def valorisation_tool_code() -> str:
    from offers.models import ValorisationTool

    tool = ValorisationTool.objects.first()
    assert tool is not None
    return tool.code


def test_running_costs_known() -> None:
    from offers.models import Service

    Service.objects.update(is_active=False)
    profile = StaffProfileFactory()
    service = ServiceFactory()
    assert not met("M-VAL-2")
    CostBreakdownLine.objects.create(service=service, staff_profile=profile, days=Decimal("1"))
    assert met("M-VAL-2")


def test_declared_indicator_and_snapshot() -> None:
    manager = UserFactory()
    assert not met("M-TEC-3")
    declare("M-TEC-3", met=True, by=manager, evidence_text="ETL nightly")
    assert met("M-TEC-3")
    snapshot = take_snapshot(by=manager)
    assert snapshot.results["M-TEC-3"] is True
    assert snapshot.met_count == sum(snapshot.results.values())
    assert MaturitySnapshot.objects.count() == 1
