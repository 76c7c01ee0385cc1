"""REST API of the request pipeline (mounted under /api/ by guichet.urls).

Every queryset starts from guichet.permissions (a request outside a user's view is a 404, an
action they may not take a 403). Writes and actions go through guichet.domain; its errors
become 400 (bad input, with `problems`), 403, or 409 (the state does not allow it, or a
concurrent change won)."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from django_fsm import ConcurrentTransition
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import Role, has_role
from guichet import clocks, domain
from guichet.downloads import find_hidden_attachment, record_attachment_access, serve_attachment
from guichet.models import (
    AccessRequest,
    CommitteeMeeting,
    Event,
    FormAnswer,
    FormDefinition,
    RegisterEntry,
    RequestDataset,
    RequestState,
    Review,
)
from guichet.permissions import (
    review_queue,
    visible_attachments,
    visible_events,
    visible_requests,
    visible_reviews,
)
from guichet.serializers import (
    AccessRequestDetailSerializer,
    AccessRequestListSerializer,
    AccessRequestWriteSerializer,
    ActionInputSerializer,
    ActionSerializer,
    AttachmentSerializer,
    AttachmentUploadSerializer,
    ClockSerializer,
    CommitteeDecisionInputSerializer,
    EventSerializer,
    FormDefinitionSerializer,
    MessageSerializer,
    MessageWriteSerializer,
    RegisterEntrySerializer,
    ReviewSerializer,
    ReviewSubmitSerializer,
)

ErrorSerializer = inline_serializer(
    "PipelineError",
    fields={
        "detail": serializers.CharField(),
        "problems": serializers.ListField(child=serializers.CharField(), required=False),
    },
)
ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description="Missing or bad input (see problems)."),
    403: OpenApiResponse(ErrorSerializer, description="You may not do this."),
    404: OpenApiResponse(description="No such request among those you can see."),
    409: OpenApiResponse(
        ErrorSerializer, description="Not possible in the current state, or changed meanwhile."
    ),
}


def error_response(exc: Exception) -> Response | None:
    if isinstance(exc, domain.PipelineError):
        return Response({"detail": exc.message, "problems": exc.problems}, status=exc.status_code)
    if isinstance(exc, ConcurrentTransition):
        return Response(
            {
                "detail": _(
                    "Someone else changed this request at the same time. Reload it and try again."
                ),
                "problems": [],
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, DjangoValidationError):
        problems = (
            [f"{k}: {m}" for k, ms in exc.message_dict.items() for m in ms]
            if hasattr(exc, "error_dict")
            else list(exc.messages)
        )
        return Response(
            {"detail": problems[0] if problems else _("Invalid input."), "problems": problems},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return None


class PipelineErrorsMixin:
    def handle_exception(self, exc: Exception) -> Response:
        return error_response(exc) or super().handle_exception(exc)  # type: ignore[misc]


# --- Requests ----------------------------------------------------------------------------------


class RequestFilter(filters.FilterSet):
    state = filters.MultipleChoiceFilter(choices=RequestState.choices)
    overdue = filters.BooleanFilter(method="filter_overdue")
    dataset = filters.CharFilter(field_name="requested_datasets__dataset__slug")
    q = filters.CharFilter(method="filter_q")

    class Meta:
        model = AccessRequest
        fields = ["state", "overdue", "dataset", "q"]

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return (
            queryset.filter(clocks.overdue_q()) if value else queryset.exclude(clocks.overdue_q())
        )

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(title__icontains=value)
            | Q(organisation__name__icontains=value)
        )


def request_queryset(user: Any) -> QuerySet[AccessRequest]:
    return (
        visible_requests(user)
        .select_related("requester", "organisation")
        .prefetch_related(
            Prefetch(
                "requested_datasets",
                queryset=RequestDataset.objects.select_related("dataset").order_by("pk"),
            )
        )
    )


def get_visible_request(user: Any, pk: int) -> AccessRequest:
    return get_object_or_404(visible_requests(user), pk=pk)


class RequestViewSet(
    PipelineErrorsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Access requests the user can see. Drafts are created and edited here; every state change
    has its own endpoint, `POST /api/requests/{id}/{action}/`."""

    permission_classes = [IsAuthenticated]
    filterset_class = RequestFilter
    ordering_fields = ["created_at", "submitted_at", "due_on", "reference"]
    ordering = ["-created_at"]

    def get_queryset(self) -> QuerySet[AccessRequest]:
        queryset = request_queryset(self.request.user)
        if self.action == "retrieve":
            queryset = queryset.select_related(
                "organisation__actor_type",
                "project_type",
                "collaboration_level",
                "use_case",
                "access_mode",
                "form_definition",
            ).prefetch_related(
                "team",
                "requested_services__service",
                Prefetch("answers", queryset=FormAnswer.objects.select_related("question")),
                "requested_datasets__relevance",
            )
        return queryset.distinct() if "dataset" in self.request.query_params else queryset

    def get_serializer_class(self) -> type[serializers.Serializer[Any]]:
        if self.action == "list":
            return AccessRequestListSerializer
        if self.action in {"create", "update", "partial_update"}:
            return AccessRequestWriteSerializer
        return AccessRequestDetailSerializer

    def _detail(self, request_obj: AccessRequest) -> Response:
        fresh = (
            self.get_queryset().get(pk=request_obj.pk)
            if self.action == "retrieve"
            else (request_queryset(self.request.user).get(pk=request_obj.pk))
        )
        return Response(
            AccessRequestDetailSerializer(fresh, context={"request": self.request}).data
        )

    @staticmethod
    def _apply_parts(obj: AccessRequest, by: Any, parts: dict[str, Any]) -> None:
        if "datasets" in parts:
            domain.request_set_datasets(obj, by=by, datasets=parts["datasets"])
        if "team" in parts:
            domain.request_set_team(obj, by=by, members=parts["team"])
        if "services" in parts:
            domain.request_set_services(
                obj,
                by=by,
                selections=[(row["service"], row["quantity"]) for row in parts["services"]],
            )
        if "answers" in parts:
            domain.answers_save(obj, by=by, answers=parts["answers"])

    @staticmethod
    def _split(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        parts: dict[str, Any] = {
            k: data.pop(k) for k in ("datasets", "team", "services", "answers") if k in data
        }
        return data, parts

    @extend_schema(
        request=AccessRequestWriteSerializer,
        responses={201: AccessRequestDetailSerializer, **ERRORS},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = AccessRequestWriteSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        fields, parts = self._split(dict(serializer.validated_data))
        with transaction.atomic():
            obj = domain.request_create(
                by=request.user,
                requester=fields.pop("requester", None),
                organisation=fields.pop("organisation", None),
                first_contact_at=fields.pop("first_contact_at", None),
                **fields,
            )
            self._apply_parts(obj, request.user, parts)
        response = self._detail(obj)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(
        request=AccessRequestWriteSerializer,
        responses={200: AccessRequestDetailSerializer, **ERRORS},
    )
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        serializer = AccessRequestWriteSerializer(
            obj, data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        fields, parts = self._split(dict(serializer.validated_data))
        if "requester" in fields:
            raise domain.InvalidAction(
                _("The requester of a request cannot be changed."),
                [_("The requester of a request cannot be changed.")],
            )
        with transaction.atomic():
            domain.request_update(obj, by=request.user, changes=fields)
            self._apply_parts(obj, request.user, parts)
        return self._detail(obj)

    @extend_schema(
        request=AccessRequestWriteSerializer,
        responses={200: AccessRequestDetailSerializer, **ERRORS},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, **kwargs)

    @extend_schema(responses={200: ActionSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def actions(self, request: Request, pk: int) -> Response:
        """Actions the current user may take now, with whether a reason is required."""
        obj = self.get_object()
        return Response([vars(a) for a in domain.available_actions(obj, request.user)])

    @extend_schema(responses={200: ClockSerializer})
    @action(detail=True, methods=["get"])
    def clock(self, request: Request, pk: int) -> Response:
        """Deadline of the current step and the time spent in each state."""
        obj = self.get_object()
        events = list(obj.events.all())
        return Response(
            ClockSerializer(
                {
                    "due_on": obj.due_on,
                    "is_overdue": clocks.is_overdue(obj),
                    "is_due_soon": clocks.is_due_soon(obj),
                    "working_days_left": clocks.working_days_left(obj),
                    "states": [
                        {
                            "state": d.state,
                            "label": str(d.label),
                            "calendar_days": round(d.calendar.total_seconds() / 86400, 2),
                            "working_days": d.working_days,
                            "visits": d.visits,
                        }
                        for d in clocks.time_in_states(obj, events=events)
                    ],
                }
            ).data
        )

    @extend_schema(responses={200: EventSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def events(self, request: Request, pk: int) -> Response:
        obj = self.get_object()
        events = visible_events(request.user).filter(request=obj).select_related("actor")
        return Response(EventSerializer(events, many=True, context={"request": request}).data)

    @extend_schema(methods=["get"], responses={200: MessageSerializer(many=True)})
    @extend_schema(
        methods=["post"],
        request=MessageWriteSerializer,
        responses={201: MessageSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"])
    def messages(self, request: Request, pk: int) -> Response:
        obj = self.get_object()
        if request.method == "POST":
            data = MessageWriteSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            message = domain.message_post(
                obj,
                by=request.user,
                body=data.validated_data["body"],
                is_internal=data.validated_data["is_internal"],
            )
            return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)
        messages = domain.visible_messages(obj, request.user)
        return Response(MessageSerializer(messages, many=True).data)

    @extend_schema(methods=["get"], responses={200: AttachmentSerializer(many=True)})
    @extend_schema(
        methods=["post"],
        request={"multipart/form-data": AttachmentUploadSerializer},
        responses={201: AttachmentSerializer, **ERRORS},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[MultiPartParser, FormParser],
    )
    def attachments(self, request: Request, pk: int) -> Response:
        obj = self.get_object()
        if request.method == "POST":
            data = AttachmentUploadSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            attachment = domain.attachment_add(
                obj,
                by=request.user,
                uploaded_file=data.validated_data["file"],
                kind=data.validated_data["kind"],
            )
            return Response(AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)
        attachments = visible_attachments(request.user).filter(request=obj)
        return Response(AttachmentSerializer(attachments, many=True).data)

    @extend_schema(
        request=CommitteeDecisionInputSerializer,
        responses={200: AccessRequestDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="committee-decision")
    def committee_decision(self, request: Request, pk: int) -> Response:
        """Record the committee's go / go with conditions / no-go, with minutes."""
        obj = self.get_object()
        data = CommitteeDecisionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        meeting_id = data.validated_data["meeting"]
        meeting = get_object_or_404(CommitteeMeeting, pk=meeting_id) if meeting_id else None
        domain.committee_decide(
            obj,
            by=request.user,
            decision=data.validated_data["decision"],
            conditions=data.validated_data["conditions"],
            minutes=data.validated_data["minutes"],
            meeting=meeting,
        )
        return self._detail(obj)


class RequestActionView(PipelineErrorsMixin, APIView):
    """POST /api/requests/{id}/{action}/ — one endpoint per transition (see api_urls)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    action_code = ""

    def post(self, request: Request, pk: int) -> Response:
        obj = get_visible_request(request.user, pk)
        data = ActionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        kwargs: dict[str, Any] = {}
        if self.action_code == "send_to_review" and data.validated_data.get("reviewers"):
            users = _reviewers_by_kind(data.validated_data["reviewers"])
            kwargs["reviewers"] = users
        domain.run_action(
            obj, self.action_code, by=request.user, comment=data.validated_data["comment"], **kwargs
        )
        fresh = request_queryset(request.user).filter(pk=obj.pk).first() or obj
        return Response(AccessRequestDetailSerializer(fresh, context={"request": request}).data)


def _reviewers_by_kind(ids: dict[str, int]) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.in_bulk(list(ids.values()))
    missing = [kind for kind, uid in ids.items() if uid not in users]
    if missing:
        raise domain.InvalidAction(
            _("Unknown reviewer."),
            [_("Unknown reviewer for %(kind)s.") % {"kind": k} for k in missing],
        )
    return {kind: users[uid] for kind, uid in ids.items()}


def action_view(code: str) -> Any:
    spec = domain.ACTION_SPECS[code]

    def post(self: RequestActionView, request: Request, pk: int) -> Response:
        return RequestActionView.post(self, request, pk)

    documented = extend_schema(
        operation_id=f"requests_{code}",
        summary=str(spec.label),
        description=(
            f"Fires the “{code}” transition. "
            + ("A `comment` (reason) is required. " if spec.comment_required else "")
            + "409 when the current state does not allow it or someone changed the request "
            "meanwhile; 403 when your role may not."
        ),
        request=ActionInputSerializer,
        responses={200: AccessRequestDetailSerializer, **ERRORS},
        tags=["requests"],
    )(post)
    view = cast(
        "type[RequestActionView]",
        type(
            f"Request{''.join(p.title() for p in code.split('_'))}View",
            (RequestActionView,),
            {"action_code": code, "post": documented, "__doc__": f"{spec.label}."},
        ),
    )
    return view.as_view()


# --- Reviews -----------------------------------------------------------------------------------


class ReviewViewSet(PipelineErrorsMixin, viewsets.ReadOnlyModelViewSet):
    """Reviews the user can see; `queue/` lists the open ones waiting for them."""

    permission_classes = [IsAuthenticated]
    serializer_class = ReviewSerializer
    filterset_fields = ["kind", "outcome", "request"]

    def get_queryset(self) -> QuerySet[Review]:
        return visible_reviews(self.request.user).select_related("request", "reviewer")

    @extend_schema(responses={200: ReviewSerializer(many=True)})
    @action(detail=False, methods=["get"])
    def queue(self, request: Request) -> Response:
        reviews = review_queue(request.user).select_related("reviewer")
        return Response(ReviewSerializer(reviews, many=True).data)

    @extend_schema(request=ReviewSubmitSerializer, responses={200: ReviewSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: int) -> Response:
        review = self.get_object()
        data = ReviewSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        domain.review_submit(review, by=request.user, **data.validated_data)
        review.refresh_from_db()
        return Response(ReviewSerializer(review).data)


# --- Events, form definitions, register, files -------------------------------------------------


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    """The append-only trail of the requests the user can see."""

    permission_classes = [IsAuthenticated]
    serializer_class = EventSerializer
    filterset_fields = ["request", "action"]

    def get_queryset(self) -> QuerySet[Event]:
        return visible_events(self.request.user).select_related("actor").order_by("-at", "-pk")


class FormDefinitionViewSet(viewsets.ReadOnlyModelViewSet):
    """The desk's extra questions; requesters see published versions only."""

    permission_classes = [IsAuthenticated]
    serializer_class = FormDefinitionSerializer

    def get_queryset(self) -> QuerySet[FormDefinition]:
        queryset = FormDefinition.objects.prefetch_related("questions")
        if has_role(self.request.user, Role.DESK_OPERATOR):
            return queryset
        return queryset.filter(published=True)

    @extend_schema(responses={200: FormDefinitionSerializer, 404: OpenApiResponse()})
    @action(detail=False, methods=["get"])
    def current(self, request: Request) -> Response:
        current = FormDefinition.current()
        if current is None:
            raise Http404
        return Response(FormDefinitionSerializer(current).data)


class RegisterViewSet(viewsets.ReadOnlyModelViewSet):
    """The public transparency register of approved projects."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    serializer_class = RegisterEntrySerializer

    def get_queryset(self) -> QuerySet[RegisterEntry]:
        return RegisterEntry.objects.filter(is_published=True).select_related("request")


@extend_schema(responses={(200, "application/pdf"): bytes, 404: OpenApiResponse()})
class AttachmentDownloadView(APIView):
    """Files are never served statically: each download checks the user may see it."""

    permission_classes = [IsAuthenticated]

    def get(self, request: Request, pk: int) -> FileResponse:
        attachment = (
            visible_attachments(request.user).select_related("request").filter(pk=pk).first()
        )
        if attachment is None:
            hidden = find_hidden_attachment(pk=pk)
            if hidden is not None:
                record_attachment_access(request, hidden, denied=True)
            raise Http404
        return serve_attachment(request, attachment)
