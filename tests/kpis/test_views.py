from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from tests.kpis import scenario

Q2025 = "?from=2025-01-01&to=2025-12-31"


@pytest.fixture
def manager(role_client):  # type: ignore[no-untyped-def]
    client, _user = role_client("manager")
    return client


def test_dashboard_renders_quadrant_and_roadmap(db: None, manager) -> None:  # type: ignore[no-untyped-def]
    scenario.build()
    response = manager.get(reverse("kpis:dashboard") + Q2025)
    assert response.status_code == 200
    body = response.content.decode()
    assert "<svg" in body and 'class="kpi-quadrant"' in body
    assert "M-TEC-3" in body and "P-VAL-6" in body
    assert "polyline" in body  # sparklines


@pytest.mark.parametrize(
    "role,status", [("manager", 200), ("desk_operator", 200), ("requester", 403), ("reviewer", 403)]
)
def test_dashboard_permissions(db: None, role_client, role: str, status: int) -> None:  # type: ignore[no-untyped-def]
    client, _user = role_client(role)
    assert client.get(reverse("kpis:dashboard")).status_code == status


def test_drilldown_lists_requests(db: None, manager) -> None:  # type: ignore[no-untyped-def]
    scenario.build()
    response = manager.get(reverse("kpis:indicator", args=["P-DESK-1"]) + Q2025)
    body = response.content.decode()
    assert response.status_code == 200
    assert "KPI-R1" in body and "KPI-R3" in body and "KPI-R4" not in body


def test_exports(db: None, manager) -> None:  # type: ignore[no-untyped-def]
    scenario.build()
    csv = manager.get(reverse("kpis:export-csv") + Q2025)
    text = csv.content.decode("utf-8-sig")
    assert csv.status_code == 200 and "P-DESK-1" in text and "M-CAT-1" in text
    assert len(text.strip().splitlines()) >= 33
    xlsx = manager.get(reverse("kpis:export-xlsx") + Q2025)
    assert xlsx.content[:2] == b"PK"
    pdf = manager.get(reverse("kpis:export-pdf") + Q2025)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_query_count_does_not_grow(db: None, manager, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    from tests.guichet.factories import AccessRequestFactory

    scenario.build()
    with django_assert_max_num_queries(700) as small:
        manager.get(reverse("kpis:dashboard") + Q2025)
    for _ in range(15):
        AccessRequestFactory(
            contract_signed_at=scenario.at(2025, 3, 3), first_contact_at=scenario.at(2025, 1, 2)
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        manager.get(reverse("kpis:dashboard") + Q2025)


def test_api(db: None, manager, role_client) -> None:  # type: ignore[no-untyped-def]
    scenario.build()
    response = manager.get("/api/kpis/" + Q2025)
    assert response.status_code == 200
    data = response.json()
    codes = [i["code"] for i in data["indicators"]]
    assert len(codes) == 32 and codes[0] == "M-CAT-1"
    desk1 = next(i for i in data["indicators"] if i["code"] == "P-DESK-1")
    assert desk1["value"] == "52.0" and desk1["unit"] == "days" and desk1["definition"]
    assert manager.get("/api/kpis/?from=2025-13-01").status_code == 400
    assert manager.get("/api/kpis/?from=2025-06-01&to=2025-01-01").status_code == 400
    requester, _u = role_client("requester")
    assert requester.get("/api/kpis/").status_code == 403


def test_public_api_anonymous(client, db: None) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/kpis/public/")
    assert response.status_code == 200
    assert "projects_running" in response.json()
    assert date.fromisoformat(response.json()["period_to"])


def test_openapi_schema_documents_the_endpoints(db: None) -> None:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    parameters = {p["name"] for p in schema["paths"]["/api/kpis/"]["get"]["parameters"]}
    assert {"from", "to"} <= parameters
    assert "/api/kpis/public/" in schema["paths"]


def test_drilldown_csv_escapes_formulas(db: None, manager) -> None:  # type: ignore[no-untyped-def]
    from guichet.models import AccessRequest

    built = scenario.build()
    AccessRequest.objects.filter(pk=built.requests["R1"].pk).update(title='=HYPERLINK("x")')
    response = manager.get(reverse("kpis:indicator", args=["P-DESK-1"]) + Q2025 + "&format=csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Type"].startswith("text/csv")
    assert len(lines) == 4  # header + R1, R2, R3
    assert lines[1].startswith("KPI-R1,\"'=HYPERLINK(")
