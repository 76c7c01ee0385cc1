"""Form-level validation of the offers pages (what the views rely on)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from offers.forms import (
    DeskConfigurationForm,
    EstimateForm,
    PerimeterCellForm,
    UseCaseFilterForm,
    validate_pdf_upload,
)
from offers.models import DeskConfiguration, PerimeterCell, UseCase, UseCaseStatus
from tests.catalogue.factories import DatasetFactory
from tests.offers.conftest import Grid
from tests.offers.factories import ActorTypeFactory, UseCaseFactory, actor_type, project_type

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%%EOF\n"


def test_pdf_upload_accepts_a_pdf() -> None:
    validate_pdf_upload(SimpleUploadedFile("procedure.PDF", PDF, "application/pdf"))


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("procedure.exe", PDF, "application/pdf"),
        ("procedure.pdf", b"<html>", "application/pdf"),
        ("procedure.pdf", b"%PDF-1.7\n<html><body onload=alert(1)>", "application/pdf"),
        ("procedure.pdf", b"MZ\x90\x00", "application/pdf"),
    ],
)
def test_pdf_upload_refuses_everything_else(name: str, content: bytes, kind: str) -> None:
    with pytest.raises(ValidationError):
        validate_pdf_upload(SimpleUploadedFile(name, content, kind))


def test_the_declared_type_is_not_trusted_either_way() -> None:
    # The browser's Content-Type is ignored: the content decides, and we serve our own type.
    validate_pdf_upload(SimpleUploadedFile("procedure.pdf", PDF, "text/html"))
    with pytest.raises(ValidationError):
        validate_pdf_upload(SimpleUploadedFile("procedure.pdf", b"<html>", "application/pdf"))


def test_pdf_upload_size_limit(settings: Any) -> None:
    settings.MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError, match="1 MB"):
        validate_pdf_upload(
            SimpleUploadedFile("big.pdf", PDF + b"0" * 1024 * 1024, "application/pdf")
        )


def test_desk_form_needs_a_version_with_a_new_procedure() -> None:
    form = DeskConfigurationForm(
        {"desk_model": "external"},
        {"procedure_document": SimpleUploadedFile("p.pdf", PDF, "application/pdf")},
        instance=DeskConfiguration.get(),
    )
    assert not form.is_valid()
    assert "procedure_version" in form.errors


def test_desk_form_refuses_an_unknown_model_and_a_bad_url() -> None:
    form = DeskConfigurationForm(
        {"desk_model": "franchise", "patient_information_url": "not a url"},
        instance=DeskConfiguration.get(),
    )
    assert not form.is_valid()
    assert {"desk_model", "patient_information_url"} <= set(form.errors)


def test_perimeter_form_requires_conditions_when_conditional() -> None:
    cell = PerimeterCell(dataset=DatasetFactory(published=True), use_case=UseCaseFactory())
    form = PerimeterCellForm({"status": "conditional", "conditions": " "}, instance=cell)
    assert not form.is_valid()
    assert "conditions" in form.errors
    form = PerimeterCellForm({"status": "allowed"}, instance=cell)
    assert form.is_valid(), form.errors


def test_use_case_filter_form_combines_filters() -> None:
    kept = UseCaseFactory(name_fr="Registre AVC", status=UseCaseStatus.TARGETED)
    UseCaseFactory(name_fr="Registre cancers", status=UseCaseStatus.EXCLUDED)
    UseCaseFactory(name_fr="IA", status=UseCaseStatus.TARGETED)
    form = UseCaseFilterForm({"q": "registre", "status": "targeted"})
    assert list(form.filter(UseCase.objects.all())) == [kept]


def test_estimate_form_selections_skip_blank_and_zero(grid: Grid) -> None:
    prices = list(grid.offer.prices.select_related("service"))
    form = EstimateForm(
        {
            "project_type": project_type("academic_research").pk,
            "actor_type": actor_type("academic_lab").pk,
            f"qty_{grid.extraction.pk}": "2",
            f"qty_{grid.workspace.pk}": "0",
            f"qty_{grid.quality.pk}": "",
        },
        service_prices=prices,
    )
    assert form.is_valid(), form.errors
    assert form.selections() == [(grid.extraction.pk, Decimal("2"))]
    # Included services are never asked for: they come with every request.
    assert f"qty_{grid.feasibility.pk}" not in form.fields


def test_estimate_form_offers_only_active_typologies(grid: Grid) -> None:
    retired = ActorTypeFactory(is_active=False)
    form = EstimateForm(service_prices=[])
    assert retired not in form.fields["actor_type"].queryset
