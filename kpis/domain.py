"""Computation of the indicators, in the database.

Counts, shares, sums and means are SQL aggregates over the period's rows. Durations need a
median and a working-day count (French holidays, guichet.clocks): those fetch only the
(start, end) pairs of the period's filtered rows in one query and reduce them in Python; the
number of queries never depends on the number of requests."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.uploads import check_upload
from catalogue.models import Assessment, AssessmentKind, CriteriaSet, Dataset, DatasetStatus
from contracts.models import (
    ClauseCategory,
    ClauseDeviation,
    Contract,
    ContractTemplate,
    ContractVersion,
    TemplateStatus,
)
from guichet.clocks import working_days_between
from guichet.models import (
    AccessRequest,
    CommitteeDecision,
    Dispute,
    Message,
    ProjectFollowUp,
    PublicationReport,
    RequestDataset,
)
from kpis.definitions import (
    BLOCKS,
    MATURITY,
    PERFORMANCE,
    MaturityDef,
    PerformanceDef,
    Unit,
)
from kpis.models import (
    EVIDENCE_KINDS,
    EVIDENCE_MAX_BYTES,
    IndicatorTarget,
    KpiSettings,
    ManualInput,
    ManualInputKey,
    MaturityDeclaration,
    MaturitySnapshot,
)
from offers.models import (
    ActorType,
    CostBreakdownLine,
    DeskConfiguration,
    OfferStatus,
    OfferVersion,
    PerimeterCell,
    PerimeterStatus,
    ProjectType,
    Quote,
    QuoteLine,
    QuoteStatus,
    Service,
    ServicePrice,
    StaffProfile,
    TimeEntry,
    UseCase,
    UseCaseStatus,
)

HUNDRED = Decimal("100")
MONEY_FIELD = DecimalField(max_digits=16, decimal_places=2)


def q2(value: Decimal | float | int | None, places: str = "0.1") -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def share(part: int | Decimal, whole: int | Decimal | None) -> Decimal | None:
    if not whole:
        return None
    return q2(Decimal(part) * HUNDRED / Decimal(whole))


# --- Periods -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Inclusive dates; timestamps are compared on [start 00:00, end + 1 day 00:00) local."""

    start: date
    end: date

    @property
    def lo(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def hi(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def months(self) -> list[Period]:
        found = []
        cursor = self.start.replace(day=1)
        while cursor <= self.end:
            nxt = (cursor + timedelta(days=32)).replace(day=1)
            found.append(Period(max(cursor, self.start), min(nxt - timedelta(days=1), self.end)))
            cursor = nxt
        return found

    @classmethod
    def last_12_months(cls, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
        start = first.replace(year=first.year - 1) + timedelta(days=0)
        start = (start + timedelta(days=32)).replace(day=1)
        return cls(start, (today.replace(day=1) - timedelta(days=1)))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))


def _dt_in(field_name: str, period: Period) -> Q:
    return Q(**{f"{field_name}__gte": period.lo, f"{field_name}__lt": period.hi})


def _date_in(field_name: str, period: Period) -> Q:
    return Q(**{f"{field_name}__gte": period.start, f"{field_name}__lte": period.end})


# --- Maturity ----------------------------------------------------------------------------------


@dataclass
class MaturityResult:
    definition: MaturityDef
    met: bool
    reason: str
    declaration: MaturityDeclaration | None = None
    hint: str = ""

    @property
    def code(self) -> str:
        return self.definition.code


def _m_sheet(ctx: dict[str, Any]) -> tuple[bool, str]:
    settings: KpiSettings = ctx["settings"]
    stats = Dataset.objects.filter(status=DatasetStatus.PUBLISHED).aggregate(
        n=Count("pk"),
        mean=Avg("completeness"),
        reached=Count("pk", filter=Q(completeness__gte=settings.completeness_threshold)),
    )
    if not stats["n"]:
        return False, _("No published dataset yet.")
    mean = q2(stats["mean"])
    reached = share(stats["reached"], stats["n"])
    # Both are None only when n == 0 (returned above); completeness is never null.
    assert mean is not None and reached is not None
    met = mean >= settings.completeness_threshold or reached >= settings.sheets_share_required
    return met, _(
        "Mean completeness of the %(n)s published sheets: %(mean)s %% (threshold %(t)s %%); "
        "%(reached)s %% reach the threshold (required %(r)s %%)."
    ) % {
        "n": stats["n"],
        "mean": mean,
        "t": settings.completeness_threshold,
        "reached": reached,
        "r": settings.sheets_share_required,
    }


def _m_quality(ctx: dict[str, Any]) -> tuple[bool, str]:
    criteria = (
        CriteriaSet.objects.filter(is_default=True, is_active=True)
        .annotate(n=Count("criteria"))
        .filter(n__gt=0)
        .exists()
    )
    assessed = Assessment.objects.filter(kind=AssessmentKind.A_PRIORI).count()
    met = criteria and assessed > 0
    return met, _("Default criteria set with criteria: %(c)s; a priori assessments: %(a)s.") % {
        "c": _("yes") if criteria else _("no"),
        "a": assessed,
    }


def _m_catalogue(ctx: dict[str, Any]) -> tuple[bool, str]:
    n = Dataset.objects.filter(status=DatasetStatus.PUBLISHED).count()
    return n > 0, _("%(n)s published dataset(s).") % {"n": n}


def _m_typology(ctx: dict[str, Any]) -> tuple[bool, str]:
    projects = ProjectType.objects.filter(is_active=True).count()
    actors = ActorType.objects.filter(is_active=True).count()
    cases = UseCase.objects.count()
    met = projects > 0 and actors > 0 and cases > 0
    return met, _("%(p)s project types, %(a)s actor types, %(u)s use cases.") % {
        "p": projects,
        "a": actors,
        "u": cases,
    }


def _m_committee(ctx: dict[str, Any]) -> tuple[bool, str]:
    desk: DeskConfiguration = ctx["desk"]
    members = desk.committee_members.count()
    decisions = CommitteeDecision.objects.count()
    return members > 0 and decisions > 0, _(
        "%(m)s committee member(s) configured; %(d)s decision(s) recorded."
    ) % {"m": members, "d": decisions}


def _m_procedure(ctx: dict[str, Any]) -> tuple[bool, str]:
    desk: DeskConfiguration = ctx["desk"]
    if desk.sharing_procedure_document:
        return True, _("Procedure document on file (version %(v)s).") % {
            "v": desk.sharing_procedure_version or "—"
        }
    return False, _("No sharing procedure document in the desk configuration.")


def _m_anonymisation(ctx: dict[str, Any]) -> tuple[bool, str]:
    desk: DeskConfiguration = ctx["desk"]
    synthetic = Dataset.objects.filter(synthetic_version_available=True).count()
    met = desk.anonymisation_capability or desk.synthetic_data_capability or synthetic > 0
    return met, _(
        "Anonymisation capability: %(a)s; synthetic-data capability: %(s)s; datasets with a "
        "synthetic version: %(n)s."
    ) % {
        "a": _("yes") if desk.anonymisation_capability else _("no"),
        "s": _("yes") if desk.synthetic_data_capability else _("no"),
        "n": synthetic,
    }


def _m_patients(ctx: dict[str, Any]) -> tuple[bool, str]:
    desk: DeskConfiguration = ctx["desk"]
    url = bool(desk.patient_information_url)
    procedure = bool(desk.consent_procedure.strip())
    return url and procedure, _("Patient information site: %(u)s; consent procedure: %(p)s.") % {
        "u": _("yes") if url else _("no"),
        "p": _("yes") if procedure else _("no"),
    }


def _m_contracts(ctx: dict[str, Any]) -> tuple[bool, str]:
    n = ContractTemplate.objects.filter(status=TemplateStatus.PUBLISHED).count()
    return n > 0, _("%(n)s published contract template(s).") % {"n": n}


def _m_offer(ctx: dict[str, Any]) -> tuple[bool, str]:
    published = OfferVersion.objects.filter(status=OfferStatus.PUBLISHED).exists()
    tooled = UseCase.objects.filter(valorisation_tools__isnull=False).distinct().count()
    return published and tooled > 0, _(
        "Published offer: %(o)s; use cases linked to valorisation tools: %(n)s."
    ) % {"o": _("yes") if published else _("no"), "n": tooled}


def _m_costs(ctx: dict[str, Any]) -> tuple[bool, str]:
    services = Service.objects.filter(is_active=True).aggregate(
        n=Count("pk"),
        costed=Count(
            "pk", filter=Q(Exists(CostBreakdownLine.objects.filter(service_id=OuterRef("pk"))))
        ),
    )
    profiles = StaffProfile.objects.filter(is_active=True).aggregate(
        n=Count("pk"), rated=Count("pk", filter=Q(daily_rate__gt=0))
    )
    met = (
        services["n"] > 0
        and services["costed"] == services["n"]
        and profiles["rated"] == profiles["n"]
    )
    return met, _(
        "%(c)s of %(n)s active services have a cost breakdown; %(r)s of %(p)s staff profiles "
        "have a daily rate."
    ) % {"c": services["costed"], "n": services["n"], "r": profiles["rated"], "p": profiles["n"]}


COMPUTED_MATURITY = {
    "M-CAT-1": _m_sheet,
    "M-CAT-2": _m_quality,
    "M-CAT-3": _m_catalogue,
    "M-UC-1": _m_typology,
    "M-UC-2": _m_committee,
    "M-TEC-1": _m_procedure,
    "M-TEC-2": _m_anonymisation,
    "M-REG-1": _m_patients,
    "M-REG-2": _m_contracts,
    "M-VAL-1": _m_offer,
    "M-VAL-2": _m_costs,
}


def latest_declarations() -> dict[str, MaturityDeclaration]:
    found: dict[str, MaturityDeclaration] = {}
    for declaration in MaturityDeclaration.objects.order_by("code", "-declared_on", "-pk"):
        found.setdefault(declaration.code, declaration)
    return found


def compute_maturity() -> list[MaturityResult]:
    ctx: dict[str, Any] = {"settings": KpiSettings.get(), "desk": DeskConfiguration.get()}
    declarations = latest_declarations()
    results = []
    for definition in MATURITY:
        if definition.declared:
            declaration = declarations.get(definition.code)
            desk: DeskConfiguration = ctx["desk"]
            hint = _(
                "Desk configuration says datasets can be built from the information system: %s"
            ) % (_("yes") if desk.can_build_from_information_system else _("no"))
            if declaration is None:
                results.append(
                    MaturityResult(definition, False, _("Not declared yet."), None, hint)
                )
            else:
                reason = _("Declared %(state)s on %(day)s.") % {
                    "state": _("met") if declaration.met else _("not met"),
                    "day": declaration.declared_on.isoformat(),
                }
                results.append(
                    MaturityResult(definition, declaration.met, reason, declaration, hint)
                )
            continue
        met, reason = COMPUTED_MATURITY[definition.code](ctx)
        results.append(MaturityResult(definition, met, reason))
    return results


def take_snapshot(*, by: Any = None, on: date | None = None) -> MaturitySnapshot:
    results = compute_maturity()
    with transaction.atomic():
        return MaturitySnapshot.objects.create(
            taken_on=on or timezone.localdate(),
            results={r.code: r.met for r in results},
            met_count=sum(r.met for r in results),
            taken_by=by,
        )


def declare(
    code: str,
    *,
    met: bool,
    by: Any,
    evidence_text: str = "",
    evidence_url: str = "",
    evidence_file: Any = None,
    declared_on: date | None = None,
) -> MaturityDeclaration:
    declaration = MaturityDeclaration(
        code=code,
        met=met,
        evidence_text=evidence_text,
        evidence_url=evidence_url,
        declared_on=declared_on or timezone.localdate(),
        declared_by=by,
    )
    if evidence_file is not None:
        checked = check_upload(
            evidence_file, EVIDENCE_KINDS, max_bytes=EVIDENCE_MAX_BYTES, field="evidence_file"
        )
        declaration.original_name = checked.original_name
        # Stored under a random name with the extension of the detected type.
        evidence_file.name = checked.storage_name()
        declaration.evidence_file = evidence_file
    declaration.full_clean()
    declaration.save()
    return declaration


# --- Performance -------------------------------------------------------------------------------


@dataclass
class Durations:
    count: int = 0
    mean_days: Decimal | None = None
    median_days: Decimal | None = None
    mean_working_days: Decimal | None = None
    median_working_days: Decimal | None = None

    @classmethod
    def of(cls, pairs: Iterable[tuple[datetime, datetime]]) -> Durations:
        calendar, working = [], []
        for start, end in pairs:
            calendar.append((end - start).total_seconds() / 86400)
            working.append(working_days_between(start, end))
        if not calendar:
            return cls()
        return cls(
            count=len(calendar),
            mean_days=q2(statistics.fmean(calendar)),
            median_days=q2(statistics.median(calendar)),
            mean_working_days=q2(statistics.fmean(working)),
            median_working_days=q2(statistics.median(working)),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "mean_days": self.mean_days,
            "median_days": self.median_days,
            "mean_working_days": self.mean_working_days,
            "median_working_days": self.median_working_days,
        }


@dataclass
class PerfValue:
    value: Decimal | None
    details: dict[str, Any] = field(default_factory=dict)
    missing_input: bool = False


def _manual_sum(key: str, period: Period) -> Decimal | None:
    total = ManualInput.objects.filter(
        key=key, period_start__gte=period.start, period_end__lte=period.end
    ).aggregate(total=Sum("value"))["total"]
    return total


def signed_requests(period: Period):  # type: ignore[no-untyped-def]
    return AccessRequest.objects.filter(_dt_in("contract_signed_at", period))


def available_requests(period: Period):  # type: ignore[no-untyped-def]
    return AccessRequest.objects.filter(_dt_in("data_available_at", period))


def _publications(period: Period):  # type: ignore[no-untyped-def]
    return PublicationReport.objects.filter(
        _date_in("published_on", period)
        | (Q(published_on__isnull=True) & _dt_in("reported_at", period))
    )


def _revised() -> Exists:
    return Exists(
        ContractVersion.objects.filter(
            contract_id=OuterRef("pk"), created_at__gt=OuterRef("first_sent_at")
        )
    )


def _outside_frame() -> Q:
    excluded_cell = PerimeterCell.objects.filter(
        use_case_id=OuterRef("use_case_id"),
        status=PerimeterStatus.EXCLUDED,
        dataset_id__in=RequestDataset.objects.filter(request_id=OuterRef(OuterRef("pk"))).values(
            "dataset_id"
        ),
    )
    return (
        Q(use_case__isnull=True)
        | Q(use_case__status=UseCaseStatus.EXCLUDED)
        | Q(Exists(excluded_cell))
    )


def _off_offer() -> Q:
    priced = ServicePrice.objects.filter(
        offer_version_id=OuterRef(OuterRef("offer_version_id")), service_id=OuterRef("service_id")
    )
    unpriced_quote = Quote.objects.filter(pk=OuterRef("quote_id")).filter(
        Exists(QuoteLine.objects.filter(quote_id=OuterRef("pk")).exclude(Exists(priced)))
    )
    fee_deviation = ClauseDeviation.objects.filter(
        contract__request_id=OuterRef("pk"),
        withdrawn_at__isnull=True,
        clause__category=ClauseCategory.FEES_PAYMENT,
    )
    return Q(Exists(unpriced_quote)) | Q(Exists(fee_deviation))


def _actual_cost() -> Subquery:
    return Subquery(
        TimeEntry.objects.filter(request_reference=OuterRef("reference"))
        .values("request_reference")
        .annotate(total=Sum(F("days") * F("daily_rate"), output_field=MONEY_FIELD))
        .values("total")[:1],
        output_field=MONEY_FIELD,
    )


def budget_population(period: Period):  # type: ignore[no-untyped-def]
    logged = TimeEntry.objects.filter(
        request_reference=OuterRef("reference"),
        **{"date__gte": period.start, "date__lte": period.end},
    )
    return (
        AccessRequest.objects.filter(quote__status=QuoteStatus.ACCEPTED)
        .filter(Exists(logged))
        .annotate(actual_cost=Coalesce(_actual_cost(), Decimal("0"), output_field=MONEY_FIELD))
    )


def _accepted_quotes(period: Period):  # type: ignore[no-untyped-def]
    return Quote.objects.filter(status=QuoteStatus.ACCEPTED).filter(_dt_in("decided_at", period))


def _catalogue_at(period: Period):  # type: ignore[no-untyped-def]
    return Dataset.objects.filter(status=DatasetStatus.PUBLISHED, published_at__lt=period.hi)


def p_desk_1(period: Period) -> PerfValue:
    pairs = signed_requests(period).values_list("first_contact_at", "contract_signed_at")
    durations = Durations.of(pairs)
    return PerfValue(durations.mean_days, durations.as_dict())


def p_desk_2(period: Period) -> PerfValue:
    return PerfValue(Decimal(signed_requests(period).count()))


def p_desk_3(period: Period) -> PerfValue:
    return PerfValue(Decimal(_publications(period).count()))


def p_desk_4(period: Period) -> PerfValue:
    desk = signed_requests(period).count()
    total = _manual_sum(ManualInputKey.HOLDER_CONTRACTS, period)
    details = {"desk_contracts": desk, "holder_contracts": total}
    if not total:
        return PerfValue(None, details, missing_input=True)
    return PerfValue(share(desk, total), details)


def p_desk_5(period: Period) -> PerfValue:
    stats = (
        Contract.objects.filter(_dt_in("first_sent_at", period))
        .annotate(revised=_revised())
        .aggregate(n=Count("pk"), revised_n=Count("pk", filter=Q(revised=True)))
    )
    return PerfValue(
        share(stats["revised_n"], stats["n"]),
        {"contracts": stats["n"], "revised": stats["revised_n"]},
    )


def p_cat_1(period: Period) -> PerfValue:
    stats = RequestDataset.objects.filter(_dt_in("request__data_available_at", period)).aggregate(
        n=Count("pk"),
        listed=Count(
            "pk",
            filter=Q(
                dataset__published_at__isnull=False,
                dataset__published_at__lte=F("request__first_contact_at"),
            ),
        ),
    )
    return PerfValue(
        share(stats["listed"], stats["n"]), {"lines": stats["n"], "already_listed": stats["listed"]}
    )


def p_cat_2(period: Period) -> PerfValue:
    n = (
        Message.objects.filter(is_information_request=True)
        .filter(_dt_in("created_at", period))
        .count()
    )
    return PerfValue(Decimal(n))


def p_cat_3(period: Period) -> PerfValue:
    return PerfValue(Decimal(_catalogue_at(period).count()))


def p_uc_1(period: Period) -> PerfValue:
    stats = (
        AccessRequest.objects.filter(_dt_in("submitted_at", period))
        .annotate(outside=_outside_frame_expr())
        .aggregate(n=Count("pk"), outside_n=Count("pk", filter=Q(outside=True)))
    )
    return PerfValue(
        share(stats["outside_n"], stats["n"]),
        {"requests": stats["n"], "outside": stats["outside_n"]},
    )


def _outside_frame_expr():  # type: ignore[no-untyped-def]
    from django.db.models import BooleanField, Case, Value, When

    return Case(
        When(_outside_frame(), then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _off_offer_expr():  # type: ignore[no-untyped-def]
    from django.db.models import BooleanField, Case, Value, When

    return Case(
        When(_off_offer(), then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def p_uc_2(period: Period) -> PerfValue:
    stats = RequestDataset.objects.filter(_dt_in("request__data_available_at", period)).aggregate(
        n=Count("pk"), datasets=Count("dataset_id", distinct=True)
    )
    return PerfValue(Decimal(stats["n"]), {"distinct_datasets": stats["datasets"]})


def p_tec_1(period: Period) -> PerfValue:
    pairs = (
        available_requests(period)
        .filter(contract_signed_at__isnull=False)
        .values_list("contract_signed_at", "data_available_at")
    )
    durations = Durations.of(pairs)
    return PerfValue(durations.mean_days, durations.as_dict())


def p_tec_2(period: Period) -> PerfValue:
    n = (
        ProjectFollowUp.objects.filter(extra_technical_work=True)
        .filter(_dt_in("request__data_available_at", period))
        .count()
    )
    return PerfValue(Decimal(n))


def _compliant_q() -> Q:
    return Q(is_anonymised=True) | Q(synthetic_version_available=True) | Q(consent_collected=True)


def p_reg_1(period: Period) -> PerfValue:
    stats = _catalogue_at(period).aggregate(n=Count("pk"), ok=Count("pk", filter=_compliant_q()))
    return PerfValue(
        share(stats["ok"], stats["n"]), {"datasets": stats["n"], "compliant": stats["ok"]}
    )


def p_reg_2(period: Period) -> PerfValue:
    stats = Dispute.objects.filter(_date_in("opened_on", period)).aggregate(
        n=Count("pk"),
        patient=Count("pk", filter=Q(kind="patient")),
        requester=Count("pk", filter=Q(kind="requester")),
    )
    return PerfValue(
        Decimal(stats["n"]), {"patient": stats["patient"], "requester": stats["requester"]}
    )


def p_val_1(period: Period) -> PerfValue:
    stats = _accepted_quotes(period).aggregate(
        n=Count("pk"), mean=Avg("total_excl_vat"), total=Sum("total_excl_vat")
    )
    return PerfValue(
        q2(stats["mean"], "0.01"), {"quotes": stats["n"], "total": q2(stats["total"], "0.01")}
    )


def p_val_2(period: Period) -> PerfValue:
    stats = _accepted_quotes(period).aggregate(
        margin=Sum("margin_amount"), revenue=Sum("total_excl_vat")
    )
    if stats["revenue"] is None:
        return PerfValue(None, {"margin_rate": None})
    return PerfValue(
        q2(stats["margin"], "0.01"),
        {
            "revenue": q2(stats["revenue"], "0.01"),
            "margin_rate": share(stats["margin"], stats["revenue"]),
        },
    )


def p_val_3(period: Period) -> PerfValue:
    total = _manual_sum(ManualInputKey.INVOICED_REVENUE, period)
    if total is None:
        return PerfValue(None, {}, missing_input=True)
    return PerfValue(q2(total, "0.01"))


def p_val_4(period: Period) -> PerfValue:
    n = _publications(period).filter(request__contract_signed_at__isnull=False).count()
    return PerfValue(Decimal(n))


def p_val_5(period: Period) -> PerfValue:
    n = signed_requests(period).filter(_off_offer()).count()
    return PerfValue(Decimal(n))


def p_val_6(period: Period) -> PerfValue:
    stats = budget_population(period).aggregate(
        n=Count("pk"), over=Count("pk", filter=Q(actual_cost__gt=F("quote__total_cost")))
    )
    return PerfValue(Decimal(stats["over"]), {"projects": stats["n"]})


COMPUTE = {
    "P-DESK-1": p_desk_1,
    "P-DESK-2": p_desk_2,
    "P-DESK-3": p_desk_3,
    "P-DESK-4": p_desk_4,
    "P-DESK-5": p_desk_5,
    "P-CAT-1": p_cat_1,
    "P-CAT-2": p_cat_2,
    "P-CAT-3": p_cat_3,
    "P-UC-1": p_uc_1,
    "P-UC-2": p_uc_2,
    "P-TEC-1": p_tec_1,
    "P-TEC-2": p_tec_2,
    "P-REG-1": p_reg_1,
    "P-REG-2": p_reg_2,
    "P-VAL-1": p_val_1,
    "P-VAL-2": p_val_2,
    "P-VAL-3": p_val_3,
    "P-VAL-4": p_val_4,
    "P-VAL-5": p_val_5,
    "P-VAL-6": p_val_6,
}


# --- Scores, quadrant and roadmap ----------------------------------------------------------------


def attainment(value: Decimal | None, target: IndicatorTarget | None) -> Decimal | None:
    """min(1, value/target) when higher is better, min(1, target/value) when lower is better;
    a lower-is-better value of 0 reaches its target. None without value or target."""
    if value is None or target is None:
        return None
    if target.direction == "higher":
        if target.target == 0:
            return Decimal(1)
        return min(Decimal(1), value / target.target)
    if value == 0:
        return Decimal(1)
    return min(Decimal(1), target.target / value)


@dataclass
class PerformanceResult:
    definition: PerformanceDef
    value: Decimal | None
    details: dict[str, Any]
    missing_input: bool
    target: IndicatorTarget | None
    score: Decimal | None  # attainment x 100

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def under_target(self) -> bool:
        return self.score is not None and self.score < HUNDRED


@dataclass
class BlockResult:
    code: str
    label: str
    on_quadrant: bool
    maturity: list[MaturityResult]
    performance: list[PerformanceResult]
    maturity_share: Decimal | None
    performance_score: Decimal | None
    quadrant: str = ""  # priority | mature_underused | performs_anyway | done | unknown

    @property
    def unmet(self) -> list[MaturityResult]:
        return [m for m in self.maturity if not m.met]

    @property
    def under_target(self) -> list[PerformanceResult]:
        return [p for p in self.performance if p.under_target]


QUADRANT_ORDER = {
    "priority": 0,
    "unknown": 1,
    "mature_underused": 2,
    "performs_anyway": 3,
    "done": 4,
}


def classify(maturity: Decimal | None, performance: Decimal | None, threshold: int) -> str:
    if maturity is None or performance is None:
        return "unknown"
    high_m = maturity >= threshold
    high_p = performance >= threshold
    if high_m and high_p:
        return "done"
    if high_m:
        return "mature_underused"
    if high_p:
        return "performs_anyway"
    return "priority"


@dataclass
class Report:
    period: Period
    maturity: list[MaturityResult]
    performance: list[PerformanceResult]
    blocks: list[BlockResult]
    threshold: int
    generated_at: datetime

    @property
    def roadmap(self) -> list[BlockResult]:
        """Quadrant blocks, most urgent first: priority quadrant, then by distance to 'done'."""
        blocks = [b for b in self.blocks if b.on_quadrant]
        return sorted(
            blocks,
            key=lambda b: (
                QUADRANT_ORDER[b.quadrant],
                (b.maturity_share or 0) + (b.performance_score or 0),
            ),
        )

    @property
    def maturity_met(self) -> int:
        return sum(m.met for m in self.maturity)


def compute_performance(period: Period) -> list[PerformanceResult]:
    targets = {t.code: t for t in IndicatorTarget.objects.all()}
    results = []
    for definition in PERFORMANCE:
        computed = COMPUTE[definition.code](period)
        target = targets.get(definition.code)
        reached = attainment(computed.value, target)
        results.append(
            PerformanceResult(
                definition,
                computed.value,
                computed.details,
                computed.missing_input,
                target,
                q2(reached * HUNDRED) if reached is not None else None,
            )
        )
    return results


def block_results(
    maturity: list[MaturityResult], performance: list[PerformanceResult], threshold: int
) -> list[BlockResult]:
    blocks = []
    for block in BLOCKS:
        mats = [m for m in maturity if m.definition.block == block.code]
        perfs = [p for p in performance if p.definition.block == block.code]
        m_share = share(sum(m.met for m in mats), len(mats)) if mats else None
        scores = [p.score for p in perfs if p.score is not None]
        p_score = q2(sum(scores) / len(scores)) if scores else None
        blocks.append(
            BlockResult(
                block.code,
                str(block.label),
                block.on_quadrant,
                mats,
                perfs,
                m_share,
                p_score,
                classify(m_share, p_score, threshold) if block.on_quadrant else "",
            )
        )
    return blocks


def _without_jit() -> None:
    """These are short aggregate queries whose estimated cost (correlated EXISTS) can cross
    PostgreSQL's jit_above_cost: JIT compilation then costs more than the whole query
    (measured: 660 ms of compilation for a 10 ms query on the benchmark data)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")


def build_report(period: Period) -> Report:
    threshold = KpiSettings.get().block_threshold
    with transaction.atomic():
        _without_jit()
        maturity = compute_maturity()
        performance = compute_performance(period)
    return Report(
        period,
        maturity,
        performance,
        block_results(maturity, performance, threshold),
        threshold,
        timezone.now(),
    )


SERIES_TTL = 3600


def _month_values(month: Period) -> dict[str, Decimal | None]:
    return {code: compute(month).value for code, compute in COMPUTE.items()}


def monthly_series(
    period: Period, months: int = 12
) -> dict[str, list[tuple[date, Decimal | None]]]:
    """Each performance indicator month by month over the last `months` months of the period
    (the number of queries depends on months, not on rows). Months that are over are cached
    for an hour (trend lines, not the figures of record); the current month is always live."""
    series: dict[str, list[tuple[date, Decimal | None]]] = {p.code: [] for p in PERFORMANCE}
    today = timezone.localdate()
    with transaction.atomic():
        _without_jit()
        for month in period.months()[-months:]:
            if month.end < today:
                key = f"kpis:month:{month.start.isoformat()}:{month.end.isoformat()}"
                values = cache.get(key)
                if values is None:
                    values = _month_values(month)
                    cache.set(key, values, SERIES_TTL)
            else:
                values = _month_values(month)
            for code in series:
                series[code].append((month.start, values[code]))
    return series


def maturity_history() -> list[MaturitySnapshot]:
    return list(MaturitySnapshot.objects.order_by("taken_on", "pk"))


# --- Drill-downs -------------------------------------------------------------------------------


@dataclass
class DrillRow:
    request_id: int | None
    reference: str
    title: str
    values: list[Any]


def _request_rows(queryset, columns: list[str], values) -> list[DrillRow]:  # type: ignore[no-untyped-def]
    rows = []
    for item in queryset.values("pk", "reference", "title", *columns).order_by("reference"):
        rows.append(DrillRow(item["pk"], item["reference"], item["title"], values(item)))
    return rows


def _duration_values(start_key: str, end_key: str):  # type: ignore[no-untyped-def]
    def values(item: dict[str, Any]) -> list[Any]:
        start, end = item[start_key], item[end_key]
        return [
            timezone.localtime(start).date(),
            timezone.localtime(end).date(),
            q2((end - start).total_seconds() / 86400),
            working_days_between(start, end),
        ]

    return values


def drilldown(code: str, period: Period) -> tuple[list[str], list[DrillRow]]:
    """Column headers and the underlying requests of one performance indicator."""
    if code == "P-DESK-1":
        return [
            _("First contact"),
            _("Contract signed"),
            _("Calendar days"),
            _("Working days"),
        ], _request_rows(
            signed_requests(period),
            ["first_contact_at", "contract_signed_at"],
            _duration_values("first_contact_at", "contract_signed_at"),
        )
    if code in ("P-DESK-2", "P-DESK-4"):
        return [_("Contract signed")], _request_rows(
            signed_requests(period),
            ["contract_signed_at"],
            lambda i: [timezone.localtime(i["contract_signed_at"]).date()],
        )
    if code == "P-TEC-1":
        return [
            _("Contract signed"),
            _("Data available"),
            _("Calendar days"),
            _("Working days"),
        ], _request_rows(
            available_requests(period).filter(contract_signed_at__isnull=False),
            ["contract_signed_at", "data_available_at"],
            _duration_values("contract_signed_at", "data_available_at"),
        )
    if code in ("P-DESK-3", "P-VAL-4"):
        qs = _publications(period)
        if code == "P-VAL-4":
            qs = qs.filter(request__contract_signed_at__isnull=False)
        rows = [
            DrillRow(
                i["request_id"],
                i["request__reference"],
                i["request__title"],
                [i["reference"], i["published_on"]],
            )
            for i in qs.values(
                "request_id", "request__reference", "request__title", "reference", "published_on"
            ).order_by("request__reference")
        ]
        return [_("Publication"), _("Published on")], rows
    if code == "P-DESK-5":
        qs = Contract.objects.filter(_dt_in("first_sent_at", period)).annotate(
            revised=_revised(),
            revisions=Coalesce(
                Subquery(
                    ContractVersion.objects.filter(
                        contract_id=OuterRef("pk"), created_at__gt=OuterRef("first_sent_at")
                    )
                    .values("contract_id")
                    .annotate(n=Count("pk"))
                    .values("n")[:1]
                ),
                0,
            ),
        )
        rows = [
            DrillRow(
                i["request_id"],
                i["request__reference"],
                i["request__title"],
                [timezone.localtime(i["first_sent_at"]).date(), i["revisions"], i["revised"]],
            )
            for i in qs.values(
                "request_id",
                "request__reference",
                "request__title",
                "first_sent_at",
                "revisions",
                "revised",
            ).order_by("request__reference")
        ]
        return [_("First sent"), _("Revisions"), _("Revised")], rows
    if code in ("P-CAT-1", "P-UC-2"):
        qs = RequestDataset.objects.filter(_dt_in("request__data_available_at", period)).annotate(
            listed=_listed_expr()
        )
        rows = [
            DrillRow(
                i["request_id"],
                i["request__reference"],
                i["request__title"],
                [i["dataset__title_fr"], i["listed"]],
            )
            for i in qs.values(
                "request_id", "request__reference", "request__title", "dataset__title_fr", "listed"
            ).order_by("request__reference", "dataset__title_fr")
        ]
        return [_("Dataset"), _("Already in the catalogue")], rows
    if code == "P-CAT-2":
        qs = Message.objects.filter(is_information_request=True).filter(
            _dt_in("created_at", period)
        )
        rows = [
            DrillRow(
                i["request_id"],
                i["request__reference"],
                i["request__title"],
                [timezone.localtime(i["created_at"]).date()],
            )
            for i in qs.values(
                "request_id", "request__reference", "request__title", "created_at"
            ).order_by("created_at")
        ]
        return [_("Asked on")], rows
    if code in ("P-CAT-3", "P-REG-1"):
        qs = _catalogue_at(period).annotate(compliant=_bool(_compliant_q()))
        rows = [
            DrillRow(None, i["slug"], i["title_fr"], [i["completeness"], i["compliant"]])
            for i in qs.values("slug", "title_fr", "completeness", "compliant").order_by("title_fr")
        ]
        return [_("Completeness (%)"), _("Compliant")], rows
    if code == "P-UC-1":
        return [_("Use case"), _("Outside the frames")], _request_rows(
            AccessRequest.objects.filter(_dt_in("submitted_at", period)).annotate(
                outside=_outside_frame_expr()
            ),
            ["use_case__code", "outside"],
            lambda i: [i["use_case__code"] or "—", i["outside"]],
        )
    if code == "P-TEC-2":
        return [_("Data available")], _request_rows(
            available_requests(period).filter(follow_up__extra_technical_work=True),
            ["data_available_at"],
            lambda i: [timezone.localtime(i["data_available_at"]).date()],
        )
    if code == "P-REG-2":
        qs = Dispute.objects.filter(_date_in("opened_on", period))
        rows = [
            DrillRow(
                i["request_id"],
                i["request__reference"],
                i["request__title"],
                [i["kind"], i["opened_on"], i["closed_on"]],
            )
            for i in qs.values(
                "request_id",
                "request__reference",
                "request__title",
                "kind",
                "opened_on",
                "closed_on",
            ).order_by("opened_on")
        ]
        return [_("Raised by"), _("Opened"), _("Closed")], rows
    if code in ("P-VAL-1", "P-VAL-2"):
        quotes = _accepted_quotes(period)
        rows = [
            DrillRow(
                None,
                i["reference"],
                i["request_reference"],
                [i["total_excl_vat"], i["margin_amount"]],
            )
            for i in quotes.values(
                "reference", "request_reference", "total_excl_vat", "margin_amount"
            ).order_by("reference")
        ]
        return [_("Revenue excl. VAT"), _("Margin")], rows
    if code == "P-VAL-3":
        rows = [
            DrillRow(None, f"{i.period_start} – {i.period_end}", i.note, [i.value])
            for i in ManualInput.objects.filter(
                key=ManualInputKey.INVOICED_REVENUE,
                period_start__gte=period.start,
                period_end__lte=period.end,
            ).order_by("period_start")
        ]
        return [_("Invoiced")], rows
    if code == "P-VAL-5":
        return [_("Contract signed")], _request_rows(
            signed_requests(period).filter(_off_offer()),
            ["contract_signed_at"],
            lambda i: [timezone.localtime(i["contract_signed_at"]).date()],
        )
    if code == "P-VAL-6":
        return [_("Budgeted cost"), _("Actual cost"), _("Over budget")], _request_rows(
            budget_population(period),
            ["quote__total_cost", "actual_cost"],
            lambda i: [
                i["quote__total_cost"],
                q2(i["actual_cost"], "0.01"),
                i["actual_cost"] > i["quote__total_cost"],
            ],
        )
    raise KeyError(code)


def _bool(condition: Q):  # type: ignore[no-untyped-def]
    from django.db.models import BooleanField, Case, Value, When

    return Case(
        When(condition, then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _listed_expr():  # type: ignore[no-untyped-def]
    return _bool(
        Q(
            dataset__published_at__isnull=False,
            dataset__published_at__lte=F("request__first_contact_at"),
        )
    )


def format_value(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == Unit.PERCENT:
        return f"{value} %"
    if unit == Unit.EUR:
        return f"{value:,.2f} €".replace(",", "\u202f")
    if unit == Unit.DAYS:
        return _("%(n)s d") % {"n": value}
    return f"{value.normalize():f}" if value == value.to_integral() else str(value)
