"""The contracts demo seed: coherent, idempotent, quick."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from contracts import demo, domain
from contracts.models import Contract, ContractStatus, HolderIdentity, RenderStatus
from guichet.models import AccessRequest, RequestState
from tests.guichet.factories import submittable_draft

pytestmark = pytest.mark.django_db


def _request_in(state: str, **dates: object) -> AccessRequest:
    draft = submittable_draft()
    AccessRequest.objects.filter(pk=draft.pk).update(state=state, **dates)
    draft.refresh_from_db()
    return draft


def test_seed_creates_coherent_contracts_and_is_idempotent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(demo, "RENDERED_DEMO_VERSIONS", 1)  # one real PDF is proof enough
    signed_at = timezone.now() - timedelta(days=20)
    requests = [_request_in(RequestState.SIGNED, contract_signed_at=signed_at) for _ in range(3)]
    requests.append(_request_in(RequestState.CONTRACTING))
    demo.seed(io.StringIO())
    out = io.StringIO()
    demo.seed(out)
    assert "0 contracts created" in out.getvalue()
    assert HolderIdentity.objects.get().name == "CHU de Val-de-Loire"
    assert Contract.objects.count() == 4
    for access_request in requests[:3]:
        contract = Contract.objects.get(request=access_request)
        assert contract.status == ContractStatus.SIGNED
        assert contract.signed_at == signed_at
        assert contract.signatories.filter(signed_at__isnull=True).count() == 0
        assert contract.first_sent_at is not None and contract.first_sent_at < signed_at
        assert all(v.created_at < signed_at for v in contract.versions.all())
    revised = Contract.objects.get(request=requests[2])
    assert revised.versions.count() == 3
    assert revised.deviations.count() == 2
    assert domain.revision_count(revised) == 2
    assert Contract.objects.get(request=requests[3]).status in {
        ContractStatus.DRAFT,
        ContractStatus.SENT,
    }
    assert _ready_versions() >= 1


def _ready_versions() -> int:
    from contracts.models import ContractVersion

    return ContractVersion.objects.filter(render_status=RenderStatus.READY).count()


def test_a_version_left_queued_renders_on_demand(
    monkeypatch: pytest.MonkeyPatch, legal: object, django_capture_on_commit_callbacks: object
) -> None:
    from django.test import Client

    from contracts.models import ContractVersion

    monkeypatch.setattr(demo, "RENDERED_DEMO_VERSIONS", 0)
    _request_in(RequestState.SIGNED, contract_signed_at=timezone.now())
    demo.seed(io.StringIO())
    version = ContractVersion.objects.get()
    assert version.render_status == RenderStatus.QUEUED
    client = Client()
    client.force_login(legal)
    url = f"/staff/contracts/{version.contract_id}/v{version.number}/render/"
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        assert client.post(url).status_code == 302
    version.refresh_from_db()
    assert version.render_status == RenderStatus.READY and len(version.sha256) == 64
