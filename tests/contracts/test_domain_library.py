"""The standard library: clause wordings, template versions, immutability, perimeter defaults."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import User
from accounts.roles import Role
from contracts import domain_library as library
from contracts.models import (
    Clause,
    ClauseCategory,
    ContractTemplate,
    PerimeterTemplate,
    TemplateStatus,
)
from contracts.preview import preview_html
from contracts.selection import choose_template
from guichet.models import AccessRequest
from tests.offers.factories import PerimeterCellFactory

pytestmark = pytest.mark.django_db


def _published(code: str) -> ContractTemplate:
    return ContractTemplate.objects.get(code=code, status=TemplateStatus.PUBLISHED)


def test_a_new_clause_version_is_numbered_and_leaves_the_old_one_intact(legal: User) -> None:
    clause = Clause.objects.get(code="confidentiality")
    before = clause.versions.order_by("-number").first()
    assert before is not None
    version = library.clause_new_version(
        clause,
        by=legal,
        title_fr="Confidentialité",
        title_en="Confidentiality",
        body_fr="Les parties gardent le secret sur {{ project.title }}.",
        body_en="The parties keep {{ project.title }} secret.",
        note="Shorter wording",
    )
    assert version.number == before.number + 1
    before.refresh_from_db()
    assert "{{ project.title }}" not in before.body_fr
    assert clause.versions.count() == 2


def test_a_clause_that_does_not_compile_is_refused_with_the_field(legal: User) -> None:
    clause = Clause.objects.get(code="confidentiality")
    with pytest.raises(ValidationError) as caught:
        library.clause_new_version(
            clause,
            by=legal,
            title_fr="x",
            title_en="x",
            body_fr="{% if %}",
            body_en="fine",
            note="broken",
        )
    assert "body_fr" in caught.value.message_dict
    assert clause.versions.count() == 1


def test_only_legal_staff_edit_the_library(make_user: Callable[..., User]) -> None:
    operator = make_user(Role.DESK_OPERATOR)
    with pytest.raises(PermissionDenied):
        library.template_new_draft_from(_published("provision-workspace"), by=operator)
    with pytest.raises(PermissionDenied):
        library.clause_create(
            by=operator,
            code="x",
            category=ClauseCategory.LIABILITY,
            title_fr="x",
            title_en="x",
            body_fr="x",
            body_en="x",
        )


def test_a_new_draft_copies_clauses_rules_and_annexes(legal: User) -> None:
    published = _published("transfer-pseudonymised")
    draft = library.template_new_draft_from(published, by=legal)
    assert (draft.code, draft.version, draft.status) == (
        published.code,
        published.version + 1,
        TemplateStatus.DRAFT,
    )
    assert list(
        draft.template_clauses.order_by("position").values_list("clause_version_id", flat=True)
    ) == list(
        published.template_clauses.order_by("position").values_list("clause_version_id", flat=True)
    )
    assert set(draft.access_modes.all()) == set(published.access_modes.all())
    assert draft.data_form == published.data_form
    assert draft.annex_fee_schedule == published.annex_fee_schedule
    # one draft per family: asking again returns the same draft
    assert library.template_new_draft_from(published, by=legal).pk == draft.pk


def test_published_and_retired_templates_are_immutable(legal: User) -> None:
    published = _published("collaboration")
    clause_ids = list(published.template_clauses.values_list("clause_version_id", flat=True))
    with pytest.raises(ValidationError):
        library.template_update_draft(published, by=legal, changes={"name_fr": "Autre"})
    with pytest.raises(ValidationError):
        library.template_update_draft(published, by=legal, clause_versions=[])
    published.refresh_from_db()
    assert published.name_fr != "Autre"
    assert list(published.template_clauses.values_list("clause_version_id", flat=True)) == (
        clause_ids
    )


def test_editing_a_draft_reorders_and_removes_clauses(legal: User) -> None:
    draft = library.template_new_draft_from(_published("provision-workspace"), by=legal)
    versions = [item.clause_version for item in draft.template_clauses.order_by("position")]
    new_order = [versions[1], versions[0], *versions[3:]]
    library.template_update_draft(
        draft, by=legal, changes={"name_en": "Provision v2"}, clause_versions=new_order
    )
    draft.refresh_from_db()
    assert draft.name_en == "Provision v2"
    assert [item.clause_version_id for item in draft.template_clauses.order_by("position")] == [
        v.pk for v in new_order
    ]
    with pytest.raises(ValidationError):
        library.template_update_draft(draft, by=legal, clause_versions=[versions[0], versions[0]])


def test_publishing_retires_the_previous_version_in_the_same_step(legal: User) -> None:
    previous = _published("provision-workspace")
    draft = library.template_new_draft_from(previous, by=legal)
    library.template_publish(draft, by=legal)
    previous.refresh_from_db()
    draft.refresh_from_db()
    assert previous.status == TemplateStatus.RETIRED and previous.retired_at is not None
    assert draft.status == TemplateStatus.PUBLISHED and draft.published_at is not None
    assert (
        ContractTemplate.objects.filter(
            code="provision-workspace", status=TemplateStatus.PUBLISHED
        ).count()
        == 1
    )
    with pytest.raises(ValidationError):
        library.template_publish(draft, by=legal)


def test_an_empty_draft_cannot_be_published_and_retire_needs_published(legal: User) -> None:
    template = library.template_create(
        by=legal, code="empty-family", name_fr="Vide", name_en="Empty", kind="data_provision"
    )
    with pytest.raises(ValidationError):
        library.template_publish(template, by=legal)
    with pytest.raises(ValidationError):
        library.template_retire(template, by=legal)
    published = _published("collaboration")
    library.template_retire(published, by=legal)
    published.refresh_from_db()
    assert published.status == TemplateStatus.RETIRED


def test_preview_renders_every_article_with_sample_data() -> None:
    template = _published("provision-workspace")
    document, problems = preview_html(template, "fr")
    assert problems == []
    assert "CHU de Val-de-Loire" in document
    assert "DAR-2026-0000" in document
    for item in template.template_clauses.select_related("clause_version"):
        assert item.clause_version.title_fr in document.replace("&#x27;", "'")


def test_the_perimeter_default_template_wins_and_says_why(
    legal: User, negotiating_request: AccessRequest
) -> None:
    link = negotiating_request.requested_datasets.select_related("dataset").first()
    assert link is not None
    cell = PerimeterCellFactory(dataset=link.dataset)
    AccessRequest.objects.filter(pk=negotiating_request.pk).update(use_case=cell.use_case)
    negotiating_request.refresh_from_db()
    assert choose_template(negotiating_request).template.code == "provision-workspace"

    library.perimeter_template_set(cell, by=legal, template_code="collaboration")
    choice = choose_template(negotiating_request)
    assert choice.template is not None and choice.template.code == "collaboration"
    assert "strategic perimeter" in choice.reasons[0]
    assert link.dataset.title in choice.reasons[0]

    with pytest.raises(ValidationError):
        library.perimeter_template_set(cell, by=legal, template_code="no-such-family")
    library.perimeter_template_set(cell, by=legal, template_code="")
    assert not PerimeterTemplate.objects.filter(perimeter_cell=cell).exists()


def test_the_perimeter_names_a_family_so_a_new_version_is_used(
    legal: User, negotiating_request: AccessRequest
) -> None:
    link = negotiating_request.requested_datasets.select_related("dataset").first()
    assert link is not None
    cell = PerimeterCellFactory(dataset=link.dataset)
    AccessRequest.objects.filter(pk=negotiating_request.pk).update(use_case=cell.use_case)
    negotiating_request.refresh_from_db()
    library.perimeter_template_set(cell, by=legal, template_code="collaboration")
    draft = library.template_new_draft_from(_published("collaboration"), by=legal)
    library.template_publish(draft, by=legal)
    assert choose_template(negotiating_request).template == draft
