"""API representations of contract templates, contracts, versions, deviations, signatories."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from contracts.models import (
    ClauseDeviation,
    Contract,
    ContractTemplate,
    ContractVersion,
    Party,
    Signatory,
    TemplateClause,
)


class TemplateClauseSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="clause_version.clause.code")
    version = serializers.IntegerField(source="clause_version.number")
    title_fr = serializers.CharField(source="clause_version.title_fr")
    title_en = serializers.CharField(source="clause_version.title_en")

    class Meta:
        model = TemplateClause
        fields = ["position", "code", "version", "title_fr", "title_en"]


class ContractTemplateSerializer(serializers.ModelSerializer):
    articles = TemplateClauseSerializer(source="template_clauses", many=True, read_only=True)
    project_types: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    actor_types: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    collaboration_levels: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )
    access_modes: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True
    )

    class Meta:
        model = ContractTemplate
        fields = [
            "id",
            "code",
            "version",
            "kind",
            "name_fr",
            "name_en",
            "status",
            "published_at",
            "retired_at",
            "data_form",
            "project_types",
            "actor_types",
            "collaboration_levels",
            "access_modes",
            "annex_dataset_sheets",
            "annex_fee_schedule",
            "annex_security",
            "annex_authorised_persons",
            "articles",
        ]
        read_only_fields = fields


class ContractVersionSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ContractVersion
        fields = [
            "number",
            "render_status",
            "failure_reason",
            "sha256",
            "pages",
            "created_at",
            "rendered_at",
            "sent_at",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_download_url(self, version: ContractVersion) -> str | None:
        if not version.pdf:
            return None
        return reverse(
            "contracts:version-download",
            kwargs={"pk": version.contract_id, "number": version.number},
        )


class ContractSerializer(serializers.ModelSerializer):
    request = serializers.CharField(source="request.reference", read_only=True)
    request_id = serializers.IntegerField(read_only=True)
    template = serializers.CharField(source="template.code", read_only=True)
    template_version = serializers.IntegerField(source="template.version", read_only=True)

    class Meta:
        model = Contract
        fields = [
            "id",
            "request",
            "request_id",
            "template",
            "template_version",
            "choice_reason",
            "language",
            "status",
            "created_at",
            "first_sent_at",
            "signed_at",
            "cancelled_at",
        ]
        read_only_fields = fields


class DeviationSerializer(serializers.ModelSerializer):
    clause: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    created_by: serializers.StringRelatedField[Any] = serializers.StringRelatedField()

    class Meta:
        model = ClauseDeviation
        fields = ["id", "clause", "body_fr", "body_en", "reason", "created_by", "created_at"]
        read_only_fields = fields


class DeviationWriteSerializer(serializers.Serializer):
    clause = serializers.SlugField()
    body_fr = serializers.CharField()
    body_en = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField()


class SignatorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Signatory
        fields = ["id", "party", "name", "role", "email", "signed_at", "signed_sha256"]
        read_only_fields = ["id", "signed_at", "signed_sha256"]


class SignatoryWriteSerializer(serializers.Serializer):
    party = serializers.ChoiceField(choices=Party.choices)
    name = serializers.CharField(max_length=200)
    role = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
