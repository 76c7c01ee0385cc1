from __future__ import annotations

from rest_framework import serializers


class IndicatorSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Stable code, e.g. M-CAT-1 or P-DESK-1.")
    block = serializers.CharField()
    block_label = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=["maturity_computed", "maturity_declared", "performance"]
    )
    # A declared field (the metaclass moves it), not Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    value = serializers.JSONField(
        help_text="Boolean for maturity; decimal string or null otherwise."
    )
    display = serializers.CharField()
    unit = serializers.CharField()
    met = serializers.BooleanField(allow_null=True)
    target = serializers.CharField(allow_null=True)
    direction = serializers.CharField(allow_null=True)
    score = serializers.CharField(allow_null=True, help_text="Attainment of the target, 0-100.")
    external_input = serializers.BooleanField()
    definition = serializers.CharField()
    explanation = serializers.CharField(allow_blank=True)
    details = serializers.DictField()


class BlockSerializer(serializers.Serializer):
    code = serializers.CharField()
    # A declared field (the metaclass moves it), not Field.label.
    label = serializers.CharField()  # type: ignore[assignment]
    maturity = serializers.CharField(allow_null=True)
    performance = serializers.CharField(allow_null=True)
    quadrant = serializers.CharField(allow_blank=True)


class ReportSerializer(serializers.Serializer):
    period_from = serializers.DateField(source="from")
    period_to = serializers.DateField(source="to")
    blocks = BlockSerializer(many=True)
    roadmap = serializers.ListField(child=serializers.CharField())
    indicators = IndicatorSerializer(many=True)


class PublicStripSerializer(serializers.Serializer):
    period_from = serializers.DateField(source="from")
    period_to = serializers.DateField(source="to")
    median_days_to_decision = serializers.CharField(allow_null=True)
    median_working_days_to_decision = serializers.CharField(allow_null=True)
    decisions = serializers.IntegerField()
    median_days_to_contract = serializers.CharField(allow_null=True)
    median_working_days_to_contract = serializers.CharField(allow_null=True)
    contracts = serializers.IntegerField()
    projects_running = serializers.IntegerField()
