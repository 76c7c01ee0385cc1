"""Targets, external figures, declared evidence (upload and permission-checked download),
snapshots and the public strip."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from guichet.models import DocumentAccess, DocumentKind
from kpis.models import IndicatorTarget, ManualInput, MaturityDeclaration, MaturitySnapshot

pytestmark = pytest.mark.django_db


def pdf(name: str = "etl.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")


def test_manager_sets_and_clears_targets(role_client) -> None:  # type: ignore[no-untyped-def]
    client, _user = role_client("manager")
    data = {f"direction_{c}": "higher" for c in ["P-DESK-1"]}
    from kpis.definitions import PERFORMANCE

    data = {f"direction_{p.code}": p.direction for p in PERFORMANCE}
    data["target_P-DESK-1"] = "60"
    data["direction_P-DESK-1"] = "lower"
    assert client.post(reverse("kpis:targets"), data).status_code == 302
    target = IndicatorTarget.objects.get(code="P-DESK-1")
    assert (target.direction, target.target) == ("lower", Decimal("60.00"))
    data["target_P-DESK-1"] = ""
    client.post(reverse("kpis:targets"), data)
    assert not IndicatorTarget.objects.filter(code="P-DESK-1").exists()


def test_operator_reads_but_cannot_edit_targets(role_client) -> None:  # type: ignore[no-untyped-def]
    client, _user = role_client("desk_operator")
    assert client.get(reverse("kpis:targets")).status_code == 200
    assert client.post(reverse("kpis:targets"), {"target_P-DESK-1": "5"}).status_code == 403
    assert not IndicatorTarget.objects.exists()


def test_manual_input_rejects_reversed_period_and_updates_in_place(role_client) -> None:  # type: ignore[no-untyped-def]
    client, _user = role_client("manager")
    url = reverse("kpis:inputs")
    bad = {
        "key": "holder_contracts",
        "period_start": "2025-02-01",
        "period_end": "2025-01-01",
        "value": "3",
    }
    response = client.post(url, bad)
    assert response.status_code == 200 and not ManualInput.objects.exists()
    good = dict(bad, period_end="2025-02-28")
    client.post(url, good)
    client.post(url, dict(good, value="5"))
    assert list(ManualInput.objects.values_list("value", flat=True)) == [Decimal("5.00")]


def test_declaration_with_file_and_download_permission(role_client, client) -> None:  # type: ignore[no-untyped-def]
    manager, _user = role_client("manager")
    url = reverse("kpis:declare", args=["M-TEC-3"])
    response = manager.post(url, {"met": "1", "declared_on": "2026-01-15", "evidence_file": pdf()})
    assert response.status_code == 302
    declaration = MaturityDeclaration.objects.get()
    assert declaration.met and declaration.original_name == "etl.pdf"
    assert "kpis/evidence/" in declaration.evidence_file.name
    download = reverse("kpis:evidence", args=[declaration.pk])
    assert b"".join(manager.get(download).streaming_content).startswith(b"%PDF")
    requester, _r = role_client("requester")
    assert requester.get(download).status_code == 403
    assert client.get(download).status_code in (302, 403)
    outcomes = list(
        DocumentAccess.objects.filter(kind=DocumentKind.KPI_EVIDENCE)
        .order_by("pk")
        .values_list("outcome", "username")
    )
    assert outcomes == [
        ("allowed", _user.username),
        ("denied", _r.username),
        ("denied", ""),
    ]


def test_declaration_refuses_bad_files_and_missing_evidence(role_client) -> None:  # type: ignore[no-untyped-def]
    manager, _user = role_client("manager")
    url = reverse("kpis:declare", args=["M-TEC-3"])
    fake = SimpleUploadedFile("evil.pdf", b"<script>", content_type="application/pdf")
    assert (
        manager.post(
            url, {"met": "1", "declared_on": "2026-01-15", "evidence_file": fake}
        ).status_code
        == 200
    )
    exe = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    assert (
        manager.post(
            url, {"met": "1", "declared_on": "2026-01-15", "evidence_file": exe}
        ).status_code
        == 200
    )
    assert manager.post(url, {"met": "1", "declared_on": "2026-01-15"}).status_code == 200
    assert not MaturityDeclaration.objects.exists()
    polyglot = SimpleUploadedFile("proof.pdf", b"%PDF-1.4\n<html><script>x</script>")
    refused = manager.post(
        url,
        {
            "met": "1",
            "declared_on": "2026-01-15",
            "evidence_text": "Nightly ETL, see runbook",
            "evidence_file": polyglot,
        },
    )
    assert refused.context["form"].errors["evidence_file"] == [
        "This file's content is not a PDF, PNG, JPG document."
    ]
    assert "Nightly ETL, see runbook" in refused.content.decode()


def test_snapshot_button_is_for_managers(role_client) -> None:  # type: ignore[no-untyped-def]
    operator, _o = role_client("desk_operator")
    assert operator.post(reverse("kpis:snapshot")).status_code == 403
    manager, _m = role_client("manager")
    assert manager.post(reverse("kpis:snapshot")).status_code == 302
    assert MaturitySnapshot.objects.get().met_count >= 0


def test_public_strip_on_home_page(client) -> None:  # type: ignore[no-untyped-def]
    cache.clear()
    response = client.get("/")
    assert response.status_code == 200
    assert 'id="h-public-kpis"' in response.content.decode()


def test_demo_is_idempotent() -> None:
    import io

    from kpis import demo

    demo.seed(io.StringIO())
    counts = (
        IndicatorTarget.objects.count(),
        ManualInput.objects.count(),
        MaturitySnapshot.objects.count(),
    )
    demo.seed(io.StringIO())
    assert counts == (20, 48, 24)
    assert (
        IndicatorTarget.objects.count(),
        ManualInput.objects.count(),
        MaturitySnapshot.objects.count(),
    ) == counts
    assert MaturityDeclaration.objects.filter(code="M-TEC-3").count() == 1
