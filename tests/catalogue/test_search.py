from __future__ import annotations

import pytest
from django.db import connection

from catalogue.models import Dataset
from catalogue.search import fold, query_terms, search_datasets, update_search_vectors
from tests.catalogue.factories import DatasetFactory, VariableFactory

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="French stemming and unaccent need PostgreSQL"
)


def search(query: str) -> list[str]:
    return list(search_datasets(Dataset.objects.all(), query).values_list("slug", flat=True))


@pytest.fixture
def catalogue(db: None) -> dict[str, Dataset]:
    datasets = {
        "cancer": DatasetFactory(
            slug="registre-cancer",
            title_fr="Registre du cancer du sein",
            title_en="Breast cancer registry",
            summary_fr="Cas incidents de cancer du sein dans la région.",
            keywords=["oncologie", "mammographie"],
        ),
        "hopital": DatasetFactory(
            slug="hopital-pediatrique",
            title_fr="Séjours de l'hôpital pédiatrique",
            title_en="Paediatric hospital stays",
            summary_fr="Hospitalisations des enfants de moins de 18 ans.",
            keywords=["pédiatrie"],
        ),
        "cardio": DatasetFactory(
            slug="cohorte-cardio",
            title_fr="Cohorte insuffisance cardiaque",
            title_en="Heart failure cohort",
            summary_fr="Suivi à un an des patients hospitalisés.",
            keywords=["cœur", "échocardiographie"],
        ),
    }
    VariableFactory(dataset=datasets["cardio"], name="hba1c", label="Hémoglobine glyquée (HbA1c)")
    VariableFactory(dataset=datasets["cardio"], name="fevg", label="Fraction d'éjection")
    VariableFactory(
        dataset=datasets["cardio"], name="fevg_m6", label="Fraction d'éjection à 6 mois"
    )
    update_search_vectors([d.pk for d in datasets.values()])
    return datasets


def test_blank_query_returns_the_queryset_unchanged(catalogue: dict[str, Dataset]) -> None:
    assert sorted(search("   ")) == sorted(d.slug for d in catalogue.values())


def test_title_words_are_found(catalogue: dict[str, Dataset]) -> None:
    assert search("cancer du sein") == ["registre-cancer"]


def test_plural_finds_singular(catalogue: dict[str, Dataset]) -> None:
    assert search("cancers") == ["registre-cancer"]


def test_missing_accents_are_ignored(catalogue: dict[str, Dataset]) -> None:
    assert search("hopital pediatrique") == ["hopital-pediatrique"]


def test_variable_labels_are_searched_without_duplicates(catalogue: dict[str, Dataset]) -> None:
    # Two variables of the same dataset match: the dataset must appear once.
    assert search("fraction d'éjection") == ["cohorte-cardio"]
    assert search("hémoglobine glyquée") == ["cohorte-cardio"]


def test_keywords_are_searched(catalogue: dict[str, Dataset]) -> None:
    assert search("mammographie") == ["registre-cancer"]
    assert search("coeur") == ["cohorte-cardio"]


def test_every_term_must_match(catalogue: dict[str, Dataset]) -> None:
    assert search("cancer cardiaque") == []


def test_results_are_ranked_title_hits_first(db: None) -> None:
    in_title = DatasetFactory(title_fr="Cohorte diabète", summary_fr="Patients suivis.")
    in_variable = DatasetFactory(title_fr="Entrepôt de biologie", summary_fr="Résultats.")
    VariableFactory(dataset=in_variable, name="diabete", label="Diabète connu")
    update_search_vectors([in_title.pk, in_variable.pk])
    ranked = search_datasets(Dataset.objects.all(), "diabète").order_by("-search_rank")
    assert [d.pk for d in ranked] == [in_title.pk, in_variable.pk]
    assert ranked[0].search_rank > ranked[1].search_rank


def test_search_keeps_the_queryset_filters(catalogue: dict[str, Dataset]) -> None:
    queryset = Dataset.objects.exclude(slug="registre-cancer")
    assert list(search_datasets(queryset, "cancer")) == []


@postgres_only
def test_french_stemming_on_postgres(catalogue: dict[str, Dataset]) -> None:
    # "hospitalisés" and "hospitalisations" share the French stem "hospitalis".
    assert set(search("hospitalisation")) == {"hopital-pediatrique", "cohorte-cardio"}


@postgres_only
def test_websearch_syntax_on_postgres(catalogue: dict[str, Dataset]) -> None:
    assert search('"cancer du sein"') == ["registre-cancer"]
    assert search("cancer or cardiaque") != []
    assert set(search("cancer or cardiaque")) == {"registre-cancer", "cohorte-cardio"}
    assert search("hôpital -enfants") == []


@postgres_only
def test_vectors_follow_updates_on_postgres(catalogue: dict[str, Dataset]) -> None:
    dataset = catalogue["cancer"]
    Dataset.objects.filter(pk=dataset.pk).update(title_fr="Registre des mélanomes")
    assert search("mélanome") == []  # not yet recomputed
    update_search_vectors([dataset.pk])
    assert search("melanomes") == ["registre-cancer"]


def test_update_search_vectors_accepts_an_empty_list(db: None) -> None:
    update_search_vectors([])


def test_fold_strips_case_accents_and_ligatures() -> None:
    assert fold("Hôpital Cœur ÉCHO") == "hopital coeur echo"
    assert fold(None) == ""


def test_query_terms_strip_french_plurals() -> None:
    assert query_terms("Cancers des hôpitaux, IRM") == ["cancer", "hopita", "irm"]
    assert query_terms("fraction d'éjection du ventricule") == [
        "fraction",
        "ejection",
        "ventricule",
    ]


def test_hyphenated_terms_are_words_not_exclusions(catalogue: dict[str, Dataset]) -> None:
    VariableFactory(dataset=catalogue["cardio"], name="ntprobnp", label="Dosage du NT-proBNP")
    update_search_vectors([catalogue["cardio"].pk])
    assert search("NT-proBNP") == ["cohorte-cardio"]
    assert search("cancer -sein") == []
