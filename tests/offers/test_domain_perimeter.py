"""perimeter_check precedence and perimeter_matrix query count."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from offers.domain import (
    perimeter_cell_clear,
    perimeter_cell_set,
    perimeter_check,
    perimeter_matrix,
)
from offers.models import PerimeterStatus, UseCaseStatus
from tests.catalogue.factories import DatasetFactory
from tests.offers.factories import PerimeterCellFactory, ServiceFactory, UseCaseFactory

pytestmark = pytest.mark.django_db


def test_missing_cell_falls_back_to_use_case_status() -> None:
    dataset = DatasetFactory(published=True)
    targeted = perimeter_check(dataset, UseCaseFactory(status=UseCaseStatus.TARGETED))
    assert targeted.in_perimeter and targeted.status == PerimeterStatus.ALLOWED
    assert targeted.cell is None and not targeted.is_explicit
    assert "targeted" in targeted.reasons[0]
    case = perimeter_check(dataset, UseCaseFactory(status=UseCaseStatus.CASE_BY_CASE))
    assert case.in_perimeter and case.status == PerimeterStatus.CONDITIONAL
    assert "case by case" in case.conditions
    excluded = perimeter_check(dataset, UseCaseFactory(status=UseCaseStatus.EXCLUDED))
    assert not excluded.in_perimeter and excluded.status == PerimeterStatus.EXCLUDED


def test_explicit_cell_gives_its_terms() -> None:
    service = ServiceFactory()
    cell = PerimeterCellFactory(
        status=PerimeterStatus.CONDITIONAL,
        conditions="Aggregated results only",
        default_services=[service],
    )
    verdict = perimeter_check(cell.dataset, cell.use_case)
    assert verdict.in_perimeter and verdict.is_conditional
    assert verdict.conditions == "Aggregated results only"
    assert verdict.default_services == [service]
    assert verdict.cell == cell


def test_cell_can_exclude_a_targeted_use_case() -> None:
    cell = PerimeterCellFactory(status=PerimeterStatus.EXCLUDED)
    assert not perimeter_check(cell.dataset, cell.use_case).in_perimeter


def test_excluded_use_case_wins_over_an_allowing_cell() -> None:
    cell = PerimeterCellFactory(
        status=PerimeterStatus.ALLOWED, use_case=UseCaseFactory(status=UseCaseStatus.EXCLUDED)
    )
    verdict = perimeter_check(cell.dataset, cell.use_case)
    assert not verdict.in_perimeter
    assert len(verdict.reasons) == 2 and "overrides" in verdict.reasons[1]


def test_archived_dataset_is_outside() -> None:
    cell = PerimeterCellFactory(dataset=DatasetFactory(archived=True))
    verdict = perimeter_check(cell.dataset, cell.use_case)
    assert not verdict.in_perimeter and "archived" in verdict.reasons[0]


def test_cell_set_validates_and_upserts(make_user) -> None:
    user = make_user("desk_operator")
    dataset, use_case = DatasetFactory(published=True), UseCaseFactory()
    with pytest.raises(ValidationError) as caught:
        perimeter_cell_set(dataset, use_case, by=user, status="conditional", conditions=" ")
    assert "conditions" in caught.value.message_dict
    with pytest.raises(ValidationError):
        perimeter_cell_set(dataset, use_case, by=user, status="maybe")
    service = ServiceFactory()
    cell = perimeter_cell_set(
        dataset, use_case, by=user, status="allowed", default_services=[service]
    )
    again = perimeter_cell_set(dataset, use_case, by=user, status="excluded", note="Not now")
    assert again.pk == cell.pk and again.status == "excluded" and again.updated_by == user
    assert list(again.default_services.all()) == [service]  # untouched when not given
    assert again.history.count() == 2
    assert perimeter_cell_clear(dataset, use_case, by=user)
    assert perimeter_check(dataset, use_case).cell is None


def test_matrix_answers_every_pair_in_constant_queries(django_assert_max_num_queries) -> None:
    datasets = [DatasetFactory(published=True) for _ in range(6)]
    use_cases = [UseCaseFactory() for _ in range(5)]
    services = [ServiceFactory() for _ in range(3)]
    for dataset in datasets[:4]:
        PerimeterCellFactory(
            dataset=dataset,
            use_case=use_cases[0],
            status="conditional",
            conditions="c",
            default_services=services,
        )
    # datasets, use cases, cells, their service links, the services: 5 whatever the sizes.
    with django_assert_max_num_queries(5):
        matrix = perimeter_matrix(
            DatasetFactory._meta.model.objects.filter(pk__in=[d.pk for d in datasets]),
            use_cases[0].__class__.objects.filter(pk__in=[u.pk for u in use_cases]),
        )
        rows = matrix.rows()
        names = [[len(v.default_services) for v in verdicts] for _d, verdicts in rows]
    assert len(rows) == 6 and all(len(r) == 5 for _d, r in rows)
    assert sum(sum(r) for r in names) == 4 * 3
    assert matrix.get(datasets[0], use_cases[0]).status == "conditional"
    assert matrix.get(datasets[5].pk, use_cases[1].pk).status == "allowed"
    assert matrix.counts() == {"allowed": 26, "conditional": 4, "excluded": 0}


def test_matrix_extension_hook_is_called_in_bulk(monkeypatch) -> None:
    import types

    from offers.domain import perimeter as module

    seen: list[int] = []

    def annotate(verdicts):
        seen.append(len(verdicts))
        for verdict in verdicts:
            verdict.extensions["contract_template"] = "standard-provision"

    fake = types.SimpleNamespace(annotate_verdicts=annotate)
    monkeypatch.setattr(module, "app_modules", lambda suffix: (fake,))
    cell = PerimeterCellFactory()
    matrix = perimeter_matrix([cell.dataset], [cell.use_case, UseCaseFactory()])
    assert seen == [2]
    assert matrix.get(cell.dataset, cell.use_case).extensions == {
        "contract_template": "standard-provision"
    }
