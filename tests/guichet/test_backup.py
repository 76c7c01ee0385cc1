"""Whole-desk export and restore: a realistic desk makes the round trip without losing a row, a
field or a byte, and bad archives or occupied targets are refused with nothing half-restored."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from accounts.models import User
from accounts.roles import Role
from contracts import domain as contracts_domain
from contracts.models import ContractVersion, HolderIdentity, Party, RenderStatus
from guichet import backup
from guichet.domain import attachment_add
from guichet.models import AccessRequest, Attachment, Event, RequestState, Review
from kpis.domain import declare, take_snapshot
from offers.domain.desk import sharing_procedure_upload
from tests.guichet.factories import AccessRequestFactory, ReviewFactory, pdf_file, submittable_draft
from tests.kpis import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _forget_content_types() -> Any:
    """Some tests flush the database, which recreates content types under other ids; the
    process-wide cache must not keep those ids once the test's transaction is rolled back."""
    from django.contrib.contenttypes.models import ContentType

    yield
    ContentType.objects.clear_cache()


# --- Helpers -----------------------------------------------------------------------------------


def _rows() -> dict[str, list[dict[str, Any]]]:
    """Every exported row in serialized form, many-to-many values sorted (their order is not
    data)."""
    snapshot: dict[str, list[dict[str, Any]]] = {}
    for model in backup.exported_models():
        rows = serializers.serialize(
            "python", model._base_manager.order_by("pk"), use_natural_foreign_keys=True
        )
        for row in rows:
            for name in [f.name for f in model._meta.many_to_many]:
                row["fields"][name] = sorted(row["fields"].get(name, []), key=repr)
        snapshot[model._meta.label_lower] = rows
    return snapshot


def _differences(
    before: dict[str, list[dict[str, Any]]], after: dict[str, list[dict[str, Any]]]
) -> list[str]:
    """Readable differences: (model, pk, field, before, after)."""
    found = []
    for label in sorted(set(before) | set(after)):
        old = {row["pk"]: row["fields"] for row in before.get(label, [])}
        new = {row["pk"]: row["fields"] for row in after.get(label, [])}
        for pk in sorted(set(old) | set(new), key=repr):
            if pk not in old or pk not in new:
                found.append(f"{label} #{pk}: only {'after' if pk in new else 'before'}")
                continue
            for name in sorted(set(old[pk]) | set(new[pk])):
                if old[pk].get(name) != new[pk].get(name):
                    found.append(
                        f"{label} #{pk}.{name}: {old[pk].get(name)!r} != {new[pk].get(name)!r}"
                    )
    return found


def _media() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return {}
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def _empty_database_and_media() -> None:
    """What a freshly installed server looks like: empty tables, content types and permissions
    recreated by post_migrate (with other ids than the exported ones), no media."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with pending deferred checks.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def _rewrite(source: Path, target: Path, change: Callable[[str, bytes], bytes | None]) -> None:
    """Copy an archive member by member; `change` returns new bytes, or None to drop one."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz") as new:
        for info in old.getmembers():
            handle = old.extractfile(info)
            assert handle is not None
            body = change(info.name, handle.read())
            if body is None:
                continue
            info.size = len(body)
            new.addfile(info, io.BytesIO(body))


def _manifest(path: Path) -> dict[str, Any]:
    with tarfile.open(path, "r:gz") as archive:
        handle = archive.extractfile(backup.MANIFEST_NAME)
        assert handle is not None
        return json.loads(handle.read())


def _break_a_row(path: Path) -> Callable[[str, bytes], bytes]:
    """A change giving a request a requester that does not exist, with consistent checksums."""
    manifest = _manifest(path)
    with tarfile.open(path, "r:gz") as archive:
        handle = archive.extractfile(backup.DATA_NAME)
        assert handle is not None
        lines = handle.read().decode().splitlines()
    last_request = max(i for i, line in enumerate(lines) if '"guichet.accessrequest"' in line)
    row = json.loads(lines[last_request])
    row["fields"]["requester"] = ["nobody-by-this-name"]
    lines[last_request] = json.dumps(row)
    data = ("\n".join(lines) + "\n").encode()
    manifest["data"] = {
        "name": backup.DATA_NAME,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
    }

    def change(name: str, body: bytes) -> bytes:
        if name == backup.MANIFEST_NAME:
            return json.dumps(manifest).encode()
        return data if name == backup.DATA_NAME else body

    return change


# --- A realistic desk --------------------------------------------------------------------------


@pytest.fixture
def full_desk(
    make_user: Callable[..., User], django_capture_on_commit_callbacks: Callable
) -> dict[str, Any]:
    """Every app holds rows: the KPI scenario (catalogue, use cases, requests, quotes), the
    offer grid, a request with an attachment and a review, a generated contract with its PDF
    and a signed copy, maturity evidence, two versions of the sharing procedure."""
    desk = make_user(Role.DESK_OPERATOR)
    legal = make_user(Role.LEGAL)
    manager = make_user(Role.MANAGER)
    scenario.build()

    request = submittable_draft()
    attachment = attachment_add(
        request, by=request.requester, uploaded_file=pdf_file("protocol.pdf", size=3000)
    )
    ReviewFactory(request=AccessRequestFactory())
    AccessRequest.objects.filter(pk=request.pk).update(state=RequestState.NEGOTIATION)
    request.refresh_from_db()

    HolderIdentity.objects.create(name="CHU de Val-de-Loire", representative="La Directrice")
    contract = contracts_domain.contract_start(request, by=legal)
    with django_capture_on_commit_callbacks(execute=True):
        version = contracts_domain.contract_generate(contract, by=legal)
    version.refresh_from_db()
    assert version.render_status == RenderStatus.READY, version.failure_reason
    contracts_domain.contract_send(contract, by=legal)
    signatory = contracts_domain.signatory_add(
        contract, by=legal, party=Party.HOLDER, name="La Directrice"
    )
    with version.pdf.open("rb") as handle:
        signed = SimpleUploadedFile("signed.pdf", handle.read(), content_type="application/pdf")
    contracts_domain.signature_record(
        signatory, by=legal, signed_on=date.today(), signed_pdf=signed
    )

    declare(
        "extraction",
        met=True,
        by=manager,
        evidence_text="Procedure in force",
        evidence_file=pdf_file("evidence.pdf"),
    )
    take_snapshot(by=manager)
    first = sharing_procedure_upload(by=desk, document=pdf_file("v1.pdf", 100), version="1")
    old_procedure = first.sharing_procedure_document.name
    sharing_procedure_upload(by=desk, document=pdf_file("v2.pdf", 200), version="2")
    return {
        "attachment": attachment,
        "contract": contract,
        "version": version,
        "legal": legal,
        "old_procedure": old_procedure,
    }


def _export(tmp_path: Path, desk: dict[str, Any]) -> dict[str, Any]:
    rows, media = _rows(), _media()
    path = tmp_path / "desk.tar.gz"
    result = backup.export_desk(path)
    return {"path": path, "rows": rows, "media": media, "result": result, **desk}


@pytest.fixture
def exported_full(full_desk: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    return _export(tmp_path, full_desk)


@pytest.fixture
def exported(tmp_path: Path) -> dict[str, Any]:
    """A small desk (users, requests, events, an attachment) for the refusals."""
    request = submittable_draft()
    attachment = attachment_add(
        request, by=request.requester, uploaded_file=pdf_file("protocol.pdf", size=500)
    )
    ReviewFactory(request=AccessRequestFactory())
    Event.objects.create(request=request, action="note", comment="Called the requester")
    return _export(tmp_path, {"attachment": attachment})


# --- The round trip ----------------------------------------------------------------------------


def test_a_fresh_database_counts_as_empty() -> None:
    """The reference rows the data migrations create (roles, vocabularies, contract library...)
    must not make a freshly migrated database look occupied."""
    assert backup.existing_data() == {}


def test_the_whole_desk_survives_the_round_trip(exported_full: dict[str, Any]) -> None:
    exported = exported_full
    rows, media = exported["rows"], exported["media"]
    for app in settings.GUICHET_APPS:
        assert any(label.startswith(f"{app}.") and rows[label] for label in rows), app
    assert (
        exported["result"].files == len(media) >= 6
    )  # attachment, PDF, signed, evidence, 2 procedures
    # An older version of a document, which only a history row points at, is kept too.
    assert exported["old_procedure"] in media

    _empty_database_and_media()
    assert User.objects.count() == 0 and _media() == {}
    result = backup.restore_desk(exported["path"])

    assert _differences(rows, _rows()) == []
    assert _media() == media
    assert sum(result.counts.values()) == sum(len(r) for r in rows.values())
    attachment = Attachment.objects.get(pk=exported["attachment"].pk)
    with attachment.file.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == attachment.sha256
    version = ContractVersion.objects.get(pk=exported["version"].pk)
    with version.pdf.open("rb") as handle:
        assert hashlib.sha256(handle.read()).hexdigest() == version.sha256
    # Password hashes are kept: people log in as before.
    user = User.objects.get(pk=exported["legal"].pk)
    assert user.password == exported["legal"].password
    assert user.check_password("a-long-test-password")


def test_new_rows_after_a_restore_do_not_collide(exported: dict[str, Any]) -> None:
    highest = {
        model: model.objects.order_by("-pk").values_list("pk", flat=True).first()
        for model in (User, AccessRequest, Event, Review)
    }
    _empty_database_and_media()
    backup.restore_desk(exported["path"])

    request = AccessRequestFactory()
    assert request.pk > highest[AccessRequest]
    assert request.requester.pk > highest[User]
    event = Event.objects.create(request=request, action="note")
    assert event.pk > highest[Event]
    review = ReviewFactory(request=request)
    assert review.pk > highest[Review]


def test_the_manifest_describes_the_archive(exported: dict[str, Any]) -> None:
    manifest = _manifest(exported["path"])
    assert manifest["format"] == backup.FORMAT and manifest["format_version"] == 1
    assert manifest["guichet_version"] and manifest["django_version"].startswith("5.2")
    assert manifest["created_at"]
    assert manifest["models"]["guichet.accessrequest"] == len(
        exported["rows"]["guichet.accessrequest"]
    )
    assert {meta["sha256"] for meta in manifest["files"].values()} == set(
        exported["media"].values()
    )
    assert "sessions.session" not in manifest["models"]
    assert "contenttypes.contenttype" not in manifest["models"]
    assert len(manifest["data"]["sha256"]) == 64
    assert backup.verify_archive(exported["path"])["models"] == manifest["models"]


def test_replace_overwrites_an_occupied_desk(exported: dict[str, Any]) -> None:
    AccessRequestFactory(title="Made after the backup")
    (Path(settings.MEDIA_ROOT) / "stray.txt").write_text("not in the archive")

    backup.restore_desk(exported["path"], replace=True)

    assert _differences(exported["rows"], _rows()) == []
    assert not AccessRequest.objects.filter(title="Made after the backup").exists()


# --- Refusals ----------------------------------------------------------------------------------


def test_an_occupied_database_is_refused_and_left_alone(exported: dict[str, Any]) -> None:
    with pytest.raises(backup.ArchiveError, match="The database is not empty"):
        backup.restore_desk(exported["path"])
    assert _differences(exported["rows"], _rows()) == []


def test_files_already_in_the_media_directory_are_not_overwritten(
    exported: dict[str, Any],
) -> None:
    name = next(iter(exported["media"]))
    _empty_database_and_media()
    target = Path(settings.MEDIA_ROOT) / name
    target.parent.mkdir(parents=True)
    target.write_bytes(b"someone else's file")

    with pytest.raises(backup.ArchiveError, match="already exist in the media directory"):
        backup.restore_desk(exported["path"])
    assert target.read_bytes() == b"someone else's file"
    assert User.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda n, b: b[:-1] + bytes([b[-1] ^ 1]) if n.startswith("files/") else b, "checksum"),
        (
            lambda n, b: (
                b.replace(b'"is_superuser": false', b'"is_superuser": true', 1)
                if n == backup.DATA_NAME
                else b
            ),
            "checksum",
        ),
        (lambda n, b: None if n.startswith("files/") else b, "incomplete"),
        (lambda n, b: None if n == backup.MANIFEST_NAME else b, "not a Guichet desk archive"),
    ],
    ids=["file-byte", "data-edited", "file-removed", "no-manifest"],
)
def test_a_tampered_archive_is_refused_before_anything_changes(
    exported: dict[str, Any], tmp_path: Path, change: Callable, message: str
) -> None:
    tampered = tmp_path / "tampered.tar.gz"
    _rewrite(exported["path"], tampered, change)
    # --replace: the archive itself must be refused, and the desk in place kept intact.
    with pytest.raises(backup.ArchiveError, match=message):
        backup.restore_desk(tampered, replace=True)
    assert _differences(exported["rows"], _rows()) == []
    assert _media() == exported["media"]


def test_a_truncated_archive_is_refused(exported: dict[str, Any], tmp_path: Path) -> None:
    truncated = tmp_path / "truncated.tar.gz"
    body = exported["path"].read_bytes()
    truncated.write_bytes(body[: len(body) * 2 // 3])
    _empty_database_and_media()

    with pytest.raises(backup.ArchiveError, match=r"truncated or corrupt|incomplete"):
        backup.restore_desk(truncated)
    assert User.objects.count() == 0
    assert _media() == {}


def test_a_row_that_does_not_load_rolls_everything_back(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    """Consistent checksums but a broken row (a request pointing at a missing user): the rows
    already loaded are undone and no file reaches the media directory."""
    broken = tmp_path / "broken.tar.gz"
    _rewrite(exported["path"], broken, _break_a_row(exported["path"]))
    _empty_database_and_media()

    with pytest.raises(backup.ArchiveError, match="rolled back"):
        backup.restore_desk(broken)
    assert User.objects.count() == 0
    assert _media() == {}


def test_a_failed_replace_keeps_the_desk_in_place(exported: dict[str, Any], tmp_path: Path) -> None:
    """--replace deletes the current rows in the same transaction as the load: a row that
    does not load brings them all back."""
    broken = tmp_path / "broken.tar.gz"
    _rewrite(exported["path"], broken, _break_a_row(exported["path"]))
    AccessRequestFactory(title="Made after the backup")
    rows, media = _rows(), _media()

    with pytest.raises(backup.ArchiveError, match="rolled back"):
        backup.restore_desk(broken, replace=True)
    assert _differences(rows, _rows()) == []
    assert _media() == media


def test_an_archive_from_another_schema_is_refused(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    newer = tmp_path / "newer.tar.gz"
    manifest = _manifest(exported["path"])
    manifest["migrations"].append("guichet.9999_from_the_future")
    _rewrite(
        exported["path"],
        newer,
        lambda n, b: json.dumps(manifest).encode() if n == backup.MANIFEST_NAME else b,
    )
    with pytest.raises(backup.ArchiveError, match=r"schema differs.*9999_from_the_future"):
        backup.restore_desk(newer, replace=True)
    assert _differences(exported["rows"], _rows()) == []


# --- The commands ------------------------------------------------------------------------------


def test_the_commands_round_trip_and_refuse_loudly(tmp_path: Path) -> None:
    AccessRequestFactory()
    path = tmp_path / "desk.tgz"
    out = io.StringIO()
    call_command("export_desk", str(path), stdout=out)
    assert "Desk exported to" in out.getvalue()

    with pytest.raises(CommandError, match="Restore refused: The database is not empty"):
        call_command("restore_desk", str(path))
    out = io.StringIO()
    call_command("restore_desk", str(path), "--check", stdout=out)
    assert "Archive OK" in out.getvalue()

    _empty_database_and_media()
    out = io.StringIO()
    call_command("restore_desk", str(path), stdout=out)
    assert "Desk restored" in out.getvalue()
    assert AccessRequest.objects.count() == 1

    with pytest.raises(CommandError, match=r"\.tar\.gz"):
        call_command("export_desk", str(tmp_path / "desk.zip"))
    with pytest.raises(CommandError, match="No such archive"):
        call_command("restore_desk", str(tmp_path / "missing.tar.gz"))
