from __future__ import annotations

from decimal import Decimal

import pytest

from catalogue.models import COMPLETENESS_WEIGHTS, AssessmentKind, Publication
from tests.catalogue.factories import (
    AssessmentFactory,
    DatasetFactory,
    VariableFactory,
    term,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TOTAL_WEIGHT = 44  # sum of COMPLETENESS_WEIGHTS, computed by hand from catalogue/models.py


def test_weights_add_up_to_the_documented_total() -> None:
    assert sum(weight for _key, _label, weight in COMPLETENESS_WEIGHTS) == TOTAL_WEIGHT


def test_factory_sheet_completeness_is_hand_computed() -> None:
    # The factory fills: English title and summary (1), data types (2), contact name + e-mail
    # (2) -> 5 of 44 = 11.3636... -> 11.36
    dataset = DatasetFactory()
    filled = {row.field for row in dataset.completeness_report() if row.filled}
    assert filled == {"translation", "data_types", "contact"}
    assert dataset.compute_completeness() == Decimal("11.36")


def test_completeness_counts_relations_dictionary_and_assessment() -> None:
    dataset = DatasetFactory(
        description_fr="Description complète",
        population_description="Adultes hospitalisés",
        number_of_individuals=12000,
        is_pseudonymised=True,
        hosting_type="warehouse",  # without deployment: hosting stays missing
        access_modes=["secure_workspace"],
    )
    dataset.standards.add(term("standard", "omop"))
    VariableFactory(dataset=dataset)
    Publication.objects.create(dataset=dataset, citation="Doe J. 2024")
    AssessmentFactory(dataset=dataset, kind=AssessmentKind.PROJECT_RELEVANCE)
    # 5 (factory) + description 3 + population 3 + individuals 2 + legal status 2
    # + access modes 2 + standards 2 + dictionary 3 + publications 1 = 23 / 44 = 52.27
    assert dataset.compute_completeness() == Decimal("52.27")
    AssessmentFactory(dataset=dataset, kind=AssessmentKind.A_PRIORI)
    assert dataset.compute_completeness() == Decimal("56.82")  # + 2 -> 25 / 44


def test_missing_for_publication_names_each_field() -> None:
    dataset = DatasetFactory(contact_email="", summary_fr="  ", data_types=[])
    assert dataset.missing_for_publication() == [
        "summary (French)",
        "at least one data type",
        "contact point e-mail",
    ]
