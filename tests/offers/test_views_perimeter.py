"""The strategic perimeter matrix page, its inline editor and its exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import Role
from catalogue.models import Vocabulary
from offers.models import PerimeterCell, PerimeterStatus, UseCaseStatus
from tests.catalogue.factories import DatasetFactory, DepartmentFactory, term
from tests.offers.factories import (
    PerimeterCellFactory,
    ServiceFactory,
    UseCaseFactory,
    actor_type,
)

# These pages were written and checked against the French interface (the demo language).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("french")]
RoleClient = Callable[[str], tuple[Client, Any]]


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _grid(datasets: int, use_cases: int) -> tuple[list[Any], list[Any]]:
    rows = [DatasetFactory(published=True) for _ in range(datasets)]
    columns = [UseCaseFactory() for _ in range(use_cases)]
    service = ServiceFactory()
    for index, dataset in enumerate(rows):
        for column, use_case in enumerate(columns):
            if (index + column) % 2 == 0:
                PerimeterCellFactory(dataset=dataset, use_case=use_case, default_services=[service])
    return rows, columns


def test_matrix_query_count_does_not_depend_on_its_size(
    operator_client: Client, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _grid(2, 2)
    with CaptureQueriesContext(connection) as small:
        operator_client.get(reverse("offers:perimeter"))
    _grid(6, 5)
    with django_assert_max_num_queries(len(small)):
        response = operator_client.get(reverse("offers:perimeter"))
    assert len(response.context["rows"]) == 8
    assert len(response.context["matrix"].use_cases) == 7
    assert len(small) <= 15


def test_cells_say_their_status_in_text_not_only_colour(operator_client: Client) -> None:
    dataset = DatasetFactory(published=True, title_fr="Registre des AVC")
    use_case = UseCaseFactory(name_fr="IA industrielle")
    PerimeterCellFactory(
        dataset=dataset,
        use_case=use_case,
        status=PerimeterStatus.CONDITIONAL,
        conditions="Apprentissage fédéré seulement",
    )
    other = UseCaseFactory(name_fr="Épidémiologie")
    page = operator_client.get(reverse("offers:perimeter")).content.decode()
    assert "cell-conditional" in page
    assert "Autorisé sous conditions" in page or "Allowed on conditions" in page
    assert "Apprentissage fédéré seulement" in page
    # A pair without a rule shows the fallback, marked as such.
    assert f'id="cell-{dataset.pk}-{other.pk}" class="cell cell-unset"' in page


def test_filters_restrict_rows_and_columns(operator_client: Client) -> None:
    cardio = DepartmentFactory(code="cardio", name="Cardiologie")
    kept = DatasetFactory(published=True, department=cardio)
    kept.data_types.add(term(Vocabulary.DATA_TYPE, "imaging"))
    DatasetFactory(published=True)
    industrial = UseCaseFactory(actor_type=actor_type("big_pharma"))
    UseCaseFactory(status=UseCaseStatus.EXCLUDED)
    PerimeterCellFactory(dataset=kept, use_case=industrial, status=PerimeterStatus.EXCLUDED)

    response = operator_client.get(
        reverse("offers:perimeter"),
        {"department": cardio.pk, "actor_type": actor_type("big_pharma").pk},
    )
    assert [d for d, _v in response.context["rows"]] == [kept]
    assert response.context["matrix"].use_cases == [industrial]

    response = operator_client.get(
        reverse("offers:perimeter"),
        {"data_type": term(Vocabulary.DATA_TYPE, "imaging").pk, "status": "excluded"},
    )
    assert [d for d, _v in response.context["rows"]] == [kept]


def test_archived_datasets_are_not_in_the_matrix(operator_client: Client) -> None:
    DatasetFactory(archived=True)
    UseCaseFactory()
    assert operator_client.get(reverse("offers:perimeter")).context["rows"] == []


@pytest.mark.parametrize("role", [Role.DATA_STEWARD, Role.MANAGER, Role.REVIEWER, Role.LEGAL])
def test_other_staff_read_the_matrix_without_edit_links(role_client: RoleClient, role: str) -> None:
    dataset = DatasetFactory(published=True)
    use_case = UseCaseFactory()
    client, _user = role_client(role)
    page = client.get(reverse("offers:perimeter")).content.decode()
    assert reverse("offers:perimeter-cell-edit", args=[dataset.pk, use_case.pk]) not in page
    edit = reverse("offers:perimeter-cell-edit", args=[dataset.pk, use_case.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"status": "allowed"}).status_code == 403
    assert not PerimeterCell.objects.exists()


def test_requester_and_anonymous_never_see_the_matrix(
    role_client: RoleClient, client: Client
) -> None:
    requester, _user = role_client(Role.REQUESTER)
    assert requester.get(reverse("offers:perimeter")).status_code == 403
    assert client.get(reverse("offers:perimeter")).status_code == 302
    assert client.get(reverse("offers:perimeter-export", args=["csv"])).status_code == 302


def test_htmx_edit_returns_the_form_then_the_updated_cell(operator_client: Client) -> None:
    dataset = DatasetFactory(published=True)
    use_case = UseCaseFactory()
    service = ServiceFactory(name_fr="Extraction")
    htmx = {"HTTP_HX_REQUEST": "true"}

    form = operator_client.get(
        reverse("offers:perimeter-cell", args=[dataset.pk, use_case.pk]), {"edit": "1"}, **htmx
    ).content.decode()
    assert form.lstrip().startswith(f'<td id="cell-{dataset.pk}-{use_case.pk}"')
    assert 'name="status"' in form

    response = operator_client.post(
        reverse("offers:perimeter-cell-edit", args=[dataset.pk, use_case.pk]),
        {
            "status": "conditional",
            "conditions": "Bulle sécurisée",
            "default_services": [service.pk],
        },
        **htmx,
    )
    cell = response.content.decode()
    assert response.status_code == 200
    assert 'class="cell cell-conditional"' in cell
    assert "Bulle sécurisée" in cell and "Extraction" in cell
    saved = PerimeterCell.objects.get()
    assert saved.status == PerimeterStatus.CONDITIONAL
    assert list(saved.default_services.all()) == [service]


def test_htmx_conditional_without_conditions_returns_the_form_with_the_error(
    operator_client: Client,
) -> None:
    dataset = DatasetFactory(published=True)
    use_case = UseCaseFactory()
    response = operator_client.post(
        reverse("offers:perimeter-cell-edit", args=[dataset.pk, use_case.pk]),
        {"status": "conditional", "conditions": "  "},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200  # htmx swaps 2xx only
    assert 'class="errorlist"' in response.content.decode()
    assert not PerimeterCell.objects.exists()


def test_edit_without_javascript_redirects_back_to_the_matrix(operator_client: Client) -> None:
    dataset = DatasetFactory(published=True)
    use_case = UseCaseFactory()
    url = reverse("offers:perimeter-cell-edit", args=[dataset.pk, use_case.pk])
    page = operator_client.get(url)
    assert page.status_code == 200
    assert "<html" in page.content.decode()

    response = operator_client.post(url, {"status": "excluded"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#cell-{dataset.pk}-{use_case.pk}")
    assert PerimeterCell.objects.get().status == PerimeterStatus.EXCLUDED

    bad = operator_client.post(url, {"status": "maybe"})
    assert bad.status_code == 400
    assert "status" in bad.context["form"].errors
    assert PerimeterCell.objects.get().status == PerimeterStatus.EXCLUDED


def test_removing_a_rule_falls_back_to_the_use_case(operator_client: Client) -> None:
    cell = PerimeterCellFactory(status=PerimeterStatus.EXCLUDED)
    response = operator_client.post(
        reverse("offers:perimeter-cell-edit", args=[cell.dataset_id, cell.use_case_id]),
        {"clear": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert "cell-unset" in response.content.decode()
    assert not PerimeterCell.objects.exists()


def test_csv_export_holds_the_matrix_and_escapes_formulas(operator_client: Client) -> None:
    dataset = DatasetFactory(published=True, title_fr='=HYPERLINK("http://evil")', acronym="")
    use_case = UseCaseFactory(name_fr="@SUM(A1)")
    PerimeterCellFactory(
        dataset=dataset,
        use_case=use_case,
        status=PerimeterStatus.CONDITIONAL,
        conditions="-2+3 only in the workspace",
    )
    response = operator_client.get(reverse("offers:perimeter-export", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][2] == "'@SUM(A1)"
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert "-2+3 only in the workspace" in rows[1][2]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_xlsx_export_is_a_workbook_with_coloured_escaped_cells(operator_client: Client) -> None:
    dataset = DatasetFactory(published=True, title_fr="+cmd|' /C calc'!A0", acronym="")
    use_case = UseCaseFactory(name_fr="Épidémiologie")
    PerimeterCellFactory(dataset=dataset, use_case=use_case, status=PerimeterStatus.ALLOWED)
    response = operator_client.get(reverse("offers:perimeter-export", args=["xlsx"]))
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=1, column=3).value == "Épidémiologie"
    assert sheet.cell(row=2, column=1).value == "'+cmd|' /C calc'!A0"
    assert sheet.cell(row=2, column=1).data_type == "s"
    assert sheet.cell(row=2, column=3).fill.start_color.rgb.endswith("E7F6EF")


def test_export_follows_the_filters(operator_client: Client) -> None:
    cardio = DepartmentFactory(code="cardio-x", name="Cardiologie")
    DatasetFactory(published=True, department=cardio, title_fr="Gardé", acronym="")
    DatasetFactory(published=True, title_fr="Écarté", acronym="")
    UseCaseFactory()
    response = operator_client.get(
        reverse("offers:perimeter-export", args=["csv"]), {"department": cardio.pk}
    )
    content = response.content.decode("utf-8-sig")
    assert "Gardé" in content and "Écarté" not in content
