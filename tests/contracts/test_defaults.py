import pytest

from contracts.defaults import CLAUSES
from contracts.models import ContractTemplate, TemplateStatus
from contracts.rendering import ClauseTemplateError, check_template, render_text

SAMPLE = {
    "holder": {"name": "CHU de Val-de-Loire", "representative": "la directrice générale"},
    "requester": {"organisation": "Institut X", "country": "France", "representative": "Pr Martin"},
    "project": {
        "reference": "DAR-2026-0001",
        "title": "Insuffisance cardiaque",
        "purpose": "étudier la réhospitalisation",
        "duration_months": 24,
        "publication_plan": "",
        "ip_expectations": "brevet commun",
    },
    "datasets": [{"title": "Cohorte IC", "acronym": "COHIC"}, {"title": "EDS", "acronym": ""}],
    "access_mode": "espace de travail sécurisé",
    "data_form": "pseudonymisées",
    "quote": {
        "reference": "Q-7",
        "version": 2,
        "total_excl_vat": "12,500.00",
        "total_incl_vat": "15,000.00",
    },
}


@pytest.mark.parametrize("code", sorted(CLAUSES))
def test_every_default_clause_renders_in_both_languages(code: str) -> None:
    _category, _title_fr, _title_en, body_fr, body_en = CLAUSES[code]
    for body in (body_fr, body_en):
        check_template(body)
        text = render_text(body, SAMPLE)
        assert "{{" not in text and "{%" not in text
        assert text.strip()


def test_placeholders_are_filled() -> None:
    text = render_text(CLAUSES["data-description"][3], SAMPLE)
    assert "Cohorte IC (COHIC) ; EDS." in text
    fees = render_text(CLAUSES["fees-payment"][4], SAMPLE)
    assert "€12,500.00 excl. VAT" in fees and "€15,000.00 incl. VAT" in fees


def test_clause_bodies_cannot_load_include_or_walk_private_attributes() -> None:
    for source in (
        "{% load static %}",
        "{% include 'base.html' %}",
        "{% debug %}",
        "{{ holder.__class__ }}",
        "{% url 'home' %}",
    ):
        with pytest.raises(ClauseTemplateError):
            check_template(source)


def test_context_must_be_plain_data(django_user_model: object) -> None:
    with pytest.raises(TypeError, match="not plain data"):
        render_text("{{ user }}", {"user": object()})


def test_output_is_autoescaped() -> None:
    assert render_text("{{ x }}", {"x": "<script>"}) == "&lt;script&gt;"


@pytest.mark.django_db
def test_migration_ships_four_published_templates() -> None:
    templates = ContractTemplate.objects.filter(status=TemplateStatus.PUBLISHED)
    assert set(templates.values_list("kind", flat=True)) == {
        "data_provision",
        "data_transfer",
        "collaboration",
        "fee_schedule",
    }
    provision = templates.get(code="provision-workspace")
    codes = list(provision.template_clauses.values_list("clause_version__clause__code", flat=True))
    assert codes[0] == "parties-purpose" and "control-audit" in codes and "data-deletion" in codes
    assert set(provision.access_modes.values_list("code", flat=True)) == {
        "secure_workspace",
        "airlock",
        "remote_query",
    }
