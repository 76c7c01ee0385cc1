from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from catalogue.dcat import catalogue_graph, serialize
from catalogue.importers import import_dcat_turtle
from catalogue.models import Dataset, DatasetStatus, Department
from tests.catalogue.exchange_helpers import full_dataset, publish

DATA = Path(__file__).parent / "data"

pytestmark = pytest.mark.django_db


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def test_turtle_import_creates_drafts_with_the_sheet_fields(
    operator: Any, department: Department
) -> None:
    report = import_dcat_turtle(read("datasets.ttl"), by=operator, department=department)

    assert report.ok, report.errors
    assert len(report.created) == 2 and not report.updated
    cohort = Dataset.objects.get(slug="cohorte-diabete")
    assert cohort.status == DatasetStatus.DRAFT
    assert cohort.department == department
    assert cohort.title_fr == "Cohorte diabète de type 2"
    assert cohort.title_en == "Type 2 diabetes cohort"
    assert cohort.summary_en == "Follow-up of type 2 diabetes patients since 2010."
    assert sorted(cohort.keywords) == ["HbA1c", "diabète"]
    assert [t.code for t in cohort.themes.all()] == ["HEAL"]
    assert [t.code for t in cohort.standards.all()] == ["omop"]
    assert sorted(t.code for t in cohort.coding_systems.all()) == ["icd-10", "loinc"]
    assert [t.code for t in cohort.purposes.all()] == ["academic-research"]
    assert (cohort.inclusion_start, cohort.inclusion_end) == (
        dt.date(2010, 1, 1),
        dt.date(2023, 6, 30),
    )
    assert cohort.update_frequency == "annual"
    assert (cohort.min_typical_age, cohort.max_typical_age) == (30, 85)
    assert (cohort.number_of_individuals, cohort.number_of_records) == (12000, 250000)
    assert cohort.contact_email == "urc@partner.example.org"
    assert cohort.contact_name == "Unité de recherche clinique"
    assert cohort.population_description.startswith("Adultes diabétiques")
    # History: the domain function wrote the creation row with the importing user.
    assert cohort.history.first().history_user == operator


def test_unknown_vocabulary_uris_are_reported_as_warnings(
    operator: Any, department: Department
) -> None:
    report = import_dcat_turtle(read("datasets.ttl"), by=operator, department=department)

    assert any("unknown-theme" in w.message for w in report.warnings)
    imaging = Dataset.objects.get(title_fr="Imagerie thoracique")
    assert [t.code for t in imaging.themes.all()] == ["HEAL"]


def test_dry_run_previews_and_writes_nothing(operator: Any, department: Department) -> None:
    report = import_dcat_turtle(
        read("datasets.ttl"), by=operator, department=department, dry_run=True
    )

    assert report.ok and len(report.created) == 2
    assert Dataset.objects.count() == 0


def test_malformed_turtle_gives_the_line_and_changes_nothing(
    operator: Any, department: Department
) -> None:
    full_dataset(operator, department)
    before = Dataset.objects.count()

    report = import_dcat_turtle(read("malformed.ttl"), by=operator, department=department)

    assert not report.ok
    assert report.errors[0].line is not None and report.errors[0].line >= 5
    assert "Malformed Turtle at line" in report.errors[0].message
    assert Dataset.objects.count() == before


def test_missing_mandatory_property_rejects_the_whole_file(
    operator: Any, department: Department
) -> None:
    report = import_dcat_turtle(read("missing_description.ttl"), by=operator, department=department)

    assert not report.ok
    messages = " ".join(e.message for e in report.errors)
    assert "dct:description" in messages
    assert "minimum age" in messages
    # The valid dataset of the same file was not imported either: all or nothing.
    assert Dataset.objects.count() == 0


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"\xff\xfe\x00garbage",
        b"@prefix dct: <http://purl.org/dc/terms/> .\n<a> dct:title 'x' .",
    ],
)
def test_files_without_datasets_or_text_are_refused(
    operator: Any, department: Department, payload: bytes
) -> None:
    report = import_dcat_turtle(payload, by=operator, department=department)

    assert not report.ok
    assert report.errors[0].field == "file"
    assert Dataset.objects.count() == 0


def test_a_steward_cannot_import_into_another_department(
    steward: Any, department: Department
) -> None:
    other = Department.objects.create(code="onco", name="Oncologie")

    report = import_dcat_turtle(read("datasets.ttl"), by=steward, department=other)

    assert not report.ok
    assert Dataset.objects.count() == 0


def test_export_then_import_round_trip_preserves_the_sheet(
    operator: Any, department: Department
) -> None:
    original = publish(full_dataset(operator, department), operator)
    expected = {
        "title_fr": original.title_fr,
        "title_en": original.title_en,
        "summary_fr": original.summary_fr,
        "description_en": original.description_en,
        "keywords": sorted(original.keywords),
        "themes": sorted(t.code for t in original.themes.all()),
        "health_categories": sorted(t.code for t in original.health_categories.all()),
        "data_types": sorted(t.code for t in original.data_types.all()),
        "coding_systems": sorted(t.code for t in original.coding_systems.all()),
        "access_modes": sorted(t.code for t in original.access_modes.all()),
        "ages": (original.min_typical_age, original.max_typical_age),
        "period": (original.inclusion_start, original.inclusion_end),
        "counts": (original.number_of_individuals, original.number_of_records),
        "retention_years": original.retention_years,
        "publications": original.publications.count(),
    }
    turtle = serialize(catalogue_graph(), "turtle")
    Dataset.objects.all().delete()

    report = import_dcat_turtle(turtle, by=operator, department=None)

    assert report.ok, report.errors
    copy = Dataset.objects.get(slug=original.slug)
    assert copy.status == DatasetStatus.DRAFT
    assert copy.department == department  # found again from dct:creator
    actual = {
        "title_fr": copy.title_fr,
        "title_en": copy.title_en,
        "summary_fr": copy.summary_fr,
        "description_en": copy.description_en,
        "keywords": sorted(copy.keywords),
        "themes": sorted(t.code for t in copy.themes.all()),
        "health_categories": sorted(t.code for t in copy.health_categories.all()),
        "data_types": sorted(t.code for t in copy.data_types.all()),
        "coding_systems": sorted(t.code for t in copy.coding_systems.all()),
        "access_modes": sorted(t.code for t in copy.access_modes.all()),
        "ages": (copy.min_typical_age, copy.max_typical_age),
        "period": (copy.inclusion_start, copy.inclusion_end),
        "counts": (copy.number_of_individuals, copy.number_of_records),
        "retention_years": copy.retention_years,
        "publications": copy.publications.count(),
    }
    assert actual == expected


def test_reimporting_an_export_updates_the_existing_sheet(
    operator: Any, department: Department
) -> None:
    original = publish(full_dataset(operator, department), operator)
    turtle = serialize(catalogue_graph(), "turtle")
    Dataset.objects.filter(pk=original.pk).update(min_typical_age=20)

    report = import_dcat_turtle(turtle, by=operator, department=department)

    assert report.ok, report.errors
    assert len(report.updated) == 1 and not report.created
    original.refresh_from_db()
    assert original.min_typical_age == 18
    assert original.status == DatasetStatus.PUBLISHED
    assert original.publications.count() == 2  # not duplicated


def test_update_keeps_english_texts_the_file_does_not_carry(
    operator: Any, department: Department
) -> None:
    existing = full_dataset(operator, department, slug="cohorte-diabete")
    turtle = (
        (DATA / "datasets.ttl")
        .read_text()
        .replace('"Type 2 diabetes cohort"@en', '"Cohorte DT2"@fr-CA')
    )
    turtle = turtle.replace(
        '"Follow-up of type 2 diabetes patients since 2010."@en', '"Suivi."@fr-CA'
    )

    report = import_dcat_turtle(turtle.encode(), by=operator, department=department)

    assert report.ok, report.errors
    existing.refresh_from_db()
    assert existing.title_fr == "Cohorte diabète de type 2"
    assert existing.title_en == "Cardiology data warehouse"
    assert (
        existing.summary_en == "Cardiology stays with diagnoses, procedures and laboratory results."
    )


def test_two_datasets_with_the_same_identifier_are_refused(
    operator: Any, department: Department
) -> None:
    turtle = (
        (DATA / "datasets.ttl")
        .read_text()
        .replace(
            'dct:description "Scanners thoraciques annotés."@fr ;',
            'dct:description "Scanners thoraciques annotés."@fr ;\n'
            '    adms:identifier [ a adms:Identifier ; skos:notation "cohorte-diabete" ] ;',
        )
    )

    report = import_dcat_turtle(turtle.encode(), by=operator, department=department)

    assert not report.ok
    assert report.errors[0].field == "slug"
    assert Dataset.objects.count() == 0
