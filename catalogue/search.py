"""Catalogue full-text search.

PostgreSQL: a stored, weighted tsvector per dataset (GIN index, `french_unaccent` configuration
from migration 0003: French stemming, accents ignored), queried with `websearch_to_tsquery` so
requesters can type quotes, `or` and `-word` as on a web search engine, and ranked by ts_rank.

SQLite (the embedded default): no full-text engine is configured, so the search folds case and
accents in Python (a SQL function registered on the connection) and matches every term of the
query as a substring of titles, summaries, keywords or variable names/labels. It is slower and
cruder, but gives the same answers for the common cases (plurals, missing accents)."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat
from django.utils.functional import cached_property

from catalogue.models import Dataset, Variable

SEARCH_CONFIG = "french_unaccent"
VECTOR_BATCH_SIZE = 2000

# One statement per batch: the weighted vector is built entirely in the database, variables
# aggregated with string_agg, so refreshing 100,000 sheets never ships their text to Python.
# The configuration name is spelled out (same as SEARCH_CONFIG) to keep the SQL a constant.
_UPDATE_VECTORS_SQL = """
UPDATE catalogue_dataset AS d
SET search_vector =
    setweight(to_tsvector('french_unaccent',
        concat_ws(' ', d.title_fr, d.title_en, d.acronym)), 'A')
 || setweight(to_tsvector('french_unaccent', concat_ws(' ',
        (SELECT string_agg(kw.value, ' ')
           FROM jsonb_array_elements_text(
                CASE WHEN jsonb_typeof(d.keywords) = 'array' THEN d.keywords
                     ELSE '[]'::jsonb END) AS kw(value)),
        d.summary_fr, d.summary_en)), 'B')
 || setweight(to_tsvector('french_unaccent',
        concat_ws(' ', d.description_fr, d.description_en, d.population_description)), 'C')
 || setweight(to_tsvector('french_unaccent', coalesce(agg.variables_text, '')), 'D')
FROM (
    SELECT ds.id,
           (SELECT string_agg(replace(v.name, '_', ' ') || ' ' || v.label, ' ')
              FROM catalogue_variable AS v
             WHERE v.dataset_id = ds.id) AS variables_text
      FROM catalogue_dataset AS ds
     WHERE ds.id = ANY(%s)
) AS agg
WHERE d.id = agg.id
"""


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def update_search_vectors(dataset_ids: Iterable[int]) -> None:
    """Recompute the stored search vector of these datasets (no-op on SQLite)."""
    if not is_postgres():
        return
    ids = sorted({int(pk) for pk in dataset_ids})
    with connection.cursor() as cursor:
        for start in range(0, len(ids), VECTOR_BATCH_SIZE):
            cursor.execute(_UPDATE_VECTORS_SQL, [ids[start : start + VECTOR_BATCH_SIZE]])


def search_datasets(queryset: QuerySet[Dataset], query: str) -> QuerySet[Dataset]:
    """Datasets of `queryset` matching `query`, annotated with `search_rank` (higher first).

    A blank query returns the queryset unchanged (no `search_rank` annotation)."""
    query = (query or "").strip()
    if not query:
        return queryset
    if is_postgres():
        return _search_postgres(queryset, query)
    return _search_fallback(queryset, query)


def _search_postgres(queryset: QuerySet[Dataset], query: str) -> QuerySet[Dataset]:
    expression = build_tsquery(query)
    if not expression:
        return queryset.none()
    tsquery = SearchQuery(expression, config=SEARCH_CONFIG, search_type="raw")
    return queryset.filter(search_vector=tsquery).annotate(
        search_rank=SearchRank(F("search_vector"), tsquery)
    )


# A phrase in quotes; "-word" (exclusion) only at the start of a token; hyphenated compounds
# such as "NT-proBNP" or "pré-éclampsie" stay one token (searched as adjacent words).
_QUERY_TOKEN_RE = re.compile(r'"[^"]*"|(?:^|(?<=\s))-\w+|\w+(?:-\w+)*', re.UNICODE)


def _number_variants(word: str) -> str:
    """The word in singular and plural, OR-ed. The French Snowball stemmer is not stable
    across number ('cancer' -> 'canc' but 'cancers' -> 'cancer'), so a query must look for
    both forms to find a document written in either."""
    word = word.lower()
    if word.isdigit() or len(word) < 3:
        return word
    if len(word) > 4 and word.endswith("aux"):
        other = word[:-3] + "al"  # hôpitaux -> hôpital
    elif len(word) > 3 and word.endswith("al"):
        other = word[:-2] + "aux"
    elif len(word) > 3 and word[-1] in "sx":
        other = word[:-1]
    else:
        other = word + "s"
    return f"({word} | {other})"


def build_tsquery(query: str) -> str:
    """Translate what requesters type (web-search style: words, "exact phrase", or, -word)
    into to_tsquery syntax. Only \\w characters reach the expression, so it is always valid."""
    parts: list[str] = []
    joiner = " & "
    for token in _QUERY_TOKEN_RE.findall(query):
        if token.lower() == "or" and parts:
            joiner = " | "
            continue
        if token.startswith('"'):
            words = re.findall(r"\w+", token, re.UNICODE)
            if not words:
                continue
            term = "(" + " <-> ".join(w.lower() for w in words) + ")"
        elif token.startswith("-"):
            if fold(token[1:]) in _STOP_WORDS:
                continue
            term = "!" + token[1:].lower()
        elif "-" in token:
            term = "(" + " <-> ".join(_number_variants(w) for w in token.split("-")) + ")"
        else:
            if fold(token) in _STOP_WORDS:
                continue
            term = _number_variants(token)
        parts.append(joiner + term if parts else term)
        joiner = " & "
    return "".join(parts)


def search_variables(queryset: QuerySet[Variable], text: str) -> QuerySet[Variable]:
    """Dictionary search: name, label or description contains the text, ignoring case and
    accents (unaccent on PostgreSQL, the folding function on SQLite)."""
    text = text.strip()
    if not text:
        return queryset
    if is_postgres():
        return queryset.filter(
            Q(name__unaccent__icontains=text)
            | Q(label__unaccent__icontains=text)
            | Q(description__unaccent__icontains=text)
        )
    _register_sqlite_functions()
    return queryset.annotate(
        _fold_text=Fold(Concat("name", Value(" "), "label", Value(" "), "description"))
    ).filter(_fold_text__contains=fold(text))


# --- SQLite fallback ------------------------------------------------------------------------

FOLD_FUNCTION = "guichet_fold"
FOLD_JSON_FUNCTION = "guichet_fold_json"
_TERM_RE = re.compile(r"\w+", re.UNICODE)
# Words too common to narrow a substring search (PostgreSQL's French dictionary drops them too).
_STOP_WORDS = frozenset(
    {"a", "au", "aux", "avec", "ce", "ces", "d", "dans", "de", "des", "du", "en", "et", "il"}
    | {"la", "le", "les", "l", "n", "ne", "ou", "par", "pas", "pour", "qu", "que", "qui", "s"}
    | {"sa", "se", "ses", "son", "sur", "un", "une", "y"}
)


def fold(text: Any) -> str:
    """Lower-case, accents stripped, ligatures expanded: 'Hôpital Cœur' -> 'hopital coeur'."""
    if text is None:
        return ""
    text = str(text).casefold().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _fold_json(text: Any) -> str:
    """Keywords are stored as JSON text with \\u escapes on SQLite: decode before folding."""
    if text is None:
        return ""
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return fold(text)
    if isinstance(value, list):
        return " ".join(fold(item) for item in value)
    return fold(value)


def _register_sqlite_functions() -> None:
    # Registered on the live connection each time: cheap, and survives reconnections.
    connection.ensure_connection()
    raw = connection.connection
    raw.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)
    raw.create_function(FOLD_JSON_FUNCTION, 1, _fold_json, deterministic=True)


class Fold(Func):
    function = FOLD_FUNCTION
    output_field = TextField()


class FoldJson(Func):
    function = FOLD_JSON_FUNCTION
    output_field = TextField()


def query_terms(query: str) -> list[str]:
    """Folded terms of a query, stop words dropped, with a crude French plural strip
    ('cancers' -> 'cancer', 'hôpitaux' -> 'hopita' which also matches 'hôpital')."""
    terms = []
    for term in _TERM_RE.findall(fold(query)):
        if term in _STOP_WORDS or (len(term) < 2 and not term.isdigit()):
            continue
        if len(term) > 4 and term.endswith("aux"):
            term = term[:-2]
        elif len(term) > 3 and term[-1] in "sx":
            term = term[:-1]
        terms.append(term)
    return terms


def _excluded_terms(query: str) -> list[str]:
    """The "-word" tokens of a query (exclusions), folded."""
    tokens = _QUERY_TOKEN_RE.findall(query)
    return [term for t in tokens if t.startswith("-") for term in query_terms(t[1:])]


def _search_fallback(queryset: QuerySet[Dataset], query: str) -> QuerySet[Dataset]:
    excluded = _excluded_terms(query)
    included_text = " ".join(t for t in _QUERY_TOKEN_RE.findall(query) if not t.startswith("-"))
    terms = query_terms(included_text)
    if not terms:
        return queryset.none()
    _register_sqlite_functions()
    queryset = queryset.annotate(
        _fold_title=Fold(Concat("title_fr", Value(" "), "title_en", Value(" "), "acronym")),
        _fold_body=Fold(Concat("summary_fr", Value(" "), "summary_en")),
        _fold_keywords=FoldJson(Cast("keywords", TextField())),
    )
    rank: Any = Value(0.0, output_field=FloatField())
    for term in terms:
        in_variables = Exists(
            Variable.objects.filter(dataset=OuterRef("pk"))
            .annotate(_fold_name=Fold(Concat("name", Value(" "), "label")))
            .filter(_fold_name__contains=term)
        )
        queryset = queryset.filter(
            Q(_fold_title__contains=term)
            | Q(_fold_body__contains=term)
            | Q(_fold_keywords__contains=term)
            | in_variables
        )
        rank = rank + Case(
            When(_fold_title__contains=term, then=Value(1.0)),
            When(_fold_keywords__contains=term, then=Value(0.4)),
            When(_fold_body__contains=term, then=Value(0.4)),
            default=Value(0.1),
            output_field=FloatField(),
        )
    for term in excluded:
        queryset = queryset.exclude(
            Q(_fold_title__contains=term)
            | Q(_fold_body__contains=term)
            | Q(_fold_keywords__contains=term)
        )
    return queryset.annotate(search_rank=rank)


# --- Pagination of search results -----------------------------------------------------------

SEARCH_COUNT_CAP = 1000


class BoundedCountPaginator(Paginator):
    """Counts at most SEARCH_COUNT_CAP rows of a full-text search (`capped` says when more
    matched); plain listings keep the exact count, which is cheap without text matching."""

    capped = False

    @cached_property
    def count(self) -> int:
        queryset = self.object_list
        if not isinstance(queryset, QuerySet) or "search_rank" not in queryset.query.annotations:
            return super().count
        total = queryset.order_by().values("pk")[: SEARCH_COUNT_CAP + 1].count()
        if total > SEARCH_COUNT_CAP:
            self.capped = True
            return SEARCH_COUNT_CAP
        return total
