"""Manager dashboard pages (/staff/kpis/...)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.uploads import content_type_for
from contracts.pdf import render_pdf
from guichet.domain_access import record_access
from guichet.downloads import serve_file
from guichet.models import DocumentAccessAction, DocumentKind
from kpis.definitions import MATURITY_BY_CODE, PERFORMANCE, PERFORMANCE_BY_CODE
from kpis.domain import (
    Period,
    build_report,
    declare,
    drilldown,
    latest_declarations,
    maturity_history,
    monthly_series,
    take_snapshot,
)
from kpis.forms import DeclarationForm, ManualInputForm, TargetsForm
from kpis.interfaces import (
    PRESETS,
    PeriodError,
    can_manage,
    can_read,
    parse_period,
    quadrant,
    sparkline,
    table,
)
from kpis.models import IndicatorTarget, ManualInput, MaturityDeclaration
from offers.exports import rows_to_csv, rows_to_xlsx


def _reader(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not can_read(request.user):
        raise PermissionDenied


def _manager(request: HttpRequest) -> None:
    if not can_manage(request.user):
        raise PermissionDenied


def _period(request: HttpRequest) -> tuple[Period, str]:
    try:
        return parse_period(request.GET), ""
    except PeriodError as error:
        return Period.last_12_months(), str(error)


def _query(period: Period) -> str:
    return f"from={period.start.isoformat()}&to={period.end.isoformat()}"


def dashboard(request: HttpRequest) -> HttpResponse:
    _reader(request)
    period, error = _period(request)
    report = build_report(period)
    series = monthly_series(period)
    for result in report.performance:
        result.spark = sparkline([v for _month, v in series[result.code]])  # type: ignore[attr-defined]
    history = maturity_history()
    context = {
        "report": report,
        "period": period,
        "period_error": error,
        "query": _query(period),
        "presets": PRESETS,
        "chart": quadrant(report),
        "history": history[-24:],
        "history_chart": sparkline(
            [Decimal(s.met_count) for s in history[-24:]], width=240, height=40
        ),
        "can_manage": can_manage(request.user),
        "page_title": _("Indicators"),
    }
    return render(request, "kpis/dashboard.html", context)


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    _reader(request)
    period, error = _period(request)
    if code in MATURITY_BY_CODE:
        return HttpResponseRedirect(
            reverse("kpis:declare", args=[code])
            if MATURITY_BY_CODE[code].declared
            else reverse("kpis:dashboard") + f"#{code}"
        )
    definition = PERFORMANCE_BY_CODE.get(code)
    if definition is None:
        raise Http404
    report = build_report(period)
    result = next(p for p in report.performance if p.code == code)
    headers, rows = drilldown(code, period)
    if request.GET.get("format") == "csv":
        body = rows_to_csv(
            [_("Reference"), _("Title"), *headers],
            ([row.reference, row.title, *row.values] for row in rows),
        )
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = (
            f'attachment; filename="{code}-{_filename(period, "csv")}"'
        )
        return response
    return render(
        request,
        "kpis/indicator.html",
        {
            "definition": definition,
            "result": result,
            "headers": headers,
            "rows": rows,
            "period": period,
            "period_error": error,
            "query": _query(period),
            "presets": PRESETS,
            "page_title": f"{code} — {definition.label}",
        },
    )


def targets(request: HttpRequest) -> HttpResponse:
    _reader(request)
    current = {t.code: t for t in IndicatorTarget.objects.all()}
    form = TargetsForm(request.POST or None, targets=current)
    if request.method == "POST":
        _manager(request)
        if form.is_valid():
            assert request.user.is_authenticated  # _manager() admitted a manager
            with transaction.atomic():
                for definition in PERFORMANCE:
                    value = form.cleaned_data[f"target_{definition.code}"]
                    direction = form.cleaned_data[f"direction_{definition.code}"]
                    if value is None:
                        IndicatorTarget.objects.filter(code=definition.code).delete()
                    else:
                        IndicatorTarget.objects.update_or_create(
                            code=definition.code,
                            defaults={
                                "target": value,
                                "direction": direction,
                                "updated_by": request.user,
                            },
                        )
            messages.success(request, _("Targets saved."))
            return HttpResponseRedirect(reverse("kpis:targets"))
    return render(
        request,
        "kpis/targets.html",
        {
            "form": form,
            "can_manage": can_manage(request.user),
            "page_title": _("Indicator targets"),
        },
    )


def manual_inputs(request: HttpRequest) -> HttpResponse:
    _reader(request)
    form = ManualInputForm(request.POST or None)
    if request.method == "POST":
        _manager(request)
        if form.is_valid():
            entry = form.save(commit=False)
            entry.entered_by = request.user
            entry.save()
            messages.success(request, _("Figure saved."))
            return HttpResponseRedirect(reverse("kpis:inputs"))
    return render(
        request,
        "kpis/inputs.html",
        {
            "form": form,
            "inputs": ManualInput.objects.select_related("entered_by")[:200],
            "can_manage": can_manage(request.user),
            "page_title": _("External figures"),
        },
    )


def declare_view(request: HttpRequest, code: str) -> HttpResponse:
    _reader(request)
    definition = MATURITY_BY_CODE.get(code)
    if definition is None:
        raise Http404
    form = DeclarationForm(
        request.POST or None, request.FILES or None, initial={"declared_on": timezone.localdate()}
    )
    if request.method == "POST":
        _manager(request)
        if form.is_valid():
            data = form.cleaned_data
            declare(
                code,
                met=data["met"],
                by=request.user,
                evidence_text=data["evidence_text"],
                evidence_url=data["evidence_url"],
                evidence_file=data["evidence_file"],
                declared_on=data["declared_on"],
            )
            messages.success(request, _("Declaration recorded."))
            return HttpResponseRedirect(reverse("kpis:declare", args=[code]))
    return render(
        request,
        "kpis/declare.html",
        {
            "definition": definition,
            "form": form,
            "current": latest_declarations().get(code),
            "history": MaturityDeclaration.objects.filter(code=code).select_related("declared_by"),
            "can_manage": can_manage(request.user),
            "page_title": definition.label,
        },
    )


def _record_evidence(
    request: HttpRequest, declaration: MaturityDeclaration, *, denied: bool = False
) -> None:
    record_access(
        request,
        kind=DocumentKind.KPI_EVIDENCE,
        object_id=declaration.pk,
        label=f"{declaration.code}: {declaration.original_name}",
        action=DocumentAccessAction.DOWNLOAD,
        denied=denied,
    )


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    declaration = get_object_or_404(MaturityDeclaration, pk=pk)
    if not can_read(request.user):
        _record_evidence(request, declaration, denied=True)
        raise PermissionDenied
    if not declaration.evidence_file:
        raise Http404
    assert declaration.evidence_file.name is not None  # a non-empty FieldFile has a name
    return serve_file(
        request,
        declaration.evidence_file,
        filename=declaration.original_name or "evidence",
        content_type=content_type_for(declaration.evidence_file.name),
        record=lambda: _record_evidence(request, declaration),
    )


@require_POST
def snapshot(request: HttpRequest) -> HttpResponse:
    _manager(request)
    taken = take_snapshot(by=request.user)
    messages.success(
        request, _("Maturity snapshot taken: %(n)s of 12 indicators met.") % {"n": taken.met_count}
    )
    return HttpResponseRedirect(reverse("kpis:dashboard"))


def _filename(period: Period, ext: str) -> str:
    return f"indicators-{period.start.isoformat()}-{period.end.isoformat()}.{ext}"


def export_csv(request: HttpRequest) -> HttpResponse:
    _reader(request)
    period, _error = _period(request)
    header, body = table(build_report(period))
    response = HttpResponse(rows_to_csv(header, body), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(period, "csv")}"'
    return response


def export_xlsx(request: HttpRequest) -> HttpResponse:
    _reader(request)
    period, _error = _period(request)
    header, body = table(build_report(period))
    response = HttpResponse(
        rows_to_xlsx(header, body, title=_("Indicators")),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(period, "xlsx")}"'
    return response


def report_html(request: HttpRequest, period: Period) -> str:
    report = build_report(period)
    return render_to_string(
        "kpis/report_pdf.html",
        {
            "report": report,
            "period": period,
            "chart": quadrant(report),
            "history": maturity_history()[-12:],
        },
        request=request,
    )


def export_pdf(request: HttpRequest) -> HttpResponse:
    _reader(request)
    period, _error = _period(request)
    rendered = render_pdf(report_html(request, period))
    response = HttpResponse(rendered.content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(period, "pdf")}"'
    return response
