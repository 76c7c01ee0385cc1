from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook, load_workbook

from catalogue.dictionary import (
    COLUMNS,
    DictionaryImportError,
    export_csv,
    export_xlsx,
    import_dictionary,
    parse_allowed_values,
)
from catalogue.models import Variable, VariableType
from tests.catalogue.factories import DatasetFactory, VariableFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

GOOD_CSV = (
    "name,label,description,type,unit,coding_system,allowed_values,completeness,min,max,mean,median,n_distinct\n"
    "sex,Sexe,,categorical,,,1=Male|2=Female,100,,,,,2\n"
    "age,Âge à l'inclusion,Âge en années,integer,years,,,99.5,18,97,61.2,63,80\n"
    "dp,Diagnostic principal,,string,,icd-10,,98,,,,,1450\n"
)


def _import(dataset: Any, text: str | bytes, user: Any, name: str = "d.csv", mode: str = "replace"):
    raw = text.encode() if isinstance(text, str) else text
    return import_dictionary(dataset, io.BytesIO(raw), filename=name, by=user, mode=mode)


def test_good_csv_creates_the_dictionary_and_raises_completeness(operator: Any) -> None:
    dataset = DatasetFactory()
    result = _import(dataset, GOOD_CSV, operator)
    assert (result.created, result.updated, result.deleted) == (3, 0, 0)
    age = Variable.objects.get(dataset=dataset, name="age")
    assert age.value_type == VariableType.INTEGER
    assert age.completeness == Decimal("99.50")
    assert age.statistics == {"min": 18, "max": 97, "mean": 61.2, "median": 63, "n_distinct": 80}
    sex = Variable.objects.get(dataset=dataset, name="sex")
    assert sex.allowed_values == [{"code": "1", "label": "Male"}, {"code": "2", "label": "Female"}]
    assert Variable.objects.get(dataset=dataset, name="dp").coding_system.code == "icd-10"
    assert list(dataset.variables.values_list("name", flat=True)) == ["sex", "age", "dp"]
    dataset.refresh_from_db()
    assert dataset.history.first().history_user == operator
    assert dict((r.field, r.filled) for r in dataset.completeness_report())["dictionary"]


def test_bad_file_reports_row_and_column_and_leaves_dictionary_unchanged(operator: Any) -> None:
    dataset = DatasetFactory()
    VariableFactory(dataset=dataset, name="keep_me", label="Kept")
    bad = (
        "name,label,type,completeness,min,max,coding_system,allowed_values\n"
        "ok_var,Fine,integer,50,1,2,,\n"
        "age,,integer,150,10,5,,\n"  # row 3: label missing, completeness out of range, min > max
        "weight,Poids,decimal,80,abc,,nope,\n"  # row 4: min not a number, unknown coding system
        "ok_var,Again,wrongtype,,,,,=x\n"  # row 5: duplicate, bad type, allowed value without code
    )
    with pytest.raises(DictionaryImportError) as caught:
        _import(dataset, bad, operator)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert {(3, "label"), (3, "completeness"), (3, "max")} <= found
    assert {(4, "min"), (4, "coding_system")} <= found
    assert {(5, "name"), (5, "type"), (5, "allowed_values")} <= found
    assert (2, "label") not in found
    assert list(dataset.variables.values_list("name", flat=True)) == ["keep_me"]
    assert dataset.history.count() == 1


def test_wrong_file_type_and_size_are_refused(operator: Any, settings: Any) -> None:
    dataset = DatasetFactory()
    with pytest.raises(DictionaryImportError, match=r"csv and \.xlsx"):
        _import(dataset, GOOD_CSV, operator, name="dictionary.pdf")
    with pytest.raises(DictionaryImportError, match="not an XLSX"):
        _import(dataset, GOOD_CSV, operator, name="dictionary.xlsx")
    settings.MAX_UPLOAD_MB = 1
    with pytest.raises(DictionaryImportError, match="larger than 1 MB"):
        _import(dataset, GOOD_CSV + "x" * (1024 * 1024 + 10), operator)
    with pytest.raises(DictionaryImportError, match="Unknown column"):
        _import(dataset, "name,label,type,colour\nx,y,integer,red\n", operator)
    with pytest.raises(DictionaryImportError, match="empty"):
        _import(dataset, "", operator)
    assert not dataset.variables.exists()


def test_semicolon_windows_1252_csv_from_french_spreadsheets(operator: Any) -> None:
    dataset = DatasetFactory()
    text = "name;label;type;completeness\nimc;Indice de masse corporelle;decimal;87,5\n"
    _import(dataset, text.encode("cp1252"), operator)
    variable = dataset.variables.get()
    assert variable.completeness == Decimal("87.50")
    assert variable.label == "Indice de masse corporelle"


def test_merge_keeps_other_variables_replace_removes_them(operator: Any) -> None:
    dataset = DatasetFactory()
    VariableFactory(dataset=dataset, name="old", label="Old")
    VariableFactory(dataset=dataset, name="age", label="Ancien libellé")
    result = _import(dataset, GOOD_CSV, operator, mode="merge")
    assert (result.created, result.updated, result.deleted) == (2, 1, 0)
    assert set(dataset.variables.values_list("name", flat=True)) == {"old", "sex", "age", "dp"}
    assert dataset.variables.get(name="age").label == "Âge à l'inclusion"
    result = _import(dataset, GOOD_CSV, operator, mode="replace")
    assert (result.created, result.updated, result.deleted) == (0, 3, 1)
    assert set(dataset.variables.values_list("name", flat=True)) == {"sex", "age", "dp"}


def test_steward_of_another_department_cannot_import(steward: Any) -> None:
    dataset = DatasetFactory()  # in a department the steward does not steward
    with pytest.raises(PermissionDenied):
        _import(dataset, GOOD_CSV, steward)
    assert not dataset.variables.exists()


def _snapshot(dataset: Any) -> list[tuple[Any, ...]]:
    return [
        (v.name, v.label, v.description, v.value_type, v.unit, v.coding_system_id,
         v.allowed_values, v.completeness, v.statistics)
        for v in dataset.variables.order_by("position")
    ]  # fmt: skip


@pytest.mark.parametrize(("exporter", "filename"), [(export_xlsx, "d.xlsx"), (export_csv, "d.csv")])
def test_export_then_import_round_trips(operator: Any, exporter: Any, filename: str) -> None:
    source = DatasetFactory()
    _import(source, GOOD_CSV, operator)
    VariableFactory(
        dataset=source, name="formula", label="=HYPERLINK(\"x\")", description="-starts with minus",
        value_type=VariableType.DATE, statistics={"min": "2010-01-01", "max": "2020-12-31"},
        position=10, completeness=None,
    )  # fmt: skip
    payload = exporter(source)
    target = DatasetFactory()
    _import(target, payload, operator, name=filename)
    assert _snapshot(target) == _snapshot(source)
    if filename.endswith(".xlsx"):
        sheet = load_workbook(io.BytesIO(payload)).active
        assert [c.value for c in sheet[1]] == COLUMNS
        labels = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
        assert '\'=HYPERLINK("x")' in labels  # guarded text, restored on import
        assert sheet.cell(row=5, column=2).data_type == "s"  # text, never a formula


def test_xlsx_errors_name_spreadsheet_rows(operator: Any) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["name", "label", "type", "n_distinct"])
    sheet.append(["a", "A", "integer", 3])
    sheet.append([None, None, None, None])  # blank rows are skipped but still counted
    sheet.append(["b", "B", "integer", -2])
    buffer = io.BytesIO()
    workbook.save(buffer)
    dataset = DatasetFactory()
    with pytest.raises(DictionaryImportError) as caught:
        _import(dataset, buffer.getvalue(), operator, name="dict.xlsx")
    assert [(e.row, e.column) for e in caught.value.errors] == [(4, "n_distinct")]


def test_allowed_values_parsing() -> None:
    assert parse_allowed_values("1=Oui | 0=Non|9") == [
        {"code": "1", "label": "Oui"},
        {"code": "0", "label": "Non"},
        {"code": "9", "label": "9"},
    ]
    with pytest.raises(ValueError, match="twice"):
        parse_allowed_values("1=a|1=b")


def test_exports_neutralise_formulas_and_imports_restore_them(operator: Any) -> None:
    dataset = DatasetFactory()
    VariableFactory(dataset=dataset, name="evil", label='=HYPERLINK("http://evil","x")')
    csv_text = export_csv(dataset).decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://evil"",""x"")"' in csv_text
    sheet = load_workbook(io.BytesIO(export_xlsx(dataset))).active
    label = next(row[1] for row in sheet.iter_rows(min_row=2) if row[0].value == "evil")
    assert label.data_type == "s" and label.value.startswith("'=HYPERLINK")
    copy = DatasetFactory()
    _import(copy, export_xlsx(dataset), operator, name="d.xlsx")
    assert copy.variables.get(name="evil").label == '=HYPERLINK("http://evil","x")'
