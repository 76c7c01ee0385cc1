"""Variable dictionary import and export as CSV or XLSX.

An import reads the whole file, validates every row, and writes nothing unless every row is
valid: the error report names the spreadsheet row (the header is row 1), the column and the
problem. Export writes the same columns, so an exported file imports back unchanged."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from accounts.spreadsheets import safe_cell, unguard
from catalogue.models import Dataset, Variable, VariableType, Vocabulary, VocabularyTerm

COLUMNS = [
    "name",
    "label",
    "description",
    "type",
    "unit",
    "coding_system",
    "allowed_values",
    "completeness",
    "min",
    "max",
    "mean",
    "median",
    "n_distinct",
]
REQUIRED_COLUMNS = ("name", "label", "type")
STAT_COLUMNS = ("min", "max", "mean", "median", "n_distinct")
NUMERIC_TYPES = {VariableType.INTEGER, VariableType.DECIMAL}
ALLOWED_EXTENSIONS = {"csv", "xlsx"}
MAX_ROWS = 20_000
MAX_ERRORS_REPORTED = 200
MODES = ("replace", "merge")


def max_upload_bytes() -> int:
    return int(getattr(settings, "MAX_UPLOAD_MB", 20)) * 1024 * 1024


@dataclass(frozen=True)
class RowError:
    row: int  # spreadsheet row number: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        where = _("row %(row)d") % {"row": self.row}
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.message}"


class DictionaryImportError(Exception):
    """The file was refused; nothing was written. `errors` lists every problem found."""

    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    names: list[str] = field(default_factory=list)


@dataclass
class ParsedVariable:
    row: int
    name: str
    label: str
    description: str
    value_type: str
    unit: str
    coding_system: VocabularyTerm | None
    allowed_values: list[dict[str, str]]
    completeness: Decimal | None
    statistics: dict[str, Any]


# --- Reading files -----------------------------------------------------------------------


def _file_error(message: str) -> DictionaryImportError:
    return DictionaryImportError([RowError(0, "", message)])


def _extension(filename: str) -> str:
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # French spreadsheet software still saves CSV as Windows-1252 by default.
        return raw.decode("cp1252", errors="strict")


def _read_csv(raw: bytes) -> Iterator[list[str]]:
    try:
        text = _decode(raw)
    except UnicodeDecodeError as exc:
        raise _file_error(_("The CSV file is neither UTF-8 nor Windows-1252 text.")) from exc
    if "\x00" in text:
        raise _file_error(_("This does not look like a CSV text file."))
    first_line = text.split("\n", 1)[0]
    # French spreadsheet software writes ";" (the comma is the decimal separator).
    delimiter = max((";", ",", "\t"), key=first_line.count)
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        # Our exports guard formula-like text with an apostrophe: take it off again.
        yield [unguard(cell.strip()) for cell in row]


def _read_xlsx(raw: bytes) -> Iterator[list[str]]:
    from openpyxl import load_workbook

    if not raw.startswith(b"PK"):
        raise _file_error(_("This is not an XLSX workbook (wrong file type)."))
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise _file_error(_("The XLSX workbook could not be read: it is damaged.")) from exc
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [unguard(_cell_text(value)) for value in row]
    finally:
        workbook.close()


def read_rows(upload: IO[bytes], filename: str) -> list[tuple[int, dict[str, str]]]:
    """Rows of the file as (spreadsheet row number, {column: text}); refuses bad files."""
    extension = _extension(filename)
    if extension not in ALLOWED_EXTENSIONS:
        raise _file_error(_("Only .csv and .xlsx files are accepted."))
    raw = upload.read(max_upload_bytes() + 1)
    if len(raw) > max_upload_bytes():
        raise _file_error(
            _("The file is larger than %(mb)d MB.") % {"mb": max_upload_bytes() // 1024 // 1024}
        )
    if not raw.strip():
        raise _file_error(_("The file is empty."))
    lines = _read_xlsx(raw) if extension == "xlsx" else _read_csv(raw)
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in enumerate(lines, start=1):
        if header is None:
            header = [cell.strip().lower() for cell in cells]
            _check_header(header)
            continue
        if not any(cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise _file_error(_("The file has more than %(max)d variables.") % {"max": MAX_ROWS})
        padded = list(cells) + [""] * (len(header) - len(cells))
        rows.append((number, {name: padded[i] for i, name in enumerate(header) if name}))
    if header is None:
        raise _file_error(_("The file is empty."))
    if not rows:
        raise _file_error(_("The file has a header row but no variables."))
    return rows


def _check_header(header: list[str]) -> None:
    errors = [
        RowError(
            1, name, _("Unknown column. Expected columns: %(cols)s.") % {"cols": ", ".join(COLUMNS)}
        )
        for name in header
        if name and name not in COLUMNS
    ]
    errors += [
        RowError(1, name, _("Required column is missing."))
        for name in REQUIRED_COLUMNS
        if name not in header
    ]
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            errors.append(RowError(1, name, _("Column appears twice.")))
        seen.add(name)
    if errors:
        raise DictionaryImportError(errors)


# --- Validating rows ---------------------------------------------------------------------


def _unescape(text: str) -> str:
    if len(text) > 1 and text[0] == "'" and text[1] in "=+-@":
        return text[1:]
    return text


def _number(text: str) -> Decimal:
    cleaned = text.replace("\u00a0", "").replace(" ", "").rstrip("%").replace(",", ".")
    value = Decimal(cleaned)
    if not value.is_finite():
        raise InvalidOperation
    return value


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _type_lookup() -> dict[str, str]:
    lookup = {code: code for code in VariableType.values}
    for code, label in VariableType.choices:
        lookup[str(label).lower()] = code
    aliases = {"int": "integer", "float": "decimal", "number": "decimal", "numeric": "decimal",
               "bool": "boolean", "str": "string", "char": "string", "category": "categorical",
               "id": "identifier", "timestamp": "datetime"}  # fmt: skip
    lookup.update(aliases)
    return lookup


def parse_allowed_values(text: str) -> list[dict[str, str]]:
    """ "1=Male|2=Female" -> [{"code": "1", "label": "Male"}, ...]; a bare code is its own label."""
    values = []
    for item in text.split("|"):
        item = item.strip()
        if not item:
            continue
        code, sep, label = item.partition("=")
        code, label = code.strip(), label.strip()
        if not code:
            raise ValueError(_("“%(item)s” has no code before “=”.") % {"item": item})
        values.append({"code": code, "label": label if sep and label else code})
    codes = [v["code"] for v in values]
    if len(set(codes)) != len(codes):
        raise ValueError(_("A code appears twice."))
    return values


def format_allowed_values(values: Iterable[dict[str, Any]]) -> str:
    return "|".join(
        str(v.get("code", ""))
        if str(v.get("label", "")) in ("", str(v.get("code", "")))
        else f"{v.get('code', '')}={v.get('label', '')}"
        for v in values
    )


class _RowParser:
    def __init__(self) -> None:
        self.types = _type_lookup()
        self.coding = {
            t.code.lower(): t
            for t in VocabularyTerm.objects.filter(vocabulary=Vocabulary.CODING_SYSTEM)
        }
        self.errors: list[RowError] = []

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))

    def text(self, row: int, data: dict[str, str], column: str, limit: int) -> str:
        value = _unescape(data.get(column, "").strip())
        if len(value) > limit:
            self.error(row, column, _("At most %(n)d characters.") % {"n": limit})
        return value

    def parse(self, row: int, data: dict[str, str]) -> ParsedVariable | None:
        before = len(self.errors)
        name = self.text(row, data, "name", 120)
        if not name:
            self.error(row, "name", _("A name is required."))
        elif any(ch.isspace() for ch in name):
            self.error(row, "name", _("A variable name cannot contain spaces."))
        label = self.text(row, data, "label", 300)
        if not label:
            self.error(row, "label", _("A label is required."))
        raw_type = data.get("type", "").strip()
        value_type = self.types.get(raw_type.lower())
        if value_type is None:
            self.error(
                row,
                "type",
                _("“%(value)s” is not a known type (expected one of: %(types)s).")
                % {"value": raw_type, "types": ", ".join(VariableType.values)},
            )
        coding_system = self._coding_system(row, data.get("coding_system", "").strip())
        allowed = self._allowed(row, data.get("allowed_values", ""))
        completeness = self._completeness(row, data.get("completeness", "").strip())
        statistics = self._statistics(row, data, value_type)
        if len(self.errors) > before:
            return None
        return ParsedVariable(
            row=row,
            name=name,
            label=label,
            description=_unescape(data.get("description", "").strip()),
            value_type=value_type or "",
            unit=self.text(row, data, "unit", 60),
            coding_system=coding_system,
            allowed_values=allowed,
            completeness=completeness,
            statistics=statistics,
        )

    def _coding_system(self, row: int, code: str) -> VocabularyTerm | None:
        if not code:
            return None
        term = self.coding.get(code.lower())
        if term is None:
            self.error(
                row,
                "coding_system",
                _("Unknown coding system “%(code)s” (expected a code such as %(known)s).")
                % {"code": code, "known": ", ".join(sorted(self.coding)[:6])},
            )
        return term

    def _allowed(self, row: int, text: str) -> list[dict[str, str]]:
        try:
            return parse_allowed_values(_unescape(text))
        except ValueError as exc:
            self.error(row, "allowed_values", str(exc))
            return []

    def _completeness(self, row: int, text: str) -> Decimal | None:
        if not text:
            return None
        try:
            value = _number(text)
        except (InvalidOperation, ValueError):
            self.error(row, "completeness", _("“%(value)s” is not a number.") % {"value": text})
            return None
        if not Decimal(0) <= value <= Decimal(100):
            self.error(row, "completeness", _("Must be a percentage between 0 and 100."))
            return None
        return value.quantize(Decimal("0.01"))

    def _statistics(self, row: int, data: dict[str, str], value_type: str | None) -> dict[str, Any]:
        stats: dict[str, Any] = {}
        numeric: dict[str, Decimal] = {}
        for column in ("min", "max", "mean", "median"):
            text = data.get(column, "").strip()
            if not text:
                continue
            try:
                numeric[column] = _number(text)
                stats[column] = _json_number(numeric[column])
            except (InvalidOperation, ValueError):
                if value_type in NUMERIC_TYPES:
                    self.error(row, column, _("“%(value)s” is not a number.") % {"value": text})
                elif len(text) > 40:
                    self.error(row, column, _("At most %(n)d characters.") % {"n": 40})
                else:
                    stats[column] = text  # dates and other ordered values stay as written
        if "min" in numeric and "max" in numeric and numeric["min"] > numeric["max"]:
            self.error(row, "max", _("The maximum is below the minimum."))
        text = data.get("n_distinct", "").strip()
        if text:
            try:
                count = _number(text)
                if count < 0 or count != count.to_integral_value():
                    raise InvalidOperation
                stats["n_distinct"] = int(count)
            except (InvalidOperation, ValueError):
                self.error(row, "n_distinct", _("Must be a whole number, 0 or more."))
        return stats


def parse_rows(rows: list[tuple[int, dict[str, str]]]) -> list[ParsedVariable]:
    """Validate every row; raise DictionaryImportError listing all problems if any."""
    parser = _RowParser()
    parsed: list[ParsedVariable] = []
    first_row: dict[str, int] = {}
    for number, data in rows:
        variable = parser.parse(number, data)
        name = _unescape(data.get("name", "").strip())
        if name:
            if name in first_row:
                parser.error(
                    number,
                    "name",
                    _("“%(name)s” is already defined on row %(row)d.")
                    % {"name": name, "row": first_row[name]},
                )
            else:
                first_row[name] = number
        if variable is not None:
            parsed.append(variable)
    if parser.errors:
        raise DictionaryImportError(parser.errors)
    return parsed


# --- Import ------------------------------------------------------------------------------


def import_dictionary(
    dataset: Dataset, upload: IO[bytes], *, filename: str, by: Any, mode: str = "replace"
) -> ImportResult:
    """Load a dictionary file into a dataset, all or nothing.

    replace: the file becomes the whole dictionary (variables absent from it are deleted);
    merge: variables of the file are created or updated by name, the others are kept."""
    from catalogue.domain import (
        _save_with_history,
        can_edit_dataset,
        history_reason,
        refresh_derived,
    )

    if not can_edit_dataset(by, dataset):
        raise PermissionDenied(_("You may not edit this dataset."))
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    parsed = parse_rows(read_rows(upload, filename))
    result = ImportResult(names=[p.name for p in parsed])
    with transaction.atomic():
        existing = {v.name: v for v in Variable.objects.select_for_update().filter(dataset=dataset)}
        to_create: list[Variable] = []
        to_update: list[Variable] = []
        for position, item in enumerate(parsed):
            variable = existing.get(item.name) or Variable(dataset=dataset, name=item.name)
            variable.position = position
            variable.label = item.label
            variable.description = item.description
            variable.value_type = item.value_type
            variable.unit = item.unit
            variable.coding_system = item.coding_system
            variable.allowed_values = item.allowed_values
            variable.completeness = item.completeness
            variable.statistics = item.statistics
            (to_update if variable.pk else to_create).append(variable)
        Variable.objects.bulk_create(to_create, batch_size=1000)
        fields = ["position", "label", "description", "value_type", "unit", "coding_system",
                  "allowed_values", "completeness", "statistics"]  # fmt: skip
        Variable.objects.bulk_update(to_update, fields, batch_size=1000)
        if mode == "replace":
            stale = [v.pk for name, v in existing.items() if name not in set(result.names)]
            result.deleted = Variable.objects.filter(pk__in=stale).delete()[0]
        result.created, result.updated = len(to_create), len(to_update)
        _save_with_history(
            dataset,
            by=by,
            reason=history_reason(
                N_("Dictionary imported (%(mode)s): %(c)d new, %(u)d updated, %(d)d removed"),
                mode=mode,
                c=result.created,
                u=result.updated,
                d=result.deleted,
            ),
        )
        refresh_derived([dataset.pk])
    return result


# --- Export ------------------------------------------------------------------------------


def _stat_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def export_rows(dataset: Dataset) -> list[list[Any]]:
    """The dictionary as rows of COLUMNS values (numbers kept as numbers for XLSX)."""
    rows = []
    variables = dataset.variables.select_related("coding_system").order_by("position", "name")
    for v in variables:
        stats = v.statistics or {}
        rows.append(
            [
                v.name,
                v.label,
                v.description,
                v.value_type,
                v.unit,
                v.coding_system.code if v.coding_system else "",
                format_allowed_values(v.allowed_values or []),
                v.completeness,
                *(stats.get(column) for column in STAT_COLUMNS),
            ]
        )
    return rows


def export_csv(dataset: Dataset) -> bytes:
    """UTF-8 with a byte-order mark so spreadsheet software reads accents correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in export_rows(dataset):
        writer.writerow([safe_cell(c) if isinstance(c, str) else _stat_text(c) for c in row])
    return buffer.getvalue().encode("utf-8-sig")


def export_xlsx(dataset: Dataset) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "dictionary"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for values in export_rows(dataset):
        sheet.append([None] * len(COLUMNS))
        row_number = sheet.max_row
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row=row_number, column=index)
            if isinstance(value, Decimal):
                cell.value = float(value)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                cell.value = value
            elif value is None or value == "":
                cell.value = None
            else:
                # Explicit, guarded text: "=x" is neither stored nor re-entered as a formula.
                cell.value = str(safe_cell(str(value)))
                cell.data_type = "s"
    sheet.freeze_panes = "A2"
    widths = {"name": 22, "label": 36, "description": 48, "allowed_values": 36}
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = widths.get(
            column, 14
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
