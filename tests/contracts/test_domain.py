"""Contracts from a request: template choice, idempotent generation, revisions, signatures."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfReader

from accounts.models import User
from accounts.roles import Role
from contracts import domain
from contracts.models import (
    Clause,
    ContractStatus,
    ContractTemplate,
    ContractVersion,
    HolderIdentity,
    Party,
    RenderStatus,
)
from contracts.selection import choose_template
from guichet.models import AccessRequest, Event, RequestState

pytestmark = pytest.mark.django_db


@pytest.fixture
def generate(django_capture_on_commit_callbacks: Callable) -> Callable[..., ContractVersion]:
    """Generate, then run the queued render task as a real commit would (tests never commit)."""

    def run(contract: object, by: User) -> ContractVersion:
        with django_capture_on_commit_callbacks(execute=True):
            version = domain.contract_generate(contract, by=by)  # type: ignore[arg-type]
        version.refresh_from_db()
        return version

    return run


def _pdf_text(version: ContractVersion) -> str:
    with version.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
        return "\n".join(page.extract_text() for page in reader.pages)


def test_template_is_chosen_by_access_mode_with_reasons(
    negotiating_request: AccessRequest,
) -> None:
    choice = choose_template(negotiating_request)
    assert choice.template is not None
    assert choice.template.code == "provision-workspace"
    mode = negotiating_request.access_mode
    assert mode is not None
    assert any(mode.label in reason for reason in choice.reasons)


def test_transfer_of_pseudonymised_data_gets_the_transfer_contract(
    negotiating_request: AccessRequest,
) -> None:
    from tests.catalogue.factories import term

    negotiating_request.access_mode = term("access_mode", "transfer")
    negotiating_request.save()
    choice = choose_template(negotiating_request)
    assert choice.template is not None and choice.template.code == "transfer-pseudonymised"


def test_starting_moves_the_request_to_contracting(
    negotiating_request: AccessRequest, legal: User
) -> None:
    contract = domain.contract_start(negotiating_request, by=legal)
    negotiating_request.refresh_from_db()
    assert negotiating_request.state == RequestState.CONTRACTING
    assert Event.objects.filter(request=negotiating_request, to_state="contracting").count() == 1
    assert negotiating_request.access_mode.label in contract.choice_reason


def test_only_legal_or_desk_may_start(
    negotiating_request: AccessRequest, make_user: Callable[..., User]
) -> None:
    with pytest.raises(PermissionDenied):
        domain.contract_start(negotiating_request, by=make_user(Role.REVIEWER))


def test_generation_renders_a_pdf_with_parties_articles_and_annexes(
    negotiating_request: AccessRequest, legal: User, generate: Callable[..., ContractVersion]
) -> None:
    HolderIdentity.objects.create(
        name="CHU de Val-de-Loire", representative="Mme la Directrice générale"
    )
    contract = domain.contract_start(negotiating_request, by=legal)
    version = generate(contract, legal)
    assert version.render_status == RenderStatus.READY, version.failure_reason
    assert len(version.sha256) == 64 and version.pages and version.pages >= 5
    text = _pdf_text(version)
    assert "CHU de Val-de-Loire" in text
    assert negotiating_request.organisation.name in text
    assert "Article 1" in text and "Contrôle et audit des traitements" in text
    assert "Annexe" in text or "Annex" in text
    assert f"1 / {version.pages}" in text
    assert "Dr Alix Bernard" in text  # authorised persons annex


def test_same_inputs_give_the_same_version(
    negotiating_request: AccessRequest, legal: User, generate: Callable[..., ContractVersion]
) -> None:
    contract = domain.contract_start(negotiating_request, by=legal)
    first = generate(contract, legal)
    again = generate(contract, legal)
    assert again.pk == first.pk
    assert contract.versions.count() == 1


def test_a_deviation_makes_a_revision_with_a_visible_diff(
    negotiating_request: AccessRequest, legal: User, generate: Callable[..., ContractVersion]
) -> None:
    contract = domain.contract_start(negotiating_request, by=legal)
    first = generate(contract, legal)
    domain.contract_send(contract, by=legal)
    clause = Clause.objects.get(code="access-log-review")
    domain.deviation_add(
        contract,
        clause,
        by=legal,
        body_fr="Les journaux d'accès sont revus chaque mois par le Détenteur.",
        reason="Projet industriel : contrôle renforcé demandé par le comité.",
    )
    second = generate(contract, legal)
    assert second.number == 2
    contract.refresh_from_db()
    assert contract.status == ContractStatus.DRAFT  # reopened by the change
    assert domain.revision_count(contract) == 1
    diffs = {d.title: d for d in domain.diff_versions(first, second)}
    changed = diffs["Revue des journaux d'accès"]
    assert changed.status == "changed" and changed.deviation
    assert "<ins>" in changed.html and "<del>" in changed.html
    assert diffs["Confidentialité"].status == "same"


def test_deviation_needs_legal_staff_and_a_reason(
    negotiating_request: AccessRequest, legal: User, make_user: Callable[..., User]
) -> None:
    contract = domain.contract_start(negotiating_request, by=legal)
    clause = Clause.objects.get(code="confidentiality")
    with pytest.raises(PermissionDenied):
        domain.deviation_add(
            contract, clause, by=make_user(Role.DESK_OPERATOR), body_fr="x", reason="y"
        )
    with pytest.raises(ValidationError):
        domain.deviation_add(contract, clause, by=legal, body_fr="x", reason="  ")


def _signed_pdf(version: ContractVersion) -> SimpleUploadedFile:
    with version.pdf.open("rb") as handle:
        return SimpleUploadedFile("signed.pdf", handle.read(), content_type="application/pdf")


def test_all_signatures_move_the_request_to_signed(
    negotiating_request: AccessRequest, legal: User, generate: Callable[..., ContractVersion]
) -> None:
    contract = domain.contract_start(negotiating_request, by=legal)
    version = generate(contract, legal)
    domain.contract_send(contract, by=legal)
    holder = domain.signatory_add(contract, by=legal, party=Party.HOLDER, name="Directrice")
    recipient = domain.signatory_add(contract, by=legal, party=Party.REQUESTER, name="Pr Martin")
    domain.signature_record(
        holder, by=legal, signed_on=date.today(), signed_pdf=_signed_pdf(version)
    )
    negotiating_request.refresh_from_db()
    assert negotiating_request.state == RequestState.CONTRACTING
    domain.signature_record(
        recipient, by=legal, signed_on=date.today(), signed_pdf=_signed_pdf(version)
    )
    negotiating_request.refresh_from_db()
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED
    assert negotiating_request.state == RequestState.SIGNED
    assert negotiating_request.contract_signed_at is not None
    recipient.refresh_from_db()
    assert len(recipient.signed_sha256) == 64


def test_a_signed_copy_must_be_a_real_pdf(
    negotiating_request: AccessRequest, legal: User, generate: Callable[..., ContractVersion]
) -> None:
    contract = domain.contract_start(negotiating_request, by=legal)
    generate(contract, legal)
    domain.contract_send(contract, by=legal)
    signatory = domain.signatory_add(contract, by=legal, party=Party.HOLDER, name="Directrice")
    fake = SimpleUploadedFile("signed.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        domain.signature_record(signatory, by=legal, signed_on=date.today(), signed_pdf=fake)
    assert "PDF" in str(error.value)
    signatory.refresh_from_db()
    assert signatory.signed_at is None


def test_a_clause_reaching_for_local_files_or_the_network_still_renders_cleanly(
    negotiating_request: AccessRequest, legal: User, generate: Callable[..., ContractVersion]
) -> None:
    contract = domain.contract_start(negotiating_request, by=legal)
    clause = Clause.objects.get(code="confidentiality")
    domain.deviation_add(
        contract,
        clause,
        by=legal,
        body_fr='<img src="file:///etc/passwd"> <img src="http://127.0.0.1:9/x.png"> secret',
        reason="test",
    )
    version = generate(contract, legal)
    # Autoescaping turns the markup into text: nothing is fetched, the PDF is produced.
    assert version.render_status == RenderStatus.READY
    assert "root:" not in _pdf_text(version)


def test_published_templates_are_listed_for_every_kind() -> None:
    assert ContractTemplate.objects.filter(status="published").count() == 4


def test_sending_is_in_the_request_trail_and_tells_the_requester(
    negotiating_request: AccessRequest,
    legal: User,
    generate: Callable[..., ContractVersion],
    mailoutbox: list,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    contract = domain.contract_start(negotiating_request, by=legal)
    generate(contract, legal)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        domain.contract_send(contract, by=legal)
    event = Event.objects.get(request=negotiating_request, action="contract_sent")
    assert event.actor == legal and event.payload["version"] == 1
    assert [m.to for m in mailoutbox] == [[negotiating_request.requester.email]]
    assert "Your contract is ready to read" in mailoutbox[0].subject
