from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.uploads import check_upload
from kpis.definitions import PERFORMANCE
from kpis.models import (
    EVIDENCE_KINDS,
    EVIDENCE_MAX_BYTES,
    Direction,
    ManualInput,
)


class TargetsForm(forms.Form):
    """One target and direction per performance indicator; an empty target removes it."""

    def __init__(self, *args: Any, targets: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for definition in PERFORMANCE:
            current = targets.get(definition.code)
            self.fields[f"target_{definition.code}"] = forms.DecimalField(
                label=f"{definition.code} — {definition.label}",
                required=False,
                min_value=0,
                max_digits=14,
                decimal_places=2,
                initial=current.target if current else None,
            )
            self.fields[f"direction_{definition.code}"] = forms.ChoiceField(
                label=_("Direction"),
                choices=Direction.choices,
                initial=current.direction if current else definition.direction,
            )

    def rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"target_{d.code}"], self[f"direction_{d.code}"]) for d in PERFORMANCE]


class ManualInputForm(forms.ModelForm):
    class Meta:
        model = ManualInput
        fields = ["key", "period_start", "period_end", "value", "note"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # BaseForm.clean returns cleaned_data; the stubs allow None
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period is before its start."))
        existing = ManualInput.objects.filter(
            # Django reads `=None` as IS NULL; the stubs' lookup types do not allow None.
            key=data.get("key"),
            period_start=start,  # type: ignore[misc]
            period_end=end,  # type: ignore[misc]
        ).first()
        if existing is not None:
            # A figure for the same period replaces the previous one.
            self.instance = existing
        return data


class DeclarationForm(forms.Form):
    met = forms.TypedChoiceField(
        label=_("Status"),
        choices=[("1", _("Met")), ("0", _("Not met"))],
        coerce=lambda v: v == "1",
    )
    declared_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    evidence_text = forms.CharField(
        label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    evidence_url = forms.URLField(label=_("Evidence link"), required=False, assume_scheme="https")
    evidence_file = forms.FileField(
        label=_("Evidence file (PDF, PNG or JPG, 10 MB at most)"), required=False
    )

    def clean_evidence_file(self) -> Any:
        upload = self.cleaned_data.get("evidence_file")
        if not upload:
            return None
        check_upload(upload, EVIDENCE_KINDS, max_bytes=EVIDENCE_MAX_BYTES)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # BaseForm.clean returns cleaned_data; the stubs allow None
        if data.get("met") and not (
            data.get("evidence_text") or data.get("evidence_url") or data.get("evidence_file")
        ):
            raise forms.ValidationError(
                _("Give some evidence (text, link or file) to declare it met.")
            )
        return data
