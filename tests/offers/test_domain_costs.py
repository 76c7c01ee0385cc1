"""Timesheets: rate snapshot, actual cost and budget comparison; desk configuration."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from catalogue.models import Vocabulary
from offers.domain import (
    actual_cost_for,
    cost_comparisons,
    desk_configuration_update,
    quote_accept,
    quote_send,
    sharing_procedure_upload,
    time_entry_record,
)
from offers.models import DeskConfiguration, DeskModel
from tests.catalogue.factories import term
from tests.offers.conftest import Grid
from tests.offers.factories import StaffProfileFactory
from tests.offers.test_quotes import pharma_quote

D = Decimal


def test_time_entries_keep_their_rate(make_user, db: None) -> None:
    person = make_user("data_steward")
    profile = StaffProfileFactory(daily_rate=D("500"))
    time_entry_record(person=person, staff_profile=profile, days=D("1.5"), request_reference="R1")
    profile.daily_rate = D("800")
    profile.save()
    time_entry_record(person=person, staff_profile=profile, days=D("0.5"), request_reference="R1")
    time_entry_record(person=person, staff_profile=profile, days=D("2"), request_reference="R2")
    assert actual_cost_for("R1") == D("1150.00")
    assert actual_cost_for("unknown") == D("0.00")
    with pytest.raises(ValidationError) as caught:
        time_entry_record(person=person, staff_profile=profile, days=D("0"))
    assert "days" in caught.value.message_dict
    with pytest.raises(ValidationError):
        time_entry_record(person=person, staff_profile=profile, days=1.5)  # type: ignore[arg-type]


def test_budget_is_the_accepted_quote_cost(grid: Grid, make_user) -> None:
    person = make_user("desk_operator")
    quote = pharma_quote(grid, request_ref="REQ-9")
    quote_send(quote, by=person)
    quote_accept(quote, by=person)
    profile = StaffProfileFactory(daily_rate=D("1000"))
    time_entry_record(person=person, staff_profile=profile, days=D("8"), request_reference="REQ-9")
    comparison = cost_comparisons(["REQ-9", "REQ-none"])
    assert comparison["REQ-9"].budget == D("7500.00")
    assert comparison["REQ-9"].actual == D("8000.00")
    assert comparison["REQ-9"].over_budget and comparison["REQ-9"].variance == D("500.00")
    assert comparison["REQ-none"].budget is None and not comparison["REQ-none"].over_budget


def test_desk_model_drives_behaviour(make_user, db: None) -> None:
    config = DeskConfiguration.get()
    assert DeskConfiguration.get().pk == config.pk == 1
    assert not config.stewards_consulted_on_requests
    config = desk_configuration_update(
        by=None, changes={"desk_model": DeskModel.INTERNAL_DECENTRALISED}
    )
    assert config.stewards_consulted_on_requests and config.stewards_maintain_datasets
    config = desk_configuration_update(by=None, changes={"desk_model": DeskModel.EXTERNAL})
    assert config.uses_external_provider and not config.stewards_maintain_datasets
    with pytest.raises(ValidationError) as caught:
        desk_configuration_update(by=None, changes={"desk_model": "franchise"})
    assert "desk_model" in caught.value.message_dict
    with pytest.raises(ValidationError):
        desk_configuration_update(by=None, changes={"id": 2})
    with pytest.raises(ValidationError):
        desk_configuration_update(
            by=None, changes={}, access_modes=[term(Vocabulary.DATA_TYPE, "ehr")]
        )


def test_maturity_evidence(make_user, db: None) -> None:
    member = make_user("manager")
    config = desk_configuration_update(
        by=None,
        changes={
            "committee_cadence": "Monthly",
            "anonymisation_capability": True,
            "patient_information_url": "https://example.org/patients",
        },
        committee_members=[member],
        access_modes=[term(Vocabulary.ACCESS_MODE, "secure_workspace")],
    )
    assert config.has_feasibility_committee and config.can_make_data_compliant
    assert config.has_patient_information and not config.has_sharing_procedure


def test_sharing_procedure_upload_accepts_only_pdf(settings, db: None) -> None:
    with pytest.raises(ValidationError, match="not a PDF"):
        sharing_procedure_upload(
            by=None, version="1", document=SimpleUploadedFile("a.pdf", b"<html>")
        )
    with pytest.raises(ValidationError, match="Only PDF"):
        sharing_procedure_upload(
            by=None, version="1", document=SimpleUploadedFile("a.exe", b"%PDF-1.7")
        )
    settings.MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError, match="too large"):
        sharing_procedure_upload(
            by=None,
            version="1",
            document=SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * (1024 * 1024)),
        )
    config = sharing_procedure_upload(
        by=None, version="2.1", document=SimpleUploadedFile("procedure.pdf", b"%PDF-1.7 ...")
    )
    assert config.has_sharing_procedure and config.sharing_procedure_version == "2.1"
    path = config.sharing_procedure_document.path
    assert str(path).startswith(str(settings.MEDIA_ROOT))
