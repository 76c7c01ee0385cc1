"""Legal staff's journey through the pages, and who may download what."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import User
from accounts.roles import Role
from contracts.models import Clause, Contract, ContractStatus, ContractVersion
from guichet.models import AccessRequest, DocumentAccess, DocumentKind, RequestState

pytestmark = pytest.mark.django_db


@pytest.fixture
def legal_client(legal: User) -> Client:
    client = Client()
    client.force_login(legal)
    return client


def _post(client: Client, url: str, capture: Callable, data: dict | None = None) -> None:
    with capture(execute=True):
        response = client.post(url, data or {})
    assert response.status_code == 302, response.content[:500]


def test_legal_staff_generate_revise_twice_sign_and_the_requester_downloads(
    negotiating_request: AccessRequest,
    legal_client: Client,
    django_capture_on_commit_callbacks: Callable,
    make_user: Callable[..., User],
) -> None:
    capture = django_capture_on_commit_callbacks
    page = legal_client.get(f"/staff/contracts/start/{negotiating_request.pk}/")
    assert page.status_code == 200
    assert "Chosen because" in page.content.decode() or "Chosen" in page.content.decode()
    template_id = page.context["choice"].template.pk
    _post(
        legal_client,
        f"/staff/contracts/start/{negotiating_request.pk}/",
        capture,
        {"template": template_id, "language": "fr"},
    )
    contract = Contract.objects.get(request=negotiating_request)
    base = f"/staff/contracts/{contract.pk}/"
    _post(legal_client, base + "generate/", capture)
    _post(legal_client, base + "send/", capture)
    for round_number, code in enumerate(("access-log-review", "confidentiality"), start=1):
        clause = Clause.objects.get(code=code)
        _post(
            legal_client,
            base + "deviations/",
            capture,
            {
                "clause": clause.pk,
                "body_fr": f"Texte négocié numéro {round_number}.",
                "body_en": "",
                "reason": "Demande du partenaire industriel",
            },
        )
        _post(legal_client, base + "generate/", capture)
        _post(legal_client, base + "send/", capture)
    contract.refresh_from_db()
    assert contract.versions.count() == 3
    diff = legal_client.get(base + "v3/diff/")
    assert diff.status_code == 200
    assert "Texte négocié numéro 2" in diff.content.decode()
    assert "<del>" in diff.content.decode()
    status = legal_client.get(base + "v3/status/")
    assert "Download the PDF" in status.content.decode() or "PDF" in status.content.decode()

    for party, name in (("holder", "Directrice générale"), ("requester", "Pr Martin")):
        _post(legal_client, base + "signatories/", capture, {"party": party, "name": name})
    version = contract.versions.get(number=3)
    for signatory in contract.signatories.all():
        with version.pdf.open("rb") as handle:
            upload = SimpleUploadedFile("signed.pdf", handle.read(), "application/pdf")
        _post(
            legal_client,
            base + f"signatories/{signatory.pk}/sign/",
            capture,
            {"signed_on": date.today().isoformat(), "signed_pdf": upload},
        )
    negotiating_request.refresh_from_db()
    contract.refresh_from_db()
    assert contract.status == ContractStatus.SIGNED
    assert negotiating_request.state == RequestState.SIGNED

    download = f"/contracts/{contract.pk}/v3/download/"
    requester = Client()
    requester.force_login(negotiating_request.requester)
    response = requester.get(download)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    stranger = Client()
    stranger.force_login(make_user(Role.REQUESTER))
    assert stranger.get(download).status_code == 404
    reviewer = Client()
    reviewer.force_login(make_user(Role.REVIEWER))
    assert reviewer.get(download).status_code == 404
    assert Client().get(download).status_code == 302  # to the login page
    manager = Client()
    manager.force_login(make_user(Role.MANAGER))
    assert manager.get(download).status_code == 200

    # Every look at the contract's text is in the access trail, refusals included.
    trail = list(
        DocumentAccess.objects.filter(kind=DocumentKind.CONTRACT_VERSION)
        .order_by("pk")
        .values_list("action", "outcome", "request_id", "sha256")
    )
    assert [(action, outcome) for action, outcome, _, _ in trail] == [
        ("view", "allowed"),
        ("download", "allowed"),
        ("download", "denied"),
        ("download", "denied"),
        ("download", "allowed"),
    ]
    assert {row[2] for row in trail} == {negotiating_request.pk}
    assert trail[1][3] == version.sha256


def test_requesters_do_not_see_unsent_versions(
    negotiating_request: AccessRequest,
    legal_client: Client,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    from contracts import domain

    legal = User.objects.get(groups__name=Role.LEGAL)
    contract = domain.contract_start(negotiating_request, by=legal)
    with django_capture_on_commit_callbacks(execute=True):
        domain.contract_generate(contract, by=legal)
    version = ContractVersion.objects.get(contract=contract)
    requester = Client()
    requester.force_login(negotiating_request.requester)
    assert requester.get(f"/contracts/{contract.pk}/v{version.number}/download/").status_code == 404


def test_contract_pages_are_for_contract_staff(
    negotiating_request: AccessRequest, make_user: Callable[..., User]
) -> None:
    for role, expected in (
        (Role.REQUESTER, 403),
        (Role.REVIEWER, 403),
        (Role.MANAGER, 200),
        (Role.DESK_OPERATOR, 200),
        (Role.LEGAL, 200),
    ):
        client = Client()
        client.force_login(make_user(role))
        assert client.get("/staff/contracts/").status_code == expected, role


def test_managers_read_contracts_without_being_offered_actions_they_cannot_take(
    negotiating_request: AccessRequest,
    legal_client: Client,
    django_capture_on_commit_callbacks: Callable,
    make_user: Callable[..., User],
) -> None:
    capture = django_capture_on_commit_callbacks
    page = legal_client.get(f"/staff/contracts/start/{negotiating_request.pk}/")
    _post(
        legal_client,
        f"/staff/contracts/start/{negotiating_request.pk}/",
        capture,
        {"template": page.context["choice"].template.pk, "language": "fr"},
    )
    contract = Contract.objects.get(request=negotiating_request)
    manager = Client()
    manager.force_login(make_user(Role.MANAGER))

    body = manager.get(f"/staff/contracts/{contract.pk}/").content.decode()

    assert "Read only: legal staff and the desk prepare contracts." in body
    assert "Generate a new version" not in body and "Cancel the contract" not in body
    assert (
        "Generate a new version"
        in legal_client.get(f"/staff/contracts/{contract.pk}/").content.decode()
    )
    refused = manager.post(f"/staff/contracts/{contract.pk}/generate/")
    assert refused.status_code in {302, 403}
    assert not contract.versions.exists()


def test_contract_page_has_no_duplicate_html_ids(
    negotiating_request: AccessRequest,
    legal: User,
    legal_client: Client,
    django_capture_on_commit_callbacks: Callable,
) -> None:
    import re
    from collections import Counter

    from contracts import domain
    from contracts.models import Party

    contract = domain.contract_start(negotiating_request, by=legal)
    for party, name in ((Party.HOLDER, "Anne Moreau"), (Party.REQUESTER, "Paul Girard")):
        domain.signatory_add(contract, by=legal, party=party, name=name)
    with django_capture_on_commit_callbacks(execute=True):
        domain.contract_generate(contract, by=legal)
    domain.contract_send(contract, by=legal)

    body = legal_client.get(f"/staff/contracts/{contract.pk}/").content.decode()

    ids = Counter(re.findall(r'\sid="([^"]+)"', body))
    assert "Record the signature" in body
    assert [name for name, count in ids.items() if count > 1] == []
