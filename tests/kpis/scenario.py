"""A small desk history with explicit timestamps. Every expected figure in the tests is
computed by hand from the dates and amounts below (see the comments in test_domain.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from catalogue.models import Dataset
from contracts.models import Clause, ClauseDeviation, Contract, ContractTemplate, ContractVersion
from guichet.models import (
    AccessRequest,
    Dispute,
    Message,
    ProjectFollowUp,
    PublicationReport,
    RequestDataset,
)
from kpis.models import ManualInput
from offers.models import (
    OfferVersion,
    PerimeterCell,
    Quote,
    QuoteLine,
    ServicePrice,
    TimeEntry,
    UseCaseStatus,
)
from tests.catalogue.factories import DatasetFactory
from tests.guichet.factories import AccessRequestFactory, UserFactory
from tests.offers.factories import ServiceFactory, StaffProfileFactory, UseCaseFactory, actor_type

PARIS = ZoneInfo("Europe/Paris")


def at(y: int, m: int, d: int, hour: int = 12) -> datetime:
    return datetime(y, m, d, hour, tzinfo=PARIS)


@dataclass
class Scenario:
    requests: dict[str, AccessRequest]
    datasets: dict[str, Dataset]


def _request(key: str, **stamps: datetime | None) -> AccessRequest:
    request = AccessRequestFactory(reference=f"KPI-{key}", title=f"Project {key}")
    AccessRequest.objects.filter(pk=request.pk).update(**stamps)
    request.refresh_from_db()
    return request


def _quote(
    ref: str,
    offer: OfferVersion,
    *,
    status: str,
    decided: datetime,
    total: str,
    margin: str,
    cost: str,
) -> Quote:
    return Quote.objects.create(
        reference=ref,
        offer_version=offer,
        actor_type=actor_type("academic_lab"),
        status=status,
        grid_type="academic",
        actor_coefficient=Decimal("1"),
        vat_rate=Decimal("0.2"),
        total_excl_vat=Decimal(total),
        vat_amount=Decimal(total) / 5,
        total_incl_vat=Decimal(total) * Decimal("1.2"),
        margin_amount=Decimal(margin),
        total_cost=Decimal(cost),
        decided_at=decided,
    )


def build() -> Scenario:
    # Datasets: D1 listed long ago and anonymised, D2 listed mid-March 2025, D3 never
    # published, D4 published "now" (after the 2025 period).
    d1 = DatasetFactory(published=True, is_anonymised=True)
    d2 = DatasetFactory(published=True)
    d3 = DatasetFactory()
    DatasetFactory(published=True)
    Dataset.objects.filter(pk=d1.pk).update(published_at=at(2024, 6, 1))
    Dataset.objects.filter(pk=d2.pk).update(published_at=at(2025, 3, 15))

    targeted = UseCaseFactory(status=UseCaseStatus.TARGETED)
    other = UseCaseFactory(status=UseCaseStatus.TARGETED)
    excluded = UseCaseFactory(status=UseCaseStatus.EXCLUDED)
    PerimeterCell.objects.create(dataset=d2, use_case=other, status="excluded")

    r1 = _request(
        "R1",
        first_contact_at=at(2025, 1, 6),
        submitted_at=at(2025, 1, 8),
        contract_signed_at=at(2025, 2, 5),
        data_available_at=at(2025, 2, 19),
        use_case=targeted,
    )
    r2 = _request(
        "R2",
        first_contact_at=at(2025, 4, 1),
        submitted_at=at(2025, 4, 2),
        contract_signed_at=at(2025, 6, 3),
        data_available_at=at(2025, 6, 10),
        use_case=other,
    )
    r3 = _request(
        "R3",
        first_contact_at=at(2024, 11, 4),
        submitted_at=at(2024, 11, 5),
        contract_signed_at=at(2025, 1, 6),
        use_case=targeted,
    )
    r4 = _request(
        "R4",
        first_contact_at=at(2024, 10, 1),
        submitted_at=at(2024, 10, 2),
        contract_signed_at=at(2024, 12, 16),
        data_available_at=at(2025, 1, 10),
        use_case=targeted,
    )
    r5 = _request("R5", first_contact_at=at(2025, 2, 1), submitted_at=at(2025, 2, 3), use_case=None)
    r6 = _request(
        "R6",
        first_contact_at=at(2025, 11, 1),
        submitted_at=at(2025, 11, 3),
        contract_signed_at=at(2026, 1, 10),
        use_case=targeted,
    )
    r7 = _request(
        "R7", first_contact_at=at(2025, 6, 30), submitted_at=at(2025, 7, 1), use_case=excluded
    )

    RequestDataset.objects.filter(request__in=[r1, r2, r3, r4, r5, r6, r7]).delete()
    for request, dataset in [(r1, d1), (r1, d2), (r2, d2), (r4, d3), (r6, d1)]:
        RequestDataset.objects.create(request=request, dataset=dataset)

    PublicationReport.objects.create(request=r1, reference="Paper 1", published_on=date(2025, 6, 1))
    PublicationReport.objects.create(request=r5, reference="Paper 2", reported_at=at(2025, 3, 1))
    PublicationReport.objects.create(
        request=r2, reference="Paper 3", published_on=date(2024, 12, 1)
    )

    for key, start, end, value in [
        ("holder_contracts", date(2025, 1, 1), date(2025, 6, 30), "4"),
        ("holder_contracts", date(2025, 7, 1), date(2025, 12, 31), "2"),
        ("holder_contracts", date(2024, 12, 1), date(2025, 1, 31), "100"),
        ("invoiced_revenue", date(2025, 1, 1), date(2025, 3, 31), "1500"),
        ("invoiced_revenue", date(2025, 4, 1), date(2025, 6, 30), "2500"),
    ]:
        ManualInput.objects.create(
            key=key, period_start=start, period_end=end, value=Decimal(value)
        )

    template = ContractTemplate.objects.create(
        code="kpi-test", kind="data_provision", name_fr="T", name_en="T"
    )
    c1 = Contract.objects.create(request=r1, template=template, first_sent_at=at(2025, 1, 20))
    c2 = Contract.objects.create(request=r2, template=template, first_sent_at=at(2025, 5, 1))
    c3 = Contract.objects.create(request=r3, template=template, first_sent_at=at(2024, 12, 10))
    for contract, number, created in [
        (c1, 1, at(2025, 1, 19)),
        (c1, 2, at(2025, 1, 25)),
        (c2, 1, at(2025, 4, 30)),
        (c3, 1, at(2024, 12, 9)),
        (c3, 2, at(2024, 12, 20)),
    ]:
        ContractVersion.objects.create(
            contract=contract,
            number=number,
            inputs_hash=f"{contract.pk}-{number}",
            created_at=created,
        )
    fees = Clause.objects.create(code="kpi-fees", category="fees_payment")
    ClauseDeviation.objects.create(contract=c2, clause=fees, body_fr="Gratuit", reason="Partenaire")
    ClauseDeviation.objects.create(
        contract=c3, clause=fees, body_fr="Gratuit", reason="Annulé", withdrawn_at=at(2025, 1, 2)
    )

    Message.objects.create(
        request=r5, body="?", is_information_request=True, created_at=at(2025, 2, 1)
    )
    Message.objects.create(
        request=r1, body="?", is_information_request=True, created_at=at(2025, 1, 7)
    )
    Message.objects.create(
        request=r1, body="?", is_information_request=True, created_at=at(2024, 12, 20)
    )
    Message.objects.create(request=r1, body="ok", created_at=at(2025, 2, 1))

    ProjectFollowUp.objects.create(request=r1, extra_technical_work=True)
    ProjectFollowUp.objects.create(request=r3, extra_technical_work=True)

    Dispute.objects.create(request=r1, kind="patient", description="x", opened_on=date(2025, 3, 10))
    Dispute.objects.create(
        request=r2, kind="requester", description="x", opened_on=date(2025, 12, 31)
    )
    Dispute.objects.create(
        request=r3, kind="patient", description="x", opened_on=date(2024, 12, 31)
    )

    offer = OfferVersion.objects.create(number=901)
    priced, unpriced = ServiceFactory(), ServiceFactory()
    ServicePrice.objects.create(
        offer_version=offer,
        service=priced,
        name_fr="S",
        category="provision",
        billing_unit="flat",
        unit_price=Decimal("100"),
        unit_cost=Decimal("80"),
    )
    q1 = _quote(
        "Q1",
        offer,
        status="accepted",
        decided=at(2025, 2, 1),
        total="1000.00",
        margin="200.00",
        cost="800.00",
    )
    q2 = _quote(
        "Q2",
        offer,
        status="accepted",
        decided=at(2025, 6, 1),
        total="3000.00",
        margin="600.00",
        cost="2400.00",
    )
    q3 = _quote(
        "Q3",
        offer,
        status="accepted",
        decided=at(2024, 12, 1),
        total="500.00",
        margin="100.00",
        cost="400.00",
    )
    _quote(
        "Q4",
        offer,
        status="declined",
        decided=at(2025, 3, 1),
        total="9000.00",
        margin="900.00",
        cost="8100.00",
    )
    for quote, service in [(q1, unpriced), (q2, priced)]:
        QuoteLine.objects.create(
            quote=quote,
            service=service,
            label="line",
            billing_unit="flat",
            quantity=Decimal("1"),
            unit_price=Decimal("1"),
            unit_cost=Decimal("1"),
            total=Decimal("1"),
            cost=Decimal("1"),
        )
    for request, quote in [(r1, q1), (r2, q2), (r3, q3)]:
        AccessRequest.objects.filter(pk=request.pk).update(quote=quote)

    person, profile = UserFactory(), StaffProfileFactory()
    for reference, days, day in [
        ("KPI-R1", "2", date(2025, 3, 1)),
        ("KPI-R2", "1", date(2025, 7, 1)),
        ("KPI-R3", "5", date(2024, 12, 1)),
    ]:
        TimeEntry.objects.create(
            person=person,
            staff_profile=profile,
            days=Decimal(days),
            daily_rate=Decimal("500.00"),
            date=day,
            request_reference=reference,
        )

    requests = {r.reference[4:]: r for r in [r1, r2, r3, r4, r5, r6, r7]}
    return Scenario(requests, {"D1": d1, "D2": d2, "D3": d3})
