"""django-import-export resource of the descriptive sheet: CSV/XLSX columns, widgets, checks.

Rows are parsed and checked by import-export (row-level errors), then saved through
catalogue.domain so every created or updated sheet gets its history row and derived fields."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

import tablib
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from accounts.spreadsheets import safe_cell, unguard
from catalogue import domain
from catalogue.importers import ImportReport, sheet_range_problems
from catalogue.models import Dataset, Department, VocabularyTerm

LIST_SEPARATOR = "|"
TRUE_WORDS = {"1", "true", "yes", "y", "oui", "o", "vrai", "x"}
FALSE_WORDS = {"0", "false", "no", "n", "non", "faux", ""}

PLAIN_COLUMNS = [
    "slug",
    "acronym",
    "title_fr",
    "title_en",
    "summary_fr",
    "summary_en",
    "description_fr",
    "description_en",
    "population_description",
    "geographic_coverage",
    "update_frequency",
    "is_anonymised",
    "is_pseudonymised",
    "synthetic_version_available",
    "patients_informed",
    "consent_collected",
    "opposition_register_handled",
    "hosting_type",
    "deployment",
    "hds_certified_host",
    "host_name",
    "contact_name",
    "contact_email",
    "landing_page",
]
BOOLEAN_COLUMNS = {
    "is_anonymised",
    "is_pseudonymised",
    "synthetic_version_available",
    "patients_informed",
    "consent_collected",
    "opposition_register_handled",
    "hds_certified_host",
}
NUMBER_COLUMNS = [
    "number_of_individuals",
    "number_of_records",
    "min_typical_age",
    "max_typical_age",
    "retention_years",
]
DATE_COLUMNS = ["inclusion_start", "inclusion_end"]


def _is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class VocabularyCodesWidget(widgets.ManyToManyWidget):
    """'ehr|imaging' <-> terms of one vocabulary; unknown codes are an error, not a silent skip."""

    def __init__(self, vocabulary: str, **kwargs: Any) -> None:
        self.vocabulary = vocabulary
        super().__init__(VocabularyTerm, separator=LIST_SEPARATOR, field="code", **kwargs)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[VocabularyTerm]:
        if _is_empty(value):
            return []
        raw = str(value).replace(",", LIST_SEPARATOR).replace(";", LIST_SEPARATOR)
        codes = [c.strip() for c in raw.split(LIST_SEPARATOR) if c.strip()]
        terms = {
            t.code: t
            for t in VocabularyTerm.objects.filter(vocabulary=self.vocabulary, code__in=codes)
        }
        unknown = [c for c in codes if c not in terms]
        if unknown:
            known = VocabularyTerm.objects.filter(vocabulary=self.vocabulary).values_list(
                "code", flat=True
            )
            raise ValueError(
                _("Unknown code(s) %(unknown)s; expected some of: %(known)s.")
                % {"unknown": ", ".join(unknown), "known": ", ".join(known)}
            )
        return [terms[c] for c in dict.fromkeys(codes)]

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if value is None:
            return ""
        return LIST_SEPARATOR.join(term.code for term in value.all())


class KeywordsWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> list[str]:
        if _is_empty(value):
            return []
        return [k.strip() for k in str(value).split(LIST_SEPARATOR) if k.strip()]

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return LIST_SEPARATOR.join(value or [])


class YesNoWidget(widgets.Widget):
    """Accepts the ways spreadsheets say yes or no, in French or English."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool:
        if isinstance(value, bool):
            return value
        word = "" if value is None else str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(
            _("“%(value)s” is not yes/no (use 1/0, yes/no, oui/non).") % {"value": value}
        )

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "1" if value else "0"


class WholeNumberWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> int | None:
        if _is_empty(value):
            return None
        try:
            number = Decimal(str(value).strip().replace(" ", "").replace("\u202f", ""))
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from None
        if number != number.to_integral_value():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
        return int(number)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(value)


class FlexibleDateWidget(widgets.Widget):
    """ISO dates (2024-12-31), French dates (31/12/2024) and spreadsheet date cells."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> dt.date | None:
        if _is_empty(value):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S"):
            try:
                return dt.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(
            _("“%(value)s” is not a date (use 2024-12-31 or 31/12/2024).") % {"value": value}
        )

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return value.isoformat() if value else ""


class DepartmentWidget(widgets.ForeignKeyWidget):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Department, field="code", **kwargs)

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Department | None:
        if _is_empty(value):
            return None
        try:
            return Department.objects.get(code=str(value).strip())
        except Department.DoesNotExist:
            codes = ", ".join(Department.objects.values_list("code", flat=True))
            raise ValueError(
                _("Unknown department code “%(code)s”; known codes: %(codes)s.")
                % {"code": value, "codes": codes}
            ) from None


def _field(name: str, widget: widgets.Widget) -> fields.Field:
    return fields.Field(attribute=name, column_name=name, widget=widget)


def _build_fields() -> dict[str, fields.Field]:
    built: dict[str, fields.Field] = {}
    for name in PLAIN_COLUMNS:
        widget = YesNoWidget() if name in BOOLEAN_COLUMNS else widgets.CharWidget(allow_blank=True)
        built[name] = _field(name, widget)
    built["department"] = _field("department", DepartmentWidget())
    built["keywords"] = _field("keywords", KeywordsWidget())
    for name in NUMBER_COLUMNS:
        built[name] = _field(name, WholeNumberWidget())
    for name in DATE_COLUMNS:
        built[name] = _field(name, FlexibleDateWidget())
    for name, vocabulary in domain.DATASET_VOCAB_FIELDS.items():
        built[name] = fields.Field(
            attribute=name,
            column_name=name,
            widget=VocabularyCodesWidget(vocabulary),
            m2m_add=False,
        )
    first = ["slug", "acronym", "department", "title_fr", "title_en", "summary_fr", "summary_en"]
    return {name: built[name] for name in first} | {
        name: f for name, f in built.items() if name not in first
    }


class DatasetResource(resources.ModelResource):
    """One row per sheet; `slug` identifies an existing sheet to update (blank: a new draft)."""

    class Meta:
        model = Dataset
        fields: tuple[str, ...] = ()
        import_id_fields = ["slug"]
        skip_diff = True
        clean_model_instances = False  # validate_instance below does it, with clear messages
        use_transactions = True

    def __init__(self, user: Any = None, default_department: Department | None = None) -> None:
        super().__init__()
        self.user = user
        self.default_department = default_department
        self.fields.update(_build_fields())

    # -- reading ---------------------------------------------------------------------------
    def column_names(self) -> list[str]:
        return list(self.fields)

    def unknown_columns(self, headers: list[str] | None) -> list[str]:
        return [h for h in headers or [] if h and h not in self.fields]

    def get_export_order(self) -> tuple[str, ...]:
        return tuple(self.fields)

    def get_import_order(self) -> tuple[str, ...]:
        return tuple(self.fields)

    def get_instance(self, instance_loader: Any, row: dict[str, Any]) -> Dataset | None:
        slug = str(row.get("slug") or "").strip()
        return Dataset.objects.filter(slug=slug).first() if slug else None

    def before_import_row(self, row: dict[str, Any], **kwargs: Any) -> None:
        if _is_empty(row.get("department")) and self.default_department is not None:
            row["department"] = self.default_department.code

    # -- checking ----------------------------------------------------------------------------
    def validate_instance(
        self,
        instance: Dataset,
        import_validation_errors: dict[str, Any] | None = None,
        validate_unique: bool = True,
    ) -> None:
        errors: dict[str, list[str]] = {
            name: [str(m) for m in ValidationError(e).messages]
            for name, e in (import_validation_errors or {}).items()
        }
        row = getattr(instance, "_import_row", {})
        instance._import_m2m = {}  # type: ignore[attr-defined]
        for name in domain.DATASET_VOCAB_FIELDS:
            if name in row:
                try:
                    instance._import_m2m[name] = self.fields[name].clean(row)  # type: ignore[attr-defined]
                except ValueError as exc:
                    errors.setdefault(name, []).append(str(exc))
        if instance.department_id is None and "department" not in errors:
            errors["department"] = [_("A department code is required.")]
        exclude = [*errors, "search_vector", "status", "completeness", "published_at"]
        if not instance.slug:
            exclude.append("slug")  # the domain derives one from the acronym or title
        try:
            instance.full_clean(
                exclude=exclude, validate_unique=validate_unique, validate_constraints=False
            )
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        values = {name: getattr(instance, name) for name in NUMBER_COLUMNS + DATE_COLUMNS}
        for name, message in sheet_range_problems(values):
            if name not in errors:
                errors.setdefault(name, []).append(message)
        if errors:
            raise ValidationError(errors)

    def import_instance(self, instance: Dataset, row: dict[str, Any], **kwargs: Any) -> None:
        instance._import_row = row  # type: ignore[attr-defined]
        super().import_instance(instance, row, **kwargs)

    # -- saving ----------------------------------------------------------------------------
    def save_instance(
        self, instance: Dataset, is_create: bool, row: dict[str, Any], **kwargs: Any
    ) -> None:
        values: dict[str, Any] = {
            name: getattr(instance, name)
            for name, column in self.fields.items()
            if name in row and name not in domain.DATASET_VOCAB_FIELDS
        }
        values.update(getattr(instance, "_import_m2m", {}))
        try:
            if is_create:
                if not values.get("slug"):
                    values.pop("slug", None)
                saved = domain.dataset_create(by=self.user, **values)
            else:
                current = Dataset.objects.get(pk=instance.pk)
                values.pop("slug", None)
                saved = domain.dataset_update(current, by=self.user, changes=values)
        except PermissionDenied as exc:
            raise ValidationError({"department": [str(exc)]}) from exc
        instance.pk = saved.pk
        instance.slug = saved.slug

    def save_m2m(self, instance: Dataset, row: dict[str, Any], **kwargs: Any) -> None:
        """Saved with the sheet by the domain function."""

    # -- reporting ---------------------------------------------------------------------------
    def collect(self, result: Any, report: ImportReport) -> None:
        """Turn an import-export result into the report (line 1 is the header)."""
        for error in result.base_errors:
            report.error(str(error.error), field="file")
        for number, row_errors in result.row_errors():
            for error in row_errors:
                report.error(str(error.error), line=number + 1)
        for invalid in result.invalid_rows:
            for name, messages in invalid.error_dict.items():
                column = "" if name == NON_FIELD_ERRORS else name
                for message in messages:
                    report.error(str(message), line=invalid.number + 1, field=column)
        for row_result in result.rows:
            label = f"{row_result.object_repr or ''}".strip()
            if row_result.import_type == row_result.IMPORT_TYPE_NEW:
                report.created.append(label)
            elif row_result.import_type == row_result.IMPORT_TYPE_UPDATE:
                report.updated.append(label)
        report.errors.sort(key=lambda issue: (issue.line or 0, issue.field))


# --- Reading files --------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")  # French Excel "CSV (séparateur: point-virgule)"


def load_table(data: bytes, file_format: str, report: ImportReport) -> tablib.Dataset | None:
    """Parse a CSV or XLSX upload into a tablib Dataset, or report why it cannot be read."""
    table = tablib.Dataset()
    if not data.strip():
        report.error(_("The file is empty."), field="file")
        return None
    try:
        if file_format == "xlsx":
            table.load(data, format="xlsx")
        elif file_format == "csv":
            text = _decode(data)
            first_line = text.splitlines()[0] if text else ""
            try:
                delimiter = csv.Sniffer().sniff(first_line, delimiters=";,\t").delimiter
            except csv.Error:
                delimiter = ","
            table.load(text, format="csv", delimiter=delimiter)
        else:
            report.error(_("Unsupported file type: use CSV or XLSX."), field="file")
            return None
    except Exception as exc:  # openpyxl/zipfile/csv each raise their own types on bad files
        label = "XLSX" if file_format == "xlsx" else "CSV"
        report.error(
            _("This is not a readable %(format)s file (%(error)s).")
            % {"format": label, "error": exc.__class__.__name__ + (f": {exc}" if str(exc) else "")},
            field="file",
        )
        return None
    headers = [str(h or "").strip().lower() for h in (table.headers or [])]
    if not any(headers):
        report.error(_("The first line must name the columns."), line=1, field="file")
        return None
    rows = [[unguard(value) for value in row] for row in table]
    table = tablib.Dataset(*rows, headers=headers)
    if "slug" not in headers:
        table.append_col([""] * len(table), header="slug")
    return table


def export_table(queryset: Any, file_format: str) -> bytes:
    """The sheets in the import format (also the template for a new file). Text that a
    spreadsheet would run as a formula is prefixed with an apostrophe, removed again on import."""
    resource = DatasetResource()
    table = resource.export(
        queryset.select_related("department").prefetch_related(*domain.DATASET_VOCAB_FIELDS)
    )
    guarded = tablib.Dataset(headers=table.headers)
    for row in table:
        guarded.append([safe_cell(value) for value in row])
    if file_format == "xlsx":
        return guarded.export("xlsx")
    return guarded.export("csv").encode("utf-8-sig")
