"""Whole-desk archives: every record and every uploaded file in one .tar.gz, restored into an
empty database with all-or-nothing semantics.

Guichet must not import the apps to its right (contracts, kpis), so models are found through
the app registry and written with Django's serializers; files are found through each model's
FileFields. The archive holds:

- ``manifest.json`` (first member): format and versions, applied migrations, per-model row
  counts, and the size and SHA-256 of the data and of every file;
- ``data.jsonl``: one serialized row per line, models in dependency order, natural keys for
  content types, permissions, groups and users (ids of content types and permissions differ
  from one database to another);
- ``files/<storage name>``: every file a row points to.

The checksums detect corruption and truncation, not a deliberate forgery (whoever can rewrite
the archive can rewrite its manifest): archives hold password hashes and personal data, so
they belong in storage only administrators can write to.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
import tomllib
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.cache import caches
from django.core.files.storage import Storage, default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "guichet-desk-archive"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
DATA_NAME = "data.jsonl"
FILES_PREFIX = "files/"
ARCHIVE_SUFFIXES = (".tar.gz", ".tgz")
_CHUNK = 1024 * 1024

# Not desk records: sessions die with the server (and would log people in as whoever holds the
# same id after a restore); content types and permissions are rebuilt by `migrate` and are
# referenced by natural key; lockout counters are transient; task results are disposable.
EXCLUDED_APPS = {"sessions", "contenttypes", "django_celery_results", "django_celery_beat"}
EXCLUDED_MODELS = {"auth.permission", "axes.accessattempt", "axes.accessattemptexpiration"}

# Rows that Guichet's own data migrations create in a freshly migrated database (roles,
# vocabularies, default criteria, clock policies, the contract library...). They do not make
# a database "non-empty": a restore replaces them with the archive's (possibly edited) rows.
REFERENCE_MODELS = {
    "auth.group",
    "catalogue.vocabularyterm",
    "catalogue.criteriaset",
    "catalogue.criterion",
    "offers.projecttype",
    "offers.actortype",
    "offers.collaborationlevel",
    "offers.valorisationtool",
    "guichet.clockpolicy",
    "contracts.clause",
    "contracts.clauseversion",
    "contracts.contracttemplate",
    "contracts.templateclause",
}


class ArchiveError(Exception):
    """The archive cannot be written, read or restored; the message says why."""


@dataclass
class ExportResult:
    path: Path
    counts: dict[str, int]
    files: int
    file_bytes: int
    archive_bytes: int
    seconds: float
    warnings: list[str] = field(default_factory=list)


@dataclass
class RestoreResult:
    counts: dict[str, int]
    files: int
    seconds: float
    manifest: dict[str, Any]


class _ExactEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder rounds times to the millisecond; a backup keeps the microseconds
    (events are ordered by time, and rounding could swap two of them)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, clock_time):
            return o.isoformat()
        return super().default(o)


# --- What is exported --------------------------------------------------------------------------


def exported_models() -> list[type[models.Model]]:
    """Concrete models holding desk records, in an order that loads (dependencies first)."""
    app_list: list[tuple[Any, list[type[models.Model]]]] = []
    for app_config in apps.get_app_configs():
        if app_config.label in EXCLUDED_APPS:
            continue
        chosen = [
            model
            for model in app_config.get_models()
            if model._meta.label_lower not in EXCLUDED_MODELS
            and model._meta.managed
            and not model._meta.proxy
            and not model._meta.swapped
        ]
        if chosen:
            app_list.append((app_config, chosen))
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def _tables_of(model_list: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    """The models plus their automatic many-to-many tables (which hold rows of their own)."""
    result: list[type[models.Model]] = []
    for model in model_list:
        result.append(model)
        for m2m in model._meta.local_many_to_many:
            through = m2m.remote_field.through
            if through is not None and through._meta.auto_created and through not in result:
                result.append(through)
    return result


def _file_columns(model: type[models.Model]) -> list[str]:
    """FileField columns, including the copies simple_history keeps as text in its tables
    (an older version of a document is still evidence)."""
    names = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    tracked = getattr(model, "instance_type", None)
    if tracked is not None and hasattr(model, "history_id"):
        own = {f.attname for f in model._meta.concrete_fields}
        names += [
            f.attname
            for f in tracked._meta.concrete_fields
            if isinstance(f, models.FileField) and f.attname in own and f.attname not in names
        ]
    return names


def _storage_path(storage: Storage, name: str) -> Path:
    try:
        return Path(storage.path(name))
    except NotImplementedError:
        raise ArchiveError("Only file-system storage is supported for uploaded files.") from None


def _safe_name(name: str) -> str:
    """A storage name that cannot escape the media directory once joined to it."""
    pure = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or "\x00" in name
        or pure.is_absolute()
        or any(part in {"", ".", ".."} for part in name.split("/"))
    ):
        raise ArchiveError(f"Unsafe file name in the archive: {name!r}.")
    return name


def _sha256_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def guichet_version() -> str:
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    try:
        return str(tomllib.loads(pyproject.read_text("utf-8"))["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("guichet")
        except PackageNotFoundError:
            return "unknown"


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


# --- Export ------------------------------------------------------------------------------------


class _HashingReader(io.RawIOBase):
    """Reads a file for tarfile while hashing it, so a file changed between the manifest pass
    and the copy is noticed instead of archived with a wrong checksum."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self.handle.read(size)
        self.digest.update(chunk)
        return chunk


def _rows(model: type[models.Model], counts: Counter[str]) -> Iterator[models.Model]:
    for obj in model._base_manager.order_by("pk").iterator(chunk_size=2000):
        counts[model._meta.label_lower] += 1
        yield obj


def _begin_snapshot(using: str) -> None:
    """One consistent picture of a live desk: on PostgreSQL every query of the export sees the
    same snapshot (a row added meanwhile could otherwise point at a row not exported)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def export_desk(
    destination: Path,
    *,
    allow_missing_files: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    progress: Callable[[str], None] | None = None,
) -> ExportResult:
    """Write the whole desk to `destination` (.tar.gz), atomically: a failed export leaves no
    archive behind, and an existing file is replaced only by a complete archive."""
    started = time.monotonic()
    destination = Path(destination)
    if not destination.name.endswith(ARCHIVE_SUFFIXES):
        raise ArchiveError(f"The archive name must end with .tar.gz or .tgz: {destination}.")
    if not destination.parent.is_dir():
        raise ArchiveError(f"The directory {destination.parent} does not exist.")
    model_list = exported_models()
    counts: Counter[str] = Counter()
    warnings: list[str] = []
    fd, temporary = tempfile.mkstemp(
        prefix=f".{destination.name}.", suffix=".partial", dir=destination.parent
    )
    os.close(fd)
    work = Path(tempfile.mkdtemp(prefix="guichet-export-"))
    outermost = not connections[using].in_atomic_block
    try:
        with transaction.atomic(using=using):
            if outermost:
                _begin_snapshot(using)
            data_path = work / DATA_NAME
            with data_path.open("w", encoding="utf-8") as stream:
                for model in model_list:
                    if progress:
                        progress(model._meta.label)
                    serializers.serialize(
                        "jsonl",
                        _rows(model, counts),
                        stream=stream,
                        use_natural_foreign_keys=True,
                        use_natural_primary_keys=False,
                        cls=_ExactEncoder,
                    )
            files, missing = _collect_files(model_list, using)
            migrations = applied_migrations(using)
        if missing:
            listed = ", ".join(sorted(missing)[:10])
            message = f"{len(missing)} file(s) referenced by the database are missing: {listed}"
            if not allow_missing_files:
                raise ArchiveError(message + ". Use --allow-missing-files to export without them.")
            warnings.append(message)
        data_sha, data_size = _sha256_file(data_path)
        row_counts = {m._meta.label_lower: counts.get(m._meta.label_lower, 0) for m in model_list}
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "guichet_version": guichet_version(),
            "django_version": django.get_version(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database_vendor": connections[using].vendor,
            "migrations": migrations,
            "models": row_counts,
            "data": {"name": DATA_NAME, "sha256": data_sha, "size": data_size},
            "files": {
                name: {"sha256": sha, "size": size}
                for name, (_, sha, size) in sorted(files.items())
            },
            "missing_files": sorted(missing),
        }
        os.chmod(temporary, 0o600)  # password hashes and personal data
        with tarfile.open(temporary, "w:gz") as archive:
            body = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size, info.mtime, info.mode = len(body), int(time.time()), 0o600
            archive.addfile(info, io.BytesIO(body))
            _add_file(archive, data_path, DATA_NAME, data_sha)
            for name, (path, sha, _size) in sorted(files.items()):
                _add_file(archive, path, FILES_PREFIX + name, sha)
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return ExportResult(
        path=destination,
        counts=row_counts,
        files=len(files),
        file_bytes=sum(size for _, _, size in files.values()),
        archive_bytes=destination.stat().st_size,
        seconds=time.monotonic() - started,
        warnings=warnings,
    )


def _collect_files(
    model_list: list[type[models.Model]], using: str
) -> tuple[dict[str, tuple[Path, str, int]], set[str]]:
    """Every file a row points to: name -> (path, sha256, size); and the names not found.
    Files only an old history row points to may have been deleted on purpose: they are
    archived when present and not reported when absent."""
    files: dict[str, tuple[Path, str, int]] = {}
    missing: set[str] = set()
    for model in model_list:
        columns = _file_columns(model)
        if not columns:
            continue
        is_history = hasattr(model, "history_id") and hasattr(model, "instance_type")
        for row in model._base_manager.using(using).values_list(*columns):
            for name in row:
                if not name or name in files:
                    continue
                path = _storage_path(default_storage, _safe_name(str(name)))
                if not path.is_file():
                    if not is_history:
                        missing.add(str(name))
                    continue
                sha, size = _sha256_file(path)
                files[str(name)] = (path, sha, size)
                missing.discard(str(name))
    return files, missing


def _add_file(archive: tarfile.TarFile, path: Path, arcname: str, sha: str) -> None:
    info = archive.gettarinfo(str(path), arcname=arcname)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    with path.open("rb") as handle:
        reader = _HashingReader(handle)
        archive.addfile(info, reader)  # type: ignore[arg-type]
    if reader.digest.hexdigest() != sha:
        raise ArchiveError(f"{arcname} changed while the archive was written; run it again.")


# --- Reading an archive ------------------------------------------------------------------------


def _read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    member = archive.next()
    if member is None or member.name != MANIFEST_NAME or not member.isfile():
        raise ArchiveError("This is not a Guichet desk archive (no manifest.json first).")
    handle = archive.extractfile(member)
    assert handle is not None
    try:
        manifest = json.loads(handle.read().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArchiveError(f"The manifest is not valid JSON: {exc}.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError("This is not a Guichet desk archive (unknown manifest format).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise ArchiveError(
            f"Archive format version {manifest.get('format_version')!r} is not supported "
            f"(this Guichet reads version {FORMAT_VERSION})."
        )
    for key, kind in (("models", dict), ("files", dict), ("data", dict), ("migrations", list)):
        if not isinstance(manifest.get(key), kind):
            raise ArchiveError(f"The manifest has no valid {key!r} entry.")
    for name in manifest["files"]:
        _safe_name(name)
    return manifest


def _extract_verified(
    member: tarfile.TarFile, info: tarfile.TarInfo, target: Path, sha: str, size: int
) -> None:
    handle = member.extractfile(info)
    assert handle is not None
    digest = hashlib.sha256()
    written = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("xb") as out:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            written += len(chunk)
            out.write(chunk)
    if written != size or digest.hexdigest() != sha:
        raise ArchiveError(
            f"{info.name} does not match its checksum in the manifest: the archive is "
            "corrupt or was modified."
        )


def _unpack(
    path: Path, staging: Path, *, before_files: Callable[[dict[str, Any]], None]
) -> dict[str, Any]:
    """Extract data and files into `staging`, checking every byte against the manifest.
    `before_files` runs once the manifest is read, so a refusal costs no extraction."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = _read_manifest(archive)
            before_files(manifest)
            expected: dict[str, tuple[str, int]] = {
                DATA_NAME: (manifest["data"].get("sha256", ""), manifest["data"].get("size", -1))
            }
            for name, meta in manifest["files"].items():
                expected[FILES_PREFIX + name] = (meta.get("sha256", ""), meta.get("size", -1))
            seen: set[str] = set()
            while (info := archive.next()) is not None:
                if info.name not in expected or info.name in seen:
                    raise ArchiveError(f"Unexpected member in the archive: {info.name!r}.")
                if not info.isfile():
                    raise ArchiveError(f"{info.name!r} is not a regular file.")
                seen.add(info.name)
                sha, size = expected[info.name]
                _extract_verified(archive, info, staging / info.name, sha, size)
            absent = sorted(set(expected) - seen)
            if absent:
                raise ArchiveError(
                    f"The archive is incomplete: {len(absent)} member(s) missing "
                    f"(first: {absent[0]})."
                )
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        if isinstance(exc, FileNotFoundError) and exc.filename == str(path):
            raise ArchiveError(f"No such archive: {path}.") from None
        raise ArchiveError(f"The archive is truncated or corrupt: {exc}.") from None
    return manifest


def verify_archive(path: Path) -> dict[str, Any]:
    """Check an archive completely (every checksum, every row count) without restoring it."""
    staging = Path(tempfile.mkdtemp(prefix="guichet-verify-"))
    try:
        manifest = _unpack(Path(path), staging, before_files=lambda _m: None)
        _count_rows(staging / DATA_NAME, manifest)
        return manifest
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _count_rows(data_path: Path, manifest: dict[str, Any]) -> None:
    counts: Counter[str] = Counter()
    with data_path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                try:
                    counts[json.loads(line)["model"]] += 1
                except (json.JSONDecodeError, KeyError, TypeError):
                    raise ArchiveError("The data file holds a line that is not a row.") from None
    declared = {label: n for label, n in manifest["models"].items() if n}
    if dict(counts) != declared:
        raise ArchiveError("The row counts of the data do not match the manifest.")


# --- Restore -----------------------------------------------------------------------------------


def existing_data(using: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows the target already holds, beyond the reference data its migrations created."""
    found: dict[str, int] = {}
    for model in exported_models():
        if model._meta.label_lower in REFERENCE_MODELS:
            continue
        count = model._base_manager.using(using).count()
        if count:
            found[model._meta.label_lower] = count
    return found


def _check_migrations(manifest: dict[str, Any], using: str) -> None:
    archived = set(manifest["migrations"])
    here = set(applied_migrations(using))
    if archived != here:
        newer = sorted(archived - here)
        older = sorted(here - archived)
        detail = (
            f"the archive has {len(newer)} migration(s) this database lacks (first: {newer[0]})"
            if newer
            else f"this database has {len(older)} migration(s) the archive lacks "
            f"(first: {older[0]})"
        )
        raise ArchiveError(
            f"The database schema differs from the archive's: {detail}. Restore with the "
            f"Guichet version that made the archive ({manifest.get('guichet_version')}), "
            "then upgrade and migrate."
        )


def _refuse_if_not_empty(using: str) -> None:
    found = existing_data(using)
    if found:
        listed = ", ".join(f"{label} ({n})" for label, n in sorted(found.items())[:8])
        raise ArchiveError(
            "The database is not empty: it already holds "
            f"{sum(found.values())} row(s) of desk data ({listed}). Restore into a freshly "
            "migrated database, or use --replace to delete everything in it first."
        )


def _wipe(model_list: list[type[models.Model]], using: str) -> None:
    """Delete every exported row (and sessions) without signals: the archive replaces them."""
    session_model = (
        apps.get_model("sessions", "Session")
        if apps.is_installed("django.contrib.sessions")
        else None
    )
    tables = _tables_of(model_list) + ([session_model] if session_model else [])
    for model in reversed(tables):
        model._base_manager.using(using).all()._raw_delete(using)


def _load(data_path: Path, model_list: list[type[models.Model]], using: str) -> Counter[str]:
    connection = connections[using]
    counts: Counter[str] = Counter()
    deferred = []
    # Content types are looked up by natural key; a cached id may belong to another database.
    apps.get_model("contenttypes", "ContentType").objects.clear_cache()
    with connection.constraint_checks_disabled(), data_path.open(encoding="utf-8") as stream:
        for obj in serializers.deserialize(
            "jsonl", stream, using=using, handle_forward_references=True
        ):
            # Loading is not an edit: simple_history must not add a version for the
            # many-to-many values being set back (raw saves already skip it).
            obj.object.skip_history_when_saving = True  # type: ignore[attr-defined]
            # The tables were just emptied: insert straight away instead of trying an
            # UPDATE first (half the queries).
            obj.save(using=using, force_insert=True)
            counts[obj.object._meta.label_lower] += 1
            if obj.deferred_fields:
                deferred.append(obj)
        for obj in deferred:
            obj.save_deferred_fields(using=using)
    tables = [m._meta.db_table for m in _tables_of(model_list)]
    connection.check_constraints(table_names=tables)
    return counts


def _reset_sequences(model_list: list[type[models.Model]], using: str) -> None:
    """Explicit ids do not move PostgreSQL sequences: without this the next row would collide."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), _tables_of(model_list))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


class _FilePlacer:
    """Moves staged files into the media directory and can undo it, so a failed restore
    leaves the media directory as it found it."""

    def __init__(self, staging: Path, replace: bool) -> None:
        self.staging = staging
        self.replace = replace
        self.placed: list[Path] = []
        self.displaced: list[tuple[Path, Path]] = []

    def conflicts(self, files: dict[str, dict[str, Any]]) -> list[str]:
        clashing = []
        for name, meta in files.items():
            target = _storage_path(default_storage, name)
            if target.exists() and (
                not target.is_file() or _sha256_file(target)[0] != meta.get("sha256")
            ):
                clashing.append(name)
        return clashing

    def place(self, files: dict[str, dict[str, Any]]) -> None:
        for name, meta in files.items():
            source = self.staging / FILES_PREFIX / name
            target = _storage_path(default_storage, name)
            if target.is_file() and _sha256_file(target)[0] == meta.get("sha256"):
                continue
            if target.exists():
                if not self.replace:
                    raise ArchiveError(f"{name} already exists in the media directory.")
                aside = self.staging / "displaced" / name
                aside.parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, aside)
                self.displaced.append((aside, target))
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
            self.placed.append(target)

    def undo(self) -> None:
        for target in reversed(self.placed):
            target.unlink(missing_ok=True)
        for aside, target in reversed(self.displaced):
            os.replace(aside, target)


def _clear_cache() -> None:
    """Cached figures and exports describe the database that was replaced. A Redis cache is
    flushed whole, so never when it shares its database with the task queue."""
    location = str(settings.CACHES["default"].get("LOCATION", ""))
    if location and location == getattr(settings, "CELERY_BROKER_URL", ""):
        return
    caches["default"].clear()


def restore_desk(
    path: Path,
    *,
    replace: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> RestoreResult:
    """Restore an archive made by export_desk. Nothing is half-restored: the archive is fully
    verified first, rows load in one transaction, and files are moved into place inside it
    (and moved back out if the transaction fails)."""
    started = time.monotonic()
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    # Staged beside the media files, so placing them is a rename, not a copy that could fail
    # half-way for lack of space.
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root))
    model_list = exported_models()
    placer = _FilePlacer(staging, replace)

    def preflight(manifest: dict[str, Any]) -> None:
        _check_migrations(manifest, using)
        if not replace:
            _refuse_if_not_empty(using)
            clashing = placer.conflicts(manifest["files"])
            if clashing:
                raise ArchiveError(
                    f"{len(clashing)} file(s) of the archive already exist in the media "
                    f"directory with other contents (first: {clashing[0]}). Restore into an "
                    "empty media directory, or use --replace."
                )
        unknown = sorted(set(manifest["models"]) - {m._meta.label_lower for m in model_list})
        if unknown:
            raise ArchiveError(f"The archive holds models this Guichet does not know: {unknown}.")

    try:
        manifest = _unpack(Path(path), staging, before_files=preflight)
        _count_rows(staging / DATA_NAME, manifest)
        try:
            with transaction.atomic(using=using):
                if not replace:
                    _refuse_if_not_empty(using)  # again, now that we hold the transaction
                _wipe(model_list, using)
                counts = _load(staging / DATA_NAME, model_list, using)
                declared = {label: n for label, n in manifest["models"].items() if n}
                if dict(counts) != declared:
                    raise ArchiveError("The rows loaded do not match the manifest's counts.")
                _reset_sequences(model_list, using)
                placer.place(manifest["files"])
        except BaseException:
            placer.undo()
            raise
    except ArchiveError:
        raise
    except Exception as exc:
        # A row that does not load (a permission this version lacks, a constraint...) is
        # reported as such; the transaction has already rolled back.
        raise ArchiveError(f"The restore failed and was rolled back: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _clear_cache()
    return RestoreResult(
        counts={label: n for label, n in manifest["models"].items() if n},
        files=len(manifest["files"]),
        seconds=time.monotonic() - started,
        manifest=manifest,
    )
