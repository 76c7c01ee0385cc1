"""REST representations of the request pipeline. Reads are plain serializers over querysets
prepared in guichet.api (no N+1); writes are validated here and applied by guichet.domain."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from catalogue.models import Dataset, Vocabulary, VocabularyTerm
from guichet import clocks
from guichet.models import (
    AccessRequest,
    Attachment,
    AttachmentKind,
    CommitteeDecision,
    Decision,
    Event,
    FormAnswer,
    FormDefinition,
    FormQuestion,
    Message,
    Organisation,
    RegisterEntry,
    RequestDataset,
    RequestService,
    Review,
    ReviewOutcome,
    TeamMember,
)
from guichet.permissions import is_staff_viewer
from offers.models import CollaborationLevel, ProjectType, Service, UseCase


def _user_name(user: Any) -> str:
    return str(user) if user is not None else ""


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    actor_type: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Organisation
        fields = ["id", "name", "actor_type", "country", "legal_status"]
        read_only_fields = fields


class RequestDatasetSerializer(serializers.ModelSerializer[RequestDataset]):
    dataset: serializers.PrimaryKeyRelatedField[Dataset] = serializers.PrimaryKeyRelatedField(
        read_only=True
    )
    slug = serializers.CharField(source="dataset.slug", read_only=True)
    title = serializers.CharField(source="dataset.title", read_only=True)
    relevance_score = serializers.DecimalField(
        source="relevance.overall_score",
        max_digits=5,
        decimal_places=2,
        read_only=True,
        allow_null=True,
    )

    class Meta:
        model = RequestDataset
        fields = ["dataset", "slug", "title", "relevance_score"]
        read_only_fields = fields


class TeamMemberSerializer(serializers.ModelSerializer[TeamMember]):
    class Meta:
        model = TeamMember
        fields = ["name", "email", "affiliation", "role", "will_access_data"]


class RequestServiceSerializer(serializers.ModelSerializer[RequestService]):
    service = serializers.SlugRelatedField(slug_field="code", queryset=Service.objects.all())
    quantity = serializers.DecimalField(max_digits=8, decimal_places=2, min_value=Decimal("0"))

    class Meta:
        model = RequestService
        fields = ["service", "quantity"]


class FormAnswerSerializer(serializers.ModelSerializer[FormAnswer]):
    question: serializers.SlugRelatedField[FormQuestion] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = FormAnswer
        fields = ["question", "value", "attachment"]
        read_only_fields = fields


class ActionSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    slug = serializers.CharField()
    # A declared field (the metaclass moves it), not Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    comment_required = serializers.BooleanField()
    comment_label = serializers.CharField()
    danger = serializers.BooleanField()
    needs_form = serializers.BooleanField()
    target = serializers.CharField()


class AccessRequestListSerializer(serializers.ModelSerializer[AccessRequest]):
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    organisation = serializers.CharField(source="organisation.name", default="", read_only=True)
    requester = serializers.SerializerMethodField()
    datasets = serializers.SerializerMethodField()
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = AccessRequest
        fields = [
            "id",
            "reference",
            "title",
            "state",
            "state_label",
            "organisation",
            "requester",
            "datasets",
            "first_contact_at",
            "submitted_at",
            "decided_at",
            "due_on",
            "is_overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_requester(self, obj: AccessRequest) -> str:
        return _user_name(obj.requester)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_datasets(self, obj: AccessRequest) -> list[str]:
        # Reads the prefetched rows (guichet.api): one query for the whole page.
        return [row.dataset.slug for row in obj.requested_datasets.all()]

    def get_is_overdue(self, obj: AccessRequest) -> bool:
        return clocks.is_overdue(obj)


class AccessRequestDetailSerializer(AccessRequestListSerializer):
    organisation = OrganisationSerializer(read_only=True)  # type: ignore[assignment]
    project_type: serializers.SlugRelatedField[ProjectType] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    collaboration_level: serializers.SlugRelatedField[CollaborationLevel] = (
        serializers.SlugRelatedField(slug_field="code", read_only=True)
    )
    use_case: serializers.SlugRelatedField[UseCase] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    access_mode: serializers.SlugRelatedField[VocabularyTerm] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    requested_datasets = RequestDatasetSerializer(many=True, read_only=True)
    team = TeamMemberSerializer(many=True, read_only=True)
    requested_services = RequestServiceSerializer(many=True, read_only=True)
    answers = FormAnswerSerializer(many=True, read_only=True)
    form_version = serializers.IntegerField(
        source="form_definition.version", default=None, read_only=True
    )
    actions = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()

    class Meta(AccessRequestListSerializer.Meta):
        fields = [
            *AccessRequestListSerializer.Meta.fields,
            "acronym",
            "summary",
            "objectives",
            "scientific_question",
            "public_interest",
            "expected_benefits",
            "project_type",
            "collaboration_level",
            "use_case",
            "requested_datasets",
            "data_not_in_catalogue",
            "variables",
            "population",
            "period_start",
            "period_end",
            "period_description",
            "data_form",
            "data_form_justification",
            "access_mode",
            "secure_environment",
            "safeguards",
            "duration_months",
            "regulatory_route",
            "regulatory_reference",
            "ethics_opinion",
            "ethics_reference",
            "funding",
            "publication_plan",
            "ip_expectations",
            "timeline",
            "team",
            "requested_services",
            "answers",
            "form_version",
            "held_from_state",
            "complete_at",
            "contract_signed_at",
            "data_available_at",
            "closed_at",
            "quote",
            "actions",
            "problems",
        ]
        read_only_fields = fields

    @extend_schema_field(ActionSerializer(many=True))
    def get_actions(self, obj: AccessRequest) -> list[dict[str, Any]]:
        from guichet.domain import available_actions

        user = self.context["request"].user
        return [vars(a) for a in available_actions(obj, user)]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_problems(self, obj: AccessRequest) -> list[str]:
        """What still blocks submission (drafts only)."""
        from guichet.domain import submission_problems

        return submission_problems(obj) if obj.state == "draft" else []


class TeamMemberWriteSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=200)
    email = serializers.EmailField(required=False, allow_blank=True)
    affiliation = serializers.CharField(max_length=250, required=False, allow_blank=True)
    role = serializers.CharField(max_length=200, required=False, allow_blank=True)
    will_access_data = serializers.BooleanField(required=False, default=False)


class AccessRequestWriteSerializer(serializers.ModelSerializer[AccessRequest]):
    """Create a draft or change its answers; every field is optional so a draft saves as is."""

    project_type = serializers.SlugRelatedField(
        slug_field="code",
        queryset=ProjectType.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )
    collaboration_level = serializers.SlugRelatedField(
        slug_field="code",
        queryset=CollaborationLevel.objects.filter(is_active=True),
        required=False,
        allow_null=True,
    )
    access_mode = serializers.SlugRelatedField(
        slug_field="code",
        queryset=VocabularyTerm.objects.filter(vocabulary=Vocabulary.ACCESS_MODE),
        required=False,
        allow_null=True,
    )
    use_case = serializers.SlugRelatedField(
        slug_field="code", queryset=UseCase.objects.all(), required=False, allow_null=True
    )
    organisation = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    datasets = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Dataset.objects.published(),
        many=True,
        required=False,
        write_only=True,
    )
    team = TeamMemberWriteSerializer(many=True, required=False, write_only=True)
    services = RequestServiceSerializer(many=True, required=False, write_only=True)
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, write_only=True
    )
    requester = serializers.PrimaryKeyRelatedField(
        queryset=AccessRequest._meta.get_field("requester").related_model.objects.all(),
        required=False,
        write_only=True,
    )

    class Meta:
        model = AccessRequest
        fields = [
            "title",
            "acronym",
            "summary",
            "objectives",
            "scientific_question",
            "public_interest",
            "expected_benefits",
            "project_type",
            "collaboration_level",
            "use_case",
            "organisation",
            "data_not_in_catalogue",
            "variables",
            "population",
            "period_start",
            "period_end",
            "period_description",
            "data_form",
            "data_form_justification",
            "access_mode",
            "secure_environment",
            "safeguards",
            "duration_months",
            "regulatory_route",
            "regulatory_reference",
            "ethics_opinion",
            "ethics_reference",
            "funding",
            "publication_plan",
            "ip_expectations",
            "timeline",
            "first_contact_at",
            "requester",
            "datasets",
            "team",
            "services",
            "answers",
        ]
        extra_kwargs = {"title": {"required": False}, "first_contact_at": {"required": False}}


class ActionInputSerializer(serializers.Serializer[Any]):
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    # send-to-review only: {"scientific": <user id>, "legal": <user id>, ...}
    reviewers = serializers.DictField(child=serializers.IntegerField(), required=False)


class CommitteeDecisionInputSerializer(serializers.Serializer[Any]):
    decision = serializers.ChoiceField(choices=Decision.choices)
    conditions = serializers.CharField(required=False, allow_blank=True, default="")
    minutes = serializers.CharField(required=False, allow_blank=True, default="")
    meeting = serializers.IntegerField(required=False, allow_null=True, default=None)


class CommitteeDecisionSerializer(serializers.ModelSerializer[CommitteeDecision]):
    class Meta:
        model = CommitteeDecision
        fields = ["id", "decision", "conditions", "minutes", "decided_at", "meeting"]
        read_only_fields = fields


class ReviewSerializer(serializers.ModelSerializer[Review]):
    request_reference = serializers.CharField(source="request.reference", read_only=True)
    request_title = serializers.CharField(source="request.title", read_only=True)
    reviewer = serializers.SerializerMethodField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "request",
            "request_reference",
            "request_title",
            "kind",
            "kind_label",
            "reviewer",
            "department",
            "is_required",
            "due_on",
            "outcome",
            "comments",
            "conditions",
            "created_at",
            "submitted_at",
        ]
        read_only_fields = fields

    def get_reviewer(self, obj: Review) -> str:
        return _user_name(obj.reviewer)


class ReviewSubmitSerializer(serializers.Serializer[Any]):
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    comments = serializers.CharField(required=False, allow_blank=True, default="")
    conditions = serializers.CharField(required=False, allow_blank=True, default="")


class AttachmentSerializer(serializers.ModelSerializer[Attachment]):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = [
            "id",
            "request",
            "message",
            "kind",
            "original_name",
            "size",
            "sha256",
            "uploaded_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, obj: Attachment) -> str:
        from django.urls import reverse

        return reverse("guichet-api:attachment-download", args=[obj.pk])


class AttachmentUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()
    kind = serializers.ChoiceField(choices=AttachmentKind.choices, default=AttachmentKind.OTHER)


class MessageSerializer(serializers.ModelSerializer[Message]):
    author = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = Message
        fields = [
            "id",
            "request",
            "author",
            "body",
            "created_at",
            "is_information_request",
            "is_internal",
            "attachments",
        ]
        read_only_fields = fields

    def get_author(self, obj: Message) -> str:
        return _user_name(obj.author)


class MessageWriteSerializer(serializers.Serializer[Any]):
    body = serializers.CharField()
    is_internal = serializers.BooleanField(required=False, default=False)


class EventSerializer(serializers.ModelSerializer[Event]):
    actor = serializers.SerializerMethodField()
    payload = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "id",
            "request",
            "action",
            "from_state",
            "to_state",
            "at",
            "actor",
            "comment",
            "payload",
        ]
        read_only_fields = fields

    def get_actor(self, obj: Event) -> str:
        return _user_name(obj.actor)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_payload(self, obj: Event) -> dict[str, Any]:
        request = self.context.get("request")
        if request is not None and is_staff_viewer(request.user):
            return obj.payload
        return {}


class FormQuestionSerializer(serializers.ModelSerializer[FormQuestion]):
    # A declared field (the metaclass moves it), not Field.label.
    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    help = serializers.CharField(read_only=True)

    class Meta:
        model = FormQuestion
        fields = ["id", "code", "position", "label", "help", "kind", "required", "choices"]
        read_only_fields = fields


class FormDefinitionSerializer(serializers.ModelSerializer[FormDefinition]):
    questions = FormQuestionSerializer(many=True, read_only=True)

    class Meta:
        model = FormDefinition
        fields = ["id", "version", "published", "published_at", "questions"]
        read_only_fields = fields


class StateDurationSerializer(serializers.Serializer[Any]):
    state = serializers.CharField()
    # A declared field (the metaclass moves it), not Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    calendar_days = serializers.FloatField()
    working_days = serializers.IntegerField()
    visits = serializers.IntegerField()


class ClockSerializer(serializers.Serializer[Any]):
    due_on = serializers.DateField(allow_null=True)
    is_overdue = serializers.BooleanField()
    is_due_soon = serializers.BooleanField()
    working_days_left = serializers.IntegerField(allow_null=True)
    states = StateDurationSerializer(many=True)


class RegisterEntrySerializer(serializers.ModelSerializer[RegisterEntry]):
    reference = serializers.CharField(source="request.reference", read_only=True)

    class Meta:
        model = RegisterEntry
        fields = [
            "id",
            "reference",
            "public_title",
            "public_purpose",
            "organisation_name",
            "datasets_text",
            "legal_basis",
            "approved_on",
            "started_on",
            "ended_on",
            "status",
            "results_summary",
        ]
        read_only_fields = fields
