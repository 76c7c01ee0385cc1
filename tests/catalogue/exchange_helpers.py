"""Builders shared by the exchange tests (DCAT export, Turtle and CSV/XLSX imports)."""

from __future__ import annotations

import datetime as dt
import io
from importlib.util import find_spec
from typing import Any

from catalogue import domain
from catalogue.models import Dataset, Department, Publication

FULL_SHEET: dict[str, Any] = {
    "acronym": "CARDIO-EDS",
    "title_fr": "Entrepôt de cardiologie",
    "title_en": "Cardiology data warehouse",
    "summary_fr": "Séjours de cardiologie avec diagnostics, actes et biologie.",
    "summary_en": "Cardiology stays with diagnoses, procedures and laboratory results.",
    "description_fr": "Extraction de l'entrepôt de données de santé pour la cardiologie.",
    "description_en": "Health data warehouse extract for cardiology.",
    "keywords": ["insuffisance cardiaque", "infarctus"],
    "themes": ["HEAL", "TECH"],
    "health_categories": ["ehr", "registry"],
    "data_types": ["ehr", "biology", "omics"],
    "population_description": "Patients adultes hospitalisés en cardiologie.",
    "inclusion_start": dt.date(2015, 1, 1),
    "inclusion_end": dt.date(2024, 12, 31),
    "geographic_coverage": "Île-de-France",
    "number_of_individuals": 85000,
    "number_of_records": 430000,
    "min_typical_age": 18,
    "max_typical_age": 99,
    "update_frequency": "monthly",
    "standards": ["omop", "none"],
    "coding_systems": ["icd-10", "ccam", "ghm"],
    "is_pseudonymised": True,
    "patients_informed": True,
    "opposition_register_handled": True,
    "legal_bases": ["public-task", "scientific-research"],
    "purposes": ["academic-research", "public-benefit"],
    "hosting_type": "warehouse",
    "deployment": "on_premise",
    "hds_certified_host": True,
    "access_modes": ["secure_workspace", "remote_query", "synthetic_data"],
    "retention_years": 20,
    "contact_name": "Guichet des données",
    "contact_email": "guichet@example.org",
    "landing_page": "https://eds.example.org/cardio",
}


def full_dataset(by: Any, department: Department, **overrides: Any) -> Dataset:
    """A sheet with every field the export reads, created through the domain functions."""
    fields = {**FULL_SHEET, "department": department, **overrides}
    dataset = domain.dataset_create(by=by, **fields)
    Publication.objects.create(
        dataset=dataset,
        citation="Dupont A, et al. Heart failure in a warehouse. Eur Heart J. 2022.",
        doi="10.1000/ehj.2022.1",
        year=2022,
    )
    Publication.objects.create(dataset=dataset, citation="Internal report, 2023.", year=2023)
    return dataset


def minimal_dataset(by: Any, department: Department, **overrides: Any) -> Dataset:
    fields = {
        "title_fr": "Registre minimal",
        "summary_fr": "Un registre décrit au minimum.",
        "data_types": ["registry"],
        "contact_email": "registre@example.org",
        "department": department,
        **overrides,
    }
    return domain.dataset_create(by=by, **fields)


def publish(dataset: Dataset, by: Any) -> Dataset:
    return domain.dataset_publish(dataset, by=by)


def demo_available() -> bool:
    return find_spec("catalogue.demo") is not None and find_spec("accounts.demo") is not None


def seed_demo() -> None:
    from accounts import demo as accounts_demo
    from catalogue import demo

    accounts_demo.seed(io.StringIO())
    demo.seed(io.StringIO())
