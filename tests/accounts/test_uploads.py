"""The shared upload check: types by content, size limit, safe names, safe serving headers."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from openpyxl import Workbook

from accounts.uploads import (
    attachment_headers,
    check_upload,
    content_type_for,
    original_name,
    upload_problems,
)

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def _upload(name: str, content: bytes, content_type: str = "application/pdf") -> Any:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["slug", "title"])
    workbook.save(buffer)
    return buffer.getvalue()


def _zip(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return buffer.getvalue()


def test_a_pdf_is_accepted_and_gets_a_random_stored_name() -> None:
    checked = check_upload(_upload("../../etc/Protocole final.pdf", PDF), ["pdf"])
    assert checked.kind.code == "pdf" and checked.original_name == "Protocole final.pdf"
    first, second = checked.storage_name(), checked.storage_name()
    assert first != second and first.endswith(".pdf") and "Protocole" not in first


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("setup.pdf", EXE, "not a PDF"),  # a renamed executable
        ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script>", "not a PDF"),
        ("polyglot.pdf", b"%PDF-1.4\n<html><body onload=alert(1)>" + PDF, "not a PDF"),
        ("late-header.pdf", b"<html>" + PDF, "not a PDF"),  # PDF readers allow junk first
        ("setup.exe", PDF, "Only PDF files"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_what_is_not_a_pdf_is_refused(name: str, content: bytes, problem: str) -> None:
    problems, checked = upload_problems(_upload(name, content), ["pdf"])
    assert checked is None
    assert any(problem in p for p in problems), problems


def test_the_size_limit_comes_from_the_settings(settings: Any) -> None:
    settings.MAX_UPLOAD_MB = 1
    big = _upload("big.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as error:
        check_upload(big, ["pdf"], field="file")
    assert error.value.message_dict == {"file": ["The file is too large: 1 MB at most."]}
    assert check_upload(big, ["pdf"], max_bytes=2 * 1024 * 1024).size == big.size


def test_spreadsheets_and_documents_are_told_apart_by_their_structure() -> None:
    assert check_upload(_upload("sheet.xlsx", _xlsx()), ["xlsx"]).kind.code == "xlsx"
    docx = _zip(["[Content_Types].xml", "word/document.xml"])
    assert check_upload(_upload("letter.docx", docx), ["docx"]).kind.code == "docx"
    for fake in (_zip(["evil.sh"]), docx, b"PK\x03\x04 truncated"):
        assert upload_problems(_upload("sheet.xlsx", fake), ["xlsx"])[1] is None


def test_csv_is_text_without_nul_bytes() -> None:
    accepted = check_upload(_upload("data.csv", "slug;titre\né;Été\n".encode("cp1252")), ["csv"])
    assert accepted.kind.code == "csv"
    for content in (b"a,b\x00c", EXE, _xlsx(), b"<html><script>x</script>", PDF):
        assert upload_problems(_upload("data.csv", content), ["csv"])[1] is None


def test_text_formats_follow_the_name_between_csv_and_turtle() -> None:
    kinds = ["turtle", "csv", "xlsx"]
    assert check_upload(_upload("a.csv", b"slug\nx\n"), kinds).kind.code == "csv"
    assert check_upload(_upload("a.ttl", b"@prefix dcat: <x> .\n"), kinds).kind.code == "turtle"
    problems, _c = upload_problems(_upload("a.xlsx", b"slug\nx\n"), kinds)
    assert problems == ["The file's name ends in .xlsx but its content is Turtle."]


def test_images_by_magic_bytes() -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
    assert check_upload(_upload("shot.png", png), ["pdf", "png", "jpeg"]).kind.code == "png"
    assert check_upload(_upload("shot.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20), ["jpeg"])
    assert upload_problems(_upload("shot.png", b"<svg onload=x>"), ["png"])[1] is None


def test_original_names_lose_their_directories() -> None:
    assert original_name(_upload("C:\\Users\\x\\cv.pdf", PDF)) == "cv.pdf"
    assert len(original_name(_upload("a" * 300 + ".pdf", PDF))) <= 255


def test_served_files_are_attachments_never_sniffed() -> None:
    response = attachment_headers(HttpResponse(b"x"), "application/pdf")
    assert response["Content-Disposition"] == "attachment"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert content_type_for("kpis/evidence/2026/ab.exe") == "application/octet-stream"
    assert content_type_for("kpis/evidence/2026/ab.JPG") == "image/jpeg"


def test_uploads_are_stored_outside_anything_served_directly() -> None:
    from pathlib import Path

    from django.conf import settings

    media = Path(settings.MEDIA_ROOT).resolve()
    served = [Path(settings.STATIC_ROOT), *map(Path, getattr(settings, "STATICFILES_DIRS", []))]
    for folder in served:
        assert not media.is_relative_to(folder.resolve())
    nginx = (Path(settings.BASE_DIR) / "docs/deploy/nginx-guichet.conf").read_text()
    assert "location /media/ { return 404; }" in nginx
    assert str(media) not in nginx
