"""Offers API: permission matrix, no internal cost in public/requester answers, 409 on
published offers and sent quotes, field errors, query counts."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.roles import Role
from offers.domain import quote_send
from offers.models import OfferStatus, PerimeterCell, Quote, QuoteStatus
from tests.catalogue.factories import DatasetFactory
from tests.offers.conftest import Grid
from tests.offers.factories import (
    CampaignFactory,
    PerimeterCellFactory,
    ServiceFactory,
    StaffProfileFactory,
    UseCaseFactory,
)
from tests.offers.test_quotes import pharma_quote

COST_WORDS = ("cost", "margin", "daily_rate", "below_cost")


def post(client: Client, url: str, data: object, method: str = "post"):
    return getattr(client, method)(url, data=json.dumps(data), content_type="application/json")


def assert_no_cost(payload: object) -> None:
    text = json.dumps(payload)
    for word in COST_WORDS:
        assert word not in text, f"{word!r} leaked in {text[:300]}"


# --- Public surface ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", Role.REQUESTER])
def test_public_reads_carry_no_cost(grid: Grid, role_client, who) -> None:
    client = Client() if who == "anonymous" else role_client(who)[0]
    current = client.get("/api/offers/current/")
    assert current.status_code == 200
    body = current.json()
    assert body["number"] == 1 and body["vat_rate"] == "0.2000"
    assert {p["service"]: p["unit_price"] for p in body["prices"]}["extraction"] == "2127.50"
    coefficients = {a["code"]: a["coefficient"] for a in body["actor_types"]}
    assert coefficients["big_pharma"] == "1.500" and coefficients["academic_lab"] == "1.000"
    assert_no_cost(body)
    services = client.get("/api/offers/services/")
    assert services.status_code == 200 and services.json()["count"] == 5
    assert_no_cost(services.json())
    detail = client.get("/api/offers/services/extraction/")
    assert detail.status_code == 200
    assert_no_cost(detail.json())
    assert client.get("/api/offers/actor-types/").status_code == 200
    for url in (
        "/api/offers/versions/",
        "/api/offers/quotes/",
        "/api/offers/staff-profiles/",
        "/api/offers/it-cost-items/",
        "/api/offers/cost-lines/",
        "/api/offers/time-entries/",
    ):
        assert client.get(url).status_code in (401, 403), url


def test_public_estimate_without_login(grid: Grid) -> None:
    response = post(
        Client(enforce_csrf_checks=True),
        "/api/offers/estimate/",
        {
            "actor_type": "big_pharma",
            "access_mode": "secure_workspace",
            "selections": [
                {"service": "extraction", "quantity": "2"},
                {"service": "workspace", "quantity": 6},
                {"service": "quality-report", "quantity": "1"},
            ],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["binding"] is False
    assert (body["total_excl_vat"], body["vat"], body["total_incl_vat"]) == (
        "12937.50",
        "2587.50",
        "15525.00",
    )
    assert [line["service"] for line in body["lines"]][:2] == ["feasibility", "follow-up"]
    assert_no_cost(body)
    assert Quote.objects.count() == 0


def test_estimate_field_errors(grid: Grid) -> None:
    client = Client()
    response = post(
        client,
        "/api/offers/estimate/",
        {
            "actor_type": "martian",
            "selections": [{"service": "extraction", "quantity": "-1"}, {"service": "nope"}],
        },
    )
    assert response.status_code == 400
    errors = response.json()
    assert "actor_type" in errors and "selections" in errors
    response = post(
        client,
        "/api/offers/estimate/",
        {
            "actor_type": "startup",
            "access_mode": "transfer",
            "selections": [{"service": "workspace", "quantity": 1}],
        },
    )
    assert response.status_code == 400
    assert "access mode" in " ".join(response.json()["selections"])


def test_estimate_without_offer_is_a_clear_400(db: None) -> None:
    response = post(Client(), "/api/offers/estimate/", {"actor_type": "startup"})
    assert response.status_code == 400
    assert "No service offer is published" in response.json()["non_field_errors"][0]
    assert Client().get("/api/offers/current/").status_code == 404


# --- Staff surface ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, sees_costs",
    [
        (Role.DESK_OPERATOR, True),
        (Role.MANAGER, True),
        (Role.DATA_STEWARD, False),
        (Role.REVIEWER, False),
        (Role.LEGAL, False),
        (Role.REQUESTER, False),
    ],
)
def test_cost_visibility_matrix(grid: Grid, role_client, role, sees_costs) -> None:
    client, _user = role_client(role)
    pharma_quote(grid)
    service = client.get("/api/offers/services/extraction/").json()
    assert ("unit_cost" in service) is sees_costs
    if sees_costs:
        assert service["unit_cost"] == "1850.00"
    for url in ("/api/offers/versions/", "/api/offers/quotes/", "/api/offers/staff-profiles/"):
        expected = 200 if sees_costs else 403
        assert client.get(url).status_code == expected, url
    if sees_costs:
        version = client.get("/api/offers/versions/1/").json()
        assert version["prices"][0]["unit_cost"]
        quote = client.get("/api/offers/quotes/").json()["results"][0]
        assert quote["total_cost"] == "7500.00" and quote["margin_amount"] == "5437.50"


@pytest.mark.parametrize(
    "role, read, write",
    [
        (Role.DESK_OPERATOR, 200, 201),
        (Role.MANAGER, 200, 403),
        (Role.DATA_STEWARD, 200, 403),
        (Role.REVIEWER, 200, 403),
        (Role.REQUESTER, 403, 403),
        ("anonymous", 403, 403),
    ],
)
def test_inventory_permissions(db: None, role_client, role, read, write) -> None:
    client = Client() if role == "anonymous" else role_client(role)[0]
    UseCaseFactory()
    assert client.get("/api/offers/use-cases/").status_code == read
    response = post(
        client,
        "/api/offers/use-cases/",
        {
            "code": "ai-startups",
            "name_fr": "IA avec des start-up",
            "project_type": "ai_training",
            "actor_type": "startup",
            "collaboration_level": "scientific_collaboration",
            "origin": "techno_push",
            "status": "case_by_case",
            "required_reviews": ["ethics", "scientific"],
            "valorisation_tools": ["royalties"],
        },
    )
    assert response.status_code == write, response.content
    if write == 201:
        assert response.json()["required_reviews"] == ["scientific", "ethics"]


def test_use_case_field_errors(operator_client: Client, db: None) -> None:
    response = post(
        operator_client,
        "/api/offers/use-cases/",
        {
            "code": "x",
            "name_fr": "X",
            "project_type": "nope",
            "actor_type": "startup",
            "collaboration_level": "provision",
            "origin": "sideways",
            "required_reviews": ["astrology"],
        },
    )
    assert response.status_code == 400
    assert {"project_type", "origin", "required_reviews"} <= set(response.json())


def test_deleting_a_used_typology_is_a_409(operator_client: Client, db: None) -> None:
    UseCaseFactory()  # uses academic_research
    response = operator_client.delete("/api/offers/project-types/academic_research/")
    assert response.status_code == 409
    assert "deactivate" in response.json()["detail"]


def test_campaigns(operator_client: Client, db: None) -> None:
    dataset = DatasetFactory(published=True)
    response = post(
        operator_client,
        "/api/offers/campaigns/",
        {
            "title": "Imaging push",
            "datasets": [dataset.slug],
            "actor_types": ["medtech"],
            "message": "A new imaging dataset",
            "outcome": "sent",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["datasets"] == [dataset.slug]
    response = post(
        operator_client,
        "/api/offers/campaigns/",
        {
            "title": "Empty",
            "datasets": [],
            "actor_types": [],
        },
    )
    assert response.status_code == 400 and {"datasets", "actor_types"} <= set(response.json())


def test_campaign_list_queries(operator_client: Client, db: None, django_assert_max_num_queries):
    for _ in range(8):
        CampaignFactory()
    with django_assert_max_num_queries(10):
        response = operator_client.get("/api/offers/campaigns/")
    assert response.json()["count"] == 8


# --- Offer versions: immutability -----------------------------------------------------------


def test_published_version_answers_409(grid: Grid, operator_client: Client) -> None:
    response = post(operator_client, "/api/offers/versions/1/", {"title": "x"}, "patch")
    assert response.status_code == 409
    assert "create a new version" in response.json()["detail"]
    response = post(
        operator_client, "/api/offers/versions/1/pricing-rule/", {"margin_rate": "0.5"}, "patch"
    )
    assert response.status_code == 409
    assert post(operator_client, "/api/offers/versions/1/publish/", {}).status_code == 409
    assert operator_client.delete("/api/offers/versions/1/").status_code == 409


def test_new_version_flow(grid: Grid, operator_client: Client, role_client) -> None:
    response = post(operator_client, "/api/offers/versions/", {"title": "2027 offer"})
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 2 and response.json()["status"] == "draft"
    assert post(operator_client, "/api/offers/versions/", {}).status_code == 409
    response = post(
        operator_client,
        "/api/offers/versions/2/pricing-rule/",
        {"margin_rate": "0.25", "vat_rate": "2"},
        "patch",
    )
    assert response.status_code == 400 and "vat_rate" in response.json()
    response = post(
        operator_client, "/api/offers/versions/2/pricing-rule/", {"margin_rate": "0.25"}, "patch"
    )
    assert response.status_code == 200
    prices = {p["service"]: p["unit_price"] for p in response.json()["prices"]}
    assert prices["quality-report"] == "1375.00"
    response = post(
        operator_client,
        "/api/offers/versions/2/coefficients/",
        {"actor_type": "startup", "coefficient": "1.2"},
    )
    assert response.status_code == 200
    assert response.json()["pricing_rule"]["actor_coefficients"] == [
        {"actor_type": "startup", "coefficient": "1.200"}
    ]
    manager = role_client(Role.MANAGER)[0]
    assert post(manager, "/api/offers/versions/2/publish/", {}).status_code == 403
    response = post(operator_client, "/api/offers/versions/2/publish/", {})
    assert response.status_code == 200 and response.json()["status"] == OfferStatus.PUBLISHED
    assert Client().get("/api/offers/current/").json()["number"] == 2


# --- Quotes ------------------------------------------------------------------------------------


def _quote_payload(grid: Grid, **extra: object) -> dict[str, object]:
    return {
        "actor_type": "big_pharma",
        "use_case": grid.use_case.code,
        "access_mode": "secure_workspace",
        "datasets": [grid.dataset.slug],
        "request_reference": "REQ-1",
        "selections": [
            {"service": "extraction", "quantity": "2"},
            {"service": "workspace", "quantity": "6"},
            {"service": "quality-report", "quantity": "1"},
        ],
        **extra,
    }


def test_quote_lifecycle_over_the_api(grid: Grid, operator_client: Client) -> None:
    response = post(operator_client, "/api/offers/quotes/", _quote_payload(grid))
    assert response.status_code == 201, response.content
    quote = response.json()
    assert quote["total_incl_vat"] == "15525.00" and quote["status"] == "draft"
    assert quote["offer_version"] == 1 and len(quote["lines"]) == 5
    url = f"/api/offers/quotes/{quote['id']}/"
    response = post(
        operator_client,
        url,
        {"selections": [{"service": "quality-report", "quantity": "2"}]},
        "patch",
    )
    assert response.status_code == 200 and response.json()["total_excl_vat"] == "5037.00"
    assert post(operator_client, url + "send/", {}).status_code == 200
    response = post(operator_client, url, {"notes": "changed"}, "patch")
    assert response.status_code == 409
    assert "make a revision" in response.json()["detail"]
    assert post(operator_client, url + "send/", {}).status_code == 409
    assert operator_client.delete(url).status_code == 409
    response = post(
        operator_client,
        url + "revise/",
        {"selections": [{"service": "quality-report", "quantity": "3"}]},
    )
    assert response.status_code == 201
    revision = response.json()
    assert revision["version"] == 2 and revision["previous"] == quote["id"]
    assert operator_client.get(url).json()["status"] == QuoteStatus.SUPERSEDED


def test_quote_refuses_non_services_and_below_cost(grid: Grid, operator_client: Client) -> None:
    response = post(
        operator_client,
        "/api/offers/quotes/",
        _quote_payload(grid, selections=[{"service": grid.dataset.slug, "quantity": 1}]),
    )
    assert response.status_code == 400 and "selections" in response.json()
    PerimeterCellFactory(dataset=grid.dataset, use_case=grid.use_case, status="excluded")
    response = post(operator_client, "/api/offers/quotes/", _quote_payload(grid))
    assert response.status_code == 400 and "datasets" in response.json()
    PerimeterCell.objects.all().delete()
    # A draft with a 0.5 academic coefficient prices below cost.
    post(operator_client, "/api/offers/versions/", {})
    post(
        operator_client,
        "/api/offers/versions/2/pricing-rule/",
        {"academic_coefficient": "0.5"},
        "patch",
    )
    post(operator_client, "/api/offers/versions/2/publish/", {})
    payload = _quote_payload(grid, actor_type="academic_lab")
    response = post(operator_client, "/api/offers/quotes/", payload)
    assert response.status_code == 400
    assert "does not cover its costs" in response.json()["below_cost_reason"][0]
    response = post(
        operator_client,
        "/api/offers/quotes/",
        {**payload, "allow_below_cost": True, "below_cost_reason": "Rare-disease registry"},
    )
    assert response.status_code == 201
    assert response.json()["below_cost_reason"] == "Rare-disease registry"


def test_quote_list_queries(grid: Grid, operator_client, django_assert_max_num_queries) -> None:
    for _ in range(6):
        pharma_quote(grid)
    with django_assert_max_num_queries(12):
        response = operator_client.get("/api/offers/quotes/")
    assert response.json()["count"] == 6


def test_requester_never_reaches_quotes(grid: Grid, role_client) -> None:
    client, _user = role_client(Role.REQUESTER)
    quote = pharma_quote(grid)
    quote_send(quote, by=None)
    assert client.get(f"/api/offers/quotes/{quote.pk}/").status_code == 403
    assert post(client, "/api/offers/quotes/", _quote_payload(grid)).status_code == 403


def test_public_quote_serializer_has_no_cost(grid: Grid) -> None:
    from offers.serializers import PublicQuoteSerializer

    assert_no_cost(PublicQuoteSerializer(pharma_quote(grid)).data)


# --- Perimeter ------------------------------------------------------------------------------


def test_perimeter_cells_upsert_and_check(operator_client: Client, role_client, db) -> None:
    dataset, use_case = DatasetFactory(published=True), UseCaseFactory()
    service = ServiceFactory()
    payload = {
        "dataset": dataset.slug,
        "use_case": use_case.code,
        "status": "conditional",
        "conditions": "",
        "default_services": [service.code],
    }
    response = post(operator_client, "/api/offers/perimeter-cells/", payload)
    assert response.status_code == 400 and "conditions" in response.json()
    payload["conditions"] = "Results reviewed before publication"
    response = post(operator_client, "/api/offers/perimeter-cells/", payload)
    assert response.status_code == 201, response.content
    again = post(operator_client, "/api/offers/perimeter-cells/", {**payload, "status": "allowed"})
    assert again.json()["id"] == response.json()["id"]
    steward = role_client(Role.DATA_STEWARD)[0]
    check = steward.get(
        f"/api/offers/perimeter/check/?dataset={dataset.slug}&use_case={use_case.code}"
    )
    assert check.status_code == 200
    assert check.json()["status"] == "allowed" and check.json()["default_services"] == [
        service.code
    ]
    assert steward.get("/api/offers/perimeter/check/").status_code == 400
    assert post(steward, "/api/offers/perimeter-cells/", payload).status_code == 403
    cell_url = f"/api/offers/perimeter-cells/{response.json()['id']}/"
    assert operator_client.delete(cell_url).status_code == 204
    requester = role_client(Role.REQUESTER)[0]
    assert requester.get("/api/offers/perimeter-cells/").status_code == 403


# --- Desk configuration and cost grid ---------------------------------------------------------


def test_desk_configuration(operator_client: Client, role_client, db) -> None:
    response = post(
        operator_client,
        "/api/offers/desk/",
        {
            "desk_model": "internal_decentralised",
            "access_modes": ["secure_workspace", "airlock"],
            "patient_information_url": "https://hopital.example/donnees",
        },
        "patch",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["stewards_consulted_on_requests"] is True
    assert sorted(body["access_modes"]) == ["airlock", "secure_workspace"]
    response = post(operator_client, "/api/offers/desk/", {"desk_model": "nope"}, "patch")
    assert response.status_code == 400 and "desk_model" in response.json()
    manager = role_client(Role.MANAGER)[0]
    assert manager.get("/api/offers/desk/").status_code == 200
    assert (
        post(manager, "/api/offers/desk/", {"desk_model": "external"}, "patch").status_code == 403
    )
    assert Client().get("/api/offers/desk/").status_code == 403


def test_sharing_procedure_upload_and_download(operator_client: Client, role_client, db) -> None:
    bad = operator_client.post(
        "/api/offers/desk/procedure/",
        {"document": SimpleUploadedFile("proc.pdf", b"MZ executable"), "version": "1"},
    )
    assert bad.status_code == 400 and "sharing_procedure_document" in bad.json()
    good = operator_client.post(
        "/api/offers/desk/procedure/",
        {"document": SimpleUploadedFile("proc.pdf", b"%PDF-1.7 body"), "version": "3"},
    )
    assert good.status_code == 201, good.content
    assert good.json()["sharing_procedure_version"] == "3"
    download = role_client(Role.REVIEWER)[0].get("/api/offers/desk/procedure/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert Client().get("/api/offers/desk/procedure/").status_code == 403


def test_cost_grid_write_and_validation(operator_client: Client, db) -> None:
    response = post(
        operator_client,
        "/api/offers/staff-profiles/",
        {"code": "engineer", "name": "Engineer", "daily_rate": "-5"},
    )
    assert response.status_code == 400 and "daily_rate" in response.json()
    assert (
        post(
            operator_client,
            "/api/offers/staff-profiles/",
            {"code": "engineer", "name": "Engineer", "daily_rate": "620.00"},
        ).status_code
        == 201
    )
    service = ServiceFactory()
    response = post(
        operator_client,
        "/api/offers/cost-lines/",
        {"service": service.code, "staff_profile": "engineer"},
    )
    assert response.status_code == 400
    response = post(
        operator_client,
        "/api/offers/cost-lines/",
        {"service": service.code, "staff_profile": "engineer", "days": "1.5"},
    )
    assert response.status_code == 201, response.content
    assert (
        operator_client.get(f"/api/offers/services/{service.code}/").json()["unit_cost"] == "930.00"
    )


def test_time_entries_and_cost_comparison(grid: Grid, role_client) -> None:
    steward, steward_user = role_client(Role.DATA_STEWARD)
    StaffProfileFactory(code="steward", daily_rate=Decimal("400"))
    response = post(
        steward,
        "/api/offers/time-entries/",
        {
            "staff_profile": "steward",
            "days": "2",
            "request_reference": "REQ-1",
            "service": "extraction",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["person"] == steward_user.pk
    assert response.json()["daily_rate"] == "400.00"
    assert (
        post(
            steward, "/api/offers/time-entries/", {"staff_profile": "steward", "days": "0"}
        ).status_code
        == 400
    )
    assert steward.get("/api/offers/time-entries/").json()["count"] == 1
    other = role_client(Role.REVIEWER)[0]
    assert other.get("/api/offers/time-entries/").json()["count"] == 0
    assert (
        steward.get("/api/offers/time-entries/cost-comparison/?reference=REQ-1").status_code == 403
    )
    manager = role_client(Role.MANAGER)[0]
    rows = manager.get("/api/offers/time-entries/cost-comparison/?reference=REQ-1").json()
    assert rows == [
        {
            "reference": "REQ-1",
            "budget": None,
            "actual": "800.00",
            "variance": None,
            "over_budget": False,
        }
    ]


def test_openapi_schema_lists_offers(db: None) -> None:
    response = Client().get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/offers/estimate/" in response.content


def test_public_endpoints_run_constant_queries(grid: Grid, django_assert_max_num_queries) -> None:
    for n in range(10):
        ServiceFactory(code=f"extra-{n}")
    from offers.domain import offer_new_version_from, offer_publish

    offer_publish(offer_new_version_from(grid.offer, by=None), by=None)
    client = Client()
    with django_assert_max_num_queries(8):
        assert client.get("/api/offers/current/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get("/api/offers/services/").status_code == 200
    selections = [{"service": f"extra-{n}", "quantity": 1} for n in range(10)]
    with django_assert_max_num_queries(12):
        response = post(
            client, "/api/offers/estimate/", {"actor_type": "startup", "selections": selections}
        )
    assert response.status_code == 200 and len(response.json()["lines"]) == 12


def test_perimeter_check_of_unknown_codes_is_a_400(role_client, db: None) -> None:
    """Found by the API fuzzer: unknown codes in the query answered 404."""
    steward = role_client(Role.DATA_STEWARD)[0]
    response = steward.get("/api/offers/perimeter/check/?dataset=nope&use_case=nope")
    assert response.status_code == 400
    assert set(response.json()) == {"dataset", "use_case"}


def test_cost_comparison_ignores_blank_references(role_client, db: None) -> None:
    """Found by the API fuzzer: `?reference=` gave a row for the empty reference."""
    manager = role_client(Role.MANAGER)[0]
    response = manager.get("/api/offers/time-entries/cost-comparison/?reference=")
    assert response.status_code == 400
    assert "reference" in response.json()


def test_services_schema_says_both_public_and_costed_shapes(db: None) -> None:
    """Found by the API fuzzer: staff received the costed service where the schema promised
    the public one (which has `description`)."""
    schema = Client().get("/api/schema/?format=json").json()
    listed = schema["paths"]["/api/offers/services/{code}/"]["get"]["responses"]["200"]
    ref = listed["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    shapes = {
        one["$ref"].rsplit("/", 1)[1] for one in schema["components"]["schemas"][ref]["oneOf"]
    }
    assert shapes == {"PublicService", "Service"}
    comparison = schema["paths"]["/api/offers/time-entries/cost-comparison/"]["get"]
    assert comparison["responses"]["200"]["content"]["application/json"]["schema"]["type"] == (
        "array"
    )


def test_estimate_with_a_nul_byte_in_a_code_is_a_400(grid: Grid) -> None:
    """Found by the API fuzzer on PostgreSQL (which refuses NUL in text): a 500."""
    payload = {"actor_type": "big_pharma", "datasets": ["a\x00b"], "selections": []}
    response = post(Client(), "/api/offers/estimate/", payload)
    assert response.status_code == 400
    assert "datasets" in response.json()


def test_desk_configuration_takes_json_only(operator_client: Client, db: None) -> None:
    """Found by the API fuzzer: a form body with an empty `access_modes` cleared the list."""
    response = operator_client.patch(
        "/api/offers/desk/", "access_modes=", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
