"""The desk's configuration: its model (BRIEF §6) and the technical and regulatory evidence the
maturity indicators read (access modes, anonymisation, patient information, committee...)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.uploads import CheckedUpload, check_upload
from catalogue.models import Vocabulary, VocabularyTerm
from offers.models import DeskConfiguration

EDITABLE_FIELDS = frozenset(
    {
        "desk_model",
        "anonymisation_capability",
        "synthetic_data_capability",
        "can_build_from_information_system",
        "information_system_notes",
        "patient_information_url",
        "consent_procedure",
        "committee_cadence",
    }
)


def desk_configuration_update(
    *,
    by: Any,
    changes: Mapping[str, Any],
    access_modes: Iterable[VocabularyTerm] | None = None,
    committee_members: Iterable[Any] | None = None,
) -> DeskConfiguration:
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError({f: _("This field cannot be changed here.") for f in unknown})
    with transaction.atomic():
        config = DeskConfiguration.get()
        config = DeskConfiguration.objects.select_for_update().get(pk=config.pk)
        for name, value in changes.items():
            setattr(config, name, value)
        config.full_clean(exclude=["sharing_procedure_document"])
        if access_modes is not None:
            modes = list(access_modes)
            wrong = [m.code for m in modes if m.vocabulary != Vocabulary.ACCESS_MODE]
            if wrong:
                raise ValidationError(
                    {"access_modes": _("Not access modes: %s.") % ", ".join(wrong)}
                )
        config.updated_by = by if getattr(by, "is_authenticated", False) else None
        config._change_reason = "desk configuration updated"  # type: ignore[attr-defined]
        config.save()
        if access_modes is not None:
            config.access_modes.set(modes)
        if committee_members is not None:
            config.committee_members.set(list(committee_members))
    return config


def _check_pdf(upload: UploadedFile) -> CheckedUpload:
    return check_upload(upload, ["pdf"], field="sharing_procedure_document")


def sharing_procedure_upload(
    *, by: Any, document: UploadedFile, version: str, on: date | None = None
) -> DeskConfiguration:
    """Store a new version of the compliant sharing procedure (PDF under MEDIA_ROOT only)."""
    checked = _check_pdf(document)
    if not version.strip():
        raise ValidationError({"sharing_procedure_version": _("Give the procedure's version.")})
    with transaction.atomic():
        config = DeskConfiguration.objects.select_for_update().get(pk=DeskConfiguration.get().pk)
        old = config.sharing_procedure_document.name if config.sharing_procedure_document else ""
        # A random stored name: the client's file name is never used as a path.
        config.sharing_procedure_document.save(checked.storage_name(), document, save=False)
        config.sharing_procedure_version = version.strip()[:40]
        config.sharing_procedure_date = on or date.today()
        config.updated_by = by if getattr(by, "is_authenticated", False) else None
        config._change_reason = "sharing procedure uploaded"  # type: ignore[attr-defined]
        config.save()
    # The previous file stays on disk: history rows still point at it (evidence of versions).
    del old
    return config
