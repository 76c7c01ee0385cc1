"""DCAT-AP 3 export of the published catalogue, with the HealthDCAT-AP health properties.

The graph targets the national EHDS catalogue (HealthDCAT-AP, a DCAT-AP extension). Every value
node carries its own rdf:type triple and, for EU authority tables, its skos:inScheme: harvesters
and the SHACL shapes validate offline, without dereferencing any vocabulary.

Deployment-specific facts (who publishes, which health data access body) come from optional
settings, with defaults suited to a French hospital desk:
  DCAT_PUBLISHER_NAME (default DESK_NAME), DCAT_PUBLISHER_TYPE (ADMS publisher type code),
  DCAT_COUNTRY (EU country code), DCAT_METADATA_LICENSE (EU licence code),
  DCAT_HDAB_NAME / DCAT_HDAB_URI (empty URI: no healthdcatap:hdab).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Max, Prefetch, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD, DefinedNamespace

from catalogue.models import (
    Assessment,
    Dataset,
    DatasetStatus,
    Publication,
    QualityDimension,
    UpdateFrequency,
    Vocabulary,
    VocabularyTerm,
)
from catalogue.quality import assessment_summary, latest_a_priori

DCT = DCTERMS
ADMS = Namespace("http://www.w3.org/ns/adms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
HEALTH = Namespace("http://healthdataportal.eu/ns/health#")
DPV = Namespace("https://w3id.org/dpv#")
DPV_PD = Namespace("https://w3id.org/dpv/pd#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
PROV = Namespace("http://www.w3.org/ns/prov#")
TIME = Namespace("http://www.w3.org/2006/time#")
DQV = Namespace("http://www.w3.org/ns/dqv#")

AUTHORITY = "http://publications.europa.eu/resource/authority/"
ADMS_PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"

# rdflib's own vocabularies (DCAT, DCTERMS...) are DefinedNamespace classes, not Namespace objects.
PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "dcat": DCAT,
    "dct": DCT,
    "foaf": FOAF,
    "skos": SKOS,
    "xsd": XSD,
    "rdfs": RDFS,
    "adms": ADMS,
    "vcard": VCARD,
    "dcatap": DCATAP,
    "healthdcatap": HEALTH,
    "dpv": DPV,
    "dpv-pd": DPV_PD,
    "eli": ELI,
    "locn": LOCN,
    "time": TIME,
    "dqv": DQV,
    "prov": PROV,
}

# EU frequency authority table (http://publications.europa.eu/resource/authority/frequency).
FREQUENCY_CODES: dict[str, str] = {
    UpdateFrequency.CONTINUOUS: "UPDATE_CONT",
    UpdateFrequency.DAILY: "DAILY",
    UpdateFrequency.WEEKLY: "WEEKLY",
    UpdateFrequency.MONTHLY: "MONTHLY",
    UpdateFrequency.QUARTERLY: "QUARTERLY",
    UpdateFrequency.ANNUAL: "ANNUAL",
    UpdateFrequency.IRREGULAR: "IRREG",
    UpdateFrequency.NEVER: "NEVER",
}
FREQUENCY_BY_CODE = {code: value for value, code in FREQUENCY_CODES.items()}

# Regulations every shared health dataset falls under (ELI identifiers).
EHDS_REGULATION = "http://data.europa.eu/eli/reg/2025/327/oj"
GDPR_REGULATION = "http://data.europa.eu/eli/reg/2016/679/oj"
LEGISLATION_TITLES = {
    EHDS_REGULATION: "Regulation (EU) 2025/327 on the European Health Data Space",
    GDPR_REGULATION: "Regulation (EU) 2016/679 (General Data Protection Regulation)",
}

# English labels of the authority concepts we emit, so the graph reads well offline.
AUTHORITY_LABELS = {
    ("language", "FRA"): "French",
    ("language", "ENG"): "English",
    ("country", "FRA"): "France",
    ("licence", "CC_BY_4_0"): "Creative Commons Attribution 4.0 International",
    ("access-right", "NON_PUBLIC"): "Non-public",
    ("access-right", "RESTRICTED"): "Restricted",
    ("frequency", "UPDATE_CONT"): "Continuously updated",
    ("frequency", "DAILY"): "Daily",
    ("frequency", "WEEKLY"): "Weekly",
    ("frequency", "MONTHLY"): "Monthly",
    ("frequency", "QUARTERLY"): "Quarterly",
    ("frequency", "ANNUAL"): "Annual",
    ("frequency", "IRREG"): "Irregular",
    ("frequency", "NEVER"): "Never",
}

SCHEME_TITLES = {
    "data-theme": "Data theme",
    "frequency": "Frequency",
    "access-right": "Access right",
    "language": "Language",
    "country": "Country",
    "licence": "Licence",
}

M2M_PREFETCH = (
    "themes",
    "health_categories",
    "data_types",
    "standards",
    "coding_systems",
    "legal_bases",
    "purposes",
    "access_modes",
)


@dataclass(frozen=True)
class ExportSettings:
    site_url: str
    publisher_name: str
    publisher_type: str
    country: str
    metadata_license: str
    hdab_name: str
    hdab_uri: str

    @classmethod
    def from_settings(cls) -> ExportSettings:
        return cls(
            site_url=settings.SITE_URL.rstrip("/"),
            publisher_name=getattr(settings, "DCAT_PUBLISHER_NAME", "") or settings.DESK_NAME,
            publisher_type=getattr(
                settings, "DCAT_PUBLISHER_TYPE", "Academia-ScientificOrganisation"
            ),
            country=getattr(settings, "DCAT_COUNTRY", "FRA"),
            metadata_license=getattr(settings, "DCAT_METADATA_LICENSE", "CC_BY_4_0"),
            hdab_name=getattr(
                settings, "DCAT_HDAB_NAME", "Plateforme des données de santé (Health Data Hub)"
            ),
            hdab_uri=getattr(settings, "DCAT_HDAB_URI", "https://www.health-data-hub.fr/"),
        )


def published_datasets() -> QuerySet[Dataset]:
    """The published datasets with everything the export reads, in a fixed number of queries."""
    return (
        Dataset.objects.published()
        .select_related("department")
        .prefetch_related(
            *M2M_PREFETCH,
            Prefetch("publications", queryset=Publication.objects.order_by("-year", "pk")),
        )
        .order_by("slug")
    )


def catalogue_last_modified() -> dt.datetime | None:
    return Dataset.objects.published().aggregate(last=Max("updated_at"))["last"]


def catalogue_fingerprint() -> str:
    """Changes whenever a published sheet changes or the published set grows or shrinks."""
    stats = Dataset.objects.published().aggregate(last=Max("updated_at"), n=Max("pk"))
    count = Dataset.objects.published().count()
    last = stats["last"].isoformat() if stats["last"] else "none"
    return f"{count}-{stats['n'] or 0}-{last}"


def _path(name: str, fallback: str, **kwargs: str) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return fallback


def catalogue_page_url(conf: ExportSettings) -> str:
    return conf.site_url + _path("catalogue:dataset-list", "/catalogue/")


def dataset_page_url(dataset: Dataset, conf: ExportSettings) -> str:
    path = _path("catalogue:dataset-detail", f"/catalogue/{dataset.slug}/", slug=dataset.slug)
    return conf.site_url + path


def dataset_uri(dataset: Dataset, conf: ExportSettings) -> URIRef:
    return URIRef(dataset_page_url(dataset, conf) + "#dataset")


def vocabulary_term_uri(term: VocabularyTerm, conf: ExportSettings) -> URIRef:
    """The term's own URI, or one minted on this site for the desk's local terms."""
    if term.uri:
        return URIRef(term.uri)
    return URIRef(f"{conf.site_url}/catalogue/vocabulary/{term.vocabulary}/{term.code}")


def local_scheme_uri(vocabulary: str, conf: ExportSettings) -> URIRef:
    return URIRef(f"{conf.site_url}/catalogue/vocabulary/{vocabulary}")


def dimension_label(code: str, language: str) -> str:
    with translation.override(language):
        return str(dict(QualityDimension.choices).get(code, code))


def keyword_language(keyword: str, dataset: Dataset) -> str:
    """The sheet stores keywords without a language; a keyword found only in the English texts
    is tagged English, any other takes the desk's language (French by default)."""
    default = (settings.LANGUAGE_CODE or "fr")[:2]
    if default == "en":
        return default
    needle = keyword.casefold()
    english = " ".join((dataset.title_en, dataset.summary_en, dataset.description_en)).casefold()
    french = " ".join((dataset.title_fr, dataset.summary_fr, dataset.description_fr)).casefold()
    if re.search(rf"\b{re.escape(needle)}\b", english) and not re.search(
        rf"\b{re.escape(needle)}\b", french
    ):
        return "en"
    return default


class CatalogueGraphBuilder:
    """Builds one graph; value nodes shared between datasets are described once."""

    def __init__(self, conf: ExportSettings | None = None) -> None:
        self.conf = conf or ExportSettings.from_settings()
        self.graph = Graph()
        for prefix, namespace in PREFIXES.items():
            self.graph.bind(prefix, namespace)
        self._described: set[URIRef] = set()
        self.assessments: dict[int, Assessment] = {}
        self.catalogue = URIRef(catalogue_page_url(self.conf) + "#catalogue")
        self.publisher = URIRef(self.conf.site_url + "/#publisher")

    # -- small helpers ---------------------------------------------------------------------
    def add(self, subject: URIRef | BNode, predicate: URIRef, value: object) -> None:
        self.graph.add((subject, predicate, value))  # type: ignore[arg-type]

    def text(self, subject: URIRef | BNode, predicate: URIRef, value: str, lang: str) -> None:
        if value and value.strip():
            self.add(subject, predicate, Literal(value.strip(), lang=lang))

    def once(self, node: URIRef) -> bool:
        """True the first time a shared node is met, so it is described only once."""
        if node in self._described:
            return False
        self._described.add(node)
        return True

    def scheme(self, uri: URIRef, title: str) -> URIRef:
        if self.once(uri):
            self.add(uri, RDF.type, SKOS.ConceptScheme)
            self.add(uri, DCT.title, Literal(title, lang="en"))
        return uri

    def authority(self, table: str, code: str, *types: URIRef) -> URIRef:
        """A concept of an EU Publications Office authority table, typed for offline checks."""
        uri = URIRef(f"{AUTHORITY}{table}/{code}")
        if self.once(uri):
            scheme = self.scheme(URIRef(AUTHORITY + table), SCHEME_TITLES.get(table, table))
            self.add(uri, RDF.type, SKOS.Concept)
            for rdf_type in types:
                self.add(uri, RDF.type, rdf_type)
            self.add(uri, SKOS.inScheme, scheme)
            label = AUTHORITY_LABELS.get((table, code), code)
            self.add(uri, SKOS.prefLabel, Literal(label, lang="en"))
        return uri

    def concept(self, term: VocabularyTerm, *types: URIRef) -> URIRef:
        uri = vocabulary_term_uri(term, self.conf)
        if self.once(uri):
            self.add(uri, RDF.type, SKOS.Concept)
            for rdf_type in types:
                self.add(uri, RDF.type, rdf_type)
            self.text(uri, SKOS.prefLabel, term.label_fr, "fr")
            self.text(uri, SKOS.prefLabel, term.label_en, "en")
            self.add(uri, SKOS.notation, Literal(term.code))
            if term.vocabulary == Vocabulary.THEME and str(uri).startswith(AUTHORITY):
                self.add(
                    uri, SKOS.inScheme, self.scheme(URIRef(AUTHORITY + "data-theme"), "Data theme")
                )
            else:
                scheme = local_scheme_uri(term.vocabulary, self.conf)
                self.add(
                    uri, SKOS.inScheme, self.scheme(scheme, str(term.get_vocabulary_display()))
                )
        return uri

    def standard(self, term: VocabularyTerm) -> URIRef:
        uri = vocabulary_term_uri(term, self.conf)
        if self.once(uri):
            self.add(uri, RDF.type, DCT.Standard)
            self.text(uri, DCT.title, term.label_fr, "fr")
            self.text(uri, DCT.title, term.label_en, "en")
            self.add(uri, SKOS.notation, Literal(term.code))
        return uri

    def legal_resource(self, uri: str) -> URIRef:
        node = URIRef(uri)
        if self.once(node):
            self.add(node, RDF.type, ELI.LegalResource)
            self.add(node, DCT.title, Literal(LEGISLATION_TITLES[uri], lang="en"))
        return node

    def document(self, url: str) -> URIRef:
        node = URIRef(url)
        if self.once(node):
            self.add(node, RDF.type, FOAF.Document)
        return node

    def language(self, code: str) -> URIRef:
        return self.authority("language", code, DCT.LinguisticSystem)

    def country(self) -> URIRef:
        return self.authority("country", self.conf.country, DCT.Location)

    # -- the catalogue ---------------------------------------------------------------------
    def add_publisher(self) -> URIRef:
        node = self.publisher
        if self.once(node):
            self.add(node, RDF.type, FOAF.Agent)
            self.add(node, RDF.type, FOAF.Organization)
            self.add(node, FOAF.name, Literal(self.conf.publisher_name))
            kind = URIRef(ADMS_PUBLISHER_TYPE + self.conf.publisher_type)
            scheme = self.scheme(URIRef(ADMS_PUBLISHER_TYPE + "1.0"), "Publisher type")
            self.add(kind, RDF.type, SKOS.Concept)
            self.add(kind, SKOS.inScheme, scheme)
            self.add(kind, SKOS.prefLabel, Literal(self.conf.publisher_type, lang="en"))
            self.add(node, DCT.type, kind)
            self.add(node, HEALTH.publisherType, kind)
            self.add(node, FOAF.homepage, self.document(self.conf.site_url + "/"))
        return node

    def add_hdab(self) -> URIRef | None:
        if not self.conf.hdab_uri:
            return None
        node = URIRef(self.conf.hdab_uri)
        if self.once(node):
            self.add(node, RDF.type, FOAF.Agent)
            self.add(node, RDF.type, FOAF.Organization)
            self.add(node, FOAF.name, Literal(self.conf.hdab_name))
        return node

    def add_catalogue(self, datasets: Iterable[Dataset], modified: dt.datetime | None) -> URIRef:
        node = self.catalogue
        name = settings.DESK_NAME
        self.add(node, RDF.type, DCAT.Catalog)
        self.add(node, DCT.title, Literal(f"{name} — catalogue des données de santé", lang="fr"))
        self.add(node, DCT.title, Literal(f"{name} — health data catalogue", lang="en"))
        self.add(
            node,
            DCT.description,
            Literal(
                "Bases de données de santé que l'établissement peut partager pour la recherche "
                "et l'innovation, décrites par une fiche descriptive type.",
                lang="fr",
            ),
        )
        self.add(
            node,
            DCT.description,
            Literal(
                "Health databases the institution can share for research and innovation, each "
                "described by a standard descriptive sheet.",
                lang="en",
            ),
        )
        self.add(node, DCT.publisher, self.add_publisher())
        self.add(node, FOAF.homepage, self.document(catalogue_page_url(self.conf)))
        self.add(node, DCT.language, self.language("FRA"))
        self.add(node, DCT.language, self.language("ENG"))
        self.add(node, DCT.spatial, self.country())
        self.add(
            node,
            DCT.license,
            self.authority("licence", self.conf.metadata_license, DCT.LicenseDocument),
        )
        self.add(
            node, DCAT.themeTaxonomy, self.scheme(URIRef(AUTHORITY + "data-theme"), "Data theme")
        )
        self.add(node, DCATAP.applicableLegislation, self.legal_resource(EHDS_REGULATION))
        if modified is not None:
            self.add(
                node, DCT.modified, Literal(modified.replace(microsecond=0), datatype=XSD.dateTime)
            )
        datasets = list(datasets)
        self.assessments = latest_a_priori([d.pk for d in datasets])
        for dataset in datasets:
            self.add(node, DCAT.dataset, self.add_dataset(dataset))
        return node

    # -- one dataset -------------------------------------------------------------------------
    def add_dataset(self, dataset: Dataset) -> URIRef:
        node = dataset_uri(dataset, self.conf)
        page = dataset_page_url(dataset, self.conf)
        self.add(node, RDF.type, DCAT.Dataset)
        self._describe_texts(node, dataset)
        self.add(node, DCT.identifier, Literal(str(node)))
        identifier = BNode()
        self.add(identifier, RDF.type, ADMS.Identifier)
        self.add(identifier, SKOS.notation, Literal(dataset.slug))
        self.add(node, ADMS.identifier, identifier)
        self.add(node, DCT.publisher, self.add_publisher())
        self.add(node, DCT.creator, self._department(dataset))
        self.add(node, DCAT.landingPage, self.document(page))
        if dataset.landing_page:
            self.add(node, DCAT.landingPage, self.document(dataset.landing_page))
        self.add(node, DCT.language, self.language("FRA"))
        if dataset.published_at:
            self.add(node, DCT.issued, Literal(dataset.published_at.date(), datatype=XSD.date))
        self.add(
            node,
            DCT.modified,
            Literal(dataset.updated_at.replace(microsecond=0), datatype=XSD.dateTime),
        )
        self._describe_contact(node, dataset)
        self._describe_coverage(node, dataset)
        self._describe_vocabularies(node, dataset)
        self._describe_rights(node, dataset)
        self._describe_health(node, dataset)
        self._describe_publications(node, dataset)
        self._describe_distributions(node, dataset, page)
        self._describe_quality(node, dataset)
        return node

    def _describe_texts(self, node: URIRef, dataset: Dataset) -> None:
        self.text(node, DCT.title, dataset.title_fr, "fr")
        self.text(node, DCT.title, dataset.title_en, "en")
        self.text(node, DCT.description, dataset.description_fr or dataset.summary_fr, "fr")
        self.text(node, DCT.description, dataset.description_en or dataset.summary_en, "en")
        # dct:abstract keeps the short summary apart, so a re-import restores both texts.
        self.text(node, DCT.abstract, dataset.summary_fr, "fr")
        self.text(node, DCT.abstract, dataset.summary_en, "en")
        if dataset.acronym:
            self.add(node, SKOS.altLabel, Literal(dataset.acronym))
        for keyword in dataset.keywords or []:
            if isinstance(keyword, str) and keyword.strip():
                language = keyword_language(keyword.strip(), dataset)
                self.add(node, DCAT.keyword, Literal(keyword.strip(), lang=language))

    def _department(self, dataset: Dataset) -> URIRef:
        department = dataset.department
        node = URIRef(f"{catalogue_page_url(self.conf)}#department-{department.code}")
        if self.once(node):
            self.add(node, RDF.type, FOAF.Agent)
            self.add(node, RDF.type, FOAF.Organization)
            self.add(node, FOAF.name, Literal(department.name))
            self.add(node, SKOS.notation, Literal(department.code))
        return node

    def _describe_contact(self, node: URIRef, dataset: Dataset) -> None:
        if not (dataset.contact_name or dataset.contact_email):
            return
        contact = BNode()
        self.add(contact, RDF.type, VCARD.Kind)
        self.add(contact, RDF.type, VCARD.Organization)
        self.add(contact, VCARD.fn, Literal(dataset.contact_name or dataset.department.name))
        if dataset.contact_email:
            self.add(contact, VCARD.hasEmail, URIRef(f"mailto:{dataset.contact_email}"))
        self.add(node, DCAT.contactPoint, contact)

    def _describe_coverage(self, node: URIRef, dataset: Dataset) -> None:
        self.add(node, DCT.spatial, self.country())
        if dataset.geographic_coverage:
            place = BNode()
            self.add(place, RDF.type, DCT.Location)
            self.add(place, LOCN.geographicName, Literal(dataset.geographic_coverage, lang="fr"))
            self.add(node, DCT.spatial, place)
        if dataset.inclusion_start or dataset.inclusion_end:
            period = BNode()
            self.add(period, RDF.type, DCT.PeriodOfTime)
            if dataset.inclusion_start:
                self.add(
                    period, DCAT.startDate, Literal(dataset.inclusion_start, datatype=XSD.date)
                )
            if dataset.inclusion_end:
                self.add(period, DCAT.endDate, Literal(dataset.inclusion_end, datatype=XSD.date))
            self.add(node, DCT.temporal, period)
        if dataset.update_frequency in FREQUENCY_CODES:
            frequency = self.authority(
                "frequency", FREQUENCY_CODES[dataset.update_frequency], DCT.Frequency
            )
            self.add(node, DCT.accrualPeriodicity, frequency)

    def _describe_vocabularies(self, node: URIRef, dataset: Dataset) -> None:
        for term in dataset.themes.all():
            self.add(node, DCAT.theme, self.concept(term))
        for term in dataset.health_categories.all():
            self.add(node, HEALTH.healthCategory, self.concept(term))
        # The sheet's data types (EHR, imaging, omics...) are the structured tags HealthDCAT-AP
        # calls health themes.
        for term in dataset.data_types.all():
            self.add(node, HEALTH.healthTheme, self.concept(term))
        for term in dataset.standards.all():
            if term.code != "none":
                self.add(node, DCT.conformsTo, self.standard(term))
        for term in dataset.coding_systems.all():
            self.add(node, HEALTH.hasCodingSystem, self.standard(term))
        for term in dataset.purposes.all():
            self.add(node, DPV.hasPurpose, self.concept(term, DPV.Purpose))
        for term in dataset.legal_bases.all():
            self.add(node, DPV.hasLegalBasis, self.concept(term, DPV.LegalBasis))
        self.add(node, DCATAP.applicableLegislation, self.legal_resource(EHDS_REGULATION))
        self.add(node, DCATAP.applicableLegislation, self.legal_resource(GDPR_REGULATION))

    def _describe_rights(self, node: URIRef, dataset: Dataset) -> None:
        # Health data about persons is never open: NON_PUBLIC unless the sheet says anonymised.
        code = "RESTRICTED" if dataset.is_anonymised else "NON_PUBLIC"
        self.add(node, DCT.accessRights, self.authority("access-right", code, DCT.RightsStatement))
        if not dataset.is_anonymised:
            for category in self._personal_data(dataset):
                self.add(node, DPV.hasPersonalData, category)

    def _personal_data(self, dataset: Dataset) -> list[URIRef]:
        codes = {term.code for term in dataset.data_types.all()}
        categories = [DPV_PD.MedicalHealth]
        if codes & {"omics", "biobank"}:
            categories.append(DPV_PD.Genetic)
        for category in categories:
            if self.once(category):
                self.add(category, RDF.type, DPV.SpecialCategoryPersonalData)
                self.add(category, RDFS.label, Literal(category.split("#")[-1], lang="en"))
        return categories

    def _describe_health(self, node: URIRef, dataset: Dataset) -> None:
        counts = {
            HEALTH.minTypicalAge: dataset.min_typical_age,
            HEALTH.maxTypicalAge: dataset.max_typical_age,
            HEALTH.numberOfRecords: dataset.number_of_records,
            HEALTH.numberOfUniqueIndividuals: dataset.number_of_individuals,
        }
        for predicate, value in counts.items():
            if value is not None:
                self.add(node, predicate, Literal(value, datatype=XSD.nonNegativeInteger))
        self.text(node, HEALTH.populationCoverage, dataset.population_description, "fr")
        hdab = self.add_hdab()
        if hdab is not None:
            self.add(node, HEALTH.hdab, hdab)
        if dataset.retention_years:
            self.add(node, HEALTH.retentionPeriod, self._retention(dataset))

    def _retention(self, dataset: Dataset) -> BNode:
        """HealthDCAT-AP wants a dated period: it runs from first publication (or creation)."""
        start = (dataset.published_at or dataset.created_at).date()
        years = dataset.retention_years or 0
        try:
            end = start.replace(year=start.year + years)
        except ValueError:  # 29 February
            end = start.replace(year=start.year + years, day=28)
        period = BNode()
        self.add(period, RDF.type, DCT.PeriodOfTime)
        self.add(period, DCAT.startDate, Literal(start, datatype=XSD.date))
        self.add(period, DCAT.endDate, Literal(end, datatype=XSD.date))
        self.add(period, RDFS.comment, Literal(f"Durée de conservation : {years} ans", lang="fr"))
        self.add(period, RDFS.comment, Literal(f"Retention period: {years} years", lang="en"))
        return period

    def _describe_publications(self, node: URIRef, dataset: Dataset) -> None:
        for publication in dataset.publications.all():
            url = publication.url or (
                f"https://doi.org/{publication.doi}" if publication.doi else ""
            )
            reference: URIRef | BNode = URIRef(url) if url else BNode()
            self.add(reference, RDF.type, DCT.BibliographicResource)
            self.add(reference, DCT.bibliographicCitation, Literal(publication.citation))
            if publication.doi:
                self.add(reference, DCT.identifier, Literal(publication.doi))
            if publication.year:
                self.add(reference, DCT.issued, Literal(str(publication.year), datatype=XSD.gYear))
            self.add(node, DCT.isReferencedBy, reference)

    def _describe_distributions(self, node: URIRef, dataset: Dataset, page: str) -> None:
        """One distribution per access mode; none is a download, all go through the desk."""
        access_page = URIRef(page)
        conditions = self._conditions(dataset)
        for term in dataset.access_modes.all():
            distribution = URIRef(f"{page}#distribution-{term.code}")
            self.add(distribution, RDF.type, DCAT.Distribution)
            self.text(distribution, DCT.title, term.label_fr, "fr")
            self.text(distribution, DCT.title, term.label_en, "en")
            self.add(
                distribution,
                DCT.description,
                Literal(
                    f"Accès « {term.label_fr} » sur demande auprès du guichet. {conditions['fr']}",
                    lang="fr",
                ),
            )
            self.add(
                distribution,
                DCT.description,
                Literal(
                    f"“{term.label_en}” access on request to the desk. {conditions['en']}",
                    lang="en",
                ),
            )
            self.add(distribution, DCAT.accessURL, access_page)
            rights = BNode()
            self.add(rights, RDF.type, DCT.RightsStatement)
            self.add(rights, RDFS.label, Literal(conditions["fr"], lang="fr"))
            self.add(rights, RDFS.label, Literal(conditions["en"], lang="en"))
            self.add(distribution, DCT.rights, rights)
            for standard in dataset.standards.all():
                if standard.code != "none":
                    self.add(distribution, DCT.conformsTo, self.standard(standard))
            self.add(node, DCAT.distribution, distribution)

    # -- quality (W3C Data Quality Vocabulary) ---------------------------------------------
    def _metric(self, code: str, label_en: str, label_fr: str) -> URIRef:
        metric = URIRef(f"{catalogue_page_url(self.conf)}#quality-{code}")
        if self.once(metric):
            self.add(metric, RDF.type, DQV.Metric)
            self.add(metric, SKOS.prefLabel, Literal(label_en, lang="en"))
            self.add(metric, SKOS.prefLabel, Literal(label_fr, lang="fr"))
            self.add(metric, DQV.expectedDataType, XSD.decimal)
            dimension = URIRef(f"{catalogue_page_url(self.conf)}#dimension-{code}")
            self.add(dimension, RDF.type, DQV.Dimension)
            self.add(dimension, SKOS.prefLabel, Literal(label_en, lang="en"))
            self.add(metric, DQV.inDimension, dimension)
        return metric

    def _measure(self, node: URIRef, metric: URIRef, percent: Decimal, when: Any) -> None:
        measurement = BNode()
        self.add(measurement, RDF.type, DQV.QualityMeasurement)
        self.add(measurement, DQV.computedOn, node)
        self.add(measurement, DQV.isMeasurementOf, metric)
        self.add(measurement, DQV.value, Literal(percent, datatype=XSD.decimal))
        if when is not None:
            self.add(
                measurement,
                PROV.generatedAtTime,
                Literal(when.replace(microsecond=0), datatype=XSD.dateTime),
            )
        self.add(node, DQV.hasQualityMeasurement, measurement)

    def _describe_quality(self, node: URIRef, dataset: Dataset) -> None:
        """The completeness of the sheet and the desk's latest a priori quality grades (%)."""
        completeness = self._metric(
            "metadata-completeness", "Metadata completeness (%)", "Complétude de la fiche (%)"
        )
        self._measure(node, completeness, dataset.completeness, dataset.updated_at)
        assessment = self.assessments.get(dataset.pk)
        if assessment is None:
            return
        summary = assessment_summary(assessment)
        overall = self._metric(
            "overall", "Overall quality score (%)", "Score de qualité global (%)"
        )
        self._measure(node, overall, summary.overall, assessment.assessed_at)
        for code, _label, percent in summary.dimensions:
            metric = self._metric(
                code, f"{dimension_label(code, 'en')} (%)", f"{dimension_label(code, 'fr')} (%)"
            )
            self._measure(node, metric, percent, assessment.assessed_at)

    @staticmethod
    def _conditions(dataset: Dataset) -> dict[str, str]:
        fr = ["Accès après instruction de la demande et signature d'un contrat."]
        en = ["Access after review of the request and a signed contract."]
        facts = [
            (dataset.is_anonymised, "Données anonymisées.", "Anonymised data."),
            (dataset.is_pseudonymised, "Données pseudonymisées.", "Pseudonymised data."),
            (
                dataset.synthetic_version_available,
                "Version synthétique disponible.",
                "Synthetic version available.",
            ),
            (dataset.patients_informed, "Patients informés.", "Patients informed."),
            (dataset.consent_collected, "Consentement recueilli.", "Consent collected."),
            (
                dataset.opposition_register_handled,
                "Oppositions des patients prises en compte.",
                "Patient objections (opt-out) honoured.",
            ),
            (dataset.hds_certified_host, "Hébergeur certifié HDS.", "HDS-certified host."),
        ]
        for flag, text_fr, text_en in facts:
            if flag:
                fr.append(text_fr)
                en.append(text_en)
        return {"fr": " ".join(fr), "en": " ".join(en)}


def catalogue_graph(datasets: Iterable[Dataset] | None = None) -> Graph:
    """The DCAT-AP graph of the published catalogue (drafts and archived sheets never appear)."""
    builder = CatalogueGraphBuilder()
    chosen = published_datasets() if datasets is None else datasets
    builder.add_catalogue(chosen, catalogue_last_modified())
    return builder.graph


def dataset_graph(dataset: Dataset) -> Graph:
    """One published dataset on its own, with its publisher and value nodes."""
    if dataset.status != DatasetStatus.PUBLISHED:
        raise ValueError("Only published datasets are exported.")
    builder = CatalogueGraphBuilder()
    builder.add_dataset(dataset)
    return builder.graph


def serialize(graph: Graph, fmt: str) -> bytes:
    """fmt is "turtle" or "json-ld"."""
    if fmt == "json-ld":
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, indent=2).encode("utf-8")
    return graph.serialize(format="turtle").encode("utf-8")
