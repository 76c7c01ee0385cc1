from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from catalogue.importers import import_dataset_table
from catalogue.models import Dataset, DatasetStatus, Department
from catalogue.resources import (
    DatasetResource,
    FlexibleDateWidget,
    KeywordsWidget,
    WholeNumberWidget,
    export_table,
)
from tests.catalogue.exchange_helpers import full_dataset

DATA = Path(__file__).parent / "data"

pytestmark = pytest.mark.django_db


def xlsx(rows: list[list[Any]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_semicolon_csv_creates_drafts_with_vocabularies(
    operator: Any, department: Department
) -> None:
    report = import_dataset_table(
        (DATA / "datasets.csv").read_bytes(), file_format="csv", by=operator
    )

    assert report.ok, report.errors
    assert len(report.created) == 2
    rea = Dataset.objects.get(acronym="REA")
    assert rea.status == DatasetStatus.DRAFT
    assert rea.slug == "rea"
    assert rea.keywords == ["réanimation", "ventilation"]
    assert sorted(t.code for t in rea.data_types.all()) == ["ehr", "signals"]
    assert sorted(t.code for t in rea.access_modes.all()) == ["remote_query", "secure_workspace"]
    assert (rea.inclusion_start, rea.inclusion_end) == (dt.date(2018, 1, 1), dt.date(2024, 12, 31))
    assert (rea.is_pseudonymised, rea.patients_informed) == (True, False)
    assert rea.number_of_records == 9800
    assert rea.completeness > 0  # derived fields refreshed by the domain
    assert rea.history.first().history_user == operator
    proms = Dataset.objects.get(acronym="PROMS-ORTHO")
    assert sorted(t.code for t in proms.themes.all()) == ["HEAL", "SOCI"]


def test_dry_run_reports_without_writing(operator: Any, department: Department) -> None:
    report = import_dataset_table(
        (DATA / "datasets.csv").read_bytes(), file_format="csv", by=operator, dry_run=True
    )

    assert report.ok and len(report.created) == 2
    assert Dataset.objects.count() == 0


def test_bad_rows_are_reported_by_line_and_field_and_nothing_is_saved(
    operator: Any, department: Department
) -> None:
    full_dataset(operator, department)
    before = Dataset.objects.count()

    report = import_dataset_table(
        (DATA / "bad_rows.csv").read_bytes(), file_format="csv", by=operator
    )

    assert not report.ok
    found = {(e.line, e.field) for e in report.errors}
    assert (3, "max_typical_age") in found  # age 150
    assert (4, "min_typical_age") in found  # 80 > 20
    assert (5, "number_of_records") in found  # negative
    assert (6, "inclusion_start") in found  # start after end
    assert (7, "department") in found  # unknown code
    assert (7, "data_types") in found  # unknown vocabulary code
    assert (7, "is_anonymised") in found  # "peut-être"
    assert (8, "title_fr") in found
    assert (8, "min_typical_age") in found  # "abc"
    assert (8, "inclusion_start") in found  # not a date
    assert not any(e.line == 2 for e in report.errors)
    unknown = next(e for e in report.errors if (e.line, e.field) == (7, "data_types"))
    assert "teleportation" in unknown.message
    assert Dataset.objects.count() == before


def test_xlsx_import_and_update_by_slug(operator: Any, department: Department) -> None:
    existing = full_dataset(operator, department)
    data = xlsx(
        [
            ["slug", "department", "title_fr", "summary_fr", "data_types", "min_typical_age"],
            [existing.slug, "cardio", "Nouveau titre", "Nouveau résumé", "ehr|imaging", 21],
            [None, "cardio", "Nouvelle base", "Résumé", "imaging", None],
        ]
    )

    report = import_dataset_table(data, file_format="xlsx", by=operator)

    assert report.ok, report.errors
    assert len(report.updated) == 1 and len(report.created) == 1
    existing.refresh_from_db()
    assert existing.title_fr == "Nouveau titre"
    assert existing.min_typical_age == 21
    assert existing.max_typical_age == 99  # column absent: untouched
    assert sorted(t.code for t in existing.data_types.all()) == ["ehr", "imaging"]
    assert existing.history.first().history_change_reason.startswith("Edited")


@pytest.mark.parametrize(
    ("payload", "file_format", "expected"),
    [
        (b"PK\x03\x04 not really a zip", "xlsx", "not a readable XLSX"),
        (b"", "csv", "empty"),
        (b"title_fr,colour\nA,blue\n", "csv", "Unknown columns: colour"),
        (b"title_fr,summary_fr,department\n", "csv", "no data rows"),
        (b"whatever", "ods", "Unsupported"),
    ],
)
def test_unreadable_files_get_a_clear_error(
    operator: Any, department: Department, payload: bytes, file_format: str, expected: str
) -> None:
    report = import_dataset_table(payload, file_format=file_format, by=operator)

    assert not report.ok
    assert expected in report.errors[0].message
    assert Dataset.objects.count() == 0


def test_default_department_fills_an_absent_column(operator: Any, department: Department) -> None:
    data = "title_fr,summary_fr,data_types\nBase sans service,Résumé,ehr\n".encode()

    report = import_dataset_table(data, file_format="csv", by=operator, department=department)

    assert report.ok, report.errors
    assert Dataset.objects.get().department == department


def test_export_is_reimportable(operator: Any, department: Department) -> None:
    original = full_dataset(operator, department)

    exported = export_table(Dataset.objects.all(), "csv")
    header = exported.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:3] == ["slug", "acronym", "department"]
    assert set(header) == set(DatasetResource().fields)
    Dataset.objects.all().delete()
    report = import_dataset_table(exported, file_format="csv", by=operator)

    assert report.ok, report.errors
    copy = Dataset.objects.get(slug=original.slug)
    assert copy.keywords == original.keywords
    assert sorted(t.code for t in copy.coding_systems.all()) == ["ccam", "ghm", "icd-10"]
    assert copy.inclusion_end == original.inclusion_end


def test_xlsx_export_opens_in_a_spreadsheet(operator: Any, department: Department) -> None:
    full_dataset(operator, department)

    book = openpyxl.load_workbook(io.BytesIO(export_table(Dataset.objects.all(), "xlsx")))

    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][0] == "slug" and len(rows) == 2


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_formula_like_text_is_neutralised_on_export_and_restored_on_import(
    operator: Any, department: Department, file_format: str
) -> None:
    dataset = full_dataset(operator, department, host_name='=HYPERLINK("http://evil.example")')

    exported = export_table(Dataset.objects.all(), file_format)
    if file_format == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(exported)).active
        header = [c.value for c in sheet[1]]
        cell = sheet.cell(row=2, column=header.index("host_name") + 1)
        assert cell.data_type == "s"  # text, not a formula
        assert cell.value.startswith("'=")
    else:
        assert "'=HYPERLINK" in exported.decode("utf-8-sig")
    report = import_dataset_table(exported, file_format=file_format, by=operator)

    assert report.ok, report.errors
    dataset.refresh_from_db()
    assert dataset.host_name == '=HYPERLINK("http://evil.example")'


def test_two_rows_for_the_same_slug_are_refused(operator: Any, department: Department) -> None:
    data = (
        "slug,department,title_fr,summary_fr\n"
        "base-a,cardio,Base A,Résumé\n"
        "base-b,cardio,Base B,Résumé\n"
        "base-a,cardio,Base A bis,Résumé\n"
    ).encode()

    report = import_dataset_table(data, file_format="csv", by=operator)

    assert [(e.line, e.field) for e in report.errors] == [(4, "slug")]
    assert Dataset.objects.count() == 0


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_dates_survive_render_then_clean(value: dt.date) -> None:
    widget = FlexibleDateWidget()

    assert widget.clean(widget.render(value)) == value
    assert widget.clean(value.strftime("%d/%m/%Y")) == value


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_whole_numbers_survive_render_then_clean(value: int) -> None:
    widget = WholeNumberWidget()

    assert widget.clean(widget.render(value)) == value
    assert widget.clean(float(value) if abs(value) < 2**53 else value) == value


@given(
    st.lists(
        st.text(
            alphabet=st.characters(blacklist_characters="|", blacklist_categories=("Cs", "Cc")),
            min_size=1,
        ).filter(lambda s: s.strip() == s and s),
        max_size=6,
    )
)
def test_keywords_survive_render_then_clean(keywords: list[str]) -> None:
    widget = KeywordsWidget()

    assert widget.clean(widget.render(keywords)) == keywords


@pytest.mark.parametrize("word", ["2.5", "douze", "1e400x"])
def test_non_whole_numbers_are_refused(word: str) -> None:
    with pytest.raises(ValueError, match="whole number"):
        WholeNumberWidget().clean(word)
