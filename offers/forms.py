"""Forms of the offers pages (staff area and public estimate)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import STAFF_ROLES
from accounts.uploads import check_upload
from catalogue.models import Dataset, Department, Vocabulary, VocabularyTerm
from offers.models import (
    ActorType,
    ActorTypeCoefficient,
    Campaign,
    CollaborationLevel,
    CostBreakdownLine,
    DeskComponent,
    DeskConfiguration,
    ExternalProvider,
    ITCostItem,
    OfferVersion,
    Origin,
    PerimeterCell,
    PerimeterStatus,
    PricingRule,
    ProjectType,
    ReviewKind,
    Service,
    ServiceCategory,
    StaffProfile,
    TimeEntry,
    UseCase,
    UseCaseStatus,
    ValorisationTool,
)

CHECKBOXES = forms.CheckboxSelectMultiple


def _active_or_current(queryset: QuerySet[Any], current_pk: int | None) -> QuerySet[Any]:
    """Active entries, plus the one already chosen (so editing never loses a retired value)."""
    return queryset.filter(Q(is_active=True) | Q(pk=current_pk or 0))


def access_mode_terms() -> QuerySet[VocabularyTerm]:
    return VocabularyTerm.objects.filter(vocabulary=Vocabulary.ACCESS_MODE)


# --- Use-case inventory ------------------------------------------------------------------------

TYPOLOGY_FIELDS = [
    "code",
    "label_fr",
    "label_en",
    "description_fr",
    "description_en",
    "position",
    "is_active",
]


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    # form.fields is typed dict[str, Field]: say which ones are (multiple) model choice fields.
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


class ProjectTypeForm(forms.ModelForm):
    class Meta:
        model = ProjectType
        fields = TYPOLOGY_FIELDS


class ActorTypeForm(forms.ModelForm):
    class Meta:
        model = ActorType
        fields = [*TYPOLOGY_FIELDS, "is_industrial"]


class CollaborationLevelForm(forms.ModelForm):
    class Meta:
        model = CollaborationLevel
        fields = TYPOLOGY_FIELDS


TYPOLOGY_FORMS: dict[str, type[forms.ModelForm]] = {
    "project-type": ProjectTypeForm,
    "actor-type": ActorTypeForm,
    "collaboration-level": CollaborationLevelForm,
}


class UseCaseForm(forms.ModelForm):
    required_reviews = forms.MultipleChoiceField(
        label=_("Required reviews"),
        choices=ReviewKind.choices,
        widget=CHECKBOXES,
        required=False,
        help_text=_("Reviews the desk opens for every request of this use case."),
    )

    class Meta:
        model = UseCase
        fields = [
            "code",
            "name_fr",
            "name_en",
            "project_type",
            "actor_type",
            "collaboration_level",
            "origin",
            "status",
            "description_fr",
            "description_en",
            "required_reviews",
            "valorisation_tools",
            "position",
        ]
        widgets = {"valorisation_tools": CHECKBOXES}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = self.instance
        _model_choice(self, "project_type").queryset = _active_or_current(
            ProjectType.objects.all(), instance.project_type_id
        )
        _model_choice(self, "actor_type").queryset = _active_or_current(
            ActorType.objects.all(), instance.actor_type_id
        )
        _model_choice(self, "collaboration_level").queryset = _active_or_current(
            CollaborationLevel.objects.all(), instance.collaboration_level_id
        )
        _model_choice(self, "valorisation_tools").queryset = ValorisationTool.objects.filter(
            is_active=True
        )


class UseCaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    project_type = forms.ModelChoiceField(
        label=_("Project type"), queryset=ProjectType.objects.all(), required=False
    )
    actor_type = forms.ModelChoiceField(
        label=_("Actor type"), queryset=ActorType.objects.all(), required=False
    )
    collaboration_level = forms.ModelChoiceField(
        label=_("Collaboration level"), queryset=CollaborationLevel.objects.all(), required=False
    )
    origin = forms.ChoiceField(
        label=_("Origin"), choices=[("", _("All")), *Origin.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *UseCaseStatus.choices], required=False
    )

    def filter(self, queryset: QuerySet[UseCase]) -> QuerySet[UseCase]:
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(
                Q(name_fr__icontains=data["q"])
                | Q(name_en__icontains=data["q"])
                | Q(code__icontains=data["q"])
                | Q(description_fr__icontains=data["q"])
                | Q(description_en__icontains=data["q"])
            )
        for name in ("project_type", "actor_type", "collaboration_level", "origin", "status"):
            if data[name]:
                queryset = queryset.filter(**{name: data[name]})
        return queryset


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "title",
            "date",
            "datasets",
            "actor_types",
            "use_case",
            "message",
            "recipients",
            "outcome",
            "outcome_notes",
            "projects_started",
        ]
        widgets = {
            "datasets": CHECKBOXES,
            "actor_types": CHECKBOXES,
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = (
            list(self.instance.datasets.values_list("pk", flat=True)) if self.instance.pk else []
        )
        # Only published datasets can be proposed to partners (plus any already recorded).
        _model_choice(self, "datasets").queryset = Dataset.objects.filter(
            Q(status="published") | Q(pk__in=chosen)
        ).order_by("title_fr")
        _model_choice(self, "actor_types").queryset = ActorType.objects.filter(is_active=True)
        _model_choice(self, "use_case").queryset = UseCase.objects.exclude(
            status=UseCaseStatus.EXCLUDED
        )


# --- Desk configuration -------------------------------------------------------------------------


def validate_pdf_upload(upload: Any) -> None:
    """PDF only, checked by content (accounts.uploads), within MAX_UPLOAD_MB."""
    check_upload(upload, ["pdf"])


class DeskConfigurationForm(forms.ModelForm):
    """The configuration's fields, plus an optional new version of the sharing procedure."""

    patient_information_url = forms.URLField(
        label=_("Patient information site"), required=False, assume_scheme="https"
    )
    procedure_document = forms.FileField(
        label=_("New version of the compliant sharing procedure"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    procedure_version = forms.CharField(
        label=_("Version of the uploaded procedure"), max_length=40, required=False
    )
    procedure_date = forms.DateField(
        label=_("Date of the uploaded procedure"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = DeskConfiguration
        fields = [
            "desk_model",
            "access_modes",
            "anonymisation_capability",
            "synthetic_data_capability",
            "can_build_from_information_system",
            "information_system_notes",
            "consent_procedure",
            "committee_members",
            "committee_cadence",
        ]
        widgets = {
            "desk_model": forms.RadioSelect,
            "access_modes": CHECKBOXES,
            "committee_members": CHECKBOXES,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "access_modes").queryset = access_mode_terms()
        _model_choice(self, "committee_members").queryset = staff_users()
        self.fields["patient_information_url"].initial = self.instance.patient_information_url
        self.fields["procedure_document"].help_text = _("PDF only, %(limit)s MB at most.") % {
            "limit": settings.MAX_UPLOAD_MB
        }

    def clean_procedure_document(self) -> Any:
        upload = self.cleaned_data.get("procedure_document")
        if upload:
            validate_pdf_upload(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # BaseForm.clean returns cleaned_data; the stubs allow None
        if data.get("procedure_document") and not (data.get("procedure_version") or "").strip():
            self.add_error("procedure_version", _("Give the version of the uploaded procedure."))
        return data


def staff_users() -> QuerySet[User]:
    return (
        User.objects.filter(Q(groups__name__in=STAFF_ROLES) | Q(is_superuser=True))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class ExternalProviderForm(forms.ModelForm):
    scope = forms.MultipleChoiceField(
        label=_("Outsourced components"),
        choices=DeskComponent.choices,
        widget=CHECKBOXES,
        required=False,
    )

    class Meta:
        model = ExternalProvider
        fields = [
            "name",
            "contact_name",
            "contact_email",
            "contact_phone",
            "scope",
            "notes",
            "is_active",
        ]


# --- Service offer ------------------------------------------------------------------------------


class ServiceForm(forms.ModelForm):
    class Meta:
        model = Service
        fields = [
            "code",
            "name_fr",
            "name_en",
            "category",
            "included_by_default",
            "billing_unit",
            "default_quantity",
            "flat_price",
            "margin_rate",
            "description_fr",
            "description_en",
            "access_modes",
            "use_cases",
            "position",
            "is_active",
        ]
        widgets = {"access_modes": CHECKBOXES, "use_cases": CHECKBOXES}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "access_modes").queryset = access_mode_terms()
        _model_choice(self, "use_cases").queryset = UseCase.objects.exclude(
            status=UseCaseStatus.EXCLUDED
        ).select_related("project_type", "actor_type")


class CostLineForm(forms.ModelForm):
    class Meta:
        model = CostBreakdownLine
        fields = ["staff_profile", "days", "it_item", "quantity", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "staff_profile").queryset = _active_or_current(
            StaffProfile.objects.all(), self.instance.staff_profile_id
        )
        _model_choice(self, "it_item").queryset = _active_or_current(
            ITCostItem.objects.all(), self.instance.it_item_id
        )


CostLineFormSet = inlineformset_factory(
    Service, CostBreakdownLine, form=CostLineForm, extra=3, can_delete=True
)


class ServiceFilterForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Category"), choices=[("", _("All")), *ServiceCategory.choices], required=False
    )
    included = forms.ChoiceField(
        label=_("Inclusion"),
        choices=[("", _("All")), ("yes", _("Included by default")), ("no", _("Additional"))],
        required=False,
    )
    active = forms.ChoiceField(
        label=_("Active"),
        choices=[("yes", _("Active")), ("no", _("Inactive")), ("", _("All"))],
        required=False,
    )

    def filter(self, queryset: QuerySet[Service]) -> QuerySet[Service]:
        if not self.is_valid():
            return queryset.filter(is_active=True)
        data = self.cleaned_data
        if data["category"]:
            queryset = queryset.filter(category=data["category"])
        if data["included"]:
            queryset = queryset.filter(included_by_default=data["included"] == "yes")
        if data["active"]:
            queryset = queryset.filter(is_active=data["active"] == "yes")
        return queryset


class OfferVersionForm(forms.ModelForm):
    class Meta:
        model = OfferVersion
        fields = ["number", "title", "effective_date", "notes"]
        widgets = {"effective_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class PricingRuleForm(forms.ModelForm):
    class Meta:
        model = PricingRule
        fields = [
            "grid_type",
            "margin_rate",
            "academic_coefficient",
            "industrial_coefficient",
            "vat_rate",
        ]


CoefficientFormSet = inlineformset_factory(
    PricingRule,
    ActorTypeCoefficient,
    fields=["actor_type", "coefficient"],
    extra=2,
    can_delete=True,
)


# --- Cost grid ----------------------------------------------------------------------------------


class StaffProfileForm(forms.ModelForm):
    class Meta:
        model = StaffProfile
        fields = ["code", "name", "daily_rate", "is_active"]


class ITCostItemForm(forms.ModelForm):
    class Meta:
        model = ITCostItem
        fields = ["code", "name", "category", "unit", "unit_cost", "is_active"]


class TimeEntryForm(forms.ModelForm):
    """Validated here, recorded by offers.domain.time_entry_record (which freezes the rate)."""

    class Meta:
        model = TimeEntry
        fields = ["person", "staff_profile", "service", "date", "days", "request_reference", "note"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "person").queryset = staff_users()
        _model_choice(self, "staff_profile").queryset = StaffProfile.objects.filter(is_active=True)
        _model_choice(self, "service").queryset = Service.objects.filter(is_active=True)


class TimeEntryFilterForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Service"), queryset=Service.objects.all(), required=False
    )
    staff_profile = forms.ModelChoiceField(
        label=_("Staff profile"), queryset=StaffProfile.objects.all(), required=False
    )
    request_reference = forms.CharField(label=_("Request reference"), required=False)

    def filter(self, queryset: QuerySet[TimeEntry]) -> QuerySet[TimeEntry]:
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["service"]:
            queryset = queryset.filter(service=data["service"])
        if data["staff_profile"]:
            queryset = queryset.filter(staff_profile=data["staff_profile"])
        if data["request_reference"]:
            queryset = queryset.filter(request_reference__icontains=data["request_reference"])
        return queryset


# --- Strategic perimeter ------------------------------------------------------------------------


class PerimeterCellForm(forms.ModelForm):
    class Meta:
        model = PerimeterCell
        fields = ["status", "conditions", "default_services", "note"]
        widgets = {
            "status": forms.RadioSelect,
            "default_services": CHECKBOXES,
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, services: QuerySet[Service] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _model_choice(self, "default_services").queryset = (
            services if services is not None else Service.objects.filter(is_active=True)
        )
        self.fields["conditions"].help_text = _("Required when the pair is allowed on conditions.")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # BaseForm.clean returns cleaned_data; the stubs allow None
        if (
            data.get("status") == PerimeterStatus.CONDITIONAL
            and not (data.get("conditions") or "").strip()
        ):
            self.add_error("conditions", _("Say on which conditions the pair is allowed."))
        return data


class PerimeterFilterForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )
    data_type = forms.ModelChoiceField(
        label=_("Data type"),
        queryset=VocabularyTerm.objects.filter(vocabulary=Vocabulary.DATA_TYPE),
        required=False,
    )
    project_type = forms.ModelChoiceField(
        label=_("Project type"), queryset=ProjectType.objects.all(), required=False
    )
    actor_type = forms.ModelChoiceField(
        label=_("Actor type"), queryset=ActorType.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label=_("Cell status"),
        choices=[("", _("All")), *PerimeterStatus.choices, ("unset", _("Not decided"))],
        required=False,
    )
    use_case_status = forms.ChoiceField(
        label=_("Use-case status"),
        choices=[("", _("All")), *UseCaseStatus.choices],
        required=False,
    )


# --- Public fee estimate ------------------------------------------------------------------------


class EstimateForm(forms.Form):
    """What a requester tells us to get a non-binding estimate. Quantities come as
    `qty_<service pk>` fields, one per additional service of the published offer."""

    datasets = forms.ModelMultipleChoiceField(
        label=_("Datasets"),
        queryset=Dataset.objects.none(),
        widget=CHECKBOXES,
        required=False,
        help_text=_("The services are priced, never the data itself."),
    )
    project_type = forms.ModelChoiceField(
        label=_("Project type"), queryset=ProjectType.objects.none()
    )
    actor_type = forms.ModelChoiceField(
        label=_("Your organisation"), queryset=ActorType.objects.none()
    )
    access_mode = forms.ModelChoiceField(
        label=_("Access mode"), queryset=VocabularyTerm.objects.none(), required=False
    )

    def __init__(self, *args: Any, service_prices: list[Any] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        _model_choice(self, "datasets").queryset = Dataset.objects.published().order_by("title_fr")
        _model_choice(self, "project_type").queryset = ProjectType.objects.filter(is_active=True)
        _model_choice(self, "actor_type").queryset = ActorType.objects.filter(is_active=True)
        _model_choice(self, "access_mode").queryset = access_mode_terms()
        self.service_prices = [p for p in (service_prices or []) if not p.included_by_default]
        for price in self.service_prices:
            self.fields[f"qty_{price.service_id}"] = forms.DecimalField(
                label=price.name,
                required=False,
                min_value=Decimal("0"),
                max_value=Decimal("10000"),
                max_digits=10,
                decimal_places=3,
                widget=forms.NumberInput(attrs={"step": "any", "min": "0", "inputmode": "decimal"}),
            )

    def selections(self) -> list[tuple[int, Decimal]]:
        """(service pk, quantity) for every additional service given a positive quantity."""
        chosen = []
        for price in self.service_prices:
            quantity = self.cleaned_data.get(f"qty_{price.service_id}")
            if quantity:
                chosen.append((price.service_id, quantity))
        return chosen
