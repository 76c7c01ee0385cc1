from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, RDF, SH, XSD

from catalogue import dcat
from catalogue.models import Dataset, Department
from tests.catalogue.exchange_helpers import (
    demo_available,
    full_dataset,
    minimal_dataset,
    publish,
    seed_demo,
)

pytestmark = pytest.mark.django_db

SHAPE_FILES = ["shapes.ttl", "range.ttl", "mdr-vocabularies.shape.ttl", "deprecateduris.ttl"]

# With the controlled-vocabulary shapes loaded, two warnings (never violations) are expected
# and legitimate: the publisher is a hospital, not an entry of the EU corporate-body table,
# and the sheet's free-text geographic coverage (next to the EU country URI) is not an EU place.
ACCEPTED_WARNING_PATHS = {dcat.DCT.publisher, dcat.DCT.spatial}


def conformance_dir() -> Path | None:
    base = Path(settings.BASE_DIR)
    for candidate in (
        base.parent / "shared" / "conformance",
        base / ".." / "shared" / "conformance",
    ):
        if (candidate / "dcat-ap-3.0.1" / "shapes.ttl").exists():
            return candidate / "dcat-ap-3.0.1"
    return None


@pytest.fixture
def publisher(operator: Any) -> Any:
    return operator


def build_catalogue(operator: Any, department: Department) -> list[Dataset]:
    """The demo desk when its seed exists, else sheets covering every field."""
    if demo_available():
        seed_demo()
        return list(Dataset.objects.published())
    rich = publish(full_dataset(operator, department), operator)
    bare = publish(minimal_dataset(operator, department), operator)
    english = publish(
        full_dataset(
            operator,
            department,
            acronym="PEDIA",
            title_fr="Cohorte pédiatrique",
            is_anonymised=True,
            landing_page="",
            update_frequency="never",
            standards=["fhir"],
        ),
        operator,
    )
    return [rich, bare, english]


def test_export_has_no_shacl_violation(operator: Any, department: Department) -> None:
    shapes_dir = conformance_dir()
    if shapes_dir is None:
        pytest.skip("DCAT-AP SHACL shapes not found (../shared/conformance/dcat-ap-3.0.1 absent).")
    import pyshacl

    published = build_catalogue(operator, department)
    assert published
    data = dcat.catalogue_graph()
    shapes = Graph()
    for name in SHAPE_FILES:
        shapes.parse(shapes_dir / name, format="turtle")

    _conforms, results, text = pyshacl.validate(data, shacl_graph=shapes, inference="none")

    # Top-level results only: a warning's sh:detail children carry their own severities.
    report = results.value(predicate=RDF.type, object=SH.ValidationReport)
    top = list(results.objects(report, SH.result))
    violations = [r for r in top if results.value(r, SH.resultSeverity) == SH.Violation]
    assert violations == [], text
    for result in top:
        assert results.value(result, SH.resultSeverity) == SH.Warning, text
        assert results.value(result, SH.resultPath) in ACCEPTED_WARNING_PATHS, text
    assert len(set(data.subjects(RDF.type, DCAT.Dataset))) == len(published)


def test_turtle_and_jsonld_parse_back_to_the_same_graph(
    operator: Any, department: Department
) -> None:
    publish(full_dataset(operator, department), operator)
    graph = dcat.catalogue_graph()

    from_turtle = Graph().parse(data=dcat.serialize(graph, "turtle"), format="turtle")
    jsonld = dcat.serialize(graph, "json-ld")
    from_jsonld = Graph().parse(data=jsonld, format="json-ld")

    assert isomorphic(from_turtle, graph)
    assert isomorphic(from_jsonld, graph)
    assert "@context" in json.loads(jsonld)


def test_only_published_datasets_are_exported(operator: Any, department: Department) -> None:
    shown = publish(full_dataset(operator, department), operator)
    minimal_dataset(operator, department, title_fr="Brouillon secret")
    archived = publish(minimal_dataset(operator, department, title_fr="Ancien registre"), operator)
    from catalogue import domain

    domain.dataset_archive(archived, by=operator)

    graph = dcat.catalogue_graph()

    datasets = set(graph.subjects(RDF.type, DCAT.Dataset))
    assert datasets == {dcat.dataset_uri(shown, dcat.ExportSettings.from_settings())}
    titles = {str(t) for t in graph.objects(None, dcat.DCT.title)}
    assert "Brouillon secret" not in titles and "Ancien registre" not in titles


def test_health_and_dpv_properties_are_exported(operator: Any, department: Department) -> None:
    dataset = publish(full_dataset(operator, department), operator)
    graph = dcat.catalogue_graph()
    node = dcat.dataset_uri(dataset, dcat.ExportSettings.from_settings())
    health = dcat.HEALTH

    def value(predicate: URIRef) -> Any:
        return graph.value(node, predicate)

    assert value(health.minTypicalAge) == Literal(18, datatype=XSD.nonNegativeInteger)
    assert value(health.maxTypicalAge) == Literal(99, datatype=XSD.nonNegativeInteger)
    assert int(value(health.numberOfRecords)) == 430000
    assert int(value(health.numberOfUniqueIndividuals)) == 85000
    assert str(value(health.populationCoverage)).startswith("Patients adultes")
    assert len(list(graph.objects(node, health.healthCategory))) == 2
    assert len(list(graph.objects(node, health.healthTheme))) == 3
    assert URIRef("http://id.who.int/icd/release/10") in set(
        graph.objects(node, health.hasCodingSystem)
    )
    assert value(health.hdab) is not None
    retention = value(health.retentionPeriod)
    start, end = graph.value(retention, DCAT.startDate), graph.value(retention, DCAT.endDate)
    assert end.toPython().year - start.toPython().year == 20
    assert URIRef("https://w3id.org/dpv#AcademicResearch") in set(
        graph.objects(node, dcat.DPV.hasPurpose)
    )
    assert len(list(graph.objects(node, dcat.DPV.hasLegalBasis))) == 2
    assert dcat.DPV_PD.MedicalHealth in set(graph.objects(node, dcat.DPV.hasPersonalData))
    assert value(dcat.DCT.accrualPeriodicity) == URIRef(
        "http://publications.europa.eu/resource/authority/frequency/MONTHLY"
    )
    assert value(dcat.DCT.accessRights).endswith("/NON_PUBLIC")
    assert {str(t) for t in graph.objects(node, dcat.DCT.title)} == {
        "Entrepôt de cardiologie",
        "Cardiology data warehouse",
    }
    assert {t.language for t in graph.objects(node, dcat.DCT.description)} == {"fr", "en"}
    assert {str(k) for k in graph.objects(node, DCAT.keyword)} == set(dataset.keywords)
    assert len(list(graph.objects(node, DCAT.distribution))) == 3
    assert len(list(graph.objects(node, dcat.DCT.isReferencedBy))) == 2
    contact = value(DCAT.contactPoint)
    assert graph.value(contact, dcat.VCARD.hasEmail) == URIRef("mailto:guichet@example.org")


def test_every_value_node_carries_its_type(operator: Any, department: Department) -> None:
    publish(full_dataset(operator, department), operator)
    graph = dcat.catalogue_graph()
    untyped_ok = {RDF.type, DCAT.accessURL, dcat.VCARD.hasEmail, dcat.DQV.expectedDataType}

    untyped = {
        (str(p), str(o))
        for _s, p, o in graph
        if p not in untyped_ok
        and isinstance(o, (URIRef, BNode))
        and graph.value(o, RDF.type) is None
    }

    assert untyped == set()


def test_single_dataset_graph(operator: Any, department: Department) -> None:
    one = publish(full_dataset(operator, department), operator)
    publish(minimal_dataset(operator, department), operator)

    graph = dcat.dataset_graph(one)

    assert set(graph.subjects(RDF.type, DCAT.Dataset)) == {
        dcat.dataset_uri(one, dcat.ExportSettings.from_settings())
    }
    assert set(graph.subjects(RDF.type, DCAT.Catalog)) == set()


def test_export_query_count_does_not_grow_with_the_catalogue(
    operator: Any, department: Department, django_assert_max_num_queries: Any
) -> None:
    for n in range(6):
        publish(full_dataset(operator, department, acronym=f"D{n}", title_fr=f"Base {n}"), operator)

    with django_assert_max_num_queries(14):
        dcat.serialize(dcat.catalogue_graph(), "turtle")


def test_keywords_are_tagged_with_the_language_of_the_texts_they_come_from(
    operator: Any, department: Department
) -> None:
    dataset = publish(
        full_dataset(
            operator,
            department,
            summary_en="Heart failure stays with laboratory results.",
            keywords=["insuffisance cardiaque", "heart failure", "OMOP"],
        ),
        operator,
    )

    graph = dcat.catalogue_graph()

    node = dcat.dataset_uri(dataset, dcat.ExportSettings.from_settings())
    tags = {str(k): k.language for k in graph.objects(node, DCAT.keyword)}
    assert tags == {"insuffisance cardiaque": "fr", "heart failure": "en", "OMOP": "fr"}


def test_quality_is_exported_as_dqv_measurements(
    operator: Any, department: Department, default_set: Any
) -> None:
    from catalogue import domain

    dataset = publish(full_dataset(operator, department), operator)
    scores = {c.pk: c.scale_max for c in default_set.criteria.all()}
    domain.assessment_record(dataset, default_set, "a_priori", scores, by=operator)
    dataset.refresh_from_db()

    graph = dcat.catalogue_graph()

    node = dcat.dataset_uri(dataset, dcat.ExportSettings.from_settings())
    values = {}
    for measurement in graph.objects(node, dcat.DQV.hasQualityMeasurement):
        metric = graph.value(measurement, dcat.DQV.isMeasurementOf)
        values[str(metric).rsplit("#quality-", 1)[-1]] = graph.value(measurement, dcat.DQV.value)
    assert values["metadata-completeness"].toPython() == dataset.completeness
    assert values["overall"].toPython() == 100
    assert {"completeness", "documentation"} <= set(values)
