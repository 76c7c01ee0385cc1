"""Staff pages of the offers app: who may open and change them, and what they show."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.formats import localize
from django.utils.translation import override

from accounts.roles import Role
from offers.domain import build_quote, quote_send, time_entry_record
from offers.models import (
    Campaign,
    CostBreakdownLine,
    DeskConfiguration,
    DeskModel,
    ExternalProvider,
    ITCostItem,
    OfferStatus,
    OfferVersion,
    ProjectType,
    Service,
    StaffProfile,
    UseCase,
    UseCaseStatus,
)
from tests.catalogue.factories import DatasetFactory
from tests.offers.conftest import Grid
from tests.offers.factories import (
    ExternalProviderFactory,
    StaffProfileFactory,
    UseCaseFactory,
    actor_type,
    collaboration_level,
    project_type,
)

# These pages were written and checked against the French interface (the demo language).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # Test users get hashed passwords; the production hasher would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


RoleClient = Callable[[str], tuple[Client, Any]]

# (url name, args) of every staff page that only reads.
INVENTORY_PAGES = [
    ("offers:usecase-list", []),
    ("offers:typology-list", []),
    ("offers:campaign-list", []),
    ("offers:perimeter", []),
]
COST_PAGES = [
    ("offers:service-list", []),
    ("offers:version-list", []),
    ("offers:costgrid", []),
    ("offers:timeentry-list", []),
    ("offers:quote-list", []),
    ("offers:desk-config", []),
]
EDIT_PAGES = [
    ("offers:usecase-create", []),
    ("offers:typology-create", ["project-type"]),
    ("offers:campaign-create", []),
    ("offers:service-create", []),
    ("offers:profile-create", []),
    ("offers:itcost-create", []),
    ("offers:timeentry-create", []),
    ("offers:provider-create", []),
]


@pytest.mark.parametrize(("name", "args"), INVENTORY_PAGES + COST_PAGES + EDIT_PAGES)
def test_anonymous_is_sent_to_login(client: Client, name: str, args: list[Any]) -> None:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(("name", "args"), INVENTORY_PAGES + COST_PAGES + EDIT_PAGES)
def test_requester_is_refused(role_client: RoleClient, name: str, args: list[Any]) -> None:
    client, _user = role_client(Role.REQUESTER)
    assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize(("name", "args"), INVENTORY_PAGES)
def test_steward_reads_inventory_and_perimeter(
    role_client: RoleClient, name: str, args: list[Any]
) -> None:
    client, _user = role_client(Role.DATA_STEWARD)
    assert client.get(reverse(name, args=args)).status_code == 200


@pytest.mark.parametrize(("name", "args"), COST_PAGES + EDIT_PAGES)
def test_steward_sees_no_costs_and_edits_nothing(
    role_client: RoleClient, name: str, args: list[Any]
) -> None:
    client, _user = role_client(Role.DATA_STEWARD)
    assert client.get(reverse(name, args=args)).status_code == 403


@pytest.mark.parametrize(("name", "args"), INVENTORY_PAGES + COST_PAGES)
def test_manager_reads_everything(
    role_client: RoleClient, grid: Grid, name: str, args: list[Any]
) -> None:
    client, _user = role_client(Role.MANAGER)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert response.context["can_edit"] is False


@pytest.mark.parametrize(("name", "args"), EDIT_PAGES)
def test_manager_changes_nothing(role_client: RoleClient, name: str, args: list[Any]) -> None:
    client, _user = role_client(Role.MANAGER)
    assert client.get(reverse(name, args=args)).status_code == 403
    assert client.post(reverse(name, args=args), {}).status_code == 403


@pytest.mark.parametrize(("name", "args"), INVENTORY_PAGES + COST_PAGES + EDIT_PAGES)
def test_operator_opens_every_page(
    operator_client: Client, grid: Grid, name: str, args: list[Any]
) -> None:
    assert operator_client.get(reverse(name, args=args)).status_code == 200


# --- Use-case inventory ------------------------------------------------------------------------


def _use_case_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "code": "ai-startups",
        "name_fr": "Entraînement d'IA par des start-up",
        "name_en": "AI training by start-ups",
        "project_type": project_type("ai_training").pk,
        "actor_type": actor_type("startup").pk,
        "collaboration_level": collaboration_level("joint_project").pk,
        "origin": "techno_push",
        "status": "case_by_case",
        "required_reviews": ["scientific", "legal"],
        "position": "1",
    }
    data.update(overrides)
    return data


def test_operator_creates_and_edits_a_use_case(operator_client: Client) -> None:
    response = operator_client.post(reverse("offers:usecase-create"), _use_case_data())
    assert response.status_code == 302
    use_case = UseCase.objects.get(code="ai-startups")
    assert use_case.required_reviews == ["scientific", "legal"]
    assert use_case.status == UseCaseStatus.CASE_BY_CASE

    response = operator_client.post(
        reverse("offers:usecase-edit", args=[use_case.pk]),
        _use_case_data(status="excluded", required_reviews=["ethics"]),
    )
    assert response.status_code == 302
    use_case.refresh_from_db()
    assert use_case.status == UseCaseStatus.EXCLUDED
    assert use_case.required_reviews == ["ethics"]


def test_use_case_form_refuses_bad_input_and_keeps_it(operator_client: Client) -> None:
    response = operator_client.post(
        reverse("offers:usecase-create"),
        _use_case_data(code="not a slug!", project_type="", name_fr="Gardé"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "code" in errors and "project_type" in errors
    assert "Gardé" in response.content.decode()
    assert not UseCase.objects.exists()


def test_use_case_list_filters_and_stays_within_query_budget(
    operator_client: Client, django_assert_max_num_queries: Any
) -> None:
    for n in range(12):
        UseCaseFactory(
            status=UseCaseStatus.EXCLUDED if n % 3 == 0 else UseCaseStatus.TARGETED,
            name_fr=f"Cas {n}",
        )
    with django_assert_max_num_queries(14):
        response = operator_client.get(reverse("offers:usecase-list"))
    assert len(response.context["object_list"]) == 12
    response = operator_client.get(reverse("offers:usecase-list"), {"status": "excluded"})
    assert {uc.status for uc in response.context["object_list"]} == {"excluded"}
    assert len(response.context["object_list"]) == 4


def test_operator_adds_and_edits_a_typology(operator_client: Client) -> None:
    response = operator_client.post(
        reverse("offers:typology-create", args=["project-type"]),
        {
            "code": "teaching",
            "label_fr": "Enseignement",
            "label_en": "Teaching",
            "position": 9,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    entry = ProjectType.objects.get(code="teaching")
    response = operator_client.post(
        reverse("offers:typology-edit", args=["project-type", entry.pk]),
        {"code": "teaching", "label_fr": "Enseignement", "label_en": "Teaching", "position": 9},
    )
    entry.refresh_from_db()
    assert entry.is_active is False
    page = operator_client.get(reverse("offers:typology-list")).content.decode()
    assert "Enseignement" in page or "Teaching" in page


def test_unknown_typology_kind_is_404(operator_client: Client) -> None:
    assert (
        operator_client.get(reverse("offers:typology-create", args=["planet"])).status_code == 404
    )


def test_operator_records_a_campaign(operator_client: Client) -> None:
    dataset = DatasetFactory(published=True)
    response = operator_client.post(
        reverse("offers:campaign-create"),
        {
            "title": "Cohorte IA",
            "date": "2026-10-01",
            "datasets": [dataset.pk],
            "actor_types": [actor_type("startup").pk, actor_type("medtech").pk],
            "outcome": "interest",
            "projects_started": "1",
        },
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert list(campaign.datasets.all()) == [dataset]
    assert campaign.actor_types.count() == 2
    assert campaign.created_by is not None


def test_campaign_needs_datasets_and_actor_types(operator_client: Client) -> None:
    response = operator_client.post(
        reverse("offers:campaign-create"), {"title": "Vide", "date": "2026-10-01"}
    )
    assert response.status_code == 200
    assert {"datasets", "actor_types"} <= set(response.context["form"].errors)
    assert not Campaign.objects.exists()


# --- Desk configuration ------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _desk_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "desk_model": DeskModel.INTERNAL_DECENTRALISED,
        "anonymisation_capability": "on",
        "committee_cadence": "Monthly",
        "patient_information_url": "https://hospital.example/patients",
    }
    data.update(overrides)
    return data


def test_operator_configures_the_desk_and_uploads_the_procedure(
    operator_client: Client, make_user: Callable[..., Any]
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    member = make_user(Role.REVIEWER)
    response = operator_client.post(
        reverse("offers:desk-config"),
        _desk_data(
            committee_members=[member.pk],
            procedure_document=SimpleUploadedFile("proc.pdf", PDF, "application/pdf"),
            procedure_version="2.1",
        ),
    )
    assert response.status_code == 302
    config = DeskConfiguration.get()
    assert config.desk_model == DeskModel.INTERNAL_DECENTRALISED
    assert config.stewards_consulted_on_requests
    assert list(config.committee_members.all()) == [member]
    assert config.sharing_procedure_version == "2.1"
    download = operator_client.get(reverse("offers:desk-procedure"))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("proc.docx", PDF, "application/pdf"),
        ("proc.pdf", b"MZ not a pdf", "application/pdf"),
    ],
)
def test_desk_procedure_refuses_what_is_not_a_pdf(
    operator_client: Client, name: str, content: bytes, kind: str
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = operator_client.post(
        reverse("offers:desk-config"),
        _desk_data(
            procedure_document=SimpleUploadedFile(name, content, kind), procedure_version="1"
        ),
    )
    assert response.status_code == 200
    assert "procedure_document" in response.context["form"].errors
    assert not DeskConfiguration.get().sharing_procedure_document


def test_desk_procedure_size_limit(operator_client: Client, settings: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MAX_UPLOAD_MB = 1
    big = PDF + b"0" * (1024 * 1024)
    response = operator_client.post(
        reverse("offers:desk-config"),
        _desk_data(
            procedure_document=SimpleUploadedFile("big.pdf", big, "application/pdf"),
            procedure_version="1",
        ),
    )
    assert response.status_code == 200
    assert "procedure_document" in response.context["form"].errors


def test_procedure_download_is_for_staff_only(role_client: RoleClient) -> None:
    client, _user = role_client(Role.REQUESTER)
    assert client.get(reverse("offers:desk-procedure")).status_code == 403


def test_desk_page_explains_each_model(operator_client: Client) -> None:
    ExternalProviderFactory(name="Hébergeur HDS")
    page = operator_client.get(reverse("offers:desk-config")).content.decode()
    assert "Hébergeur HDS" in page
    assert page.count('name="desk_model"') == 3


def test_operator_records_an_external_provider(operator_client: Client) -> None:
    response = operator_client.post(
        reverse("offers:provider-create"),
        {"name": "Prestataire", "scope": ["technical", "regulatory"], "is_active": "on"},
    )
    assert response.status_code == 302
    assert ExternalProvider.objects.get().scope == ["technical", "regulatory"]


# --- Service offer and cost grid ---------------------------------------------------------------


def test_service_list_shows_costs_and_prices(operator_client: Client, grid: Grid) -> None:
    page = operator_client.get(reverse("offers:service-list")).content.decode()
    assert "1850,00" in page  # extraction's unit cost (French number format)
    assert "2127,50" in page  # its published base price


def test_service_list_query_count_does_not_grow(
    operator_client: Client, grid: Grid, django_assert_max_num_queries: Any
) -> None:
    profile = StaffProfileFactory()
    for n in range(15):
        service = Service.objects.create(
            code=f"extra-{n}", name_fr=f"Extra {n}", category="provision"
        )
        CostBreakdownLine.objects.create(service=service, staff_profile=profile, days=1)
    with django_assert_max_num_queries(12):
        response = operator_client.get(reverse("offers:service-list"))
    assert sum(len(rows) for _label, rows in response.context["groups"]) == 20


def _service_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "code": "omop-mapping",
        "name_fr": "Alignement OMOP",
        "category": "provision",
        "billing_unit": "per_day",
        "default_quantity": "1",
        "position": "0",
        "is_active": "on",
        "cost-TOTAL_FORMS": "3",
        "cost-INITIAL_FORMS": "0",
        "cost-MIN_NUM_FORMS": "0",
        "cost-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_operator_creates_a_service_with_its_cost_breakdown(operator_client: Client) -> None:
    engineer = StaffProfileFactory(daily_rate="600.00")
    item = ITCostItem.objects.create(code="cpu", name="CPU", unit="hour", unit_cost="0.5")
    response = operator_client.post(
        reverse("offers:service-create"),
        _service_data(
            **{
                "cost-0-staff_profile": engineer.pk,
                "cost-0-days": "1.5",
                "cost-1-it_item": item.pk,
                "cost-1-quantity": "10",
            }
        ),
    )
    assert response.status_code == 302, response.context["formset"].errors
    service = Service.objects.get(code="omop-mapping")
    assert service.unit_cost() == Decimal("905.00")


def test_cost_line_mixing_staff_and_it_is_refused_and_nothing_saved(
    operator_client: Client,
) -> None:
    engineer = StaffProfileFactory()
    item = ITCostItem.objects.create(code="cpu", name="CPU", unit="hour", unit_cost="0.5")
    response = operator_client.post(
        reverse("offers:service-create"),
        _service_data(
            **{
                "cost-0-staff_profile": engineer.pk,
                "cost-0-days": "1",
                "cost-0-it_item": item.pk,
                "cost-0-quantity": "3",
            }
        ),
    )
    assert response.status_code == 200
    assert response.context["formset"].total_error_count() > 0
    assert "Alignement OMOP" in response.content.decode()
    assert not Service.objects.exists()


def test_operator_edits_a_service_line(operator_client: Client, grid: Grid) -> None:
    line = grid.quality.cost_lines.get()
    data = _service_data(
        code="quality-report",
        name_fr="Rapport qualité",
        category="description_quality",
        billing_unit="flat",
        **{
            "cost-TOTAL_FORMS": "1",
            "cost-INITIAL_FORMS": "1",
            "cost-0-id": line.pk,
            "cost-0-staff_profile": line.staff_profile_id,
            "cost-0-days": "3",
        },
    )
    response = operator_client.post(reverse("offers:service-edit", args=[grid.quality.pk]), data)
    assert response.status_code == 302
    grid.quality.refresh_from_db()
    assert grid.quality.unit_cost() == Decimal("1650.00")


def test_operator_adds_a_staff_profile_and_bad_rate_is_refused(operator_client: Client) -> None:
    url = reverse("offers:profile-create")
    response = operator_client.post(url, {"code": "dpo", "name": "DPO", "daily_rate": "-3"})
    assert response.status_code == 200
    assert "daily_rate" in response.context["form"].errors
    response = operator_client.post(url, {"code": "dpo", "name": "DPO", "daily_rate": "700"})
    assert response.status_code == 302
    assert StaffProfile.objects.get(code="dpo").daily_rate == Decimal("700.00")


def test_cost_grid_page_shows_rates_rule_and_vat(manager_client: Client, grid: Grid) -> None:
    page = manager_client.get(reverse("offers:costgrid")).content.decode()
    assert "480,00" in page  # data manager's daily rate
    assert "20 %" in page  # VAT
    assert "15 %" in page  # margin


# --- Offer versions ----------------------------------------------------------------------------


def test_published_version_is_read_only(operator_client: Client, grid: Grid) -> None:
    url = reverse("offers:version-detail", args=[grid.offer.pk])
    page = operator_client.get(url).content.decode()
    assert "Read-only" in page or "Lecture seule" in page
    assert 'name="rule-margin_rate"' not in page
    response = operator_client.post(url, {"rule-margin_rate": "0.5"})
    assert response.status_code == 303
    grid.offer.pricing_rule.refresh_from_db()
    assert grid.offer.pricing_rule.margin_rate == Decimal("0.1500")


def test_draft_is_edited_then_published(operator_client: Client, grid: Grid) -> None:
    response = operator_client.post(reverse("offers:version-create"))
    draft = OfferVersion.objects.get(status=OfferStatus.DRAFT)
    assert response["Location"] == reverse("offers:version-detail", args=[draft.pk])
    url = reverse("offers:version-detail", args=[draft.pk])
    assert 'name="rule-margin_rate"' in operator_client.get(url).content.decode()
    data = {
        "version-number": draft.number,
        "version-title": "2027",
        "version-effective_date": draft.effective_date.isoformat(),
        "rule-grid_type": "complex",
        "rule-margin_rate": "0.2",
        "rule-academic_coefficient": "1",
        "rule-industrial_coefficient": "1.6",
        "rule-vat_rate": "0.2",
        f"coef-coef_{actor_type('non_profit').pk}": "0.8",
    }
    response = operator_client.post(url, data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "2027"
    rule = draft.pricing_rule
    assert rule.margin_rate == Decimal("0.2000")
    assert rule.coefficient_for(actor_type("non_profit")) == Decimal("0.800")
    extraction = draft.prices.get(service=grid.extraction)
    assert extraction.unit_price == Decimal("2220.00")  # 1850 x 1.2

    operator_client.post(reverse("offers:version-action", args=[draft.pk, "publish"]))
    draft.refresh_from_db()
    grid.offer.refresh_from_db()
    assert draft.status == OfferStatus.PUBLISHED
    assert grid.offer.status == OfferStatus.RETIRED


def test_bad_pricing_rule_is_refused_and_draft_unchanged(
    operator_client: Client, grid: Grid
) -> None:
    operator_client.post(reverse("offers:version-create"))
    draft = OfferVersion.objects.get(status=OfferStatus.DRAFT)
    response = operator_client.post(
        reverse("offers:version-detail", args=[draft.pk]),
        {
            "version-number": draft.number,
            "version-effective_date": draft.effective_date.isoformat(),
            "rule-grid_type": "complex",
            "rule-margin_rate": "abc",
            "rule-academic_coefficient": "1",
            "rule-industrial_coefficient": "1.5",
            "rule-vat_rate": "3",
        },
    )
    assert response.status_code == 400
    assert {"margin_rate", "vat_rate"} <= set(response.context["rule_form"].errors)
    draft.pricing_rule.refresh_from_db()
    assert draft.pricing_rule.vat_rate == Decimal("0.2000")


def test_only_one_draft_at_a_time(operator_client: Client, grid: Grid) -> None:
    operator_client.post(reverse("offers:version-create"))
    response = operator_client.post(reverse("offers:version-create"), follow=True)
    assert OfferVersion.objects.filter(status=OfferStatus.DRAFT).count() == 1
    assert list(response.context["messages"])


def test_manager_cannot_publish(role_client: RoleClient, grid: Grid) -> None:
    client, _user = role_client(Role.MANAGER)
    assert client.post(reverse("offers:version-create")).status_code == 403


# --- Timesheets and quotes ---------------------------------------------------------------------


def _sent_quote(grid: Grid, reference: str = "REQ-1") -> Any:
    quote = build_quote(
        datasets=[grid.dataset],
        use_case=grid.use_case,
        actor_type=actor_type("academic_lab"),
        access_mode=None,
        selections=[(grid.extraction, Decimal("1"))],
        by=None,
        request_ref=reference,
    )
    return quote_send(quote, by=None)


def test_time_entry_form_records_with_the_profile_rate(operator_client: Client, grid: Grid) -> None:
    user = operator_client.get(reverse("offers:timeentry-create")).context["user"]
    engineer = StaffProfile.objects.get(code="data-engineer")
    response = operator_client.post(
        reverse("offers:timeentry-create"),
        {
            "person": user.pk,
            "staff_profile": engineer.pk,
            "service": grid.extraction.pk,
            "date": "2026-11-02",
            "days": "2.5",
            "request_reference": "REQ-1",
        },
    )
    assert response.status_code == 302
    entry = engineer.time_entries.get()
    assert entry.daily_rate == Decimal("600.00")
    assert entry.cost == Decimal("1500.00")


def test_time_entry_refuses_zero_days(operator_client: Client, grid: Grid) -> None:
    user = operator_client.get(reverse("offers:timeentry-create")).context["user"]
    response = operator_client.post(
        reverse("offers:timeentry-create"),
        {
            "person": user.pk,
            "staff_profile": StaffProfile.objects.first().pk,
            "date": "2026-11-02",
            "days": "0",
        },
    )
    assert response.status_code == 200
    assert "days" in response.context["form"].errors


def test_timesheet_compares_actual_with_budget(
    operator_client: Client, grid: Grid, make_user: Callable[..., Any]
) -> None:
    _sent_quote(grid)
    engineer = StaffProfile.objects.get(code="data-engineer")
    person = make_user(Role.DESK_OPERATOR)
    time_entry_record(
        person=person,
        staff_profile=engineer,
        days=Decimal("4"),
        service=grid.extraction,
        request_reference="REQ-1",
    )
    response = operator_client.get(reverse("offers:timeentry-list"))
    rows = {row["service"]: row for row in response.context["summary"]}
    row = rows[grid.extraction]
    assert row["budget_days"] == Decimal("3.00")  # 3 engineer days per extraction x 1
    assert row["budget_cost"] == Decimal("1800.00")
    assert row["actual_cost"] == Decimal("2400.00")
    assert row["over_budget"] is True
    (comparison,) = response.context["comparisons"]
    # The quote's internal cost: feasibility 480 + follow-up 240 (included) + extraction 1850.
    assert comparison.budget == Decimal("2570.00")
    assert comparison.actual == Decimal("2400.00")
    assert not comparison.over_budget


def test_quote_pages_show_totals_and_margin(
    operator_client: Client, grid: Grid, django_assert_max_num_queries: Any
) -> None:
    for n in range(5):
        _sent_quote(grid, reference=f"REQ-{n}")
    with django_assert_max_num_queries(10):
        response = operator_client.get(reverse("offers:quote-list"))
    assert len(response.context["object_list"]) == 5
    quote = response.context["object_list"][0]
    page = operator_client.get(reverse("offers:quote-detail", args=[quote.pk])).content.decode()
    with override("fr"):
        assert localize(quote.total_incl_vat) in page
        assert localize(quote.margin_amount) in page
    assert "sent" in page.lower() or "envoy" in page.lower()


def test_requester_never_sees_a_quote(role_client: RoleClient, grid: Grid) -> None:
    quote = _sent_quote(grid)
    client, _user = role_client(Role.REQUESTER)
    assert client.get(reverse("offers:quote-detail", args=[quote.pk])).status_code == 403


@pytest.fixture
def manager_client(role_client: RoleClient) -> Client:
    return role_client(Role.MANAGER)[0]


def test_campaign_and_timesheet_lists_stay_within_query_budget(
    operator_client: Client,
    grid: Grid,
    make_user: Callable[..., Any],
    django_assert_max_num_queries: Any,
) -> None:
    from tests.offers.factories import CampaignFactory

    for _n in range(8):
        CampaignFactory()
    person = make_user(Role.DESK_OPERATOR)
    engineer = StaffProfile.objects.get(code="data-engineer")
    for n in range(4):
        _sent_quote(grid, reference=f"REQ-{n}")
    for n in range(20):
        time_entry_record(
            person=person,
            staff_profile=engineer,
            days=Decimal("1"),
            service=grid.extraction,
            request_reference=f"REQ-{n % 4}",
        )
    with django_assert_max_num_queries(12):
        response = operator_client.get(reverse("offers:campaign-list"))
    assert len(response.context["object_list"]) == 8
    with django_assert_max_num_queries(16):
        response = operator_client.get(reverse("offers:timeentry-list"))
    assert len(response.context["object_list"]) == 20
    assert len(response.context["comparisons"]) == 4
