"""The contracts API: templates, contracts per request, versions, generation, deviations,
signatories; the same visibility as the pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from accounts.roles import Role
from contracts import domain
from contracts.models import Contract, ContractVersion, RenderStatus
from guichet.models import AccessRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(legal: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(legal)
    return client


@pytest.fixture
def contract(negotiating_request: AccessRequest, legal: User) -> Contract:
    return domain.contract_start(negotiating_request, by=legal)


def _client(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_templates_are_listed_with_articles_for_contract_staff(
    api: APIClient,
    legal: User,
    make_user: Callable[..., User],
    django_assert_max_num_queries: Callable,
) -> None:
    from contracts import domain_library
    from contracts.models import ContractTemplate

    # more templates must not mean more queries
    for template in ContractTemplate.objects.filter(status="published"):
        domain_library.template_new_draft_from(template, by=legal)
    with django_assert_max_num_queries(15):
        response = api.get("/api/contract-templates/")
    assert response.status_code == 200
    codes = {row["code"] for row in response.json()["results"]}
    assert {"provision-workspace", "transfer-pseudonymised", "collaboration"} <= codes
    first = response.json()["results"][0]
    assert first["articles"] and first["articles"][0]["position"] == 1
    reviewer = _client(make_user(Role.REVIEWER))
    assert reviewer.get("/api/contract-templates/").json()["results"] == []


def test_generate_answers_202_and_is_idempotent(
    api: APIClient, contract: Contract, django_capture_on_commit_callbacks: Callable
) -> None:
    url = f"/api/contracts/{contract.pk}/generate/"
    with django_capture_on_commit_callbacks(execute=True):
        first = api.post(url)
    assert first.status_code == 202
    assert first.json()["number"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = api.post(url)
    assert again.status_code == 202 and again.json()["number"] == 1
    assert ContractVersion.objects.filter(contract=contract).count() == 1
    versions = api.get(f"/api/contracts/{contract.pk}/versions/").json()
    assert versions[0]["render_status"] == RenderStatus.READY
    assert versions[0]["download_url"].endswith("/v1/download/")
    assert len(versions[0]["sha256"]) == 64


def test_contracts_filtered_by_request(api: APIClient, contract: Contract) -> None:
    response = api.get(f"/api/contracts/?request={contract.request_id}")
    assert [row["id"] for row in response.json()["results"]] == [contract.pk]
    assert response.json()["results"][0]["template"] == contract.template.code


def test_deviation_needs_a_reason_and_is_listed(api: APIClient, contract: Contract) -> None:
    url = f"/api/contracts/{contract.pk}/deviations/"
    missing = api.post(url, {"clause": "confidentiality", "body_fr": "Texte", "reason": " "})
    assert missing.status_code == 400
    created = api.post(
        url, {"clause": "confidentiality", "body_fr": "Texte négocié", "reason": "Partenaire"}
    )
    assert created.status_code == 201
    assert [row["clause"] for row in api.get(url).json()] == ["confidentiality"]


def test_signatories_added_by_staff_only(
    api: APIClient, contract: Contract, make_user: Callable[..., User]
) -> None:
    url = f"/api/contracts/{contract.pk}/signatories/"
    assert api.post(url, {"party": "holder", "name": "Directrice"}).status_code == 201
    assert api.post(url, {"party": "nobody", "name": "X"}).status_code == 400
    manager = _client(make_user(Role.MANAGER))
    assert manager.get(url).json()[0]["name"] == "Directrice"


def test_requesters_see_their_contract_only_once_sent_and_only_sent_versions(
    api: APIClient,
    contract: Contract,
    legal: User,
    make_user: Callable[..., User],
    django_capture_on_commit_callbacks: Callable,
) -> None:
    requester = _client(contract.request.requester)
    assert requester.get("/api/contracts/").json()["results"] == []
    with django_capture_on_commit_callbacks(execute=True):
        domain.contract_generate(contract, by=legal)
    domain.contract_send(contract, by=legal)
    rows = requester.get("/api/contracts/").json()["results"]
    assert [row["id"] for row in rows] == [contract.pk]
    domain.deviation_add(
        contract,
        contract.template.template_clauses.first().clause_version.clause,
        by=legal,
        body_fr="Autre texte",
        reason="Négociation",
    )
    with django_capture_on_commit_callbacks(execute=True):
        domain.contract_generate(contract, by=legal)
    numbers = [
        row["number"] for row in requester.get(f"/api/contracts/{contract.pk}/versions/").json()
    ]
    assert numbers == [1]
    assert requester.post(f"/api/contracts/{contract.pk}/generate/").status_code == 403
    assert requester.get(f"/api/contracts/{contract.pk}/deviations/").status_code == 403
    stranger = _client(make_user(Role.REQUESTER))
    assert stranger.get(f"/api/contracts/{contract.pk}/").status_code == 404
    reviewer = _client(make_user(Role.REVIEWER))
    assert reviewer.get(f"/api/contracts/{contract.pk}/versions/").status_code == 404


def test_schema_documents_the_contract_endpoints(api: APIClient) -> None:
    response = api.get("/api/schema/")
    if response.status_code == 404:
        pytest.skip("schema endpoint not mounted")
    text = response.content.decode()
    assert "/api/contracts/{id}/generate/" in text
