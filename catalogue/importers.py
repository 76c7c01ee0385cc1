"""Imports of descriptive sheets from a DCAT-AP Turtle file or a CSV/XLSX table.

Every import is all-or-nothing: the whole file is read and checked first, then written in one
transaction through catalogue.domain (history, completeness and search vectors stay right); any
error rolls everything back. A dry run does the same work and always rolls back, which gives
the preview of what would be created or updated. New sheets start as drafts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCAT, RDF, SKOS
from rdflib.plugins.parsers.notation3 import BadSyntax

from catalogue import domain
from catalogue.dcat import (
    ADMS,
    AUTHORITY,
    DCT,
    DPV,
    FREQUENCY_BY_CODE,
    HEALTH,
    LOCN,
    VCARD,
    ExportSettings,
)
from catalogue.models import Dataset, Department, Publication, Vocabulary, VocabularyTerm

SUMMARY_MAX = 1000
MAX_AGE = 130


@dataclass(frozen=True)
class ImportIssue:
    """One problem found in the file. `line` is the spreadsheet line (header = line 1) or the
    dataset's position in a Turtle file; `record` names the row or dataset."""

    line: int | None
    field: str
    message: str
    record: str = ""


@dataclass
class ImportReport:
    dry_run: bool = True
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    errors: list[ImportIssue] = field(default_factory=list)
    warnings: list[ImportIssue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated)

    def error(
        self, message: str, *, line: int | None = None, field: str = "", record: str = ""
    ) -> None:
        self.errors.append(ImportIssue(line, field, message, record))

    def warn(
        self, message: str, *, line: int | None = None, field: str = "", record: str = ""
    ) -> None:
        self.warnings.append(ImportIssue(line, field, message, record))


# --- Turtle -------------------------------------------------------------------------------

# healthdcatap/dcat property -> sheet many-to-many field
VOCABULARY_PROPERTIES: dict[URIRef, str] = {
    DCAT.theme: "themes",
    HEALTH.healthCategory: "health_categories",
    HEALTH.healthTheme: "data_types",
    DCT.conformsTo: "standards",
    HEALTH.hasCodingSystem: "coding_systems",
    DPV.hasPurpose: "purposes",
    DPV.hasLegalBasis: "legal_bases",
}


class _TermIndex:
    """Finds the desk's vocabulary term for a URI: its own URI, a URI this site minted for it,
    or (for concepts described in the file) its skos:notation."""

    def __init__(self, conf: ExportSettings) -> None:
        self.by_uri: dict[tuple[str, str], VocabularyTerm] = {}
        self.by_code: dict[tuple[str, str], VocabularyTerm] = {}
        self.minted = re.compile(
            re.escape(conf.site_url)
            + r"/catalogue/vocabulary/(?P<vocabulary>[\w-]+)/(?P<code>[\w-]+)$"
        )
        for term in VocabularyTerm.objects.all():
            if term.uri:
                self.by_uri[(term.vocabulary, term.uri.rstrip("/"))] = term
            self.by_code[(term.vocabulary, term.code)] = term

    def find(self, vocabulary: str, node: Any, graph: Graph) -> VocabularyTerm | None:
        if isinstance(node, URIRef):
            uri = str(node).rstrip("/")
            if (vocabulary, uri) in self.by_uri:
                return self.by_uri[(vocabulary, uri)]
            minted = self.minted.match(str(node))
            if minted and minted["vocabulary"] == vocabulary:
                return self.by_code.get((vocabulary, minted["code"]))
            if vocabulary == Vocabulary.THEME and uri.startswith(AUTHORITY + "data-theme/"):
                return self.by_code.get((vocabulary, uri.rsplit("/", 1)[-1]))
        for notation in graph.objects(node, SKOS.notation):
            term = self.by_code.get((vocabulary, str(notation)))
            if term is not None:
                return term
        return None


def _texts(graph: Graph, node: Any, predicate: URIRef) -> dict[str, str]:
    """Language -> text ('' for untagged literals); "fr" is preferred to "fr-CA" and the like."""
    found: dict[str, str] = {}
    values = graph.objects(node, predicate)
    for value in sorted(values, key=lambda v: (len(getattr(v, "language", None) or ""), str(v))):
        if isinstance(value, Literal) and str(value).strip():
            found.setdefault((value.language or "").lower()[:2], str(value).strip())
    return found


def _pick(texts: dict[str, str], lang: str, *, fallback: bool) -> str:
    if lang in texts:
        return texts[lang]
    if fallback:
        return texts.get("", "") or next(iter(texts.values()), "")
    return ""


def _first(graph: Graph, node: Any, predicate: URIRef) -> Any:
    return next(iter(sorted(graph.objects(node, predicate), key=str)), None)


def _as_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    python = value.toPython() if isinstance(value, Literal) else value
    if isinstance(python, dt.datetime):
        return python.date()
    if isinstance(python, dt.date):
        return python
    text = str(value)
    for pattern in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            return dt.datetime.strptime(text[: len(pattern) + 2], pattern).date()
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is not a date.") % {"value": text})


def _as_count(value: Any) -> int:
    try:
        number = int(str(value))
    except ValueError:
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from None
    if number < 0:
        raise ValueError(_("Must not be negative (got %(value)s).") % {"value": number})
    return number


class _DatasetReader:
    """Reads one dcat:Dataset node into sheet fields; problems go to the report."""

    def __init__(
        self,
        graph: Graph,
        node: Any,
        position: int,
        terms: _TermIndex,
        report: ImportReport,
        conf: ExportSettings,
    ) -> None:
        self.graph, self.node, self.position = graph, node, position
        self.terms, self.report, self.conf = terms, report, conf
        self.record = str(node) if isinstance(node, URIRef) else f"#{position}"
        self.fields: dict[str, Any] = {}
        self.publications: list[dict[str, Any]] = []
        self.failed = False

    def error(self, field_name: str, message: str) -> None:
        self.failed = True
        self.report.error(message, line=self.position, field=field_name, record=self.record)

    def warn(self, field_name: str, message: str) -> None:
        self.report.warn(message, line=self.position, field=field_name, record=self.record)

    def read(self) -> dict[str, Any] | None:
        self._texts()
        self._identity()
        self._vocabularies()
        self._coverage()
        self._health()
        self._contact()
        self._publications()
        self._check_ranges()
        return None if self.failed else self.fields

    def _texts(self) -> None:
        g, n = self.graph, self.node
        titles = _texts(g, n, DCT.title)
        descriptions = _texts(g, n, DCT.description)
        abstracts = _texts(g, n, DCT.abstract)
        if not titles:
            self.error("dct:title", _("A dataset must have a title (dct:title)."))
        if not descriptions:
            self.error("dct:description", _("A dataset must have a description (dct:description)."))
        if self.failed:
            return
        self.record = _pick(titles, "fr", fallback=True)
        self.fields["title_fr"] = _pick(titles, "fr", fallback=True)[:300]
        if "en" in titles:
            self.fields["title_en"] = titles["en"][:300]
        for lang in ("fr", "en"):
            if lang == "en" and "en" not in descriptions and "en" not in abstracts:
                continue  # an update keeps the English texts the file does not carry
            description = _pick(descriptions, lang, fallback=lang == "fr")
            summary = _pick(abstracts, lang, fallback=lang == "fr") or description
            self.fields[f"summary_{lang}"] = summary[:SUMMARY_MAX]
            self.fields[f"description_{lang}"] = description if description != summary else ""
        keywords = sorted({str(k).strip() for k in g.objects(n, DCAT.keyword) if str(k).strip()})
        self.fields["keywords"] = keywords
        acronym = _first(g, n, SKOS.altLabel)
        if acronym is not None:
            self.fields["acronym"] = str(acronym)[:40]

    def _identity(self) -> None:
        for identifier in self.graph.objects(self.node, ADMS.identifier):
            notation = _first(self.graph, identifier, SKOS.notation)
            if notation is not None and slugify(str(notation)) == str(notation):
                self.fields["slug"] = str(notation)[:120]
                return

    def _vocabularies(self) -> None:
        for predicate, field_name in VOCABULARY_PROPERTIES.items():
            vocabulary = domain.DATASET_VOCAB_FIELDS[field_name]
            found: list[VocabularyTerm] = []
            for value in sorted(self.graph.objects(self.node, predicate), key=str):
                term = self.terms.find(vocabulary, value, self.graph)
                if term is None:
                    self.warn(
                        field_name,
                        _("No term of the desk's vocabulary matches %(uri)s: ignored.")
                        % {"uri": value},
                    )
                elif term not in found:
                    found.append(term)
            if found:
                self.fields[field_name] = found
        self._access_modes()

    def _access_modes(self) -> None:
        modes: list[VocabularyTerm] = []
        by_code = {
            code: t
            for (voc, code), t in self.terms.by_code.items()
            if voc == Vocabulary.ACCESS_MODE
        }
        by_label = {t.label_fr.lower(): t for t in by_code.values()} | {
            t.label_en.lower(): t for t in by_code.values()
        }
        for distribution in self.graph.objects(self.node, DCAT.distribution):
            term = None
            if isinstance(distribution, URIRef) and "#distribution-" in str(distribution):
                term = by_code.get(str(distribution).rsplit("#distribution-", 1)[-1])
            if term is None:
                for title in self.graph.objects(distribution, DCT.title):
                    term = by_label.get(str(title).strip().lower())
                    if term:
                        break
            if term is not None and term not in modes:
                modes.append(term)
        if modes:
            self.fields["access_modes"] = modes

    def _coverage(self) -> None:
        g, n = self.graph, self.node
        for period in g.objects(n, DCT.temporal):
            try:
                start = _as_date(_first(g, period, DCAT.startDate))
                end = _as_date(_first(g, period, DCAT.endDate))
            except ValueError as exc:
                self.error("dct:temporal", str(exc))
                continue
            if start:
                self.fields["inclusion_start"] = start
            if end:
                self.fields["inclusion_end"] = end
            break
        for place in g.objects(n, DCT.spatial):
            names = _texts(g, place, LOCN.geographicName) or _texts(g, place, SKOS.prefLabel)
            if isinstance(place, BNode) and names:
                self.fields["geographic_coverage"] = _pick(names, "fr", fallback=True)[:300]
        frequency = _first(g, n, DCT.accrualPeriodicity)
        if frequency is not None:
            code = str(frequency).rsplit("/", 1)[-1]
            if code in FREQUENCY_BY_CODE:
                self.fields["update_frequency"] = FREQUENCY_BY_CODE[code]
            else:
                self.warn(
                    "dct:accrualPeriodicity",
                    _("Unknown frequency %(uri)s: ignored.") % {"uri": frequency},
                )
        own_pages = self.conf.site_url + "/"
        for page in sorted(g.objects(n, DCAT.landingPage), key=str):
            if isinstance(page, URIRef) and not str(page).startswith(own_pages):
                self.fields["landing_page"] = str(page)[:200]
                break

    def _health(self) -> None:
        g, n = self.graph, self.node
        numbers = {
            HEALTH.minTypicalAge: "min_typical_age",
            HEALTH.maxTypicalAge: "max_typical_age",
            HEALTH.numberOfRecords: "number_of_records",
            HEALTH.numberOfUniqueIndividuals: "number_of_individuals",
        }
        for predicate, field_name in numbers.items():
            value = _first(g, n, predicate)
            if value is None:
                continue
            try:
                self.fields[field_name] = _as_count(value)
            except ValueError as exc:
                self.error(g.namespace_manager.normalizeUri(predicate), str(exc))
        population = _texts(g, n, HEALTH.populationCoverage)
        if population:
            self.fields["population_description"] = _pick(population, "fr", fallback=True)
        retention = _first(g, n, HEALTH.retentionPeriod)
        if retention is not None:
            try:
                start = _as_date(_first(g, retention, DCAT.startDate))
                end = _as_date(_first(g, retention, DCAT.endDate))
            except ValueError as exc:
                self.error("healthdcatap:retentionPeriod", str(exc))
            else:
                if start and end and end > start:
                    self.fields["retention_years"] = max(
                        1, min(100, round((end - start).days / 365.25))
                    )

    def _contact(self) -> None:
        contact = _first(self.graph, self.node, DCAT.contactPoint)
        if contact is None:
            return
        name = _first(self.graph, contact, VCARD.fn)
        if name is not None:
            self.fields["contact_name"] = str(name)[:200]
        email = _first(self.graph, contact, VCARD.hasEmail)
        if email is not None:
            self.fields["contact_email"] = str(email).removeprefix("mailto:")[:254]

    def _publications(self) -> None:
        g = self.graph
        for reference in g.objects(self.node, DCT.isReferencedBy):
            citation = _first(g, reference, DCT.bibliographicCitation) or _first(
                g, reference, DCT.title
            )
            doi = _first(g, reference, DCT.identifier)
            year = _first(g, reference, DCT.issued)
            url = str(reference) if isinstance(reference, URIRef) else ""
            self.publications.append(
                {
                    "citation": str(citation or url or reference),
                    "doi": str(doi or "")[:200],
                    "url": url if not url.startswith("https://doi.org/") else "",
                    "year": int(str(year)[:4])
                    if year is not None and str(year)[:4].isdigit()
                    else None,
                }
            )

    def _check_ranges(self) -> None:
        for problem in sheet_range_problems(self.fields):
            self.error(*problem)


def sheet_range_problems(values: dict[str, Any]) -> list[tuple[str, str]]:
    """(field, message) for out-of-range or inconsistent values, shared by both importers."""
    problems: list[tuple[str, str]] = []
    low, high = values.get("min_typical_age"), values.get("max_typical_age")
    for name, age in (("min_typical_age", low), ("max_typical_age", high)):
        if age is not None and not 0 <= age <= MAX_AGE:
            problems.append(
                (
                    name,
                    _("An age must be between 0 and %(max)s (got %(age)s).")
                    % {"max": MAX_AGE, "age": age},
                )
            )
    if low is not None and high is not None and low > high:
        problems.append(
            (
                "min_typical_age",
                _("The minimum age (%(low)s) is above the maximum age (%(high)s).")
                % {"low": low, "high": high},
            )
        )
    for name in ("number_of_individuals", "number_of_records"):
        count = values.get(name)
        if count is not None and count < 0:
            problems.append(
                (name, _("A count cannot be negative (got %(count)s).") % {"count": count})
            )
    start, end = values.get("inclusion_start"), values.get("inclusion_end")
    if start and end and start > end:
        problems.append(
            (
                "inclusion_start",
                _("The inclusion period starts (%(start)s) after it ends (%(end)s).")
                % {"start": start, "end": end},
            )
        )
    return problems


def _parse_turtle(data: bytes, report: ImportReport) -> Graph | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        report.error(
            _("The file is not UTF-8 text (byte %(pos)s).") % {"pos": exc.start}, field="file"
        )
        return None
    graph = Graph()
    try:
        graph.parse(data=text, format="turtle")
    except BadSyntax as exc:
        line = getattr(exc, "lines", 0) + 1
        why = getattr(exc, "_why", "") or str(exc)
        report.error(
            _("Malformed Turtle at line %(line)s: %(why)s") % {"line": line, "why": why},
            line=line,
            field="file",
        )
        return None
    except Exception as exc:  # rdflib raises a variety of errors for bad prefixes, IRIs, literals
        report.error(_("Malformed Turtle: %(error)s") % {"error": exc}, field="file")
        return None
    return graph


def _department_for(
    graph: Graph, node: Any, default: Department | None, departments: dict[str, Department]
) -> Department | None:
    """The department named by the dataset's dct:creator (our own exports carry its code)."""
    for creator in graph.objects(node, DCT.creator):
        for code in graph.objects(creator, SKOS.notation):
            if str(code) in departments:
                return departments[str(code)]
    return default


def import_dcat_turtle(
    data: bytes, *, by: Any, department: Department | None, dry_run: bool = False
) -> ImportReport:
    """Create (as drafts) or update the datasets a DCAT-AP Turtle file describes.

    A dataset whose adms:identifier notation is the slug of an existing sheet updates that sheet;
    any other becomes a new draft in `department` (or the department its dct:creator names)."""
    report = ImportReport(dry_run=dry_run)
    graph = _parse_turtle(data, report)
    if graph is None:
        return report
    nodes = sorted(set(graph.subjects(RDF.type, DCAT.Dataset)), key=str)
    if not nodes:
        report.error(_("The file describes no dataset (no node typed dcat:Dataset)."), field="file")
        return report
    conf = ExportSettings.from_settings()
    terms = _TermIndex(conf)
    departments = {d.code: d for d in Department.objects.all()}
    readers = []
    for position, node in enumerate(nodes, 1):
        reader = _DatasetReader(graph, node, position, terms, report, conf)
        fields = reader.read()
        target = _department_for(graph, node, department, departments)
        if (
            fields is not None
            and target is None
            and not Dataset.objects.filter(slug=fields.get("slug", "")).exists()
        ):
            reader.error("department", _("Choose the department the new datasets belong to."))
        readers.append((reader, fields, target))
    _check_duplicates(
        [(r.position, f.get("slug", "")) for r, f, _t in readers if f is not None], report
    )
    if not report.ok:
        return report
    _write(readers, by=by, report=report)
    return report


def _check_duplicates(slugs: list[tuple[int, str]], report: ImportReport) -> None:
    """Two entries of one file must not describe the same sheet."""
    first_seen: dict[str, int] = {}
    for line, slug in slugs:
        if not slug:
            continue
        if slug in first_seen:
            report.error(
                _("Same identifier “%(slug)s” as entry %(first)s.")
                % {"slug": slug, "first": first_seen[slug]},
                line=line,
                field="slug",
            )
        else:
            first_seen[slug] = line


def _write(
    readers: Iterable[tuple[_DatasetReader, dict[str, Any] | None, Department | None]],
    *,
    by: Any,
    report: ImportReport,
) -> None:
    with transaction.atomic():
        for reader, fields, target in readers:
            assert fields is not None
            try:
                _save_one(reader, fields, target, by=by, report=report)
            except ValidationError as exc:
                for name, messages in _error_items(exc):
                    reader.error(name, " ".join(messages))
            except PermissionDenied as exc:
                reader.error(
                    "department", str(exc) or _("You may not import into this department.")
                )
        if report.dry_run or not report.ok:
            transaction.set_rollback(True)


def _save_one(
    reader: _DatasetReader,
    fields: dict[str, Any],
    target: Department | None,
    *,
    by: Any,
    report: ImportReport,
) -> None:
    existing = (
        Dataset.objects.filter(slug=fields.get("slug", "")).first() if fields.get("slug") else None
    )
    if existing is not None:
        changes = {k: v for k, v in fields.items() if k != "slug"}
        dataset = domain.dataset_update(existing, by=by, changes=changes)
        report.updated.append(f"{dataset.title_fr} ({dataset.slug})")
    else:
        dataset = domain.dataset_create(by=by, department=target, **fields)
        report.created.append(f"{dataset.title_fr} ({dataset.slug})")
    known = set(dataset.publications.values_list("citation", flat=True))
    for publication in reader.publications:
        if publication["citation"] not in known:
            Publication.objects.create(dataset=dataset, **publication)


def _error_items(exc: ValidationError) -> list[tuple[str, list[str]]]:
    if hasattr(exc, "error_dict"):
        return [
            (name, [str(m) for m in ValidationError(errors).messages])
            for name, errors in exc.error_dict.items()
        ]
    return [("", [str(m) for m in exc.messages])]


# --- CSV / XLSX ---------------------------------------------------------------------------


def import_dataset_table(
    data: bytes,
    *,
    file_format: str,
    by: Any,
    department: Department | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Create (as drafts) or update sheets from a CSV or XLSX table (one row per dataset).

    Columns are the DatasetResource fields; a row whose slug names an existing sheet updates it.
    `department` fills a missing or empty department column."""
    from catalogue.resources import DatasetResource, load_table

    report = ImportReport(dry_run=dry_run)
    table = load_table(data, file_format, report)
    if table is None:
        return report
    resource = DatasetResource(user=by, default_department=department)
    unknown = resource.unknown_columns(table.headers)
    if unknown:
        report.error(
            _("Unknown columns: %(columns)s. Download the template for the expected columns.")
            % {"columns": ", ".join(unknown)},
            line=1,
            field="file",
        )
        return report
    if len(table) == 0:
        report.error(_("The file has a header line but no data rows."), field="file")
        return report
    slug_column = table.get_col(table.headers.index("slug"))
    _check_duplicates([(n + 2, str(v or "").strip()) for n, v in enumerate(slug_column)], report)
    if not report.ok:
        return report
    # A dry run first, always: nothing is written unless every row is valid.
    result = resource.import_data(
        table, dry_run=True, use_transactions=True, rollback_on_validation_errors=True
    )
    resource.collect(result, report)
    if dry_run or not report.ok:
        return report
    report.created.clear()
    report.updated.clear()
    resource = DatasetResource(user=by, default_department=department)
    result = resource.import_data(
        table, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
    )
    resource.collect(result, report)
    return report
