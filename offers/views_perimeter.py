"""The strategic perimeter page: datasets x use cases, editable cell by cell.

With htmx a click on a cell swaps in a small form that saves and returns the updated cell;
without JavaScript the same form is a normal page that redirects back to the matrix."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import has_role
from catalogue.models import Dataset, DatasetStatus
from offers.domain.perimeter import (
    PerimeterMatrix,
    perimeter_cell_clear,
    perimeter_cell_set,
    perimeter_check,
    perimeter_matrix,
)
from offers.exports import perimeter_table, rows_to_csv, rows_to_xlsx
from offers.forms import PerimeterCellForm, PerimeterFilterForm
from offers.models import PerimeterCell, PerimeterStatus, Service, UseCase
from offers.views_access import PERIMETER_READERS, can_edit_offers, can_read_costs
from offers.views_staff import add_domain_errors


def _require_reader(request: HttpRequest) -> None:
    if not has_role(request.user, *PERIMETER_READERS):
        raise PermissionDenied


def _require_editor(request: HttpRequest) -> None:
    if not can_edit_offers(request.user):
        raise PermissionDenied


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def filtered_matrix(form: PerimeterFilterForm) -> PerimeterMatrix:
    datasets: QuerySet[Dataset] = (
        Dataset.objects.exclude(status=DatasetStatus.ARCHIVED)
        .select_related("department")
        .order_by("department__name", "title_fr")
    )
    use_cases: QuerySet[UseCase] = UseCase.objects.select_related(
        "project_type", "actor_type", "collaboration_level"
    )
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("department"):
        datasets = datasets.filter(department=data["department"])
    if data.get("data_type"):
        datasets = datasets.filter(data_types=data["data_type"]).distinct()
    if data.get("project_type"):
        use_cases = use_cases.filter(project_type=data["project_type"])
    if data.get("actor_type"):
        use_cases = use_cases.filter(actor_type=data["actor_type"])
    if data.get("use_case_status"):
        use_cases = use_cases.filter(status=data["use_case_status"])
    matrix = perimeter_matrix(datasets, use_cases)
    status = data.get("status")
    if status:
        matrix = _keep_matching(matrix, status)
    return matrix


def _matches(verdict: Any, status: str) -> bool:
    if status == "unset":
        return not verdict.is_explicit
    return verdict.status == status


def _keep_matching(matrix: PerimeterMatrix, status: str) -> PerimeterMatrix:
    """Only the rows and columns holding at least one cell with the status asked for."""
    hits = [key for key, verdict in matrix.verdicts.items() if _matches(verdict, status)]
    dataset_ids = {d for d, _u in hits}
    use_case_ids = {u for _d, u in hits}
    return PerimeterMatrix(
        [d for d in matrix.datasets if d.pk in dataset_ids],
        [u for u in matrix.use_cases if u.pk in use_case_ids],
        matrix.verdicts,
    )


@require_http_methods(["GET", "HEAD"])
def perimeter(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return HttpResponseRedirect(f"{reverse('login')}?next={request.get_full_path()}")
    _require_reader(request)
    form = PerimeterFilterForm(request.GET or None)
    matrix = filtered_matrix(form)
    return render(
        request,
        "offers/staff/perimeter.html",
        {
            "section": "perimeter",
            "filter_form": form,
            "matrix": matrix,
            "rows": matrix.rows(),
            "counts": matrix.counts(),
            "can_edit": can_edit_offers(request.user),
            "can_read_costs": can_read_costs(request.user),
            "query_string": request.GET.urlencode(),
            "statuses": PerimeterStatus.choices,
        },
    )


def perimeter_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return HttpResponseRedirect(f"{reverse('login')}?next={request.get_full_path()}")
    _require_reader(request)
    matrix = filtered_matrix(PerimeterFilterForm(request.GET or None))
    legend = _("* no explicit rule: the use case's own status applies.")
    header, rows, fills = perimeter_table(matrix, legend=legend)
    stamp = timezone.localdate().isoformat()
    if fmt == "xlsx":
        content = rows_to_xlsx(header, rows, title=_("Perimeter"), fills=fills)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = rows_to_csv(header, rows)
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="perimeter-{stamp}.{fmt}"'
    return response


def _pair(dataset_pk: int, use_case_pk: int) -> tuple[Dataset, UseCase]:
    dataset = get_object_or_404(
        Dataset.objects.select_related("department").exclude(status=DatasetStatus.ARCHIVED),
        pk=dataset_pk,
    )
    use_case = get_object_or_404(UseCase, pk=use_case_pk)
    return dataset, use_case


def _cell_form(
    dataset: Dataset, use_case: UseCase, data: Any = None
) -> tuple[PerimeterCellForm, PerimeterCell | None]:
    cell = PerimeterCell.objects.filter(dataset=dataset, use_case=use_case).first()
    instance = cell or PerimeterCell(dataset=dataset, use_case=use_case)
    services = Service.objects.filter(is_active=True).order_by("category", "position", "code")
    return PerimeterCellForm(data, instance=instance, services=services), cell


def _render_cell(request: HttpRequest, dataset: Dataset, use_case: UseCase) -> HttpResponse:
    return render(
        request,
        "offers/includes/perimeter_cell.html",
        {
            "verdict": perimeter_check(dataset, use_case),
            "can_edit": can_edit_offers(request.user),
        },
    )


@require_http_methods(["GET", "HEAD"])
def perimeter_cell(request: HttpRequest, dataset_pk: int, use_case_pk: int) -> HttpResponse:
    """The cell fragment (htmx), or its inline form with ?edit=1 (desk operators)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    _require_reader(request)
    dataset, use_case = _pair(dataset_pk, use_case_pk)
    if request.GET.get("edit"):
        _require_editor(request)
        form, cell = _cell_form(dataset, use_case)
        return render(
            request,
            "offers/includes/perimeter_cell_form.html",
            {"form": form, "dataset": dataset, "use_case": use_case, "cell": cell},
        )
    return _render_cell(request, dataset, use_case)


@require_http_methods(["GET", "HEAD", "POST"])
def perimeter_cell_edit(request: HttpRequest, dataset_pk: int, use_case_pk: int) -> HttpResponse:
    """Edit one cell: full page without JavaScript, fragment swap with htmx."""
    if not request.user.is_authenticated:
        return HttpResponseRedirect(f"{reverse('login')}?next={request.get_full_path()}")
    _require_editor(request)
    dataset, use_case = _pair(dataset_pk, use_case_pk)
    back = reverse("offers:perimeter") + f"#cell-{dataset.pk}-{use_case.pk}"
    if request.method == "POST" and request.POST.get("clear"):
        perimeter_cell_clear(dataset, use_case, by=request.user)
        if _is_htmx(request):
            return _render_cell(request, dataset, use_case)
        messages.success(request, _("Rule removed: the use case's own status applies."))
        return HttpResponseRedirect(back)
    form, cell = _cell_form(dataset, use_case, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            perimeter_cell_set(
                dataset,
                use_case,
                by=request.user,
                status=form.cleaned_data["status"],
                conditions=form.cleaned_data["conditions"],
                note=form.cleaned_data["note"],
                default_services=list(form.cleaned_data["default_services"]),
            )
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            if _is_htmx(request):
                return _render_cell(request, dataset, use_case)
            messages.success(
                request,
                _("Perimeter saved for %(dataset)s × %(use_case)s.")
                % {"dataset": dataset, "use_case": use_case},
            )
            return HttpResponseRedirect(back)
    context: dict[str, Any] = {"form": form, "dataset": dataset, "use_case": use_case, "cell": cell}
    if _is_htmx(request):
        # htmx swaps only 2xx responses: the form with its errors must come back as 200.
        return render(request, "offers/includes/perimeter_cell_form.html", context)
    context.update(
        section="perimeter",
        back_url=back,
        can_edit=True,
        can_read_costs=can_read_costs(request.user),
    )
    status = 400 if request.method == "POST" else 200
    return render(request, "offers/staff/perimeter_cell_edit.html", context, status=status)
