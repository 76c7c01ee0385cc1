"""Staff pages of the use-case inventory, desk configuration, offer, cost grid, timesheets and
quotes. Desk operators change them; managers read them (see offers.views_access)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, F, Prefetch, QuerySet, Sum
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView, View

from accounts.uploads import attachment_headers
from offers.domain import (
    cost_comparisons,
    desk_configuration_update,
    sharing_procedure_upload,
    time_entry_record,
)
from offers.forms import (
    TYPOLOGY_FORMS,
    CampaignForm,
    CostLineFormSet,
    DeskConfigurationForm,
    ExternalProviderForm,
    ITCostItemForm,
    ServiceFilterForm,
    ServiceForm,
    StaffProfileForm,
    TimeEntryFilterForm,
    TimeEntryForm,
    UseCaseFilterForm,
    UseCaseForm,
)
from offers.models import (
    ActorType,
    Campaign,
    CollaborationLevel,
    CostBreakdownLine,
    DeskConfiguration,
    DeskModel,
    ExternalProvider,
    ITCostItem,
    OfferStatus,
    OfferVersion,
    PricingRule,
    ProjectType,
    Quote,
    QuoteLine,
    QuoteStatus,
    Service,
    ServiceCategory,
    ServicePrice,
    StaffProfile,
    TimeEntry,
    UseCase,
)
from offers.pricing import ZERO, money
from offers.views_access import PERIMETER_READERS, StaffAccessMixin

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

AMOUNT = DecimalField(max_digits=14, decimal_places=4)


def percent(rate: Decimal) -> str:
    """0.2000 -> "20", 0.1250 -> "12.5" (for display; never scientific notation)."""
    return format((rate * 100).normalize(), "f")


def add_domain_errors(form: Any, error: ValidationError) -> None:
    """Show a domain refusal on the form: on its field when there is one, else on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class StaffPage(StaffAccessMixin):
    """Common context for the offers staff pages: the tab to highlight."""

    section = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["section"] = self.section
        return context


class StaffFormPage(StaffPage):
    """Create/update pages rendered by the shared form template."""

    template_name: str | None = "offers/staff/form.html"
    edit_only = True
    page_title: Any = ""
    intro: Any = ""
    success_message: Any = gettext_lazy("Saved.")
    list_url_name = ""

    def get_success_url(self) -> str:
        return reverse(self.list_url_name)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=self.get_page_title(),
            intro=self.intro,
            cancel_url=reverse(self.list_url_name),
        )
        return context

    def get_page_title(self) -> str:
        return str(self.page_title)

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)  # type: ignore[misc]
        messages.success(self.request, str(self.success_message))  # type: ignore[attr-defined]
        return response


# --- Use-case inventory ------------------------------------------------------------------------


class UseCaseList(StaffPage, ListView):
    read_roles = PERIMETER_READERS
    section = "usecases"
    template_name = "offers/staff/usecase_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[UseCase]:
        self.filter_form = UseCaseFilterForm(self.request.GET or None)
        queryset = UseCase.objects.select_related(
            "project_type", "actor_type", "collaboration_level"
        ).prefetch_related("valorisation_tools")
        return self.filter_form.filter(queryset)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class UseCaseCreate(StaffFormPage, CreateView):
    read_roles = PERIMETER_READERS
    edit_only = True
    section = "usecases"
    form_class = UseCaseForm
    page_title = gettext_lazy("New use case")
    intro = gettext_lazy(
        "A use case combines a project type, an actor type and a collaboration level; its "
        "status says whether the desk targets it, accepts it case by case, or excludes it."
    )
    list_url_name = "offers:usecase-list"


class UseCaseUpdate(StaffFormPage, UpdateView):
    read_roles = PERIMETER_READERS
    edit_only = True
    section = "usecases"
    model = UseCase
    form_class = UseCaseForm
    list_url_name = "offers:usecase-list"

    def get_page_title(self) -> str:
        return _("Edit use case: %(name)s") % {"name": self.object.name}


TYPOLOGY_MODELS: dict[str, type[ProjectType] | type[ActorType] | type[CollaborationLevel]] = {
    "project-type": ProjectType,
    "actor-type": ActorType,
    "collaboration-level": CollaborationLevel,
}


class TypologyList(StaffPage, TemplateView):
    read_roles = PERIMETER_READERS
    section = "typologies"
    template_name = "offers/staff/typology_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["typologies"] = [
            (kind, model._meta.verbose_name_plural, model.objects.annotate(n=Count("use_cases")))
            for kind, model in TYPOLOGY_MODELS.items()
        ]
        return context


class TypologyMixin(StaffFormPage):
    form_class: type[forms.ModelForm[Any]] | None  # set per kind in dispatch()
    read_roles = PERIMETER_READERS
    edit_only = True
    section = "typologies"
    list_url_name = "offers:typology-list"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if kwargs["kind"] not in TYPOLOGY_MODELS:
            raise Http404
        self.model = TYPOLOGY_MODELS[kwargs["kind"]]
        self.form_class = TYPOLOGY_FORMS[kwargs["kind"]]
        return super().dispatch(request, *args, **kwargs)


class TypologyCreate(TypologyMixin, CreateView):
    def get_page_title(self) -> str:
        return _("New entry: %(list)s") % {"list": self.model._meta.verbose_name}


class TypologyUpdate(TypologyMixin, UpdateView):
    def get_page_title(self) -> str:
        return _("Edit %(list)s: %(label)s") % {
            "list": self.model._meta.verbose_name,
            "label": self.object.label,
        }


class CampaignList(StaffPage, ListView):
    read_roles = PERIMETER_READERS
    section = "campaigns"
    template_name = "offers/staff/campaign_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Campaign]:
        return Campaign.objects.select_related("use_case").prefetch_related(
            "datasets", "actor_types"
        )


class CampaignCreate(StaffFormPage, CreateView):
    read_roles = PERIMETER_READERS
    edit_only = True
    section = "campaigns"
    form_class = CampaignForm
    page_title = gettext_lazy("New techno-push campaign")
    intro = gettext_lazy(
        "Record each time the desk proposes datasets to chosen kinds of partner, and what came "
        "of it: the indicators count the secondary uses that started from the desk's own push."
    )
    list_url_name = "offers:campaign-list"

    def form_valid(self, form: forms.ModelForm[Any]) -> HttpResponse:
        form.instance.created_by = self.request.user
        return super().form_valid(form)


class CampaignUpdate(StaffFormPage, UpdateView):
    read_roles = PERIMETER_READERS
    edit_only = True
    section = "campaigns"
    model = Campaign
    form_class = CampaignForm
    list_url_name = "offers:campaign-list"

    def get_page_title(self) -> str:
        return _("Edit campaign: %(title)s") % {"title": self.object.title}


# --- Desk configuration -------------------------------------------------------------------------

DESK_SCALAR_FIELDS = [
    "desk_model",
    "anonymisation_capability",
    "synthetic_data_capability",
    "can_build_from_information_system",
    "information_system_notes",
    "patient_information_url",
    "consent_procedure",
    "committee_cadence",
]

DESK_MODEL_EFFECTS: dict[str, StrOrPromise] = {
    DeskModel.INTERNAL_DECENTRALISED: gettext_lazy(
        "Each department's data stewards maintain their own datasets' descriptive sheets and "
        "are consulted on every request that uses them. Suits market pull and techno push, "
        "collaborative projects, a datalake where requesters work, lawyers along the chain."
    ),
    DeskModel.INTERNAL_EXTERNAL_TOOLS: gettext_lazy(
        "A small desk team maintains every sheet itself (stewards are not consulted by "
        "default) and relies on external tools for the infrastructure being built. Suits "
        "market pull and collaborative projects; patient information comes early."
    ),
    DeskModel.EXTERNAL: gettext_lazy(
        "The outsourced parts (technical, regulatory...) are run by the external providers "
        "recorded below; the catalogue holds only new structured datasets and the desk "
        "provides existing datasets, at first free of charge, later under a standard contract "
        "covering IT costs."
    ),
}


class DeskConfigurationView(StaffPage, UpdateView):
    section = "config"
    template_name = "offers/staff/desk_config.html"
    form_class = DeskConfigurationForm

    def get_object(self, queryset: Any = None) -> DeskConfiguration:
        return DeskConfiguration.get()

    def get_success_url(self) -> str:
        return reverse("offers:desk-config")

    def form_valid(self, form: forms.ModelForm[Any]) -> HttpResponse:
        data = form.cleaned_data
        try:
            with transaction.atomic():
                desk_configuration_update(
                    by=self.request.user,
                    changes={name: data[name] for name in DESK_SCALAR_FIELDS},
                    access_modes=data["access_modes"],
                    committee_members=data["committee_members"],
                )
                if data.get("procedure_document"):
                    sharing_procedure_upload(
                        by=self.request.user,
                        document=data["procedure_document"],
                        version=data["procedure_version"],
                        on=data.get("procedure_date"),
                    )
        except ValidationError as error:
            add_domain_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Desk configuration saved."))
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        config = self.object
        context["model_effects"] = [
            (value, label, DESK_MODEL_EFFECTS[value], value == config.desk_model)
            for value, label in DeskModel.choices
        ]
        context["providers"] = ExternalProvider.objects.all()
        context["evidence"] = [
            (_("Feasibility committee"), config.has_feasibility_committee),
            (_("Compliant sharing procedure"), config.has_sharing_procedure),
            (_("Data can be made compliant"), config.can_make_data_compliant),
            (
                _("Datasets built from the information system"),
                config.can_build_from_information_system,
            ),
            (_("Patient information and consent"), config.has_patient_information),
        ]
        return context


# A plain View: the page only streams a file (TemplateView.get is typed to return HttpResponse).
class SharingProcedureDownload(StaffPage, View):
    """Uploaded documents are never served statically: read back through this check."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        document = DeskConfiguration.get().sharing_procedure_document
        if not document:
            raise Http404
        return attachment_headers(
            FileResponse(
                document.open("rb"),
                as_attachment=True,
                filename="sharing-procedure.pdf",
                content_type="application/pdf",
            )
        )


class ProviderCreate(StaffFormPage, CreateView):
    section = "config"
    form_class = ExternalProviderForm
    page_title = gettext_lazy("New external provider")
    intro = gettext_lazy("Who runs which outsourced component of the desk.")
    list_url_name = "offers:desk-config"


class ProviderUpdate(StaffFormPage, UpdateView):
    section = "config"
    model = ExternalProvider
    form_class = ExternalProviderForm
    list_url_name = "offers:desk-config"

    def get_page_title(self) -> str:
        return _("Edit external provider: %(name)s") % {"name": self.object.name}


# --- Service offer ------------------------------------------------------------------------------


def current_published_version() -> OfferVersion | None:
    return (
        OfferVersion.objects.filter(status=OfferStatus.PUBLISHED)
        .order_by("-effective_date", "-number")
        .first()
    )


def costed_services(queryset: QuerySet[Service]) -> QuerySet[Service]:
    """Services with what `Service.unit_cost()` reads, fetched in two extra queries."""
    return queryset.prefetch_related(
        Prefetch(
            "cost_lines",
            queryset=CostBreakdownLine.objects.select_related("staff_profile", "it_item"),
        )
    )


class ServiceList(StaffPage, ListView):
    section = "services"
    template_name = "offers/staff/service_list.html"

    def get_queryset(self) -> QuerySet[Service]:
        self.filter_form = ServiceFilterForm(self.request.GET or {"active": "yes"})
        return costed_services(self.filter_form.filter(Service.objects.all()))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version = current_published_version()
        prices = (
            {p.service_id: p for p in ServicePrice.objects.filter(offer_version=version)}
            if version
            else {}
        )
        groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for service in context["object_list"]:
            price = prices.get(service.pk)
            groups[service.category].append(
                {
                    "service": service,
                    "unit_cost": service.unit_cost(),
                    "price": price.unit_price if price else None,
                    "price_cost": price.unit_cost if price else None,
                    "below_cost": bool(price and price.unit_price < price.unit_cost),
                }
            )
        labels = dict(ServiceCategory.choices)
        context["groups"] = [
            (labels[code], groups[code]) for code in ServiceCategory.values if groups.get(code)
        ]
        context["filter_form"] = self.filter_form
        context["version"] = version
        return context


class ServiceFormsetMixin(StaffFormPage):
    """Service form plus its cost breakdown lines, saved together or not at all."""

    section = "services"
    form_class: type[forms.ModelForm[Any]] | None = ServiceForm
    list_url_name = "offers:service-list"
    object: Service | None

    if TYPE_CHECKING:  # supplied by the CreateView/UpdateView this mixin is combined with
        request: HttpRequest

        def render_to_response(
            self, context: dict[str, Any], **response_kwargs: Any
        ) -> HttpResponse: ...

    def get_formset(self) -> Any:
        instance = self.object or Service()
        if self.request.method == "POST":
            return CostLineFormSet(self.request.POST, instance=instance, prefix="cost")
        return CostLineFormSet(instance=instance, prefix="cost")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("formset", self.get_formset())
        context["formset_legend"] = _("Cost breakdown (one billing unit)")
        context["formset_help"] = _(
            "Each line is either days of a staff profile or a quantity of an IT cost item. "
            "The unit cost is the sum of the lines; published offer versions keep the cost "
            "they were published with."
        )
        return context

    def form_valid(self, form: forms.ModelForm[Any]) -> HttpResponse:
        formset = CostLineFormSet(self.request.POST, instance=form.instance, prefix="cost")
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(form=form, formset=formset))
        with transaction.atomic():
            self.object = form.save()
            formset.instance = self.object
            formset.save()
        messages.success(self.request, _("Service saved."))
        return HttpResponseRedirect(self.get_success_url())

    def form_invalid(self, form: forms.ModelForm[Any]) -> HttpResponse:
        formset = CostLineFormSet(self.request.POST, instance=form.instance, prefix="cost")
        formset.is_valid()  # show the lines' errors at the same time as the form's
        return self.render_to_response(self.get_context_data(form=form, formset=formset))


class ServiceCreate(ServiceFormsetMixin, CreateView):
    page_title = gettext_lazy("New service")
    intro = gettext_lazy(
        "A service is work the desk does around the data (extraction, structuring, support...). "
        "The desk never prices the data itself."
    )

    def get_object(self, queryset: Any = None) -> None:
        return None

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = None
        return super().post(request, *args, **kwargs)


class ServiceUpdate(ServiceFormsetMixin, UpdateView):
    model = Service

    def get_page_title(self) -> str:
        assert self.object is not None
        return _("Edit service: %(name)s") % {"name": self.object.name}


# --- Cost grid ----------------------------------------------------------------------------------


class CostGridView(StaffPage, TemplateView):
    section = "costgrid"
    template_name = "offers/staff/costgrid.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["profiles"] = StaffProfile.objects.all()
        context["it_items"] = ITCostItem.objects.all()
        version = current_published_version()
        draft = OfferVersion.objects.filter(status=OfferStatus.DRAFT).order_by("-number").first()
        context["version"] = version
        context["draft"] = draft
        context["rule"] = (
            PricingRule.objects.filter(offer_version=version)
            .prefetch_related("actor_coefficients__actor_type")
            .first()
            if version
            else None
        )
        rule = context["rule"]
        if rule is not None:
            context["margin_percent"] = percent(rule.margin_rate)
            context["vat_percent"] = percent(rule.vat_rate)
        return context


class StaffProfileCreate(StaffFormPage, CreateView):
    section = "costgrid"
    form_class = StaffProfileForm
    page_title = gettext_lazy("New staff profile")
    intro = gettext_lazy("Loaded daily cost of one day of work (salary, charges, overheads).")
    list_url_name = "offers:costgrid"


class StaffProfileUpdate(StaffFormPage, UpdateView):
    section = "costgrid"
    model = StaffProfile
    form_class = StaffProfileForm
    list_url_name = "offers:costgrid"

    def get_page_title(self) -> str:
        return _("Edit staff profile: %(name)s") % {"name": self.object.name}


class ITCostItemCreate(StaffFormPage, CreateView):
    section = "costgrid"
    form_class = ITCostItemForm
    page_title = gettext_lazy("New IT cost item")
    list_url_name = "offers:costgrid"


class ITCostItemUpdate(StaffFormPage, UpdateView):
    section = "costgrid"
    model = ITCostItem
    form_class = ITCostItemForm
    list_url_name = "offers:costgrid"

    def get_page_title(self) -> str:
        return _("Edit IT cost item: %(name)s") % {"name": self.object.name}


# --- Timesheets ---------------------------------------------------------------------------------


def _by_service(queryset: QuerySet[Any], **sums: Any) -> dict[int | None, dict[str, Any]]:
    return {row["service"]: row for row in queryset.values("service").annotate(**sums)}


def budget_vs_actual(reference: str = "") -> list[dict[str, Any]]:
    """Per service: staff days and cost budgeted in sent/accepted quotes vs time logged.

    Budget = staff part of the service's cost breakdown x quantity quoted; four queries."""
    staff_lines = CostBreakdownLine.objects.filter(staff_profile__isnull=False)
    per_unit = _by_service(
        staff_lines,
        sum_days=Sum("days"),
        sum_cost=Sum(F("days") * F("staff_profile__daily_rate"), output_field=AMOUNT),
    )
    sold_lines = QuoteLine.objects.filter(
        quote__status__in=[QuoteStatus.SENT, QuoteStatus.ACCEPTED]
    )
    entries = TimeEntry.objects.all()
    if reference:
        sold_lines = sold_lines.filter(quote__request_reference=reference)
        entries = entries.filter(request_reference=reference)
    sold = _by_service(sold_lines, sum_quantity=Sum("quantity"))
    actual = _by_service(
        entries,
        sum_days=Sum("days"),
        sum_cost=Sum(F("days") * F("daily_rate"), output_field=AMOUNT),
    )
    service_ids = {pk for pk in (*sold, *actual) if pk is not None}
    services = Service.objects.in_bulk(service_ids)
    rows = []
    for pk in sorted(service_ids, key=lambda k: (services[k].category, services[k].code)):
        quantity = Decimal(sold.get(pk, {}).get("sum_quantity") or 0)
        unit = per_unit.get(pk, {})
        budget_days = Decimal(unit.get("sum_days") or 0) * quantity
        budget_cost = money(Decimal(unit.get("sum_cost") or 0) * quantity)
        actual_days = Decimal(actual.get(pk, {}).get("sum_days") or 0)
        actual_cost = money(Decimal(actual.get(pk, {}).get("sum_cost") or 0))
        rows.append(
            {
                "service": services[pk],
                "quantity": quantity,
                "budget_days": budget_days.quantize(Decimal("0.01")),
                "budget_cost": budget_cost,
                "actual_days": actual_days.quantize(Decimal("0.01")),
                "actual_cost": actual_cost,
                "difference": actual_cost - budget_cost,
                "over_budget": actual_cost > budget_cost,
            }
        )
    if None in actual:
        row = actual[None]
        rows.append(
            {
                "service": None,
                "quantity": ZERO,
                "budget_days": ZERO,
                "budget_cost": ZERO,
                "actual_days": Decimal(row["sum_days"] or 0).quantize(Decimal("0.01")),
                "actual_cost": money(Decimal(row["sum_cost"] or 0)),
                "difference": money(Decimal(row["sum_cost"] or 0)),
                "over_budget": False,
            }
        )
    return rows


class TimeEntryList(StaffPage, ListView):
    section = "time"
    template_name = "offers/staff/timeentry_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[TimeEntry]:
        self.filter_form = TimeEntryFilterForm(self.request.GET or None)
        return self.filter_form.filter(
            TimeEntry.objects.select_related("person", "staff_profile", "service")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        reference = ""
        if self.filter_form.is_valid():
            reference = self.filter_form.cleaned_data["request_reference"]
        context["summary"] = budget_vs_actual(reference)
        references = (
            TimeEntry.objects.exclude(request_reference="")
            .values_list("request_reference", flat=True)
            .distinct()
            .order_by("request_reference")
        )
        if reference:
            references = references.filter(request_reference__icontains=reference)
        comparisons = cost_comparisons(list(references[:200]))
        context["comparisons"] = [comparisons[ref] for ref in sorted(comparisons)]
        context["filter_form"] = self.filter_form
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class TimeEntryCreate(StaffFormPage, CreateView):
    section = "time"
    form_class = TimeEntryForm
    page_title = gettext_lazy("Log time")
    intro = gettext_lazy(
        "Days spent on a service, so that the actual cost of projects can be compared with "
        "their budget. The profile's current daily rate is recorded with the entry."
    )
    list_url_name = "offers:timeentry-list"

    def get_initial(self) -> dict[str, Any]:
        return {"person": self.request.user.pk}

    def form_valid(self, form: forms.ModelForm[Any]) -> HttpResponse:
        data = form.cleaned_data
        try:
            time_entry_record(
                person=data["person"],
                staff_profile=data["staff_profile"],
                days=data["days"],
                date=data["date"],
                service=data["service"],
                request_reference=data["request_reference"],
                note=data["note"],
            )
        except ValidationError as error:
            add_domain_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Time entry recorded."))
        return HttpResponseRedirect(self.get_success_url())


# --- Quotes (read-only here: built by the pipeline through offers.domain.build_quote) ---------


class QuoteList(StaffPage, ListView):
    section = "quotes"
    template_name = "offers/staff/quote_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Quote]:
        queryset = (
            Quote.objects.select_related("offer_version", "actor_type", "use_case", "access_mode")
            .annotate(line_count=Count("lines"))
            .order_by("-created_at", "-pk")
        )
        status = self.request.GET.get("status", "")
        if status in QuoteStatus.values:
            queryset = queryset.filter(status=status)
        return queryset

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["statuses"] = QuoteStatus.choices
        context["current_status"] = self.request.GET.get("status", "")
        return context


class QuoteDetail(StaffPage, DetailView):
    section = "quotes"
    template_name = "offers/staff/quote_detail.html"
    context_object_name = "quote"

    def get_queryset(self) -> QuerySet[Quote]:
        return Quote.objects.select_related(
            "offer_version", "actor_type", "use_case", "access_mode", "created_by", "sent_by"
        ).prefetch_related(
            Prefetch("lines", queryset=QuoteLine.objects.select_related("service")), "datasets"
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        quote = self.object
        context["versions"] = Quote.objects.filter(reference=quote.reference).order_by("version")
        context["vat_percent"] = percent(quote.vat_rate)
        context["margin_rate"] = (
            (quote.margin_amount / quote.total_cost * 100).quantize(Decimal("0.1"))
            if quote.total_cost
            else None
        )
        return context
