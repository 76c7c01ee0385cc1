"""The one check every uploaded file goes through, whichever app receives it.

An upload is accepted only if its CONTENT is one of the types the caller allows (magic bytes,
container structure), never on the strength of its name or the browser's declared type; it must
fit the size limit (settings.MAX_UPLOAD_MB unless the caller says less). Files are then stored
under a random name with the extension of the detected type, the client's name kept as data,
and read back only through permission-checked views (Content-Disposition: attachment, nosniff).

Lives in `accounts`, the lowest app, so that catalogue imports can use it as well as the
pipeline, contracts and KPIs."""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HEAD_BYTES = 2048
# Markup that makes a file an HTML/SVG polyglot when a browser is tricked into rendering it.
_MARKUP = re.compile(
    rb"<\s*(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|meta\s)", re.I
)
# Executables and archives are never text, whatever their name says.
_BINARY_MAGIC = (b"MZ", b"\x7fELF", b"PK\x03\x04", b"%PDF-", b"\xca\xfe\xba\xbe", b"#!")


@dataclass(frozen=True)
class FileKind:
    code: str
    label: str
    extensions: tuple[str, ...]
    content_type: str
    sniff: Callable[[bytes], bool]

    @property
    def extension(self) -> str:
        return self.extensions[0]


def _is_pdf(data: bytes) -> bool:
    # The PDF header must come first: leading bytes are how HTML/PDF polyglots are built.
    return data.startswith(b"%PDF-") and not _MARKUP.search(data[:HEAD_BYTES])


def _is_png(data: bytes) -> bool:
    return data.startswith(b"\x89PNG\r\n\x1a\n")


def _is_jpeg(data: bytes) -> bool:
    return data.startswith(b"\xff\xd8\xff")


def _zip_names(data: bytes) -> set[str]:
    if not data.startswith(b"PK\x03\x04"):
        return set()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return set()


def _is_xlsx(data: bytes) -> bool:
    names = _zip_names(data)
    return "[Content_Types].xml" in names and "xl/workbook.xml" in names


def _is_docx(data: bytes) -> bool:
    names = _zip_names(data)
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _is_text(data: bytes) -> bool:
    if b"\x00" in data or data.startswith(_BINARY_MAGIC):
        return False
    if _MARKUP.search(data[:HEAD_BYTES]):
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


KINDS: dict[str, FileKind] = {
    kind.code: kind
    for kind in (
        FileKind("pdf", "PDF", (".pdf",), "application/pdf", _is_pdf),
        FileKind("png", "PNG", (".png",), "image/png", _is_png),
        FileKind("jpeg", "JPG", (".jpg", ".jpeg"), "image/jpeg", _is_jpeg),
        FileKind(
            "xlsx",
            "XLSX",
            (".xlsx",),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            _is_xlsx,
        ),
        FileKind(
            "docx",
            "DOCX",
            (".docx",),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            _is_docx,
        ),
        FileKind("csv", "CSV", (".csv",), "text/csv", _is_text),
        FileKind("turtle", "Turtle", (".ttl",), "text/turtle", _is_text),
    )
}


@dataclass(frozen=True)
class CheckedUpload:
    kind: FileKind
    original_name: str
    size: int

    def storage_name(self) -> str:
        """A random name with the detected type's extension: nothing of the client's name."""
        return f"{uuid.uuid4().hex}{self.kind.extension}"


def content_type_for(stored_name: str) -> str:
    """The type of a file we stored (its extension is the one we gave it after sniffing)."""
    suffix = ("." + stored_name.rsplit(".", 1)[-1].lower()) if "." in stored_name else ""
    for kind in KINDS.values():
        if suffix in kind.extensions:
            return kind.content_type
    return "application/octet-stream"


def max_upload_bytes() -> int:
    return int(settings.MAX_UPLOAD_MB) * 1024 * 1024


def original_name(upload: Any, default: str = "document") -> str:
    """The client's file name without any directory part, kept as data only."""
    raw = str(getattr(upload, "name", "") or default)
    name = re.split(r"[\\/]", raw)[-1].strip().replace("\x00", "")
    return (name or default)[:255]


def _read_all(upload: Any, limit: int) -> bytes:
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return data


def _labels(kinds: Iterable[FileKind]) -> str:
    return ", ".join(dict.fromkeys(kind.label for kind in kinds))


def upload_problems(
    upload: Any, allowed: Iterable[str], *, max_bytes: int | None = None
) -> tuple[list[str], CheckedUpload | None]:
    """The reasons to refuse `upload` (empty if accepted) and, if accepted, what it is."""
    kinds = [KINDS[code] for code in allowed]
    limit = max_bytes if max_bytes is not None else max_upload_bytes()
    name = original_name(upload)
    problems: list[str] = []
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix and not any(suffix in kind.extensions for kind in kinds):
        problems.append(_("Only %(types)s files are accepted.") % {"types": _labels(kinds)})
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        problems.append(_("The file is too large: %(mb)s MB at most.") % {"mb": _megabytes(limit)})
        return problems, None
    data = _read_all(upload, limit)
    if len(data) > limit:
        problems.append(_("The file is too large: %(mb)s MB at most.") % {"mb": _megabytes(limit)})
        return problems, None
    if not data:
        problems.append(_("The file is empty."))
        return problems, None
    matching = [kind for kind in kinds if kind.sniff(data)]
    # Text formats share one sniffer: the name decides between them (CSV or Turtle).
    detected = next((kind for kind in matching if suffix in kind.extensions), None) or next(
        iter(matching), None
    )
    if detected is None:
        problems.append(
            _("This file's content is not a %(types)s document.") % {"types": _labels(kinds)}
        )
        return problems, None
    if suffix and suffix not in detected.extensions and not problems:
        problems.append(
            _("The file's name ends in %(suffix)s but its content is %(type)s.")
            % {"suffix": suffix, "type": detected.label}
        )
    if problems:
        return problems, None
    return [], CheckedUpload(kind=detected, original_name=name, size=len(data))


def check_upload(
    upload: Any, allowed: Iterable[str], *, max_bytes: int | None = None, field: str | None = None
) -> CheckedUpload:
    """`upload_problems`, raising ValidationError (keyed by `field` if given) on refusal."""
    problems, checked = upload_problems(upload, allowed, max_bytes=max_bytes)
    if problems or checked is None:
        raise ValidationError({field: problems} if field else problems)
    return checked


def _megabytes(limit: int) -> str:
    mb = limit / (1024 * 1024)
    return str(int(mb)) if mb == int(mb) else f"{mb:.1f}"


def attachment_headers(response: Any, content_type: str | None = None) -> Any:
    """What every served upload carries: never rendered inline, never content-sniffed."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    disposition = response.get("Content-Disposition", "")
    if not disposition.startswith("attachment"):
        response["Content-Disposition"] = "attachment" + disposition[len("inline") :]
    if content_type:
        response["Content-Type"] = content_type
    return response
