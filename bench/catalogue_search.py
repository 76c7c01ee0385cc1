"""Catalogue search benchmark: the search API against the same SQL run raw.

Usage (PostgreSQL only; the database name must start with "bench", it gets truncated):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/catalogue_search.py
        [--rebuild] [--datasets 100000] [--variables 2000000] [--repeat 15] [--build-only]

1. Builds (once; again with --rebuild) a catalogue of 100,000 datasets and 2,000,000 variables
   written with COPY from generated French health-data vocabulary, computes the stored search
   vectors with catalogue.search.update_search_vectors, then VACUUM ANALYZE.
2. For ~20 realistic French queries x N repetitions, times GET /api/datasets/?q=... through
   Django's test client (whole stack: middleware, DRF, filters, pagination, serializers), and
   the page query the ORM issued for that request, run as raw SQL text over a separate psycopg
   connection (wall time, like psql's \\timing; EXPLAIN ANALYZE execution time reported too).
3. Prints medians / p95 and the API / raw ratio (target <= 2).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")
# The API throttle stays in the measured path (its cache lookup is part of a real request);
# only its limit is lifted, since the benchmark sends hundreds of anonymous searches a minute.
os.environ.setdefault("GUICHET_API_ANON_PER_MINUTE", "1000000")

QUERIES = [
    "insuffisance cardiaque",
    "cancer du sein",
    "diabète de type 2",
    "AVC",
    "IRM cérébrale",
    "séquençage",
    "hôpital pédiatrique",
    "maladie d'Alzheimer",
    "infarctus du myocarde",
    "sclérose en plaques",
    "BPCO exacerbation",
    "drépanocytose enfant",
    "hémoglobine glyquée",
    "chimiothérapie cancer colorectal",
    "fraction d'éjection",
    "scanner thoracique covid",
    "prématurité néonatologie",
    "dépression questionnaire",
    "insuffisance rénale dialyse",
    "mucoviscidose génétique",
    "hopital",
    "épilepsie EEG",
]

DISEASES = [
    ("insuffisance cardiaque", "heart failure", "cardiologie"),
    ("infarctus du myocarde", "myocardial infarction", "cardiologie"),
    ("fibrillation atriale", "atrial fibrillation", "cardiologie"),
    ("hypertension artérielle", "hypertension", "cardiologie"),
    ("cancer du sein", "breast cancer", "oncologie"),
    ("cancer colorectal", "colorectal cancer", "oncologie"),
    ("cancer du poumon", "lung cancer", "oncologie"),
    ("cancer de la prostate", "prostate cancer", "oncologie"),
    ("mélanome", "melanoma", "dermatologie"),
    ("glioblastome", "glioblastoma", "neurochirurgie"),
    ("leucémie aiguë myéloïde", "acute myeloid leukaemia", "hématologie"),
    ("lymphome", "lymphoma", "hématologie"),
    ("drépanocytose", "sickle cell disease", "hématologie"),
    ("diabète de type 2", "type 2 diabetes", "endocrinologie"),
    ("diabète de type 1", "type 1 diabetes", "endocrinologie"),
    ("obésité", "obesity", "endocrinologie"),
    ("accident vasculaire cérébral (AVC)", "stroke", "neurologie"),
    ("maladie d'Alzheimer", "Alzheimer's disease", "neurologie"),
    ("maladie de Parkinson", "Parkinson's disease", "neurologie"),
    ("sclérose en plaques", "multiple sclerosis", "neurologie"),
    ("épilepsie", "epilepsy", "neurologie"),
    ("BPCO", "COPD", "pneumologie"),
    ("asthme sévère", "severe asthma", "pneumologie"),
    ("mucoviscidose", "cystic fibrosis", "pneumologie"),
    ("COVID-19", "COVID-19", "maladies infectieuses"),
    ("sepsis", "sepsis", "réanimation"),
    ("VIH", "HIV", "maladies infectieuses"),
    ("hépatite C", "hepatitis C", "hépatologie"),
    ("insuffisance rénale chronique", "chronic kidney disease", "néphrologie"),
    ("maladie de Crohn", "Crohn's disease", "gastro-entérologie"),
    ("polyarthrite rhumatoïde", "rheumatoid arthritis", "rhumatologie"),
    ("dépression", "depression", "psychiatrie"),
    ("schizophrénie", "schizophrenia", "psychiatrie"),
    ("troubles du spectre autistique", "autism spectrum disorder", "pédopsychiatrie"),
    ("prématurité", "preterm birth", "néonatologie"),
    ("maladies rares", "rare diseases", "génétique"),
]

KINDS = [
    ("Cohorte", "Cohort", "cohort-survey", "suivi prospectif de patients inclus"),
    ("Registre", "Registry", "registry", "recueil exhaustif des cas incidents"),
    (
        "Extrait de l'entrepôt de données de santé",
        "Health data warehouse extract",
        "ehr",
        "données du dossier patient informatisé, séjours, diagnostics CIM-10 et actes CCAM",
    ),
    (
        "Base d'imagerie",
        "Imaging database",
        "imaging",
        "examens d'imagerie DICOM pseudonymisés avec comptes rendus",
    ),
    (
        "Étude de séquençage",
        "Sequencing study",
        "omics",
        "séquençage de l'exome ou du génome entier et variants annotés HGVS",
    ),
    (
        "Chaînage PMSI-SNDS",
        "Hospital discharge and claims linkage",
        "claims",
        "séjours PMSI chaînés aux remboursements du SNDS",
    ),
    (
        "Questionnaires patients (PROMs)",
        "Patient-reported outcomes",
        "proms",
        "questionnaires de qualité de vie remplis par les patients",
    ),
    ("Biobanque", "Biobank", "biobank", "échantillons biologiques et données cliniques associées"),
    (
        "Corpus de comptes rendus",
        "Clinical report corpus",
        "free-text",
        "comptes rendus hospitaliers en texte libre, désidentifiés",
    ),
]

IMAGING = [
    "IRM cérébrale",
    "scanner thoracique",
    "échographie cardiaque",
    "TEP-TDM",
    "mammographie",
    "radiographie pulmonaire",
    "angiographie coronaire",
]
HOSPITALS = [
    "CHU de Lyon",
    "CHU de Bordeaux",
    "CHU de Lille",
    "CHU de Nantes",
    "CHU de Toulouse",
    "hôpital pédiatrique universitaire",
    "hôpital de la Timone",
    "CHU de Strasbourg",
    "CHU de Rennes",
    "hôpital Saint-Louis",
    "CHU de Montpellier",
    "hôpital Necker-Enfants malades",
    "CHU de Grenoble",
    "hôpital Bichat",
]
REGIONS = [
    "Auvergne-Rhône-Alpes",
    "Nouvelle-Aquitaine",
    "Hauts-de-France",
    "Pays de la Loire",
    "Occitanie",
    "Île-de-France",
    "Grand Est",
    "Bretagne",
    "Provence-Alpes-Côte d'Azur",
]

COMMON_VARIABLES = [
    ("id_patient", "Identifiant pseudonymisé du patient", "identifier", ""),
    ("age_inclusion", "Âge à l'inclusion", "integer", "années"),
    ("sexe", "Sexe", "categorical", ""),
    ("date_inclusion", "Date d'inclusion", "date", ""),
    ("code_postal", "Code postal de résidence", "string", ""),
    ("poids", "Poids", "decimal", "kg"),
    ("taille", "Taille", "decimal", "cm"),
    ("imc", "Indice de masse corporelle", "decimal", "kg/m²"),
    ("tabac", "Statut tabagique", "categorical", ""),
    ("date_deces", "Date de décès", "date", ""),
    ("diag_principal", "Diagnostic principal (CIM-10)", "categorical", ""),
    ("diag_associes", "Diagnostics associés (CIM-10)", "text", ""),
    ("actes_ccam", "Actes médicaux (CCAM)", "text", ""),
    ("duree_sejour", "Durée du séjour", "integer", "jours"),
    ("mode_sortie", "Mode de sortie", "categorical", ""),
    ("traitement_atc", "Traitements (ATC)", "text", ""),
    ("creatinine", "Créatininémie", "decimal", "µmol/L"),
    ("hba1c", "Hémoglobine glyquée (HbA1c)", "decimal", "%"),
    ("pas", "Pression artérielle systolique", "integer", "mmHg"),
    ("pad", "Pression artérielle diastolique", "integer", "mmHg"),
    ("frequence_cardiaque", "Fréquence cardiaque", "integer", "bpm"),
    ("fevg", "Fraction d'éjection ventriculaire gauche", "decimal", "%"),
    ("nt_probnp", "NT-proBNP", "decimal", "pg/mL"),
    ("troponine", "Troponine ultrasensible", "decimal", "ng/L"),
    ("ldl", "Cholestérol LDL", "decimal", "g/L"),
    ("dfg", "Débit de filtration glomérulaire estimé", "decimal", "mL/min/1,73m²"),
    ("dialyse", "Patient dialysé", "boolean", ""),
    ("stade_tnm", "Stade TNM", "categorical", ""),
    ("type_histologique", "Type histologique (CIM-O-3)", "categorical", ""),
    ("chimiotherapie", "Chimiothérapie reçue", "boolean", ""),
    ("radiotherapie", "Radiothérapie reçue", "boolean", ""),
    ("recepteurs_hormonaux", "Statut des récepteurs hormonaux", "categorical", ""),
    ("her2", "Statut HER2", "categorical", ""),
    ("score_nihss", "Score NIHSS à l'admission", "integer", ""),
    ("thrombolyse", "Thrombolyse intraveineuse", "boolean", ""),
    ("score_rankin", "Score de Rankin modifié à 3 mois", "integer", ""),
    ("mmse", "Score MMSE", "integer", ""),
    ("edss", "Score EDSS", "decimal", ""),
    ("vems", "Volume expiratoire maximal seconde (VEMS)", "decimal", "L"),
    ("exacerbations", "Nombre d'exacerbations par an", "integer", ""),
    ("saturation_o2", "Saturation en oxygène", "integer", "%"),
    ("pcr_sars_cov_2", "PCR SARS-CoV-2", "categorical", ""),
    ("ventilation_mecanique", "Ventilation mécanique invasive", "boolean", ""),
    ("score_sofa", "Score SOFA", "integer", ""),
    ("lactates", "Lactates", "decimal", "mmol/L"),
    ("charge_virale", "Charge virale", "decimal", "copies/mL"),
    ("cd4", "Lymphocytes CD4", "integer", "/mm³"),
    ("hemoglobine", "Hémoglobine", "decimal", "g/dL"),
    ("crises_vaso_occlusives", "Crises vaso-occlusives", "integer", ""),
    ("terme_naissance", "Terme à la naissance", "integer", "semaines d'aménorrhée"),
    ("poids_naissance", "Poids de naissance", "integer", "g"),
    ("apgar_5", "Score d'Apgar à 5 minutes", "integer", ""),
    ("phq9", "Score PHQ-9 (dépression)", "integer", ""),
    ("eq5d", "Qualité de vie EQ-5D", "decimal", ""),
    ("sf36", "Questionnaire SF-36", "decimal", ""),
    ("variant_hgvs", "Variant génétique (HGVS)", "string", ""),
    ("gene", "Gène", "string", ""),
    ("profondeur_sequencage", "Profondeur de séquençage", "integer", "x"),
    ("irm_date", "Date de l'IRM cérébrale", "date", ""),
    ("scanner_thoracique", "Scanner thoracique réalisé", "boolean", ""),
    ("modalite_imagerie", "Modalité d'imagerie (DICOM)", "categorical", ""),
    ("serie_dicom", "Identifiant de série DICOM", "identifier", ""),
    ("eeg_anomalies", "Anomalies à l'EEG", "boolean", ""),
    ("crises_mois", "Nombre de crises par mois", "integer", ""),
    ("calprotectine", "Calprotectine fécale", "decimal", "µg/g"),
    ("das28", "Score DAS28", "decimal", ""),
    ("echantillon_type", "Type d'échantillon biologique", "categorical", ""),
    ("date_prelevement", "Date du prélèvement", "date", ""),
    ("consentement", "Consentement recueilli", "boolean", ""),
    ("compte_rendu", "Compte rendu hospitalier", "text", ""),
    ("ghm", "Groupe homogène de malades (GHM)", "categorical", ""),
    ("cout_sejour", "Coût du séjour", "decimal", "EUR"),
    ("rehospitalisation_30j", "Réhospitalisation à 30 jours", "boolean", ""),
    ("score_charlson", "Indice de comorbidité de Charlson", "integer", ""),
    ("allergies", "Allergies connues", "text", ""),
    ("vaccination", "Statut vaccinal", "categorical", ""),
    ("insuline", "Traitement par insuline", "boolean", ""),
    ("glycemie", "Glycémie à jeun", "decimal", "g/L"),
    ("anticoagulant", "Traitement anticoagulant", "boolean", ""),
    ("statut_vital", "Statut vital aux dernières nouvelles", "categorical", ""),
]
DATASET_COLUMNS = [
    "id",
    "slug",
    "acronym",
    "title_fr",
    "title_en",
    "summary_fr",
    "summary_en",
    "description_fr",
    "description_en",
    "keywords",
    "population_description",
    "inclusion_start",
    "inclusion_end",
    "geographic_coverage",
    "number_of_individuals",
    "number_of_records",
    "min_typical_age",
    "max_typical_age",
    "update_frequency",
    "is_anonymised",
    "is_pseudonymised",
    "synthetic_version_available",
    "patients_informed",
    "consent_collected",
    "opposition_register_handled",
    "hosting_type",
    "deployment",
    "hds_certified_host",
    "host_name",
    "retention_years",
    "contact_name",
    "contact_email",
    "landing_page",
    "status",
    "published_at",
    "created_at",
    "updated_at",
    "completeness",
    "department_id",
]
VARIABLE_COLUMNS = [
    "dataset_id",
    "position",
    "name",
    "label",
    "description",
    "value_type",
    "unit",
    "allowed_values",
    "completeness",
    "statistics",
]
GIN_INDEX = "catalogue_dataset_search_gin"


def setup_django() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (its name must start with 'bench').")
    import django

    django.setup()
    from django.db import connection

    if not connection.settings_dict["NAME"].startswith("bench"):
        sys.exit("Refusing to run: the database name must start with 'bench' (it is truncated).")


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def catalogue_size() -> tuple[int, int]:
    from catalogue.models import Dataset, Variable

    return Dataset.objects.count(), Variable.objects.count()


def departments() -> list[int]:
    from catalogue.models import Department

    ids = []
    for service in sorted({d[2] for d in DISEASES} | {"radiologie", "génétique", "santé publique"}):
        code = "bench-" + "".join(c if c.isalnum() else "-" for c in service)[:30]
        dep, _ = Department.objects.get_or_create(code=code, defaults={"name": service.title()})
        ids.append(dep.pk)
    return ids


def variable_counts(n_datasets: int, n_variables: int, rng: random.Random) -> list[int]:
    """Between ~8 and ~32 variables per dataset, summing exactly to n_variables."""
    base, extra = divmod(n_variables, n_datasets)
    counts = [base + (1 if i < extra else 0) for i in range(n_datasets)]
    spread = max(0, min(12, base - 8))
    for i in range(0, n_datasets - 1, 2):
        delta = rng.randint(-spread, spread)
        counts[i] += delta
        counts[i + 1] -= delta
    return counts


def dataset_rows(n: int, dept_ids: list[int], rng: random.Random) -> Iterator[tuple]:
    now = datetime.now(UTC)
    for pk in range(1, n + 1):
        fr, en, service = rng.choice(DISEASES)
        kind_fr, kind_en, _data_type, kind_text = rng.choice(KINDS)
        hospital = rng.choice(HOSPITALS)
        region = rng.choice(REGIONS)
        start = rng.randint(1995, 2022)
        end = min(2026, start + rng.randint(1, 15))
        imaging = rng.choice(IMAGING)
        acronym = "".join(w[0] for w in fr.split() if w[0].isalpha()).upper()[:6] + str(pk)
        title_fr = f"{kind_fr} {fr} — {hospital} ({start}-{end})"
        title_en = f"{kind_en}: {en}, {hospital} ({start}-{end})"
        summary_fr = (
            f"{kind_fr} de patients suivis pour {fr} en {service} au {hospital} : {kind_text}. "
            f"Examens disponibles : {imaging}."
        )
        summary_en = f"{kind_en} of patients treated for {en} at {hospital}."
        description_fr = (
            f"Ce jeu de données rassemble les patients pris en charge pour {fr} entre {start} et "
            f"{end}. Il comprend {kind_text}, les traitements, la biologie et le suivi à un an. "
            f"Les données sont hébergées dans l'entrepôt de données de santé de l'établissement "
            f"(hébergeur certifié HDS) et accessibles dans un espace de travail sécurisé."
        )
        description_en = f"Patients treated for {en} between {start} and {end}."
        keywords = json.dumps([fr, service, kind_fr.lower(), imaging], ensure_ascii=False)
        population = f"Adultes et enfants pris en charge en {service}, région {region}."
        status = "published" if pk % 10 else ("draft" if pk % 20 else "archived")
        individuals = rng.randint(200, 400_000)
        yield (
            pk,
            f"bench-{pk}",
            acronym,
            title_fr,
            title_en,
            summary_fr,
            summary_en,
            description_fr,
            description_en,
            keywords,
            population,
            date(start, 1, 1),
            date(end, 12, 31),
            region,
            individuals,
            individuals * rng.randint(1, 40),
            *rng.choice([(0, 17), (0, 110), (18, 90), (40, 100)]),
            rng.choice(["continuous", "monthly", "annual", "never"]),
            pk % 3 == 0,
            pk % 3 != 0,
            pk % 7 == 0,
            pk % 2 == 0,
            pk % 5 == 0,
            pk % 4 == 0,
            "warehouse",
            "on_premise",
            True,
            "",
            20,
            "Guichet données",
            "guichet@example.org",
            "",
            status,
            now if status != "draft" else None,
            now,
            now,
            rng.randint(40, 100),
            rng.choice(dept_ids),
        )


def variable_rows(counts: list[int], rng: random.Random) -> Iterator[tuple]:
    pool = COMMON_VARIABLES
    for pk, count in enumerate(counts, start=1):
        chosen = rng.sample(pool, min(count, len(pool)))
        for position in range(count):
            name, label, value_type, unit = chosen[position % len(chosen)]
            if position >= len(chosen):
                name, label = f"{name}_{position}", f"{label} ({position})"
            yield (
                pk,
                position,
                name,
                label,
                "",
                value_type,
                unit,
                "[]",
                rng.randint(50, 100),
                "{}",
            )


def build(n_datasets: int, n_variables: int) -> None:
    from django.db import connection

    from catalogue.search import update_search_vectors

    rng = random.Random(20261123)
    dept_ids = departments()
    vocab = term_ids()
    t0 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE catalogue_variable, catalogue_dataset_data_types, "
            "catalogue_dataset_themes, catalogue_dataset_access_modes, "
            "catalogue_dataset_standards, catalogue_dataset CASCADE"
        )
        # Filling 100,000 vectors through a live GIN index is several times slower than
        # building the index once at the end.
        cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
        raw = cursor.cursor
        with raw.copy(f"COPY catalogue_dataset ({', '.join(DATASET_COLUMNS)}) FROM STDIN") as cp:
            for row in dataset_rows(n_datasets, dept_ids, rng):
                cp.write_row(row)
        print(f"  datasets copied in {time.perf_counter() - t0:.1f}s", flush=True)
        t1 = time.perf_counter()
        counts = variable_counts(n_datasets, n_variables, rng)
        with raw.copy(f"COPY catalogue_variable ({', '.join(VARIABLE_COLUMNS)}) FROM STDIN") as cp:
            for row in variable_rows(counts, rng):
                cp.write_row(row)
        print(f"  variables copied in {time.perf_counter() - t1:.1f}s", flush=True)
        t1 = time.perf_counter()
        for table, column, codes in m2m_plan(vocab):
            with raw.copy(f"COPY {table} (dataset_id, {column}) FROM STDIN") as cp:
                for pk in range(1, n_datasets + 1):
                    for term in {codes[(pk * k) % len(codes)] for k in (1, 7)}:
                        cp.write_row((pk, term))
        for table in ("catalogue_dataset", "catalogue_variable"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        print(f"  facets copied in {time.perf_counter() - t1:.1f}s", flush=True)
    t1 = time.perf_counter()
    step = 10_000
    for start in range(1, n_datasets + 1, step):
        update_search_vectors(range(start, min(n_datasets + 1, start + step)))
    print(f"  search vectors computed in {time.perf_counter() - t1:.1f}s", flush=True)
    t1 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX {GIN_INDEX} ON catalogue_dataset USING gin (search_vector)")
        print(f"  GIN index built in {time.perf_counter() - t1:.1f}s", flush=True)
        cursor.execute("VACUUM ANALYZE catalogue_dataset")
        cursor.execute("VACUUM ANALYZE catalogue_variable")
        for table, _column, _codes in m2m_plan(vocab):
            cursor.execute(f"VACUUM ANALYZE {table}")
    print(f"  built in {time.perf_counter() - t0:.1f}s", flush=True)


def term_ids() -> dict[str, list[int]]:
    from catalogue.models import VocabularyTerm

    found: dict[str, list[int]] = {}
    for term in VocabularyTerm.objects.order_by("vocabulary", "position"):
        found.setdefault(term.vocabulary, []).append(term.pk)
    return found


def m2m_plan(vocab: dict[str, list[int]]) -> list[tuple[str, str, list[int]]]:
    return [
        ("catalogue_dataset_data_types", "vocabularyterm_id", vocab["data_type"]),
        ("catalogue_dataset_themes", "vocabularyterm_id", vocab["theme"][:3]),
        ("catalogue_dataset_access_modes", "vocabularyterm_id", vocab["access_mode"]),
        ("catalogue_dataset_standards", "vocabularyterm_id", vocab["standard"]),
    ]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def page_query(captured: list[dict[str, str]]) -> str:
    for query in captured:
        if "ts_rank" in query["sql"] and "LIMIT" in query["sql"]:
            return query["sql"]
    raise RuntimeError("The API request issued no ranked page query: is the search wired?")


def measure(repeat: int) -> dict[str, object]:
    import psycopg
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    raw_conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    api_ms: list[float] = []
    raw_ms: list[float] = []
    server_ms: list[float] = []
    rows = []
    for text in QUERIES:
        url = "/api/datasets/"
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"q": text})  # warm-up, and the SQL the ORM issues
        if response.status_code != 200:
            raise RuntimeError(f"{text!r}: HTTP {response.status_code} {response.content[:300]!r}")
        sql = page_query(ctx.captured_queries)
        n_queries = len(ctx.captured_queries)
        total = response.json()["count"]
        with raw_conn.cursor() as cur:
            cur.execute(sql)
            cur.fetchall()
        q_api, q_raw, q_server = [], [], []
        for _ in range(repeat):
            t = time.perf_counter()
            client.get(url, {"q": text})
            q_api.append((time.perf_counter() - t) * 1000)
            with raw_conn.cursor() as cur:
                t = time.perf_counter()
                cur.execute(sql)
                cur.fetchall()
                q_raw.append((time.perf_counter() - t) * 1000)
                cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                q_server.append(float(cur.fetchone()[0][0]["Execution Time"]))
        api_ms += q_api
        raw_ms += q_raw
        server_ms += q_server
        rows.append(
            (
                text,
                total,
                n_queries,
                statistics.median(q_api),
                statistics.median(q_raw),
                statistics.median(q_server),
            )
        )
        print(
            f"  {text:36} hits={total:>6} queries={n_queries} "
            f"api={statistics.median(q_api):7.1f}ms raw={statistics.median(q_raw):7.1f}ms "
            f"server={statistics.median(q_server):7.1f}ms",
            flush=True,
        )
    raw_conn.close()
    result = {
        "api_median": statistics.median(api_ms),
        "api_p95": percentile(api_ms, 95),
        "raw_median": statistics.median(raw_ms),
        "raw_p95": percentile(raw_ms, 95),
        "server_median": statistics.median(server_ms),
        "server_p95": percentile(server_ms, 95),
        "samples": len(api_ms),
        "per_query": rows,
    }
    result["ratio"] = result["api_median"] / result["raw_median"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rebuild", action="store_true", help="rebuild the catalogue")
    parser.add_argument("--build-only", action="store_true", help="build, do not measure")
    parser.add_argument("--datasets", type=int, default=100_000)
    parser.add_argument("--variables", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=15, help="repetitions per query")
    args = parser.parse_args()
    setup_django()
    migrate()
    n_datasets, n_variables = catalogue_size()
    if args.rebuild or n_datasets < args.datasets or n_variables < args.variables:
        print(f"Building {args.datasets:,} datasets and {args.variables:,} variables…", flush=True)
        build(args.datasets, args.variables)
        n_datasets, n_variables = catalogue_size()
    print(f"Catalogue: {n_datasets:,} datasets, {n_variables:,} variables", flush=True)
    if args.build_only:
        return
    print(f"Measuring {len(QUERIES)} queries x {args.repeat} repetitions…", flush=True)
    load_before = os.getloadavg()[0]
    result = measure(args.repeat)
    print(f"load average (1 min) before {load_before:.2f}, after {os.getloadavg()[0]:.2f}")
    print(
        f"\nAPI  median {result['api_median']:.1f} ms  p95 {result['api_p95']:.1f} ms\n"
        f"raw  median {result['raw_median']:.1f} ms  p95 {result['raw_p95']:.1f} ms "
        f"(server execution median {result['server_median']:.1f} ms, "
        f"p95 {result['server_p95']:.1f} ms)\n"
        f"ratio API/raw (medians) {result['ratio']:.2f}  (target <= 2.00)  "
        f"samples {result['samples']}"
    )


if __name__ == "__main__":
    main()
