"""Forms of the catalogue's staff area. They validate input; saving goes through
catalogue.domain so the permission rules and the history apply whatever the entry point."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role, has_role
from accounts.uploads import check_upload
from catalogue.dictionary import ALLOWED_EXTENSIONS, MODES
from catalogue.domain import DATASET_VOCAB_FIELDS, stewarded_department_ids, unique_slug
from catalogue.models import (
    AssessmentKind,
    CriteriaSet,
    Criterion,
    Dataset,
    Department,
    Publication,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# The sheet's sections, in the order of the standard descriptive sheet.
DATASET_SECTIONS: list[tuple[StrOrPromise, list[str]]] = [
    (
        _("Identification"),
        ["title_fr", "title_en", "acronym", "slug", "summary_fr", "summary_en"],
    ),
    (
        _("Description"),
        [
            "description_fr",
            "description_en",
            "keywords",
            "themes",
            "health_categories",
            "data_types",
        ],
    ),
    (
        _("Ownership and contact"),
        ["department", "steward", "contact_name", "contact_email", "landing_page"],
    ),
    (
        _("Population and coverage"),
        [
            "population_description",
            "inclusion_start",
            "inclusion_end",
            "geographic_coverage",
            "number_of_individuals",
            "number_of_records",
            "min_typical_age",
            "max_typical_age",
            "update_frequency",
        ],
    ),
    (_("Standards and coding"), ["standards", "coding_systems"]),
    (
        _("Legal status"),
        [
            "is_anonymised",
            "is_pseudonymised",
            "synthetic_version_available",
            "patients_informed",
            "consent_collected",
            "opposition_register_handled",
            "legal_bases",
            "purposes",
            "retention_years",
        ],
    ),
    (
        _("Hosting and access"),
        ["hosting_type", "deployment", "hds_certified_host", "host_name", "access_modes"],
    ),
]

DATASET_FORM_FIELDS = [name for _title, names in DATASET_SECTIONS for name in names]


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    # form.fields is typed dict[str, Field]: say which ones are (multiple) model choice fields.
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


class KeywordsField(forms.CharField):
    """Keywords typed as one comma-separated line, stored as a list."""

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(value)
        return value

    # A form field's to_python may return any Python value; CharField's stub narrows it to str.
    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        seen: dict[str, str] = {}
        for part in text.replace(";", ",").split(","):
            keyword = " ".join(part.split())
            if keyword and keyword.lower() not in seen:
                seen[keyword.lower()] = keyword
        return list(seen.values())

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        too_long = [k for k in value if len(k) > 80]
        if too_long:
            raise ValidationError(_("Each keyword must be at most 80 characters."))
        if len(value) > 50:
            raise ValidationError(_("At most 50 keywords."))


class DatasetForm(forms.ModelForm):
    keywords = KeywordsField(
        label=_("Keywords"),
        required=False,
        help_text=_("Separate keywords with commas, e.g. heart failure, echocardiography."),
    )

    class Meta:
        model = Dataset
        fields = DATASET_FORM_FIELDS
        widgets = {
            "inclusion_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "inclusion_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary_fr": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "population_description": forms.Textarea(attrs={"rows": 3}),
            **{name: forms.CheckboxSelectMultiple for name in DATASET_VOCAB_FIELDS},
        }
        help_texts = {
            "slug": _("Part of the public address; leave empty to build it from the acronym."),
            "summary_fr": _("One or two sentences shown in search results (1000 characters)."),
            "contact_email": _("Required to publish: requesters write to this address."),
            "data_types": _("At least one is required to publish."),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["slug"].required = False
        _model_choice(self, "department").queryset = self._departments(user)
        _model_choice(self, "steward").queryset = User.objects.filter(
            Q(groups__name=Role.DATA_STEWARD) | Q(groups__name=Role.DESK_OPERATOR)
        ).distinct()
        for name in DATASET_VOCAB_FIELDS:
            # limit_choices_to already keeps the field's vocabulary; order as the desk ordered it.
            field = _model_choice(self, name)
            assert field.queryset is not None  # a ModelForm builds FK fields with their queryset
            field.queryset = field.queryset.order_by("position", "code")

    @staticmethod
    def _departments(user: Any) -> QuerySet[Department]:
        if user.is_superuser or has_role(user, Role.DESK_OPERATOR):
            return Department.objects.all()
        return Department.objects.filter(pk__in=stewarded_department_ids(user))

    def clean_slug(self) -> str:
        slug = self.cleaned_data.get("slug") or ""
        if not slug:
            source = self.data.get("acronym") or self.data.get("title_fr") or ""
            slug = unique_slug(source, exclude_pk=self.instance.pk)
        return slug

    def sections(self) -> list[tuple[StrOrPromise, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in DATASET_SECTIONS]

    def changes(self) -> dict[str, Any]:
        """Cleaned values keyed by model field, for catalogue.domain."""
        return {name: self.cleaned_data[name] for name in DATASET_FORM_FIELDS}


class DictionaryImportForm(forms.Form):
    file = forms.FileField(
        label=_("Dictionary file"),
        help_text=_(
            "CSV (comma or semicolon separated, UTF-8) or XLSX, with a header row: name, "
            "label, type are required; description, unit, coding_system, allowed_values "
            "(1=Male|2=Female), completeness, min, max, mean, median, n_distinct are optional."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    mode = forms.ChoiceField(
        label=_("Mode"),
        choices=[
            (MODES[0], _("Replace: the file becomes the whole dictionary")),
            (MODES[1], _("Merge: add or update the file's variables, keep the others")),
        ],
        initial=MODES[0],
        widget=forms.RadioSelect,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in ALLOWED_EXTENSIONS:
            raise ValidationError(_("Only .csv and .xlsx files are accepted."))
        # By content too: CSV is text without NUL bytes, XLSX a real workbook.
        check_upload(upload, ["csv", "xlsx"])
        return upload


class AssessmentForm(forms.Form):
    """One score field per criterion of the set, with its guidance as help text."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[self.field_name(criterion)] = forms.IntegerField(
                label=str(criterion),
                min_value=0,
                max_value=criterion.scale_max,
                help_text=_("%(dimension)s · weight %(weight)s · 0 to %(max)d. %(guidance)s")
                % {
                    "dimension": criterion.get_dimension_display(),
                    "weight": criterion.weight.normalize(),
                    "max": criterion.scale_max,
                    "guidance": criterion.guidance,
                },
                widget=forms.NumberInput(attrs={"min": 0, "max": criterion.scale_max}),
            )
        self.fields["comment"] = forms.CharField(
            label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
        )

    @staticmethod
    def field_name(criterion: Criterion) -> str:
        return f"criterion_{criterion.pk}"

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[self.field_name(c)] for c in self.criteria}


class CriteriaSetChoiceForm(forms.Form):
    criteria_set = forms.ModelChoiceField(
        label=_("Criteria set"), queryset=CriteriaSet.objects.filter(is_active=True)
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (AssessmentKind.A_PRIORI, AssessmentKind.A_PRIORI.label),
            (AssessmentKind.PROJECT_RELEVANCE, AssessmentKind.PROJECT_RELEVANCE.label),
        ],
        initial=AssessmentKind.A_PRIORI,
    )


class CriteriaSetForm(forms.ModelForm):
    class Meta:
        model = CriteriaSet
        fields = ["code", "name_fr", "name_en", "description", "is_default", "is_active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = [
            "position",
            "code",
            "label_fr",
            "label_en",
            "dimension",
            "weight",
            "scale_max",
            "guidance",
        ]
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}


CriterionFormSet = forms.inlineformset_factory(
    CriteriaSet,
    Criterion,
    form=CriterionForm,
    extra=2,
    can_delete=True,
)


PublicationFormSet = forms.inlineformset_factory(
    Dataset,
    Publication,
    fields=["citation", "doi", "url", "year"],
    widgets={"citation": forms.Textarea(attrs={"rows": 2})},
    extra=1,
    can_delete=True,
)
