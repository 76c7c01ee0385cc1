from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from contracts.models import Clause, ContractTemplate, Party


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
