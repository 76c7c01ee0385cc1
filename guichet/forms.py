"""Forms of the request pipeline pages: the intake form in sections, desk forms, sign-up.

The intake form is split into sections that each save on their own. A section saves every
field that is valid even when others are not, so nothing typed is ever lost."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from catalogue.models import Dataset, Vocabulary, VocabularyTerm
from guichet import domain
from guichet.models import (
    AccessRequest,
    AttachmentKind,
    CommitteeMeeting,
    Decision,
    DisputeKind,
    FormQuestion,
    LegalStatus,
    Organisation,
    QuestionKind,
    RegisterEntry,
    ReviewKind,
    ReviewOutcome,
)


def _model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    # form.fields is typed dict[str, Field]: say which ones are (multiple) model choice fields.
    return cast("forms.ModelChoiceField[Any]", form.fields[name])


# --- Intake sections -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    slug: str
    title: Any
    intro: Any
    fields: tuple[str, ...] = ()


SECTIONS: tuple[Section, ...] = (
    Section(
        "people",
        _("People"),
        _("Who leads the project, the team, and who will access the data."),
    ),
    Section(
        "project",
        _("Project"),
        _("What the project is about and why it serves the public interest."),
        (
            "title",
            "acronym",
            "summary",
            "objectives",
            "scientific_question",
            "public_interest",
            "expected_benefits",
        ),
    ),
    Section(
        "use",
        _("Use"),
        _("The kind of project and how closely you wish to work with the desk."),
        ("project_type", "collaboration_level"),
    ),
    Section(
        "data",
        _("Data"),
        _("The datasets you need, the variables, the population and the period."),
        (
            "data_not_in_catalogue",
            "variables",
            "population",
            "period_start",
            "period_end",
            "period_description",
            "data_form",
            "data_form_justification",
        ),
    ),
    Section(
        "setting",
        _("Setting"),
        _("Where and how the data will be used, the safeguards and the legal route."),
        (
            "access_mode",
            "secure_environment",
            "safeguards",
            "duration_months",
            "regulatory_route",
            "regulatory_reference",
            "ethics_opinion",
            "ethics_reference",
            "funding",
        ),
    ),
    Section(
        "outputs",
        _("Outputs"),
        _("What the project will publish and produce, and when."),
        ("publication_plan", "ip_expectations", "timeline"),
    ),
    Section(
        "services",
        _("Services"),
        _("The services of the desk you need, with an estimate of the fees."),
    ),
    Section(
        "attachments",
        _("Attachments"),
        _("The protocol, the ethics opinion and the CVs of the team (PDF only)."),
    ),
    Section(
        "questions",
        _("Desk questions"),
        _("A few more questions the desk asks every project."),
    ),
    Section("submit", _("Validate and submit"), _("Check what is missing, then submit.")),
)
SECTION_BY_SLUG = {s.slug: s for s in SECTIONS}


def _model_has(field: str) -> bool:
    try:
        AccessRequest._meta.get_field(field)
    except Exception:
        return False
    return True


def section_fields(section: Section) -> list[str]:
    return [f for f in section.fields if _model_has(f)]


# Which section a submission problem points to; built from the same wording as the domain.
def problem_sections() -> dict[str, str]:
    mapping: dict[str, str] = {}
    field_section = {f: s.slug for s in SECTIONS for f in s.fields}
    for name, label in domain.REQUIRED_TEXT_FIELDS:
        message = gettext("“%(field)s” is required.") % {"field": label}
        mapping[message] = field_section.get(name, "project")
    for message, slug in (
        ("Say which organisation the request comes from.", "people"),
        ("Choose the type of project.", "use"),
        ("Choose the requested access mode.", "setting"),
        ("Give the duration of the project in months.", "setting"),
        ("Explain why pseudonymised data are needed.", "data"),
        ("Give the reference of the compliance declaration or authorisation.", "setting"),
        (
            "Choose at least one dataset from the catalogue, or describe the data you need.",
            "data",
        ),
        ("List the project team (at least one person).", "people"),
        ("Say which team members will access the data.", "people"),
        ("Attach the study protocol (PDF).", "attachments"),
        ("Attach the ethics opinion (PDF).", "attachments"),
    ):
        mapping[gettext(message)] = slug
    return mapping


def problems_with_sections(problems: list[str]) -> list[tuple[str, str]]:
    mapping = problem_sections()
    return [(p, mapping.get(p, "questions")) for p in problems]


class SaveWhatIsValidMixin:
    """A section form that reports which of its fields can be saved despite other errors."""

    def valid_changes(self) -> dict[str, Any]:
        form: forms.Form = self  # type: ignore[assignment]
        data = getattr(form, "cleaned_data", {})
        return {
            name: data[name] for name in form.fields if name in data and name not in form.errors
        }


class IntakeSectionForm(SaveWhatIsValidMixin, forms.ModelForm):
    """One section of the intake form over AccessRequest fields."""

    class Meta:
        model = AccessRequest
        fields: list[str] = []
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            # Drafts save half-filled: completeness is checked on submit, not per section.
            field.required = False
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 4)
            if name in {"period_start", "period_end"}:
                field.widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        if "access_mode" in self.fields:
            _model_choice(self, "access_mode").queryset = VocabularyTerm.objects.filter(
                vocabulary=Vocabulary.ACCESS_MODE
            )
        for name in ("project_type", "collaboration_level"):
            if name in self.fields:
                queryset = _model_choice(self, name).queryset
                assert queryset is not None  # a ModelForm builds FK fields with their queryset
                model = queryset.model
                if any(f.name == "is_active" for f in model._meta.fields):
                    _model_choice(self, name).queryset = model.objects.filter(is_active=True)
        if "title" in self.fields:
            self.fields["title"].required = True

    def _post_clean(self) -> None:
        # Model validation runs in domain.request_update; a draft never fails on blank fields.
        pass

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # BaseForm.clean returns cleaned_data; the stubs allow None
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and start > end:
            self.add_error("period_end", _("The end of the period comes before its start."))
        return data


def section_form_class(section: Section) -> type[IntakeSectionForm]:
    names = section_fields(section)
    meta = type("Meta", (IntakeSectionForm.Meta,), {"fields": names})
    return type(f"{section.slug.title()}SectionForm", (IntakeSectionForm,), {"Meta": meta})


class OrganisationChoiceForm(SaveWhatIsValidMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Requesting organisation"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "organisation").queryset = organisations or Organisation.objects.none()


class TeamMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    affiliation = forms.CharField(label=_("Affiliation"), max_length=250, required=False)
    role = forms.CharField(label=_("Role in the project"), max_length=200, required=False)
    will_access_data = forms.BooleanField(label=_("Will access the data"), required=False)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(str(data.get(k) or "").strip() for k in ("name", "email", "role"))


TeamFormSet = forms.formset_factory(TeamMemberForm, extra=2, max_num=40, validate_max=True)


class DatasetSelectionForm(forms.Form):
    datasets = forms.ModelMultipleChoiceField(
        label=_("Datasets from the catalogue"),
        queryset=Dataset.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, selected_ids: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only published sheets can be picked; one already chosen stays visible if archived.
        from django.db.models import Q

        _model_choice(self, "datasets").queryset = Dataset.objects.filter(
            Q(status="published") | Q(pk__in=list(selected_ids))
        ).order_by("title_fr")


QUANTITY_MAX = Decimal("100000")


class ServicesForm(forms.Form):
    """One quantity field per service of the current offer (0 = not wanted)."""

    def __init__(self, *args: Any, services: Any = (), initial_quantities: Any = None, **kw: Any):
        super().__init__(*args, **kw)
        initial_quantities = initial_quantities or {}
        self.services = list(services)
        for service in self.services:
            self.fields[f"service_{service.pk}"] = forms.DecimalField(
                label=service.name,
                required=False,
                min_value=Decimal("0"),
                max_value=QUANTITY_MAX,
                decimal_places=3,
                initial=initial_quantities.get(service.pk),
                help_text=service.get_billing_unit_display(),
                widget=forms.NumberInput(attrs={"step": "any", "min": "0"}),
            )

    def rows(self) -> list[tuple[Any, Any]]:
        return [(s, self[f"service_{s.pk}"]) for s in self.services]

    def selections(self) -> list[tuple[Any, Decimal]]:
        data = getattr(self, "cleaned_data", {})
        chosen = []
        for service in self.services:
            quantity = data.get(f"service_{service.pk}")
            if quantity:
                chosen.append((service, quantity))
        return chosen


def validate_pdf(uploaded: UploadedFile) -> None:
    problems = domain.attachment_problems(uploaded)
    if problems:
        raise ValidationError(problems)


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=[
            (k, label)
            for k, label in AttachmentKind.choices
            if k not in {AttachmentKind.FORM_ANSWER, AttachmentKind.DELETION_EVIDENCE}
        ],
    )
    file = forms.FileField(
        label=_("File (PDF)"),
        validators=[validate_pdf],
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF only, %(mb)s MB at most.") % {
            "mb": settings.MAX_UPLOAD_MB
        }


class ExtraQuestionsForm(SaveWhatIsValidMixin, forms.Form):
    """The desk's extra questions of one form version."""

    def __init__(self, *args: Any, questions: Any = (), answers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        answers = answers or {}
        self.questions: list[FormQuestion] = list(questions)
        for question in self.questions:
            answer = answers.get(question.pk)
            self.fields[self.key(question)] = self._field(question, answer)

    @staticmethod
    def key(question: FormQuestion) -> str:
        return f"q_{question.code}"

    def _field(self, question: FormQuestion, answer: Any) -> forms.Field:
        label = question.label
        common: dict[str, Any] = {"label": label, "required": False, "help_text": question.help}
        value = answer.value if answer is not None else ""
        if question.kind == QuestionKind.CHOICE:
            choices = [("", "—"), *[(c, c) for c in question.choices]]
            return forms.ChoiceField(choices=choices, initial=value, **common)
        if question.kind == QuestionKind.YES_NO:
            return forms.ChoiceField(
                choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
                initial=value,
                widget=forms.RadioSelect,
                **common,
            )
        if question.kind == QuestionKind.DATE:
            return forms.DateField(
                initial=value or None,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                **common,
            )
        if question.kind == QuestionKind.FILE:
            field = forms.FileField(
                validators=[validate_pdf],
                widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
                **common,
            )
            field.current = answer.attachment if answer is not None else None  # type: ignore[attr-defined]
            return field
        return forms.CharField(initial=value, widget=forms.Textarea(attrs={"rows": 3}), **common)

    def answer_values(self) -> dict[str, Any]:
        """Valid non-file answers keyed by question code (files are attached separately)."""
        changes = self.valid_changes()
        values = {}
        for question in self.questions:
            key = self.key(question)
            if question.kind == QuestionKind.FILE or key not in changes:
                continue
            value = changes[key]
            values[question.code] = value.isoformat() if isinstance(value, date) else value
        return values

    def uploaded_files(self) -> list[tuple[FormQuestion, UploadedFile]]:
        changes = self.valid_changes()
        return [
            (q, changes[self.key(q)])
            for q in self.questions
            if q.kind == QuestionKind.FILE and changes.get(self.key(q))
        ]


# --- Desk forms ----------------------------------------------------------------------------------


class OnBehalfForm(forms.Form):
    """Staff open a request for someone who wrote by e-mail."""

    requester_email = forms.EmailField(
        label=_("Requester's e-mail"),
        help_text=_("An account is created (without a password) if none exists."),
    )
    requester_first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    requester_last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Existing organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
    )
    new_organisation_name = forms.CharField(
        label=_("…or a new organisation"), max_length=250, required=False
    )
    title = forms.CharField(label=_("Project title"), max_length=300)
    first_contact_on = forms.DateField(
        label=_("Date of first contact"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The time-to-contract clock starts on this date."),
    )
    summary = forms.CharField(
        label=_("What the e-mail asked"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def clean_first_contact_on(self) -> date:
        from django.utils import timezone

        value = self.cleaned_data["first_contact_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The first contact cannot be in the future."))
        return value


class ActionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CommitteeDecisionForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=_("Committee meeting"),
        queryset=CommitteeMeeting.objects.order_by("-date"),
        required=False,
    )
    meeting_date = forms.DateField(
        label=_("…or date of a new meeting"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    members_present = forms.ModelMultipleChoiceField(
        label=_("Members present"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    conditions = forms.CharField(
        label=_("Conditions / reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for an approval with conditions and for a rejection."),
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from accounts.roles import STAFF_ROLES

        _model_choice(self, "members_present").queryset = (
            get_user_model()
            .objects.filter(groups__name__in=list(STAFF_ROLES), is_active=True)
            .distinct()
            .order_by("last_name", "first_name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # BaseForm.clean returns cleaned_data; the stubs allow None
        decision = data.get("decision")
        if (
            decision in {Decision.APPROVED_WITH_CONDITIONS, Decision.REJECTED}
            and not (data.get("conditions") or "").strip()
        ):
            self.add_error("conditions", _("Give the conditions or the reason."))
        return data


class ReviewAddForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of review"), choices=ReviewKind.choices)
    reviewer = forms.ModelChoiceField(label=_("Reviewer"), queryset=get_user_model().objects.none())
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _model_choice(self, "reviewer").queryset = reviewer_queryset()


def reviewer_queryset() -> Any:
    return (
        get_user_model()
        .objects.filter(
            groups__name__in=[Role.REVIEWER, Role.LEGAL, Role.DATA_STEWARD, Role.DESK_OPERATOR],
            is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Opinion"), choices=ReviewOutcome.choices, widget=forms.RadioSelect
    )
    comments = forms.CharField(
        label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    conditions = forms.CharField(
        label=_("Conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a favourable opinion with conditions."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # BaseForm.clean returns cleaned_data; the stubs allow None
        outcome = data.get("outcome")
        if outcome == ReviewOutcome.FAVOURABLE_WITH_CONDITIONS and not data.get("conditions"):
            self.add_error("conditions", _("State the conditions."))
        if outcome == ReviewOutcome.UNFAVOURABLE and not data.get("comments"):
            self.add_error("comments", _("Explain an unfavourable opinion."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several PDF files in one input; each one is checked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "application/pdf,.pdf", "multiple": True})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}))
    # The form metaclass moves declared fields to base_fields, so `self.files` stays the upload
    # dict at runtime; the stubs only see the class attribute shadowing BaseForm.files.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Attach PDF files"), required=False, validators=[validate_pdf]
    )
    is_internal = forms.BooleanField(label=_("Internal note (staff only)"), required=False)

    def __init__(self, *args: Any, staff: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not staff:
            del self.fields["is_internal"]

    def uploaded(self, files: Any = None) -> list[UploadedFile]:
        return list(self.cleaned_data.get("files") or [])


class RelevanceForm(forms.Form):
    """Scores 0..scale_max for each criterion of a criteria set."""

    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, criteria: Any = (), prefix_key: str = "", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"c_{criterion.pk}"] = forms.IntegerField(
                label=str(criterion),
                min_value=0,
                max_value=criterion.scale_max,
                help_text=_("0 to %(max)s") % {"max": criterion.scale_max},
            )

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c_{c.pk}"] for c in self.criteria}


class FollowUpForm(forms.Form):
    access_granted_on = forms.DateField(
        label=_("Access granted on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    access_mode = forms.ModelChoiceField(
        label=_("Access mode granted"),
        queryset=VocabularyTerm.objects.filter(vocabulary=Vocabulary.ACCESS_MODE),
        required=False,
    )
    extra_technical_work = forms.BooleanField(
        label=_("Extra technical work needed"), required=False
    )
    extra_technical_work_description = forms.CharField(
        label=_("Extra technical work"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    results_summary = forms.CharField(
        label=_("Results summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    data_deletion_confirmed_on = forms.DateField(
        label=_("Data deletion confirmed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    data_deletion_evidence_file = forms.FileField(
        label=_("Deletion evidence (PDF)"), required=False, validators=[validate_pdf]
    )

    REQUESTER_FIELDS = (
        "results_summary",
        "data_deletion_confirmed_on",
        "data_deletion_evidence_file",
    )

    def __init__(self, *args: Any, staff: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not staff:
            for name in list(self.fields):
                if name not in self.REQUESTER_FIELDS:
                    del self.fields[name]

    def changes(self) -> dict[str, Any]:
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k != "data_deletion_evidence_file" and k in self.fields
        }


class PublicationForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    doi = forms.CharField(label=_("DOI"), max_length=200, required=False)
    url = forms.URLField(label=_("URL"), required=False, assume_scheme="https")
    published_on = forms.DateField(
        label=_("Publication date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class DisputeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Raised by"), choices=DisputeKind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    opened_on = forms.DateField(
        label=_("Opened on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class DisputeCloseForm(forms.Form):
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}))


class RegisterEntryForm(forms.ModelForm):
    class Meta:
        model = RegisterEntry
        fields = [
            "public_title",
            "public_purpose",
            "organisation_name",
            "datasets_text",
            "legal_basis",
            "results_summary",
            "is_published",
        ]


class InboxFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    state = forms.ChoiceField(label=_("State"), required=False)
    dataset = forms.ModelChoiceField(
        label=_("Dataset"), queryset=Dataset.objects.order_by("title_fr"), required=False
    )
    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"), queryset=get_user_model().objects.none(), required=False
    )
    clock = forms.ChoiceField(
        label=_("Deadline"),
        required=False,
        choices=[("", _("All")), ("overdue", _("Overdue")), ("due_soon", _("Due soon"))],
    )
    view = forms.ChoiceField(
        required=False,
        choices=[("list", _("List")), ("board", _("Board"))],
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from guichet.models import RequestState

        cast(forms.ChoiceField, self.fields["state"]).choices = [
            # A draft is the requester's unfinished form, not yet the desk's work: listed only
            # when asked for by its state.
            ("", _("All submitted requests")),
            ("open", _("All open")),
            *RequestState.choices,
        ]
        _model_choice(self, "reviewer").queryset = reviewer_queryset()
        self.fields["q"].widget.attrs.update({"type": "search"})
        if _model_has("use_case"):
            field = AccessRequest._meta.get_field("use_case")
            self.fields["use_case"] = forms.ModelChoiceField(
                label=_("Use case"),
                queryset=field.related_model.objects.all(),
                required=False,
            )


# --- Requester sign-up ---------------------------------------------------------------------------


class SignupForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Professional e-mail"))
    job_title = forms.CharField(label=_("Job title"), max_length=200, required=False)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    organisation_choice = forms.ChoiceField(
        label=_("Your organisation"),
        choices=[
            ("join", _("Join an organisation already registered")),
            ("create", _("Register a new organisation")),
        ],
        widget=forms.RadioSelect,
        initial="create",
    )
    existing_organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name"), required=False
    )
    organisation_name = forms.CharField(
        label=_("Organisation name"), max_length=250, required=False
    )
    organisation_country = forms.CharField(
        label=_("Country (ISO code)"), max_length=2, required=False, initial="FR"
    )
    organisation_legal_status = forms.ChoiceField(
        label=_("Legal status"), choices=LegalStatus.choices, required=False
    )
    accept_terms = forms.BooleanField(
        label=_(
            "I confirm the information above is accurate and accept that the desk "
            "processes it to handle my requests."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actor_field = _organisation_actor_type_field()
        if actor_field is not None:
            model = actor_field.related_model
            queryset = model.objects.all()
            if any(f.name == "is_active" for f in model._meta.fields):
                queryset = queryset.filter(is_active=True)
            self.fields["organisation_actor_type"] = forms.ModelChoiceField(
                label=_("Type of organisation"), queryset=queryset, required=False
            )
            # Keep the organisation fields together in the rendered order.
            order = list(self.fields)
            order.remove("organisation_actor_type")
            order.insert(order.index("organisation_country"), "organisation_actor_type")
            self.order_fields(order)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise ValidationError(
                _("An account already uses this e-mail. Log in or reset your password.")
            )
        return email

    def clean_organisation_country(self) -> str:
        value = (self.cleaned_data.get("organisation_country") or "").strip().upper()
        if value and (len(value) != 2 or not value.isalpha()):
            raise ValidationError(_("Use the two-letter ISO code, for example FR."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # BaseForm.clean returns cleaned_data; the stubs allow None
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords differ."))
        elif p1:
            user = get_user_model()(
                username=data.get("email", ""),
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(p1, user)
            except ValidationError as error:
                self.add_error("password1", error)
        if data.get("organisation_choice") == "join":
            if not data.get("existing_organisation"):
                self.add_error("existing_organisation", _("Choose your organisation."))
        else:
            if not (data.get("organisation_name") or "").strip():
                self.add_error("organisation_name", _("Give the name of your organisation."))
            if "organisation_actor_type" in self.fields and not data.get("organisation_actor_type"):
                self.add_error("organisation_actor_type", _("Choose the type of organisation."))
            if not data.get("organisation_legal_status"):
                self.add_error("organisation_legal_status", _("Choose the legal status."))
        return data


def _organisation_actor_type_field() -> Any:
    try:
        return Organisation._meta.get_field("actor_type")
    except Exception:
        return None


class DocumentAccessFilterForm(forms.Form):
    """Filters of the document access trail (staff page and its CSV export)."""

    user = forms.CharField(label=_("User"), required=False, max_length=150)
    request = forms.CharField(label=_("Request reference"), required=False, max_length=40)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)
    kind = forms.ChoiceField(label=_("Document"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from guichet.models import DocumentAccessAction, DocumentAccessOutcome, DocumentKind

        everything = [("", _("All"))]
        # self.fields is typed dict[str, Field]; these three are the ChoiceFields declared above.
        action, outcome, kind = (
            cast(forms.ChoiceField, self.fields[name]) for name in ("action", "outcome", "kind")
        )
        action.choices = everything + list(DocumentAccessAction.choices)
        outcome.choices = everything + list(DocumentAccessOutcome.choices)
        kind.choices = everything + list(DocumentKind.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # BaseForm.clean returns cleaned_data; the stubs allow None
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
