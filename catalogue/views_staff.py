"""The catalogue's staff area: sheets, lifecycle, history, dictionaries, quality grades."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_fsm import ConcurrentTransition

from accounts.roles import is_staff_member
from catalogue import domain
from catalogue.dictionary import (
    DictionaryImportError,
    export_csv,
    export_xlsx,
    import_dictionary,
)
from catalogue.forms import (
    AssessmentForm,
    CriteriaSetChoiceForm,
    CriteriaSetForm,
    CriterionFormSet,
    DatasetForm,
    DictionaryImportForm,
    PublicationFormSet,
)
from catalogue.models import (
    DATASET_HISTORY,
    Assessment,
    AssessmentKind,
    CriteriaSet,
    Dataset,
    DatasetStatus,
    Department,
    Variable,
    VocabularyTerm,
)
from catalogue.quality import assessment_summary, latest_a_priori, score_band, with_scores

PAGE_SIZE = 50
SORTS = {
    "title": ("title_fr",),
    "-completeness": ("-completeness", "title_fr"),
    "completeness": ("completeness", "title_fr"),
    "-updated": ("-updated_at",),
}


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_staff_member(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _dataset(slug: str) -> Dataset:
    return get_object_or_404(Dataset.objects.select_related("department", "steward"), slug=slug)


def _require_edit(request: HttpRequest, dataset: Dataset) -> None:
    if not domain.can_edit_dataset(request.user, dataset):
        raise PermissionDenied(_("You may not edit this dataset."))


def _errors_text(error: ValidationError) -> list[str]:
    return [str(m) for m in error.messages]


def _context(request: HttpRequest, dataset: Dataset, section: str, **extra: Any) -> dict[str, Any]:
    return {
        "dataset": dataset,
        "section": section,
        "can_edit": domain.can_edit_dataset(request.user, dataset),
        **extra,
    }


# --- List --------------------------------------------------------------------------------


def _filtered(request: HttpRequest) -> tuple[QuerySet[Dataset], dict[str, str]]:
    params = {
        key: request.GET.get(key, "").strip()
        for key in ("q", "status", "department", "mine", "sort")
    }
    queryset = domain.with_completeness_data(Dataset.objects.select_related("department")).annotate(
        n_variables=domain.variable_count()
    )
    if params["q"]:
        q = params["q"]
        queryset = queryset.filter(
            Q(title_fr__icontains=q)
            | Q(title_en__icontains=q)
            | Q(acronym__icontains=q)
            | Q(slug__icontains=q)
        )
    if params["status"] in DatasetStatus.values:
        queryset = queryset.filter(status=params["status"])
    if params["department"].isdigit():
        queryset = queryset.filter(department_id=int(params["department"]))
    if params["mine"]:
        editable = domain.editable_datasets(request.user).values("pk")
        queryset = queryset.filter(pk__in=editable)
    return queryset.order_by(*SORTS.get(params["sort"], SORTS["title"])), params


def _heaviest_missing(dataset: Dataset, limit: int = 3) -> list[str]:
    missing = [row for row in dataset.completeness_report() if not row.filled]
    missing.sort(key=lambda row: -row.weight)  # stable: keeps the sheet's order among equals
    labels = [row.label for row in missing[:limit]]
    if len(missing) > limit:
        labels.append("…")
    return labels


@staff_required
def dataset_list(request: HttpRequest) -> HttpResponse:
    queryset, params = _filtered(request)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    datasets = list(page.object_list)
    latest = latest_a_priori(d.pk for d in datasets)
    rows = [
        {
            "dataset": d,
            "missing": _heaviest_missing(d),
            "band": score_band(d.completeness),
            "quality": latest.get(d.pk),
            "quality_band": score_band(latest[d.pk].overall_score if d.pk in latest else None),
        }
        for d in datasets
    ]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalogue/staff/dataset_list.html",
        {
            "rows": rows,
            "page": page,
            "params": params,
            "querystring": query.urlencode(),
            "departments": Department.objects.order_by("name"),
            "statuses": DatasetStatus.choices,
            "sorts": [
                ("title", _("Title")),
                ("-completeness", _("Least complete last")),
                ("completeness", _("Least complete first")),
                ("-updated", _("Recently updated")),
            ],
            "can_create": domain.can_create_dataset(request.user),
            "can_manage_criteria": domain.can_manage_criteria(request.user),
        },
    )


# --- Sheet -------------------------------------------------------------------------------


@staff_required
def dataset_detail(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = get_object_or_404(
        domain.with_completeness_data(
            Dataset.objects.select_related("department", "steward")
        ).annotate(n_variables=domain.variable_count()),
        slug=slug,
    )
    report = dataset.completeness_report()
    latest = latest_a_priori([dataset.pk]).get(dataset.pk)
    return render(
        request,
        "catalogue/staff/dataset_detail.html",
        _context(
            request,
            dataset,
            "sheet",
            report=report,
            missing=[row for row in report if not row.filled],
            score=dataset.compute_completeness(report),
            publish_missing=dataset.missing_for_publication(),
            transitions=domain.available_transitions(request.user, dataset),
            latest=latest,
            summary=assessment_summary(latest) if latest else None,
            n_variables=dataset.n_variables,  # type: ignore[attr-defined]
        ),
    )


@staff_required
def dataset_create(request: HttpRequest) -> HttpResponse:
    if not domain.can_create_dataset(request.user):
        raise PermissionDenied(_("You may not create datasets."))
    form = DatasetForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            dataset = domain.dataset_create(by=request.user, **form.changes())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The dataset was created as a draft."))
            return redirect("catalogue:staff-dataset-detail", slug=dataset.slug)
    return render(request, "catalogue/staff/dataset_form.html", {"form": form, "dataset": None})


@staff_required
def dataset_edit(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _dataset(slug)
    _require_edit(request, dataset)
    data = request.POST if request.method == "POST" else None
    form = DatasetForm(data, instance=dataset, user=request.user)
    publications = PublicationFormSet(
        data, instance=dataset, prefix="pub", queryset=dataset.publications.order_by("-year", "pk")
    )
    if request.method == "POST" and form.is_valid() and publications.is_valid():
        # The form validated (and mutated) its own copy; the domain applies the edit to a
        # fresh one, so what is saved is exactly what the history records.
        fresh = _dataset(slug)
        if request.POST.get("version") != domain.edit_version(fresh):
            form.add_error(
                None,
                _(
                    "Someone else saved this sheet after you opened it. Your input is kept "
                    "below: check it against the current version (see History) and save again."
                ),
            )
        else:
            try:
                with transaction.atomic():
                    fresh = domain.dataset_update(fresh, by=request.user, changes=form.changes())
                    domain.dataset_publications_save(
                        fresh,
                        publications.save(commit=False),
                        publications.deleted_objects,
                        by=request.user,
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The sheet was saved."))
                return redirect("catalogue:staff-dataset-detail", slug=fresh.slug)
    current = _dataset(slug)
    return render(
        request,
        "catalogue/staff/dataset_form.html",
        _context(
            request,
            current,
            "edit",
            form=form,
            publications=publications,
            version=domain.edit_version(current),
        ),
    )


TRANSITIONS = {
    "publish": (domain.dataset_publish, _("The dataset is now public.")),
    "unpublish": (domain.dataset_unpublish, _("The dataset is back to draft.")),
    "archive": (domain.dataset_archive, _("The dataset was archived.")),
}


@staff_required
@require_POST
def dataset_transition(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    if action not in TRANSITIONS:
        return HttpResponseNotAllowed(["POST"])
    dataset = _dataset(slug)
    function, done = TRANSITIONS[action]
    try:
        function(dataset, by=request.user)
    except ValidationError as error:
        for message in _errors_text(error):
            messages.error(request, message)
    except ConcurrentTransition:
        messages.error(
            request, _("Someone changed this dataset's status meanwhile; reload and try again.")
        )
        return redirect("catalogue:staff-dataset-detail", slug=slug)
    else:
        messages.success(request, done)
    return redirect("catalogue:staff-dataset-detail", slug=slug)


# --- History -----------------------------------------------------------------------------


HISTORY_HIDDEN = {"completeness"}


def _vocabulary_snapshots(records: list[Any]) -> dict[str, dict[int, set[int]]]:
    """For each vocabulary field, the term ids each history record held (one query a field)."""
    ids = [r.history_id for r in records]
    snapshots: dict[str, dict[int, set[int]]] = {}
    for field, model in DATASET_HISTORY.m2m_models.items():
        per_record: dict[int, set[int]] = {pk: set() for pk in ids}
        rows = model.objects.filter(history_id__in=ids).values_list(
            "history_id", "vocabularyterm_id"
        )
        for history_id, term_id in rows:
            per_record[history_id].add(term_id)
        snapshots[field.name] = per_record
    return snapshots


def _shown(value: Any) -> Any:
    """History values as a reader expects them: yes/no, lists joined, blanks as None."""
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def _history_rows(records: list[Any]) -> list[dict[str, Any]]:
    """Each version with the fields it changed against the one before it."""
    department_names = dict(Department.objects.values_list("pk", "name"))
    snapshots = _vocabulary_snapshots(records)
    term_ids = {t for per in snapshots.values() for terms in per.values() for t in terms}
    terms = {t.pk: t.label for t in VocabularyTerm.objects.filter(pk__in=term_ids)}
    rows = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, excluded_fields=list(snapshots))
            for change in delta.changes:
                if change.field in HISTORY_HIDDEN:
                    continue
                field = Dataset._meta.get_field(change.field)
                old, new = change.old, change.new
                if change.field == "department":
                    old, new = department_names.get(old, old), department_names.get(new, new)
                changes.append(
                    {"label": field.verbose_name, "old": _shown(old), "new": _shown(new)}
                )
            for name, per_record in snapshots.items():
                before, after = per_record[previous.history_id], per_record[record.history_id]
                if before != after:
                    changes.append(
                        {
                            "label": Dataset._meta.get_field(name).verbose_name,
                            "old": ", ".join(sorted(terms.get(t, "?") for t in before)) or None,
                            "new": ", ".join(sorted(terms.get(t, "?") for t in after)) or None,
                        }
                    )
        rows.append({"record": record, "changes": changes, "first": previous is None})
    return rows


@staff_required
def dataset_history(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _dataset(slug)
    history = dataset.history.select_related("history_user").order_by("-history_date", "-pk")
    page = Paginator(history, PAGE_SIZE).get_page(request.GET.get("page"))
    records = list(page.object_list)
    # One record past the page, so the page's last version still shows what it changed.
    offset = page.start_index() + len(records) - 1
    extra = list(history[offset : offset + 1]) if records else []
    rows = _history_rows(records + extra)[: len(records)]
    return render(
        request,
        "catalogue/staff/dataset_history.html",
        _context(request, dataset, "history", rows=rows, page=page),
    )


# --- Variable dictionary -----------------------------------------------------------------


@staff_required
def variables(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _dataset(slug)
    can_edit = domain.can_edit_dataset(request.user, dataset)
    form = DictionaryImportForm(request.POST or None, request.FILES or None)
    row_errors: list[Any] = []
    if request.method == "POST":
        _require_edit(request, dataset)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = import_dictionary(
                    dataset,
                    upload,
                    filename=upload.name,
                    by=request.user,
                    mode=form.cleaned_data["mode"],
                )
            except DictionaryImportError as error:
                row_errors = error.errors
                messages.error(
                    request,
                    _("The file was not imported (%(n)d problems); the dictionary is unchanged.")
                    % {"n": len(row_errors)},
                )
            else:
                messages.success(
                    request,
                    _("Dictionary imported: %(c)d new, %(u)d updated, %(d)d removed.")
                    % {"c": result.created, "u": result.updated, "d": result.deleted},
                )
                return redirect("catalogue:staff-variables", slug=slug)
    entries = Variable.objects.filter(dataset=dataset).select_related("coding_system")
    query = request.GET.get("q", "").strip()
    if query:
        entries = entries.filter(
            Q(name__icontains=query) | Q(label__icontains=query) | Q(description__icontains=query)
        )
    page = Paginator(entries.order_by("position", "name"), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "catalogue/staff/variables.html",
        _context(
            request,
            dataset,
            "variables",
            page=page,
            form=form if can_edit else None,
            query=query,
            row_errors=row_errors[:200],
            more_errors=max(0, len(row_errors) - 200),
        ),
    )


@staff_required
def variables_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    dataset = _dataset(slug)
    if fmt == "xlsx":
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(export_xlsx(dataset), content_type=content_type)
    else:
        response = HttpResponse(export_csv(dataset), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dataset.slug}-dictionary.{fmt}"'
    return response


# --- Quality assessments -----------------------------------------------------------------


@staff_required
def assessments(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _dataset(slug)
    records = list(with_scores(Assessment.objects.filter(dataset=dataset)))
    rows = [{"assessment": a, "summary": assessment_summary(a)} for a in records]
    return render(
        request,
        "catalogue/staff/assessments.html",
        _context(
            request,
            dataset,
            "quality",
            rows=rows,
            can_assess=domain.can_assess(request.user, dataset, AssessmentKind.A_PRIORI)
            or domain.can_assess(request.user, dataset, AssessmentKind.PROJECT_RELEVANCE),
        ),
    )


@staff_required
def assessment_create(request: HttpRequest, slug: str) -> HttpResponse:
    dataset = _dataset(slug)
    data = request.POST if request.method == "POST" else request.GET
    default = domain.default_criteria_set()
    choice = CriteriaSetChoiceForm(
        data if "criteria_set" in data else None,
        initial={"criteria_set": default, "kind": AssessmentKind.A_PRIORI},
    )
    criteria_set, kind = default, AssessmentKind.A_PRIORI
    if choice.is_bound and choice.is_valid():
        criteria_set, kind = choice.cleaned_data["criteria_set"], choice.cleaned_data["kind"]
    if not domain.can_assess(request.user, dataset, kind):
        raise PermissionDenied(_("You may not assess this dataset."))
    if criteria_set is None:
        messages.error(request, _("No active criteria set: create one first."))
        return redirect("catalogue:staff-assessments", slug=slug)
    criteria = list(criteria_set.criteria.order_by("position", "code"))
    form = AssessmentForm(request.POST if request.method == "POST" else None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            domain.assessment_record(
                dataset,
                criteria_set,
                kind,
                form.scores(),
                by=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The assessment was recorded."))
            return redirect("catalogue:staff-assessments", slug=slug)
    return render(
        request,
        "catalogue/staff/assessment_form.html",
        _context(
            request,
            dataset,
            "quality",
            form=form,
            choice=choice,
            criteria_set=criteria_set,
            kind=kind,
        ),
    )


# --- Criteria sets -----------------------------------------------------------------------


def _require_criteria_manager(request: HttpRequest) -> None:
    if not domain.can_manage_criteria(request.user):
        raise PermissionDenied(_("Only desk operators manage quality criteria."))


@staff_required
def criteria_sets(request: HttpRequest) -> HttpResponse:
    sets = CriteriaSet.objects.annotate(
        n_criteria=Count("criteria", distinct=True),
        n_assessments=Count("assessments", distinct=True),
    ).order_by("-is_active", "-is_default", "name_fr")
    return render(
        request,
        "catalogue/staff/criteria_sets.html",
        {"sets": sets, "can_manage": domain.can_manage_criteria(request.user)},
    )


@staff_required
def criteria_set_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    _require_criteria_manager(request)
    instance = get_object_or_404(CriteriaSet, code=code) if code else CriteriaSet()
    data = request.POST if request.method == "POST" else None
    form = CriteriaSetForm(data, instance=instance, prefix="set")
    formset = CriterionFormSet(
        data,
        instance=instance,
        prefix="criteria",
        queryset=instance.criteria.order_by("position", "code") if instance.pk else None,
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        criteria_set = form.save(commit=False)
        criteria = formset.save(commit=False)
        changed = [f.instance for f in formset.forms if f.instance.pk and f.has_changed()]
        criteria = list({id(c): c for c in [*criteria, *changed]}.values())
        try:
            domain.criteria_set_save(
                criteria_set, criteria, formset.deleted_objects, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The criteria set was saved."))
            return redirect("catalogue:staff-criteria-sets")
    return render(
        request,
        "catalogue/staff/criteria_set_form.html",
        {"form": form, "formset": formset, "criteria_set": instance if instance.pk else None},
    )


def staff_url(dataset: Dataset) -> str:
    return reverse("catalogue:staff-dataset-detail", kwargs={"slug": dataset.slug})
