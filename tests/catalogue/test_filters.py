from __future__ import annotations

from django.http import QueryDict

from catalogue.filters import DatasetFilter, apply_filters, apply_sort, facet_counts
from catalogue.models import Dataset
from tests.catalogue.factories import DatasetFactory, DepartmentFactory


def run(query: str) -> DatasetFilter:
    return DatasetFilter(QueryDict(query), queryset=Dataset.objects.published())


def test_values_of_one_facet_widen_and_facets_narrow(db: None) -> None:
    ehr = DatasetFactory(data_types=["ehr"], published=True)
    both = DatasetFactory(data_types=["ehr", "imaging"], published=True, is_anonymised=True)
    omics = DatasetFactory(data_types=["omics"], published=True, is_anonymised=True)
    assert set(run("data_type=ehr&data_type=omics").qs) == {ehr, both, omics}
    assert set(run("data_type=ehr&anonymised=true").qs) == {both}
    # A dataset carrying two chosen terms is listed once (no join duplicates).
    assert list(run("data_type=ehr&data_type=imaging").qs.order_by("pk")) == [ehr, both]


def test_department_facet_uses_codes(db: None) -> None:
    cardio = DepartmentFactory(code="cardio")
    dataset = DatasetFactory(department=cardio, published=True)
    DatasetFactory(published=True)
    assert list(run("department=cardio").qs) == [dataset]


def test_unknown_codes_make_the_filterset_invalid(db: None) -> None:
    filterset = run("data_type=not-a-type")
    assert not filterset.is_valid()
    assert "data_type" in filterset.errors


def test_apply_filters_can_leave_one_out(db: None) -> None:
    ehr = DatasetFactory(data_types=["ehr"], published=True, is_anonymised=True)
    DatasetFactory(data_types=["omics"], published=True)
    filterset = run("data_type=ehr&anonymised=true")
    assert filterset.is_valid()
    assert list(apply_filters(filterset)) == [ehr]
    assert set(apply_filters(filterset, skip="anonymised")) == {ehr}
    assert apply_filters(filterset, skip="data_type").count() == 1


def test_sorts(db: None) -> None:
    b = DatasetFactory(title_fr="B", published=True)
    a = DatasetFactory(title_fr="A", published=True)
    queryset = Dataset.objects.all()
    assert list(apply_sort(queryset, "title", searching=False)) == [a, b]
    assert list(apply_sort(queryset, "recent", searching=False)) == [a, b]
    # Relevance needs a query: without one it falls back to title order.
    assert list(apply_sort(queryset, "relevance", searching=False)) == [a, b]
    assert list(apply_sort(queryset, None, searching=False)) == [a, b]


def test_facet_counts_in_one_grouped_statement(db: None, django_assert_max_num_queries) -> None:
    cardio = DepartmentFactory(code="cardio", name="Cardiologie")
    DatasetFactory(department=cardio, data_types=["ehr"], published=True, is_anonymised=True)
    DatasetFactory(department=cardio, data_types=["ehr", "omics"], published=True)
    DatasetFactory(data_types=["omics"], published=True, consent_collected=True)
    DatasetFactory(data_types=["omics"])  # draft: never counted
    filterset = run("")
    with django_assert_max_num_queries(3):
        facets, legal = facet_counts(filterset)
    by_name = {f.name: {v.code: v.count for v in f.values} for f in facets}
    assert by_name["data_type"] == {"ehr": 2, "omics": 2}
    assert by_name["department"]["cardio"] == 2
    flags = {v.code: v.count for v in legal.values}
    assert flags["anonymised"] == 1 and flags["consent"] == 1 and flags["synthetic"] == 0


def test_selected_facet_counts_ignore_their_own_selection(db: None) -> None:
    DatasetFactory(data_types=["ehr"], published=True)
    DatasetFactory(data_types=["omics"], published=True)
    facets, _legal = facet_counts(run("data_type=ehr"))
    data_types = next(f for f in facets if f.name == "data_type")
    assert {v.code: (v.count, v.selected) for v in data_types.values} == {
        "ehr": (1, True),
        "omics": (1, False),
    }
