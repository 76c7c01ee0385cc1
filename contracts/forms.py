from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from contracts.models import Clause, ClauseCategory, ClauseVersion, ContractTemplate, Party


class StartContractForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Template"),
        queryset=ContractTemplate.objects.filter(status="published").exclude(kind="fee_schedule"),
    )
    language = forms.ChoiceField(
        label=_("Language of the contract"), choices=[("fr", _("French")), ("en", _("English"))]
    )
    override_reason = forms.CharField(
        label=_("Why another template than the suggested one?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class DeviationForm(forms.Form):
    clause = forms.ModelChoiceField(label=_("Clause"), queryset=Clause.objects.none())
    body_fr = forms.CharField(label=_("Replacement text (French)"), widget=forms.Textarea)
    body_en = forms.CharField(
        label=_("Replacement text (English)"), widget=forms.Textarea, required=False
    )
    reason = forms.CharField(
        label=_("Why this contract departs from the standard"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, template: ContractTemplate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["clause"].queryset = Clause.objects.filter(  # type: ignore[attr-defined]
            versions__templates=template
        ).distinct()


class SignatoryForm(forms.Form):
    party = forms.ChoiceField(label=_("Party"), choices=Party.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(label=_("Capacity"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


class SignatureForm(forms.Form):
    signed_on = forms.DateField(
        label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    signed_pdf = forms.FileField(label=_("Signed PDF"))


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


# --- Library (legal staff) -----------------------------------------------------------------------


class ClauseVersionForm(forms.Form):
    title_fr = forms.CharField(label=_("Title (French)"), max_length=300)
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    body_fr = forms.CharField(label=_("Body (French)"), widget=forms.Textarea(attrs={"rows": 10}))
    body_en = forms.CharField(label=_("Body (English)"), widget=forms.Textarea(attrs={"rows": 10}))
    note = forms.CharField(label=_("What changed"), max_length=300)


class ClauseCreateForm(ClauseVersionForm):
    code = forms.SlugField(label=_("Code"), max_length=80)
    category = forms.ChoiceField(label=_("Category"), choices=ClauseCategory.choices)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    field_order = ["code", "category", "title_fr", "title_en", "body_fr", "body_en", "note"]


class TemplateFieldsForm(forms.ModelForm):
    class Meta:
        model = ContractTemplate
        fields = [
            "name_fr",
            "name_en",
            "description",
            "kind",
            "data_form",
            "annex_dataset_sheets",
            "annex_fee_schedule",
            "annex_security",
            "annex_authorised_persons",
            "project_types",
            "actor_types",
            "collaboration_levels",
            "access_modes",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class TemplateCreateForm(TemplateFieldsForm):
    code = forms.SlugField(label=_("Family code"), max_length=80)

    class Meta(TemplateFieldsForm.Meta):
        fields = ["code", "name_fr", "name_en", "description", "kind", "data_form"]


class TemplateClausesForm(forms.Form):
    """One row per clause of the library: which version (or none) and at which position."""

    def __init__(self, *args: Any, template: ContractTemplate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = {
            item.clause_version.clause_id: (item.clause_version_id, item.position)
            for item in template.template_clauses.select_related("clause_version")
        }
        self.rows: list[tuple[Clause, str, str]] = []
        clauses = Clause.objects.prefetch_related("versions").order_by("category", "code")
        for clause in clauses:
            version_id, position = current.get(clause.pk, ("", None))
            choices = [("", _("— not in this template —"))] + [
                (str(v.pk), f"v{v.number} — {v.title_fr}") for v in clause.versions.all()
            ]
            version_field, position_field = f"version_{clause.pk}", f"position_{clause.pk}"
            self.fields[version_field] = forms.ChoiceField(
                label=clause.code, choices=choices, required=False, initial=str(version_id)
            )
            self.fields[position_field] = forms.IntegerField(
                label=_("Position of %(code)s") % {"code": clause.code},
                min_value=1,
                required=False,
                initial=position,
            )
            self.rows.append((clause, version_field, position_field))

    def ordered_versions(self) -> list[ClauseVersion]:
        chosen = []
        for clause, version_field, position_field in self.rows:
            version_id = self.cleaned_data.get(version_field)
            if not version_id:
                continue
            version = next(v for v in clause.versions.all() if str(v.pk) == version_id)
            position = self.cleaned_data.get(position_field) or 10_000
            chosen.append((position, clause.code, version))
        return [version for _pos, _code, version in sorted(chosen, key=lambda t: (t[0], t[1]))]


class PerimeterTemplateForm(forms.Form):
    template_code = forms.ChoiceField(label=_("Default template"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        families = (
            ContractTemplate.objects.filter(status="published")
            .exclude(kind="fee_schedule")
            .order_by("code")
            .values_list("code", "name_fr")
            .distinct()
        )
        self.fields["template_code"].choices = [  # type: ignore[attr-defined]
            ("", _("— rules decide —"))
        ] + [(code, f"{name} ({code})") for code, name in families]
