"""The OpenAPI schema's generator (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]).

drf-spectacular documents only the success answer of each operation. The error answers DRF
gives everywhere are added here, once, so that a client (and tests/guichet/test_api_schema.py)
can rely on the schema for every status code the API may return:

- 400 with field errors, wherever input is read (a body, or query parameters);
- 403 when the caller may not do this (or the CSRF token is missing);
- 404 when the object in the path is not among those the caller may see, or the page does
  not exist;
- 429 when a throttle refuses the request.

Operations anonymous callers may use (public reads of the offer's typologies and services...)
say so with an empty security requirement, judged by the view's own permission classes.

A view whose writes can be refused by the state of its objects declares
`write_conflict_status = 409` (offers: published versions, sent quotes...).

Answers may also carry null (or, for choices, "") wherever the model allows it, although the
serializer field was declared without `allow_null` (`StringRelatedField()`, read-only
relations, nested serializers) or DRF dropped `allow_blank` (read-only model fields, which
matters for choices and formatted strings such as URLs): the response schema reads that from
the model."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request


class ErrorDetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


VALIDATION_ERROR = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description="Bad input: a list of messages per field (`non_field_errors` for the whole).",
)
FORBIDDEN = OpenApiResponse(ErrorDetailSerializer, description="You may not do this.")
NOT_FOUND = OpenApiResponse(ErrorDetailSerializer, description="No such object (or page).")
CONFLICT = OpenApiResponse(
    ErrorDetailSerializer, description="Not possible in the current state, or changed meanwhile."
)
THROTTLED = OpenApiResponse(ErrorDetailSerializer, description="Too many requests; retry later.")

UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
SCHEMA_OUTER_KEYS = {"readOnly", "writeOnly", "nullable", "deprecated", "description", "title"}


def model_allows_empty(field: serializers.Field) -> tuple[bool, bool]:
    """(null, blank) as the model behind a serializer field allows them; a nullable relation
    on the way (`source="a.b"`) makes the value nullable too."""
    parent = field.parent
    model = getattr(getattr(parent, "Meta", None), "model", None)
    source = field.source
    if model is None or not source or source == "*":
        return False, False
    null = blank = False
    parts = source.split(".")
    for position, part in enumerate(parts):
        try:
            model_field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return null, False
        null = null or bool(getattr(model_field, "null", False))
        if position == len(parts) - 1:
            blank = bool(getattr(model_field, "blank", False))
        elif isinstance(model_field, models.ForeignKey | models.OneToOneField):
            model = model_field.related_model
        else:
            return null, False
    return null, blank


class GuichetAutoSchema(AutoSchema):
    def _anonymous_allowed(self) -> bool:
        """Whether the view's permissions let an anonymous caller through for this method
        (objects may still be filtered: that is the view's business, not authentication's)."""
        http_request = HttpRequest()
        http_request.method = self.method.upper()
        request = Request(http_request)
        request.user = AnonymousUser()
        try:
            return all(
                permission.has_permission(request, self.view)
                for permission in self.view.get_permissions()
            )
        except Exception:  # a permission needing more context than a bare request
            return False

    def _get_filter_parameters(self) -> list[dict[str, Any]]:
        # django-filter reads an empty value as "no filter": "" is a valid choice too.
        parameters: list[dict[str, Any]] = super()._get_filter_parameters()
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if "enum" in schema and "" not in schema["enum"]:
                schema["enum"] = [*schema["enum"], ""]
        return parameters

    def _get_pagination_parameters(self) -> list[dict[str, Any]]:
        # DRF's paginators read an empty `page` or `page_size` as "the default": documented so.
        parameters: list[dict[str, Any]] = super()._get_pagination_parameters()
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if schema.get("type") == "integer":
                parameter["schema"] = {"anyOf": [schema, {"type": "string", "maxLength": 0}]}
        return parameters

    def get_auth(self) -> list[dict[str, Any]]:
        auths: list[dict[str, Any]] = super().get_auth()
        if auths and {} not in auths and self._anonymous_allowed():
            auths.append({})
        return auths

    def _error_responses(self) -> dict[str, OpenApiResponse]:
        view: Any = self.view
        method = self.method.upper()
        errors: dict[str, OpenApiResponse] = {}
        reads_query = any(parameter.get("in") == "query" for parameter in self._get_parameters())
        if method in ("POST", "PUT", "PATCH") or reads_query:
            errors["400"] = VALIDATION_ERROR
        public_read = method not in UNSAFE_METHODS and all(
            isinstance(permission, AllowAny) for permission in view.get_permissions()
        )
        if not public_read:
            errors["403"] = FORBIDDEN
        if "{" in self.path or self._get_pagination_parameters():
            errors["404"] = NOT_FOUND
        conflict = getattr(view, "write_conflict_status", None)
        if conflict and method in UNSAFE_METHODS:
            errors[str(conflict)] = CONFLICT
        if view.get_throttles():
            errors["429"] = THROTTLED
        return errors

    def _map_serializer_field(
        self, field: Any, direction: Any, bypass_extensions: bool = False
    ) -> Any:
        if direction != "response" or not isinstance(field, serializers.Field):
            return super()._map_serializer_field(field, direction, bypass_extensions)
        null, blank = model_allows_empty(field)
        saved = field.allow_null, getattr(field, "allow_blank", None)
        field.allow_null = field.allow_null or null
        if blank and isinstance(field, serializers.ChoiceField | serializers.CharField):
            field.allow_blank = True
        try:
            schema = super()._map_serializer_field(field, direction, bypass_extensions)
        finally:
            field.allow_null = saved[0]
            if saved[1] is not None:
                field.allow_blank = saved[1]
        formatted = isinstance(schema, dict) and ("format" in schema or "pattern" in schema)
        if blank and formatted and schema.get("type") == "string":
            # "" is not a URI (nor an e-mail...): as drf-spectacular does for allow_blank.
            inner = {k: schema.pop(k) for k in list(schema) if k not in SCHEMA_OUTER_KEYS}
            schema["oneOf"] = [inner, {"type": "string", "maxLength": 0}]
        return schema

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        for code, response in self._error_responses().items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return responses
