"""The strategic perimeter: which datasets for which uses, and on which terms.

`perimeter_check` answers one (dataset, use case) question for the pipeline;
`perimeter_matrix` answers the whole grid in a constant number of queries for the matrix page.

Precedence, from strongest to weakest:
1. an archived dataset is outside the perimeter (it is no longer shared);
2. an excluded use case is outside the perimeter whatever its cells say;
3. an explicit cell (allowed / conditional / excluded) for the pair;
4. no cell: the use case's own status decides (targeted -> allowed, case by case -> conditional).

Extension point: an app to the right of offers (contracts) may add terms to verdicts without
offers knowing it, by providing `<app>/perimeter.py` with
`annotate_verdicts(verdicts: list[PerimeterVerdict]) -> None`, which fills
`verdict.extensions[...]` (for example the default contract template) in bulk.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from catalogue.models import Dataset, DatasetStatus
from guichet.plugins import app_modules
from offers.models import PerimeterCell, PerimeterStatus, Service, UseCase, UseCaseStatus


class VerdictSource:
    DATASET = "dataset"
    USE_CASE = "use_case"
    CELL = "cell"
    DEFAULT = "default"


@dataclass
class PerimeterVerdict:
    dataset: Dataset
    use_case: UseCase
    status: str
    conditions: str = ""
    default_services: list[Service] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    source: str = VerdictSource.DEFAULT
    cell: PerimeterCell | None = None
    # Filled by other apps' `annotate_verdicts` hooks (e.g. "contract_template").
    extensions: dict[str, Any] = field(default_factory=dict)

    @property
    def in_perimeter(self) -> bool:
        return self.status != PerimeterStatus.EXCLUDED

    @property
    def is_conditional(self) -> bool:
        return self.status == PerimeterStatus.CONDITIONAL

    @property
    def status_label(self) -> str:
        return str(dict(PerimeterStatus.choices)[self.status])

    @property
    def is_explicit(self) -> bool:
        """True when a desk operator wrote this cell (as opposed to the fallback)."""
        return self.cell is not None


class _Texts:
    """The verdicts' sentences, translated once per call (a matrix has thousands of cells)."""

    def __init__(self) -> None:
        self.archived = _("The dataset is archived: it is no longer shared.")
        self.excluded_use_case = _("The use case “%(name)s” is excluded from the desk's perimeter.")
        self.override = _("The excluded use case overrides the cell set for this dataset.")
        self.cell = {
            PerimeterStatus.ALLOWED: _("The desk allows this dataset for this use case."),
            PerimeterStatus.CONDITIONAL: _(
                "The desk allows this dataset for this use case on conditions."
            ),
            PerimeterStatus.EXCLUDED: _("The desk excludes this dataset for this use case."),
        }
        self.targeted = _("No rule for this pair: the use case is targeted by the desk.")
        self.case_by_case = _("No rule for this pair: the use case is accepted case by case.")
        self.case_by_case_conditions = _(
            "Accepted case by case: the desk decides for each request."
        )


def _verdict(
    dataset: Dataset,
    use_case: UseCase,
    cell: PerimeterCell | None,
    services: list[Service],
    texts: _Texts,
    archived: bool,
) -> PerimeterVerdict:
    if archived:
        return PerimeterVerdict(
            dataset,
            use_case,
            PerimeterStatus.EXCLUDED,
            default_services=services,
            reasons=[texts.archived],
            source=VerdictSource.DATASET,
            cell=cell,
        )
    if use_case.status == UseCaseStatus.EXCLUDED:
        reasons = [texts.excluded_use_case % {"name": use_case.name}]
        if cell is not None and cell.status != PerimeterStatus.EXCLUDED:
            reasons.append(texts.override)
        return PerimeterVerdict(
            dataset,
            use_case,
            PerimeterStatus.EXCLUDED,
            default_services=services,
            reasons=reasons,
            source=VerdictSource.USE_CASE,
            cell=cell,
        )
    if cell is not None:
        return PerimeterVerdict(
            dataset,
            use_case,
            cell.status,
            conditions=cell.conditions,
            default_services=services,
            reasons=[texts.cell[PerimeterStatus(cell.status)]],
            source=VerdictSource.CELL,
            cell=cell,
        )
    if use_case.status == UseCaseStatus.TARGETED:
        return PerimeterVerdict(
            dataset, use_case, PerimeterStatus.ALLOWED, reasons=[texts.targeted]
        )
    return PerimeterVerdict(
        dataset,
        use_case,
        PerimeterStatus.CONDITIONAL,
        conditions=texts.case_by_case_conditions,
        reasons=[texts.case_by_case],
    )


def _annotate(verdicts: list[PerimeterVerdict]) -> None:
    for module in app_modules("perimeter"):
        hook = getattr(module, "annotate_verdicts", None)
        if hook is not None:
            hook(verdicts)


def _cells_queryset() -> Any:
    return PerimeterCell.objects.prefetch_related(
        Prefetch("default_services", queryset=Service.objects.order_by("category", "position"))
    )


def perimeter_check(dataset: Dataset, use_case: UseCase) -> PerimeterVerdict:
    """Is this (dataset, use case) pair within the perimeter, and on which terms?"""
    cell = _cells_queryset().filter(dataset=dataset, use_case=use_case).first()
    services = list(cell.default_services.all()) if cell is not None else []
    archived = dataset.status == DatasetStatus.ARCHIVED
    verdict = _verdict(dataset, use_case, cell, services, _Texts(), archived)
    _annotate([verdict])
    return verdict


@dataclass
class PerimeterMatrix:
    datasets: list[Dataset]
    use_cases: list[UseCase]
    verdicts: dict[tuple[int, int], PerimeterVerdict]

    def get(self, dataset: Dataset | int, use_case: UseCase | int) -> PerimeterVerdict:
        dataset_id = dataset if isinstance(dataset, int) else dataset.pk
        use_case_id = use_case if isinstance(use_case, int) else use_case.pk
        return self.verdicts[(dataset_id, use_case_id)]

    def rows(self) -> list[tuple[Dataset, list[PerimeterVerdict]]]:
        """One row per dataset, one verdict per use case, in the given orders."""
        return [
            (dataset, [self.verdicts[(dataset.pk, uc.pk)] for uc in self.use_cases])
            for dataset in self.datasets
        ]

    def counts(self) -> dict[str, int]:
        totals = {status: 0 for status in PerimeterStatus.values}
        for verdict in self.verdicts.values():
            totals[verdict.status] += 1
        return totals


def _default_services(cell_ids: list[int]) -> dict[int, list[Service]]:
    """Default services per cell, in two light queries (through rows, then the services),
    sharing one Service instance per service across the whole matrix."""
    if not cell_ids:
        return {}
    through = PerimeterCell.default_services.through
    links = list(
        through.objects.filter(perimetercell_id__in=cell_ids).values_list(
            "perimetercell_id", "service_id"
        )
    )
    services = {
        service.pk: service
        for service in Service.objects.filter(pk__in={sid for _c, sid in links}).order_by(
            "category", "position", "code"
        )
    }
    order = {pk: index for index, pk in enumerate(services)}
    grouped: dict[int, list[Service]] = {}
    for cell_id, service_id in sorted(links, key=lambda link: order[link[1]]):
        grouped.setdefault(cell_id, []).append(services[service_id])
    return grouped


def perimeter_matrix(
    datasets: Iterable[Dataset], use_cases: Iterable[UseCase], *, annotate: bool = True
) -> PerimeterMatrix:
    """The whole grid: evaluates the inputs once, then three queries (cells, their service
    links, the services), whatever the number of datasets and use cases."""
    dataset_list = list(datasets)
    use_case_list = list(use_cases)
    cells: dict[tuple[int, int], PerimeterCell] = {}
    services_of: dict[int, list[Service]] = {}
    if dataset_list and use_case_list:
        rows = PerimeterCell.objects.filter(
            dataset_id__in=[d.pk for d in dataset_list],
            use_case_id__in=[u.pk for u in use_case_list],
        )
        cells = {(c.dataset_id, c.use_case_id): c for c in rows}
        services_of = _default_services([c.pk for c in cells.values()])
    texts = _Texts()
    # Read each dataset's state once (the FSM descriptor is slow on 10^4 cells).
    archived = {d.pk for d in dataset_list if d.status == DatasetStatus.ARCHIVED}
    verdicts = {
        (d.pk, u.pk): _verdict(
            d, u, cell, services_of.get(cell.pk, []) if cell else [], texts, d.pk in archived
        )
        for d in dataset_list
        for u in use_case_list
        for cell in (cells.get((d.pk, u.pk)),)
    }
    if annotate:
        _annotate(list(verdicts.values()))
    return PerimeterMatrix(dataset_list, use_case_list, verdicts)


def perimeter_cell_set(
    dataset: Dataset,
    use_case: UseCase,
    *,
    by: Any,
    status: str,
    conditions: str = "",
    note: str = "",
    default_services: Sequence[Service] | None = None,
) -> PerimeterCell:
    """Create or replace the cell for a pair (the inline editor of the matrix calls this)."""
    if status not in PerimeterStatus.values:
        raise ValidationError({"status": _("Unknown perimeter status “%s”.") % status})
    conditions = conditions.strip()
    if status == PerimeterStatus.CONDITIONAL and not conditions:
        raise ValidationError({"conditions": _("Say on which conditions the pair is allowed.")})
    editor = by if getattr(by, "is_authenticated", False) else None
    with transaction.atomic():
        cell = (
            PerimeterCell.objects.select_for_update()
            .filter(dataset=dataset, use_case=use_case)
            .first()
        ) or PerimeterCell(dataset=dataset, use_case=use_case)
        cell.status = status
        cell.conditions = conditions
        cell.note = note
        cell.updated_by = editor
        cell._change_reason = "perimeter cell set"  # type: ignore[attr-defined]
        cell.save()
        if default_services is not None:
            cell.default_services.set(default_services)
    return cell


def perimeter_cell_clear(dataset: Dataset, use_case: UseCase, *, by: Any) -> bool:
    """Remove the explicit cell: the pair falls back to the use case's status."""
    with transaction.atomic():
        deleted, _rows = PerimeterCell.objects.filter(dataset=dataset, use_case=use_case).delete()
    return bool(deleted)
