"""Building blocks of the demo variable dictionaries, and their deterministic generator.

A block is a list of `VarSpec` (what the variable is: type, unit, coding system, categories,
typical distribution). `build_dictionary` turns a dataset's blocks into dictionary rows with
completeness and summary statistics drawn from `random.Random(<dataset slug>)`, so reruns
produce exactly the same figures. No database access here."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

# Demo "today": fixed so that statistics of open-ended datasets do not change between runs.
DATA_CUTOFF = date(2026, 10, 31)


@dataclass(frozen=True)
class VarSpec:
    name: str
    label: str
    value_type: str
    description: str = ""
    unit: str = ""
    coding: str = ""
    # (code, label, weight) for categorical variables
    categories: tuple[tuple[str, str, float], ...] = ()
    # numeric: (mean, sd, low bound, high bound, decimals)
    numeric: tuple[float, float, float, float, int] | None = None
    # boolean: share of "yes" in %
    p_true: float = 0.0
    # identifier scope: "individuals" or "records"
    scope: str = "individuals"
    # coded strings (ICD-10, ATC...): most frequent (code, label), and typical distinct count
    top_codes: tuple[tuple[str, str], ...] = ()
    n_distinct: int = 0
    mean_length: int = 0
    base_completeness: float = 98.0
    extra: dict[str, Any] = field(default_factory=dict)


def ident(name: str, label: str, description: str = "", *, scope: str = "individuals") -> VarSpec:
    return VarSpec(name, label, "identifier", description, scope=scope, base_completeness=100)


def num(
    name: str,
    label: str,
    unit: str,
    mean: float,
    sd: float,
    low: float,
    high: float,
    decimals: int = 1,
    description: str = "",
    *,
    coding: str = "",
    completeness: float = 96.0,
) -> VarSpec:
    kind = "integer" if decimals == 0 else "decimal"
    return VarSpec(
        name,
        label,
        kind,
        description,
        unit=unit,
        coding=coding,
        numeric=(mean, sd, low, high, decimals),
        base_completeness=completeness,
    )


def lab(
    name: str,
    label: str,
    loinc: str,
    unit: str,
    mean: float,
    sd: float,
    low: float,
    high: float,
    decimals: int = 1,
    completeness: float = 90.0,
) -> VarSpec:
    description = f"Résultat de laboratoire, code LOINC {loinc} ; dernière valeur de la période."
    return num(
        name,
        label,
        unit,
        mean,
        sd,
        low,
        high,
        decimals,
        description,
        coding="loinc",
        completeness=completeness,
    )


def cat(
    name: str,
    label: str,
    categories: list[tuple[str, str, float]],
    description: str = "",
    *,
    coding: str = "",
    completeness: float = 97.0,
) -> VarSpec:
    return VarSpec(
        name,
        label,
        "categorical",
        description,
        coding=coding,
        categories=tuple(categories),
        base_completeness=completeness,
    )


def yes_no(
    name: str, label: str, p_true: float, description: str = "", *, completeness: float = 97.0
) -> VarSpec:
    return VarSpec(
        name, label, "boolean", description, p_true=p_true, base_completeness=completeness
    )


def day(name: str, label: str, description: str = "", *, completeness: float = 99.0) -> VarSpec:
    return VarSpec(name, label, "date", description, base_completeness=completeness)


def moment(name: str, label: str, description: str = "", *, completeness: float = 98.0) -> VarSpec:
    return VarSpec(name, label, "datetime", description, base_completeness=completeness)


def coded(
    name: str,
    label: str,
    coding: str,
    top: list[tuple[str, str]],
    n_distinct: int,
    description: str = "",
    *,
    completeness: float = 95.0,
) -> VarSpec:
    return VarSpec(
        name,
        label,
        "string",
        description,
        coding=coding,
        top_codes=tuple(top),
        n_distinct=n_distinct,
        base_completeness=completeness,
    )


def text(
    name: str, label: str, mean_length: int, description: str = "", *, completeness: float = 90.0
) -> VarSpec:
    return VarSpec(
        name, label, "text", description, mean_length=mean_length, base_completeness=completeness
    )


def short(
    name: str, label: str, description: str = "", *, n_distinct: int = 0, completeness: float = 95.0
) -> VarSpec:
    return VarSpec(
        name, label, "string", description, n_distinct=n_distinct, base_completeness=completeness
    )


SEX = [("M", "Masculin", 49), ("F", "Féminin", 51), ("I", "Indéterminé", 0.1)]
YES_NO_UNKNOWN = [("1", "Oui", 30), ("0", "Non", 60), ("9", "Inconnu", 10)]
ICD_CARDIO = [
    ("I50.0", "Insuffisance cardiaque congestive"),
    ("I10", "Hypertension essentielle"),
    ("I48.9", "Fibrillation auriculaire"),
    ("E11.9", "Diabète de type 2 sans complication"),
    ("N18.3", "Maladie rénale chronique stade 3"),
]
ICD_GENERAL = [
    ("I10", "Hypertension essentielle"),
    ("E11.9", "Diabète de type 2"),
    ("J18.9", "Pneumopathie, sans précision"),
    ("S72.0", "Fracture du col du fémur"),
    ("Z51.1", "Séance de chimiothérapie"),
]
ATC_CARDIO = [
    ("C03CA01", "Furosémide"),
    ("C07AB07", "Bisoprolol"),
    ("C09DX04", "Sacubitril/valsartan"),
    ("C03DA04", "Éplérénone"),
    ("A10BK01", "Dapagliflozine"),
]

BLOCKS: dict[str, list[VarSpec]] = {
    # --- OMOP CDM tables (clinical data warehouse extract) -------------------------------
    "omop_person": [
        ident("person.person_id", "Identifiant patient (pseudonyme projet)"),
        cat(
            "person.gender_concept_id",
            "Sexe (concept OMOP)",
            [("8507", "MALE", 48), ("8532", "FEMALE", 52), ("0", "No matching concept", 0.2)],
            "Concept standard OMOP du sexe administratif.",
            completeness=100,
        ),
        num(
            "person.year_of_birth",
            "Année de naissance",
            "",
            1965,
            24,
            1915,
            2026,
            0,
            completeness=100,
        ),
        num("person.month_of_birth", "Mois de naissance", "", 6.5, 3.4, 1, 12, 0, completeness=99),
        short(
            "person.location_id",
            "Lieu de résidence (code département)",
            "Département de résidence à la dernière venue.",
            n_distinct=96,
            completeness=93,
        ),
        short(
            "person.care_site_id",
            "Site de prise en charge principal",
            n_distinct=4,
            completeness=99,
        ),
    ],
    "omop_visit": [
        ident("visit_occurrence.visit_occurrence_id", "Identifiant de venue", scope="records"),
        cat(
            "visit_occurrence.visit_concept_id",
            "Type de venue",
            [
                ("9201", "Hospitalisation complète", 22),
                ("9202", "Consultation externe", 61),
                ("9203", "Passage aux urgences", 14),
                ("262", "Urgence puis hospitalisation", 3),
            ],
            completeness=100,
        ),
        day("visit_occurrence.visit_start_date", "Date de début de venue", completeness=100),
        day("visit_occurrence.visit_end_date", "Date de fin de venue", completeness=97),
        cat(
            "visit_occurrence.admitted_from_concept_id",
            "Provenance",
            [
                ("8536", "Domicile", 78),
                ("8870", "Urgences", 15),
                ("8717", "Autre établissement", 7),
            ],
            completeness=81,
        ),
        cat(
            "visit_occurrence.discharged_to_concept_id",
            "Destination à la sortie",
            [
                ("8536", "Domicile", 86),
                ("8717", "Autre établissement", 9),
                ("8676", "Soins de suite", 3),
                ("4216643", "Décès", 2),
            ],
            completeness=79,
        ),
        short("visit_occurrence.care_site_id", "Unité médicale de la venue", n_distinct=212),
        num(
            "visit_detail.length_of_stay",
            "Durée de séjour",
            "jours",
            5.8,
            7.1,
            0,
            180,
            0,
            "Calculée entre début et fin de venue pour les hospitalisations complètes.",
        ),
    ],
    "omop_condition": [
        ident(
            "condition_occurrence.condition_occurrence_id",
            "Identifiant de diagnostic",
            scope="records",
        ),
        coded(
            "condition_occurrence.condition_source_value",
            "Diagnostic (code source CIM-10)",
            "icd-10",
            ICD_GENERAL,
            9800,
            "Code CIM-10 tel que saisi dans le PMSI.",
        ),
        short(
            "condition_occurrence.condition_concept_id",
            "Diagnostic (concept standard SNOMED)",
            "Concept standard OMOP issu du transcodage CIM-10 vers SNOMED CT.",
            n_distinct=8700,
            completeness=92,
        ),
        cat(
            "condition_occurrence.condition_type_concept_id",
            "Origine du diagnostic",
            [("32817", "EHR", 34), ("32810", "Claim", 66)],
            completeness=100,
        ),
        cat(
            "condition_occurrence.condition_status_concept_id",
            "Statut du diagnostic",
            [
                ("32902", "Diagnostic principal", 28),
                ("32908", "Diagnostic relié", 6),
                ("32907", "Diagnostic associé", 66),
            ],
            completeness=95,
        ),
        day("condition_occurrence.condition_start_date", "Date du diagnostic"),
    ],
    "omop_procedure": [
        ident(
            "procedure_occurrence.procedure_occurrence_id", "Identifiant d'acte", scope="records"
        ),
        coded(
            "procedure_occurrence.procedure_source_value",
            "Acte (code CCAM)",
            "ccam",
            [
                ("YYYY600", "Imagerie"),
                ("DEQP003", "Électrocardiogramme"),
                ("ZBQK002", "Radiographie du thorax"),
                ("EBQM001", "Écho-Doppler des vaisseaux du cou"),
            ],
            6200,
        ),
        day("procedure_occurrence.procedure_date", "Date de l'acte"),
        num(
            "procedure_occurrence.quantity",
            "Nombre d'actes",
            "",
            1.1,
            0.4,
            1,
            20,
            0,
            completeness=99,
        ),
    ],
    "omop_drug": [
        ident(
            "drug_exposure.drug_exposure_id",
            "Identifiant d'exposition médicamenteuse",
            scope="records",
        ),
        coded(
            "drug_exposure.drug_source_value",
            "Médicament (code UCD)",
            "ucd-cip",
            [
                ("9001234", "Paracétamol 1 g cp"),
                ("9003456", "Énoxaparine 4000 UI"),
                ("9005678", "Furosémide 40 mg cp"),
            ],
            7400,
            "Code UCD de l'unité administrée ou dispensée.",
        ),
        coded(
            "drug_exposure.atc_code",
            "Classe ATC",
            "atc",
            [("N02BE01", "Paracétamol"), ("B01AB05", "Énoxaparine"), ("C03CA01", "Furosémide")],
            1450,
            completeness=93,
        ),
        day("drug_exposure.drug_exposure_start_date", "Début d'exposition"),
        day("drug_exposure.drug_exposure_end_date", "Fin d'exposition", completeness=74),
        num(
            "drug_exposure.quantity",
            "Quantité administrée",
            "unités",
            2.4,
            3.1,
            0,
            200,
            1,
            completeness=88,
        ),
        cat(
            "drug_exposure.route_concept_id",
            "Voie d'administration",
            [
                ("4132161", "Orale", 58),
                ("4171047", "Intraveineuse", 27),
                ("4142048", "Sous-cutanée", 11),
                ("4262099", "Autre", 4),
            ],
            completeness=86,
        ),
    ],
    "omop_measurement": [
        ident("measurement.measurement_id", "Identifiant de mesure", scope="records"),
        coded(
            "measurement.measurement_source_value",
            "Examen (code LOINC)",
            "loinc",
            [
                ("718-7", "Hémoglobine"),
                ("2160-0", "Créatinine"),
                ("2823-3", "Potassium"),
                ("1988-5", "Protéine C réactive"),
            ],
            2300,
        ),
        num(
            "measurement.value_as_number",
            "Valeur numérique",
            "selon unité",
            48.2,
            120.5,
            0,
            99999,
            2,
            completeness=91,
        ),
        short("measurement.unit_source_value", "Unité (UCUM)", n_distinct=140, completeness=89),
        num(
            "measurement.range_low",
            "Borne inférieure de normalité",
            "selon unité",
            12.1,
            30.2,
            0,
            9999,
            2,
            completeness=64,
        ),
        num(
            "measurement.range_high",
            "Borne supérieure de normalité",
            "selon unité",
            38.5,
            80.1,
            0,
            99999,
            2,
            completeness=64,
        ),
        moment("measurement.measurement_datetime", "Date et heure du prélèvement"),
        lab("lab.hemoglobin", "Hémoglobine", "718-7", "g/dL", 12.6, 1.9, 3.0, 22.0),
        lab("lab.creatinine", "Créatinine sérique", "14682-9", "µmol/L", 92, 48, 15, 1500, 0),
        lab("lab.potassium", "Potassium", "2823-3", "mmol/L", 4.2, 0.5, 1.8, 8.5),
        lab("lab.sodium", "Sodium", "2951-2", "mmol/L", 139, 3.8, 105, 175, 0),
        lab("lab.crp", "Protéine C réactive", "1988-5", "mg/L", 28, 46, 0, 500, 0, completeness=72),
        lab("lab.leukocytes", "Leucocytes", "6690-2", "10*9/L", 8.1, 3.9, 0.1, 150),
        lab("lab.platelets", "Plaquettes", "777-3", "10*9/L", 245, 92, 2, 1500, 0),
        lab("lab.alt", "ALAT", "1742-6", "U/L", 31, 35, 2, 3000, 0, completeness=61),
        lab("lab.hba1c", "Hémoglobine glyquée", "4548-4", "%", 6.6, 1.4, 3.5, 18, completeness=22),
    ],
    "omop_observation": [
        ident("observation.observation_id", "Identifiant d'observation", scope="records"),
        short(
            "observation.observation_concept_id", "Observation (concept standard)", n_distinct=900
        ),
        cat(
            "observation.tobacco",
            "Statut tabagique",
            [
                ("never", "Jamais fumeur", 52),
                ("former", "Ancien fumeur", 27),
                ("current", "Fumeur actuel", 21),
            ],
            completeness=41,
        ),
        num(
            "observation.bmi",
            "Indice de masse corporelle",
            "kg/m2",
            26.4,
            5.6,
            12,
            70,
            completeness=48,
        ),
        num("observation.weight", "Poids", "kg", 72, 18, 2, 250, completeness=58),
    ],
    "omop_death": [
        day(
            "death.death_date",
            "Date de décès",
            "Décès hospitaliers et décès issus du fichier national des personnes décédées.",
            completeness=100,
        ),
        cat(
            "death.death_type_concept_id",
            "Source du décès",
            [("32817", "Dossier hospitalier", 38), ("32885", "Registre national", 62)],
            completeness=100,
        ),
        coded(
            "death.cause_source_value",
            "Cause de décès (CIM-10)",
            "icd-10",
            [("C34.9", "Tumeur maligne du poumon"), ("I21.9", "Infarctus aigu du myocarde")],
            1200,
            completeness=35,
        ),
    ],
    # --- Common clinical blocks ------------------------------------------------------------
    "patient": [
        ident(
            "patient_id",
            "Identifiant patient (pseudonyme)",
            "Pseudonyme propre au jeu de données, régénéré pour chaque projet.",
        ),
        day("inclusion_date", "Date d'inclusion", completeness=100),
        short("site", "Centre d'inclusion", n_distinct=3, completeness=100),
    ],
    "demographics": [
        cat("sex", "Sexe", SEX, completeness=100),
        num("age_at_inclusion", "Âge à l'inclusion", "années", 67, 15, 0, 105, 0, completeness=100),
        num("birth_year", "Année de naissance", "", 1957, 15, 1915, 2008, 0, completeness=100),
        short("residence_department", "Département de résidence", n_distinct=42, completeness=97),
        cat(
            "deprivation_quintile",
            "Quintile de défavorisation (FDep)",
            [
                ("1", "Q1 (moins défavorisé)", 18),
                ("2", "Q2", 19),
                ("3", "Q3", 20),
                ("4", "Q4", 21),
                ("5", "Q5 (plus défavorisé)", 22),
            ],
            "Indice écologique calculé à la commune de résidence.",
            completeness=91,
        ),
        num("weight", "Poids", "kg", 76, 17, 30, 220, completeness=92),
        num("height", "Taille", "cm", 168, 9.5, 120, 210, 0, completeness=85),
        num(
            "bmi",
            "Indice de masse corporelle",
            "kg/m2",
            27.1,
            5.4,
            13,
            70,
            1,
            "Calculé à partir du poids et de la taille.",
            completeness=84,
        ),
    ],
    "demographics_short": [
        cat("sex", "Sexe", SEX, completeness=100),
        num("age_at_event", "Âge à l'événement", "années", 62, 17, 0, 105, 0, completeness=100),
        short("residence_department", "Département de résidence", n_distinct=45, completeness=96),
    ],
    "demographics_child": [
        cat("sex", "Sexe", [("M", "Garçon", 58), ("F", "Fille", 42)], completeness=100),
        num(
            "age_at_inclusion", "Âge à l'inclusion", "années", 8.2, 3.6, 3, 17, 1, completeness=100
        ),
        num(
            "birth_term",
            "Terme de naissance",
            "semaines d'aménorrhée",
            38.6,
            2.1,
            24,
            42,
            0,
            completeness=83,
        ),
        num("weight", "Poids", "kg", 30, 12, 10, 110, completeness=96),
        num("height", "Taille", "cm", 131, 21, 85, 195, 0, completeness=95),
        num("bmi_zscore", "IMC (z-score OMS)", "", 0.4, 1.1, -4, 5, 2, completeness=93),
        short("residence_department", "Département de résidence", n_distinct=12),
    ],
    "lifestyle": [
        cat(
            "smoking_status",
            "Tabagisme",
            [("never", "Jamais", 44), ("former", "Sevré", 38), ("current", "Actuel", 18)],
            completeness=88,
        ),
        num(
            "pack_years",
            "Consommation cumulée de tabac",
            "paquets-années",
            21,
            17,
            0,
            150,
            0,
            completeness=61,
        ),
        cat(
            "alcohol_use",
            "Consommation d'alcool",
            [("none", "Aucune", 41), ("moderate", "Modérée", 48), ("excessive", "Excessive", 11)],
            completeness=73,
        ),
        cat(
            "physical_activity",
            "Activité physique",
            [("low", "Faible", 52), ("moderate", "Modérée", 37), ("high", "Élevée", 11)],
            completeness=58,
        ),
    ],
    "vitals": [
        num("systolic_bp", "Pression artérielle systolique", "mmHg", 128, 21, 50, 260, 0),
        num("diastolic_bp", "Pression artérielle diastolique", "mmHg", 74, 13, 20, 150, 0),
        num("heart_rate", "Fréquence cardiaque", "bpm", 82, 17, 25, 220, 0),
        num("respiratory_rate", "Fréquence respiratoire", "/min", 19, 5, 6, 60, 0, completeness=81),
        num("spo2", "Saturation pulsée en oxygène", "%", 95, 3.4, 50, 100, 0),
        num("temperature", "Température", "°C", 37.1, 0.7, 33, 42, completeness=89),
    ],
    "vitals_short": [
        num("systolic_bp", "Pression artérielle systolique", "mmHg", 136, 22, 60, 260, 0),
        num("diastolic_bp", "Pression artérielle diastolique", "mmHg", 79, 12, 30, 150, 0),
        num("heart_rate", "Fréquence cardiaque", "bpm", 80, 15, 30, 200, 0),
    ],
    "stay": [
        ident("stay_id", "Identifiant de séjour", scope="records"),
        day("admission_date", "Date d'entrée", completeness=100),
        day("discharge_date", "Date de sortie", completeness=99),
        num("length_of_stay", "Durée de séjour", "jours", 8.4, 8.9, 0, 200, 0, completeness=99),
        cat(
            "admission_mode",
            "Mode d'entrée",
            [("8", "Domicile", 58), ("U", "Urgences", 34), ("7", "Transfert", 8)],
            "Mode d'entrée du PMSI.",
            completeness=100,
        ),
        cat(
            "discharge_mode",
            "Mode de sortie",
            [("8", "Domicile", 78), ("7", "Transfert", 13), ("9", "Décès", 9)],
            "Mode de sortie du PMSI.",
            completeness=100,
        ),
        coded(
            "main_diagnosis",
            "Diagnostic principal (CIM-10)",
            "icd-10",
            ICD_GENERAL,
            1900,
            completeness=100,
        ),
        num(
            "n_associated_diagnoses",
            "Nombre de diagnostics associés",
            "",
            5.2,
            3.7,
            0,
            60,
            0,
            completeness=100,
        ),
        coded(
            "drg",
            "Groupe homogène de malades (GHM)",
            "ghm",
            [
                ("04M05", "Pneumonies et pleurésies banales"),
                ("05M09", "Insuffisances cardiaques et états de choc circulatoire"),
            ],
            640,
            completeness=100,
        ),
        cat(
            "severity_level",
            "Niveau de sévérité du GHM",
            [("1", "1", 38), ("2", "2", 29), ("3", "3", 21), ("4", "4", 12)],
            completeness=98,
        ),
    ],
    "diagnosis_main": [
        coded(
            "main_diagnosis",
            "Diagnostic principal (CIM-10)",
            "icd-10",
            ICD_GENERAL,
            2400,
            completeness=92,
        ),
        short("diagnosis_label", "Libellé du diagnostic", completeness=92),
    ],
    "follow_up": [
        day("last_contact_date", "Date des dernières nouvelles", completeness=100),
        num("follow_up_months", "Durée de suivi", "mois", 19, 8, 0, 24, 1, completeness=100),
        yes_no("death", "Décès pendant le suivi", 24, completeness=100),
        day("death_date", "Date de décès", completeness=23),
        yes_no("hf_readmission", "Réhospitalisation pour insuffisance cardiaque", 31),
        num("n_readmissions", "Nombre de réhospitalisations toutes causes", "", 1.4, 1.6, 0, 20, 0),
        day("first_readmission_date", "Date de première réhospitalisation", completeness=38),
        cat(
            "visit_timepoint",
            "Temps de visite",
            [
                ("M0", "Inclusion", 28),
                ("DIS", "Sortie", 26),
                ("M6", "6 mois", 18),
                ("M12", "12 mois", 15),
                ("M24", "24 mois", 13),
            ],
            completeness=100,
        ),
    ],
    # --- Cardiology ---------------------------------------------------------------------------
    "hf_clinical": [
        cat(
            "hf_type",
            "Type d'insuffisance cardiaque",
            [
                ("HFrEF", "FE réduite (< 40 %)", 46),
                ("HFmrEF", "FE modérément réduite", 19),
                ("HFpEF", "FE préservée (≥ 50 %)", 35),
            ],
            completeness=98,
        ),
        cat(
            "nyha_class",
            "Classe NYHA",
            [("I", "I", 7), ("II", "II", 34), ("III", "III", 41), ("IV", "IV", 18)],
        ),
        cat(
            "hf_etiology",
            "Étiologie principale",
            [
                ("ischemic", "Ischémique", 41),
                ("hypertensive", "Hypertensive", 18),
                ("valvular", "Valvulaire", 13),
                ("dilated", "Cardiomyopathie dilatée", 15),
                ("other", "Autre / inconnue", 13),
            ],
            completeness=91,
        ),
        yes_no("first_episode", "Primo-décompensation", 38),
        yes_no("atrial_fibrillation", "Fibrillation atriale", 44),
        yes_no("hypertension", "Hypertension artérielle", 68),
        yes_no("diabetes", "Diabète", 35),
        yes_no("ckd", "Insuffisance rénale chronique", 39),
        yes_no("copd", "BPCO", 17),
        coded(
            "main_diagnosis",
            "Diagnostic principal du séjour index (CIM-10)",
            "icd-10",
            ICD_CARDIO,
            180,
            completeness=100,
        ),
        cat(
            "ecg_rhythm",
            "Rythme à l'ECG",
            [
                ("sinus", "Sinusal", 54),
                ("af", "Fibrillation atriale", 39),
                ("paced", "Électro-entraîné", 7),
            ],
            completeness=94,
        ),
        num("qrs_duration", "Durée du QRS", "ms", 118, 28, 60, 240, 0, completeness=88),
        yes_no("icd_device", "Défibrillateur implantable", 14),
        yes_no("crt_device", "Resynchronisation cardiaque", 9),
    ],
    "echo": [
        num(
            "lvef",
            "Fraction d'éjection du ventricule gauche",
            "%",
            39,
            13,
            8,
            80,
            0,
            "Méthode de Simpson biplan, sinon estimation visuelle.",
            completeness=97,
        ),
        num("lvedd", "Diamètre télédiastolique du VG", "mm", 60, 9, 35, 95, 0, completeness=84),
        num(
            "lav_index",
            "Volume de l'oreillette gauche indexé",
            "mL/m2",
            52,
            17,
            15,
            150,
            0,
            completeness=71,
        ),
        num("e_e_prime", "Rapport E/e'", "", 14.8, 5.6, 3, 45, completeness=63),
        num("tapse", "TAPSE", "mm", 17, 4.3, 5, 35, 0, completeness=76),
        num(
            "spap",
            "Pression artérielle pulmonaire systolique",
            "mmHg",
            44,
            13,
            15,
            110,
            0,
            completeness=69,
        ),
        cat(
            "mitral_regurgitation",
            "Insuffisance mitrale",
            [("0", "Absente", 22), ("1", "Minime", 38), ("2", "Modérée", 27), ("3", "Sévère", 13)],
            completeness=90,
        ),
    ],
    "labs_cardio": [
        lab("nt_probnp", "NT-proBNP", "33762-6", "pg/mL", 4800, 5200, 20, 70000, 0, 95),
        lab("troponin_hs", "Troponine T hypersensible", "67151-1", "ng/L", 42, 55, 3, 5000, 0, 82),
        lab("creatinine", "Créatinine sérique", "14682-9", "µmol/L", 118, 52, 30, 1200, 0, 98),
        lab("egfr", "DFG estimé (CKD-EPI)", "62238-1", "mL/min/1.73m2", 56, 22, 4, 140, 0, 97),
        lab("potassium", "Potassium", "2823-3", "mmol/L", 4.3, 0.55, 2.0, 7.5, 1, 98),
        lab("sodium", "Sodium", "2951-2", "mmol/L", 137, 4.2, 110, 160, 0, 98),
        lab("hemoglobin", "Hémoglobine", "718-7", "g/dL", 12.2, 1.9, 5.0, 19.0, 1, 97),
        lab("ferritin", "Ferritine", "2276-4", "µg/L", 190, 170, 5, 3000, 0, 66),
        lab(
            "tsat",
            "Coefficient de saturation de la transferrine",
            "2502-3",
            "%",
            19,
            9,
            2,
            80,
            0,
            61,
        ),
        lab("hba1c", "Hémoglobine glyquée", "4548-4", "%", 6.5, 1.2, 4.0, 15.0, 1, 58),
        lab("ldl", "Cholestérol LDL", "13457-7", "g/L", 0.92, 0.38, 0.1, 3.5, 2, 64),
    ],
    "hf_treatment": [
        yes_no("beta_blocker", "Bêtabloquant", 81),
        yes_no("arni", "Sacubitril/valsartan (ARNI)", 37),
        yes_no("acei_arb", "IEC ou ARA2", 38),
        yes_no("mra", "Antagoniste des récepteurs minéralocorticoïdes", 52),
        yes_no("sglt2i", "Inhibiteur de SGLT2", 49),
        num("furosemide_dose", "Dose de furosémide", "mg/j", 62, 48, 0, 500, 0, completeness=95),
        yes_no("anticoagulant", "Anticoagulant oral", 47),
        coded("main_drug_atc", "Traitement principal (ATC)", "atc", ATC_CARDIO, 310),
        yes_no("cardiac_rehab", "Réadaptation cardiaque", 22, completeness=84),
    ],
    # --- Oncology ---------------------------------------------------------------------------
    "tumour": [
        ident("tumour_id", "Identifiant de tumeur", scope="records"),
        day(
            "diagnosis_date",
            "Date de diagnostic",
            "Date du premier prélèvement histologique positif, selon les règles des registres.",
            completeness=100,
        ),
        coded(
            "topography",
            "Topographie (CIM-O-3)",
            "icd-o-3",
            [
                ("C50.9", "Sein"),
                ("C18.7", "Côlon sigmoïde"),
                ("C34.1", "Lobe supérieur du poumon"),
                ("C61.9", "Prostate"),
            ],
            310,
            completeness=100,
        ),
        coded(
            "morphology",
            "Morphologie (CIM-O-3)",
            "icd-o-3",
            [
                ("8500/3", "Carcinome canalaire infiltrant"),
                ("8140/3", "Adénocarcinome"),
                ("8070/3", "Carcinome épidermoïde"),
            ],
            420,
            completeness=99,
        ),
        coded(
            "icd10_code",
            "Localisation (CIM-10)",
            "icd-10",
            [("C50", "Sein"), ("C61", "Prostate"), ("C34", "Bronches et poumon"), ("C18", "Côlon")],
            88,
            completeness=100,
        ),
        cat(
            "laterality",
            "Latéralité",
            [("1", "Droite", 36), ("2", "Gauche", 35), ("9", "Sans objet", 29)],
        ),
        cat(
            "grade",
            "Grade histologique",
            [
                ("1", "Bien différencié", 21),
                ("2", "Moyennement différencié", 44),
                ("3", "Peu différencié", 29),
                ("9", "Inconnu", 6),
            ],
            completeness=84,
        ),
        cat(
            "tnm_t",
            "Tumeur (cT/pT)",
            [
                ("T1", "T1", 36),
                ("T2", "T2", 30),
                ("T3", "T3", 20),
                ("T4", "T4", 9),
                ("TX", "TX", 5),
            ],
            completeness=88,
        ),
        cat(
            "tnm_n",
            "Ganglions (cN/pN)",
            [
                ("N0", "N0", 58),
                ("N1", "N1", 24),
                ("N2", "N2", 11),
                ("N3", "N3", 4),
                ("NX", "NX", 3),
            ],
            completeness=86,
        ),
        cat(
            "tnm_m",
            "Métastases (cM/pM)",
            [("M0", "M0", 79), ("M1", "M1", 17), ("MX", "MX", 4)],
            completeness=90,
        ),
        cat(
            "stage",
            "Stade",
            [
                ("I", "I", 32),
                ("II", "II", 26),
                ("III", "III", 22),
                ("IV", "IV", 17),
                ("X", "Inconnu", 3),
            ],
            "Stade UICC 8e édition.",
            completeness=87,
        ),
        cat(
            "diagnosis_basis",
            "Base du diagnostic",
            [
                ("7", "Histologie de la tumeur primitive", 88),
                ("5", "Cytologie", 6),
                ("2", "Clinique et imagerie", 6),
            ],
            completeness=100,
        ),
        day("mdt_meeting_date", "Date de la première RCP", completeness=93),
    ],
    "cancer_treatment": [
        yes_no("surgery", "Chirurgie", 58),
        day("surgery_date", "Date de la chirurgie", completeness=57),
        coded(
            "surgery_ccam",
            "Acte chirurgical principal (CCAM)",
            "ccam",
            [("QEFA003", "Mastectomie partielle"), ("HHFA008", "Colectomie gauche")],
            290,
            completeness=56,
        ),
        yes_no("chemotherapy", "Chimiothérapie", 44),
        yes_no("radiotherapy", "Radiothérapie", 39),
        yes_no("hormone_therapy", "Hormonothérapie", 23),
        yes_no("immunotherapy", "Immunothérapie", 12),
        yes_no("targeted_therapy", "Thérapie ciblée", 10),
        num(
            "days_to_treatment",
            "Délai diagnostic – premier traitement",
            "jours",
            38,
            24,
            0,
            365,
            0,
            completeness=94,
        ),
        yes_no("clinical_trial", "Inclusion dans un essai clinique", 8, completeness=90),
    ],
    "biomarkers": [
        cat(
            "her2_status",
            "Statut HER2 (sein)",
            [("pos", "Positif", 14), ("low", "HER2-low", 38), ("neg", "Négatif", 48)],
            completeness=31,
        ),
        cat(
            "er_status",
            "Récepteurs aux œstrogènes (sein)",
            [("pos", "Positif", 79), ("neg", "Négatif", 21)],
            completeness=31,
        ),
        cat(
            "egfr_mutation",
            "Mutation EGFR (poumon)",
            [("mut", "Mutée", 11), ("wt", "Sauvage", 89)],
            completeness=12,
        ),
        cat(
            "kras_status",
            "Statut KRAS (côlon, poumon)",
            [("mut", "Muté", 41), ("wt", "Sauvage", 59)],
            completeness=19,
        ),
        cat(
            "msi_status",
            "Instabilité microsatellitaire",
            [("MSI", "MSI", 12), ("MSS", "MSS", 88)],
            completeness=17,
        ),
        num("pdl1_tps", "Expression PD-L1 (TPS)", "%", 22, 28, 0, 100, 0, completeness=11),
    ],
    "vital_status": [
        cat(
            "vital_status",
            "Statut vital",
            [("alive", "Vivant", 63), ("dead", "Décédé", 37)],
            "Mis à jour chaque année à partir du répertoire national des décès.",
            completeness=100,
        ),
        day("last_news_date", "Date des dernières nouvelles", completeness=100),
        num(
            "survival_months",
            "Durée de survie observée",
            "mois",
            52,
            41,
            0,
            216,
            1,
            completeness=100,
        ),
        yes_no("cancer_death", "Décès lié au cancer", 71, completeness=33),
    ],
    # --- Imaging ------------------------------------------------------------------------------
    "imaging_study": [
        ident("study_instance_uid", "Study Instance UID (pseudonymisé)", scope="records"),
        day("study_date", "Date de l'examen", completeness=100),
        cat("modality", "Modalité DICOM", [("MR", "IRM", 100)], completeness=100),
        cat(
            "manufacturer",
            "Constructeur",
            [("A", "Constructeur A", 47), ("B", "Constructeur B", 38), ("C", "Constructeur C", 15)],
            completeness=100,
        ),
        cat(
            "field_strength",
            "Champ magnétique",
            [("1.5", "1,5 T", 56), ("3", "3 T", 44)],
            "Tag DICOM (0018,0087).",
            completeness=99,
        ),
        num("n_series", "Nombre de séries", "", 7.4, 2.6, 1, 30, 0, completeness=100),
        num("n_instances", "Nombre d'images", "", 1480, 760, 20, 9000, 0, completeness=100),
        num("study_size", "Volume de l'examen", "Mo", 410, 260, 5, 4000, 0, completeness=100),
        coded(
            "procedure_code",
            "Acte d'imagerie (CCAM)",
            "ccam",
            [("ACQN001", "IRM de l'encéphale"), ("ACQJ002", "IRM encéphale avec injection")],
            9,
            completeness=97,
        ),
        cat(
            "contrast_agent",
            "Injection de gadolinium",
            [("1", "Oui", 46), ("0", "Non", 54)],
            completeness=98,
        ),
        yes_no("defaced", "Défaçage appliqué", 100, completeness=100),
        coded(
            "indication_icd10",
            "Indication (CIM-10)",
            "icd-10",
            [
                ("G35", "Sclérose en plaques"),
                ("I63.9", "Infarctus cérébral"),
                ("C71.9", "Tumeur maligne de l'encéphale"),
                ("G40.9", "Épilepsie"),
            ],
            640,
            completeness=81,
        ),
    ],
    "imaging_mri": [
        yes_no("has_t1", "Séquence T1 3D", 88),
        yes_no("has_t2", "Séquence T2", 91),
        yes_no("has_flair", "Séquence FLAIR", 94),
        yes_no("has_dwi", "Diffusion (DWI)", 82),
        yes_no("has_swi", "Susceptibilité (SWI/T2*)", 61),
        yes_no("has_perfusion", "Perfusion", 14),
        num(
            "slice_thickness_t1",
            "Épaisseur de coupe T1",
            "mm",
            1.1,
            0.3,
            0.5,
            6,
            1,
            "Tag DICOM (0018,0050).",
            completeness=88,
        ),
        num("pixel_spacing", "Taille de pixel", "mm", 0.9, 0.2, 0.3, 2, 2, completeness=100),
        num(
            "repetition_time",
            "Temps de répétition (TR) FLAIR",
            "ms",
            7800,
            1600,
            4000,
            12000,
            0,
            completeness=93,
        ),
        num("echo_time", "Temps d'écho (TE) FLAIR", "ms", 118, 22, 70, 180, 0, completeness=93),
        num(
            "inversion_time",
            "Temps d'inversion (TI) FLAIR",
            "ms",
            2450,
            180,
            1800,
            3000,
            0,
            completeness=92,
        ),
        cat(
            "image_quality",
            "Qualité d'image (contrôle visuel)",
            [("good", "Bonne", 81), ("fair", "Acceptable", 15), ("poor", "Artefacts majeurs", 4)],
            completeness=37,
        ),
    ],
    "imaging_report": [
        text("report_text", "Compte rendu radiologique (désidentifié)", 1450),
        coded(
            "report_findings",
            "Conclusions codées (SNOMED CT)",
            "snomed-ct",
            [("24700007", "Sclérose en plaques"), ("432504007", "Infarctus cérébral")],
            820,
            completeness=58,
        ),
        cat(
            "lesion_present",
            "Lésion décrite",
            [("1", "Oui", 57), ("0", "Non", 43)],
            completeness=88,
        ),
        yes_no(
            "segmentation_available",
            "Segmentation manuelle disponible",
            6,
            "Contours de lésions réalisés par un neuroradiologue pour un sous-ensemble.",
            completeness=100,
        ),
    ],
    # --- Genomics -------------------------------------------------------------------------------
    "sequencing": [
        ident("sample_id", "Identifiant d'échantillon", scope="records"),
        cat(
            "family_role",
            "Position dans la famille",
            [
                ("proband", "Cas index", 41),
                ("mother", "Mère", 28),
                ("father", "Père", 27),
                ("sibling", "Fratrie", 4),
            ],
            completeness=100,
        ),
        cat(
            "analysis_type",
            "Type d'analyse",
            [("trio", "Trio", 63), ("solo", "Solo", 29), ("duo", "Duo", 8)],
            completeness=100,
        ),
        cat(
            "capture_kit",
            "Kit de capture",
            [("K1", "Kit de capture exome v1", 22), ("K2", "Kit de capture exome v2", 78)],
            completeness=100,
        ),
        short("sequencer", "Séquenceur", n_distinct=2, completeness=100),
        day("sequencing_date", "Date de séquençage", completeness=100),
        num("mean_coverage", "Profondeur moyenne", "x", 118, 26, 40, 300, 0, completeness=100),
        num("pct_target_20x", "Cibles couvertes à 20x", "%", 97.2, 1.6, 80, 100, completeness=100),
        num("n_reads", "Nombre de lectures", "millions", 82, 19, 20, 250, 0, completeness=100),
        num("duplication_rate", "Taux de duplication", "%", 9.5, 3.8, 1, 40, completeness=100),
        num(
            "n_variants_called",
            "Variants détectés",
            "",
            48200,
            3900,
            30000,
            80000,
            0,
            completeness=100,
        ),
        short(
            "pipeline_version",
            "Version du pipeline bioinformatique",
            n_distinct=5,
            completeness=100,
        ),
        short(
            "reference_genome",
            "Génome de référence",
            "GRCh38 pour toutes les analyses depuis 2021, GRCh37 avant.",
            n_distinct=2,
            completeness=100,
        ),
    ],
    "variants": [
        short("gene_symbol", "Gène (symbole HGNC)", n_distinct=2300, completeness=100),
        short("chromosome", "Chromosome", n_distinct=24, completeness=100),
        num("position", "Position génomique", "pb", 7.4e7, 5.1e7, 1, 2.49e8, 0, completeness=100),
        short("ref_allele", "Allèle de référence", completeness=100),
        short("alt_allele", "Allèle alternatif", completeness=100),
        coded(
            "hgvs_c",
            "Nomenclature HGVS (ADNc)",
            "hgvs",
            [("NM_000492.4:c.1521_1523del", "CFTR p.Phe508del")],
            61000,
            completeness=99,
        ),
        coded(
            "hgvs_p",
            "Nomenclature HGVS (protéine)",
            "hgvs",
            [("NP_000483.3:p.Phe508del", "CFTR")],
            48000,
            completeness=83,
        ),
        cat(
            "consequence",
            "Conséquence",
            [
                ("missense", "Faux-sens", 52),
                ("frameshift", "Décalage du cadre", 11),
                ("nonsense", "Non-sens", 8),
                ("splice", "Épissage", 9),
                ("synonymous", "Synonyme", 14),
                ("other", "Autre", 6),
            ],
            completeness=100,
        ),
        cat(
            "zygosity",
            "Zygotie",
            [("het", "Hétérozygote", 81), ("hom", "Homozygote", 15), ("hemi", "Hémizygote", 4)],
            completeness=100,
        ),
        cat(
            "inheritance",
            "Mode de ségrégation",
            [
                ("denovo", "De novo", 14),
                ("mat", "Hérité maternel", 41),
                ("pat", "Hérité paternel", 39),
                ("unk", "Inconnu", 6),
            ],
            completeness=71,
        ),
        cat(
            "acmg_class",
            "Classification ACMG",
            [
                ("1", "Bénin", 18),
                ("2", "Probablement bénin", 27),
                ("3", "Signification incertaine", 38),
                ("4", "Probablement pathogène", 10),
                ("5", "Pathogène", 7),
            ],
            completeness=100,
        ),
        num(
            "gnomad_af", "Fréquence allélique gnomAD", "", 0.0021, 0.008, 0, 0.5, 4, completeness=74
        ),
        num("cadd_phred", "Score CADD (phred)", "", 18.4, 8.9, 0, 60, completeness=97),
        num("allele_balance", "Équilibre allélique", "", 0.47, 0.09, 0.05, 1, 2, completeness=100),
        num("variant_depth", "Profondeur au variant", "x", 96, 41, 8, 600, 0, completeness=100),
    ],
    "phenotype": [
        coded(
            "hpo_terms",
            "Termes HPO du cas index",
            "snomed-ct",
            [
                ("HP:0001263", "Retard global du développement"),
                ("HP:0001250", "Crises épileptiques"),
            ],
            3100,
            "Liste de termes Human Phenotype Ontology ; transcodage SNOMED CT disponible.",
            completeness=92,
        ),
        num("n_hpo_terms", "Nombre de termes HPO", "", 6.1, 3.2, 1, 30, 0, completeness=92),
        coded(
            "orphacode",
            "Diagnostic (ORPHAcode)",
            "orphacode",
            [("ORPHA:586", "Mucoviscidose"), ("ORPHA:908", "Syndrome de l'X fragile")],
            710,
            completeness=38,
        ),
        cat(
            "diagnostic_conclusion",
            "Conclusion diagnostique",
            [
                ("solved", "Diagnostic posé", 36),
                ("candidate", "Variant candidat", 19),
                ("negative", "Négatif", 45),
            ],
            completeness=95,
        ),
        yes_no("consanguinity", "Consanguinité parentale", 7, completeness=88),
        yes_no("reanalysis_consent", "Consentement à la réanalyse", 92, completeness=100),
    ],
    # --- Claims (SNDS) -------------------------------------------------------------------------
    "claims_insurance": [
        cat(
            "insurance_scheme",
            "Régime d'assurance maladie",
            [
                ("RG", "Régime général", 86),
                ("MSA", "Régime agricole", 9),
                ("OTH", "Autres régimes", 5),
            ],
            completeness=100,
        ),
        yes_no("css", "Complémentaire santé solidaire", 11, completeness=100),
        yes_no("ald", "Affection de longue durée", 82, completeness=100),
        coded(
            "ald_icd10",
            "Motif d'ALD (CIM-10)",
            "icd-10",
            [("E11", "Diabète de type 2"), ("I50", "Insuffisance cardiaque")],
            640,
            completeness=81,
        ),
        day("ald_start_date", "Date de début d'ALD", completeness=81),
        short(
            "linkage_quality",
            "Qualité de l'appariement",
            "Déterministe ou probabiliste, avec score de confiance.",
            n_distinct=3,
            completeness=100,
        ),
    ],
    "claims_drugs": [
        ident("dispensing_id", "Identifiant de délivrance", scope="records"),
        day("dispensing_date", "Date de délivrance", completeness=100),
        coded(
            "cip13",
            "Code CIP13 de la présentation",
            "ucd-cip",
            [("3400930000000", "Metformine 1000 mg, boîte de 90")],
            11400,
            completeness=100,
        ),
        coded(
            "atc_code",
            "Classe ATC",
            "atc",
            [
                ("A10BA02", "Metformine"),
                ("A10BK01", "Dapagliflozine"),
                ("A10BJ06", "Sémaglutide"),
                ("C10AA05", "Atorvastatine"),
            ],
            1380,
            completeness=100,
        ),
        num("boxes", "Nombre de boîtes", "", 1.7, 1.1, 1, 30, 0, completeness=100),
        cat(
            "prescriber_type",
            "Prescripteur",
            [
                ("gp", "Médecin généraliste", 71),
                ("spec", "Spécialiste libéral", 13),
                ("hosp", "Prescripteur hospitalier", 16),
            ],
            completeness=96,
        ),
        num("reimbursed_amount", "Montant remboursé", "EUR", 34, 41, 0, 3000, 2, completeness=100),
    ],
    "claims_visits": [
        num(
            "n_gp_visits_year",
            "Consultations de médecine générale par an",
            "",
            7.9,
            5.1,
            0,
            80,
            0,
            completeness=100,
        ),
        num(
            "n_specialist_visits_year",
            "Consultations de spécialistes par an",
            "",
            3.1,
            3.4,
            0,
            60,
            0,
            completeness=100,
        ),
        num(
            "n_nurse_acts_year", "Actes infirmiers par an", "", 46, 88, 0, 1500, 0, completeness=100
        ),
        yes_no("ophthalmology_exam", "Examen ophtalmologique dans l'année", 58, completeness=100),
        yes_no("hba1c_tests_3", "Au moins 3 dosages d'HbA1c dans l'année", 49, completeness=100),
        num(
            "n_hospital_stays_other",
            "Séjours dans d'autres établissements (PMSI)",
            "",
            0.6,
            1.2,
            0,
            30,
            0,
            completeness=100,
        ),
    ],
    "death_cause": [
        day("death_date", "Date de décès", completeness=100),
        coded(
            "death_underlying_cause",
            "Cause initiale de décès (CIM-10)",
            "icd-10",
            [("I25.9", "Cardiopathie ischémique chronique"), ("E11.9", "Diabète de type 2")],
            780,
            "Issue de la base des causes médicales de décès.",
            completeness=74,
        ),
    ],
    # --- PROMs (hip replacement) ---------------------------------------------------------------
    "hip_surgery": [
        day("surgery_date", "Date d'intervention", completeness=100),
        coded(
            "ccam_code",
            "Acte (CCAM)",
            "ccam",
            [("NEKA020", "Remplacement de l'articulation coxofémorale par prothèse totale")],
            6,
            completeness=100,
        ),
        coded(
            "indication",
            "Indication (CIM-10)",
            "icd-10",
            [("M16.1", "Coxarthrose primaire"), ("M87.0", "Ostéonécrose")],
            24,
            completeness=100,
        ),
        cat(
            "surgical_approach",
            "Voie d'abord",
            [("post", "Postérieure", 54), ("ant", "Antérieure", 36), ("lat", "Latérale", 10)],
            completeness=97,
        ),
        cat(
            "fixation",
            "Mode de fixation",
            [
                ("cemented", "Cimentée", 27),
                ("uncemented", "Sans ciment", 64),
                ("hybrid", "Hybride", 9),
            ],
            completeness=95,
        ),
        cat(
            "asa_score",
            "Score ASA",
            [("1", "ASA 1", 14), ("2", "ASA 2", 57), ("3", "ASA 3", 27), ("4", "ASA 4", 2)],
            completeness=98,
        ),
        num("length_of_stay", "Durée de séjour", "jours", 3.1, 1.9, 0, 30, 0, completeness=100),
        yes_no("ambulatory", "Chirurgie ambulatoire", 12, completeness=100),
        yes_no("complication_90d", "Complication à 90 jours", 6, completeness=100),
        yes_no("revision_1y", "Reprise chirurgicale à un an", 1.8, completeness=100),
    ],
    "proms_hip": [
        cat(
            "timepoint",
            "Temps de mesure",
            [("PRE", "Préopératoire", 40), ("M3", "3 mois", 32), ("M12", "12 mois", 28)],
            completeness=100,
        ),
        day("response_date", "Date de réponse", completeness=100),
        cat(
            "response_channel",
            "Canal de réponse",
            [("web", "Lien e-mail", 71), ("sms", "Lien SMS", 22), ("paper", "Papier", 7)],
            completeness=100,
        ),
        num(
            "oxford_hip_score",
            "Oxford Hip Score",
            "points (0-48)",
            33,
            11,
            0,
            48,
            0,
            "Score total sur 12 items ; plus élevé = meilleure fonction.",
            completeness=93,
        ),
        num(
            "hoos_ps",
            "HOOS-PS (fonction physique)",
            "points (0-100)",
            32,
            19,
            0,
            100,
            1,
            "Score normalisé ; plus élevé = plus de difficultés.",
            completeness=88,
        ),
        cat(
            "ohs_q1_pain",
            "OHS item 1 : douleur habituelle",
            [
                ("0", "Sévère", 18),
                ("1", "Modérée", 24),
                ("2", "Légère", 26),
                ("3", "Très légère", 17),
                ("4", "Aucune", 15),
            ],
            completeness=95,
        ),
        cat(
            "ohs_q5_walking",
            "OHS item 5 : périmètre de marche",
            [
                ("0", "Impossible", 6),
                ("1", "Autour de la maison", 14),
                ("2", "5 à 15 minutes", 25),
                ("3", "16 à 30 minutes", 27),
                ("4", "Sans limite", 28),
            ],
            completeness=95,
        ),
        cat(
            "ohs_q12_night_pain",
            "OHS item 12 : douleur nocturne",
            [
                ("0", "Toutes les nuits", 19),
                ("1", "La plupart des nuits", 17),
                ("2", "Certaines nuits", 21),
                ("3", "Rarement", 18),
                ("4", "Jamais", 25),
            ],
            completeness=94,
        ),
        num(
            "pain_nrs",
            "Douleur (échelle numérique)",
            "points (0-10)",
            4.1,
            2.7,
            0,
            10,
            0,
            completeness=92,
        ),
        cat(
            "satisfaction",
            "Satisfaction globale",
            [
                ("1", "Très satisfait", 58),
                ("2", "Satisfait", 29),
                ("3", "Peu satisfait", 9),
                ("4", "Insatisfait", 4),
            ],
            completeness=51,
        ),
        yes_no("would_recommend", "Recommanderait l'intervention", 91, completeness=50),
    ],
    "eq5d": [
        cat(
            "eq5d_mobility",
            "EQ-5D-5L : mobilité",
            [
                ("1", "Aucun problème", 24),
                ("2", "Problèmes légers", 27),
                ("3", "Problèmes modérés", 26),
                ("4", "Problèmes sévères", 18),
                ("5", "Incapacité", 5),
            ],
            completeness=93,
        ),
        cat(
            "eq5d_self_care",
            "EQ-5D-5L : autonomie",
            [
                ("1", "Aucun problème", 55),
                ("2", "Légers", 24),
                ("3", "Modérés", 14),
                ("4", "Sévères", 5),
                ("5", "Incapacité", 2),
            ],
            completeness=93,
        ),
        cat(
            "eq5d_usual_activities",
            "EQ-5D-5L : activités courantes",
            [
                ("1", "Aucun problème", 29),
                ("2", "Légers", 28),
                ("3", "Modérés", 24),
                ("4", "Sévères", 14),
                ("5", "Incapacité", 5),
            ],
            completeness=93,
        ),
        cat(
            "eq5d_pain",
            "EQ-5D-5L : douleur / gêne",
            [
                ("1", "Aucune", 16),
                ("2", "Légère", 25),
                ("3", "Modérée", 31),
                ("4", "Sévère", 21),
                ("5", "Extrême", 7),
            ],
            completeness=93,
        ),
        cat(
            "eq5d_anxiety",
            "EQ-5D-5L : anxiété / dépression",
            [
                ("1", "Aucune", 51),
                ("2", "Légère", 28),
                ("3", "Modérée", 14),
                ("4", "Sévère", 5),
                ("5", "Extrême", 2),
            ],
            completeness=92,
        ),
        num(
            "eq5d_index",
            "Index EQ-5D-5L (valeurs françaises)",
            "",
            0.68,
            0.24,
            -0.53,
            1,
            3,
            completeness=91,
        ),
        num(
            "eq_vas",
            "EQ-VAS (état de santé perçu)",
            "points (0-100)",
            68,
            18,
            0,
            100,
            0,
            completeness=90,
        ),
    ],
    # --- Biobank --------------------------------------------------------------------------------
    "biobank_sample": [
        ident("sample_id", "Identifiant d'aliquote", scope="records"),
        ident("donor_id", "Identifiant du donneur (pseudonyme)"),
        short("collection_code", "Collection d'origine", n_distinct=37, completeness=100),
        cat(
            "sample_type",
            "Nature de l'échantillon",
            [
                ("serum", "Sérum", 31),
                ("plasma", "Plasma EDTA", 27),
                ("dna", "ADN", 14),
                ("rna", "ARN", 5),
                ("frozen_tissue", "Tissu congelé", 9),
                ("ffpe", "Tissu inclus en paraffine", 12),
                ("urine", "Urine", 2),
            ],
            completeness=100,
        ),
        day("collection_date", "Date de prélèvement", completeness=100),
        moment("processing_datetime", "Date et heure de traitement", completeness=86),
        num(
            "preanalytical_delay",
            "Délai prélèvement – congélation",
            "minutes",
            95,
            60,
            5,
            1440,
            0,
            completeness=84,
        ),
        cat(
            "storage_temperature",
            "Température de stockage",
            [
                ("-80", "-80 °C", 71),
                ("-196", "Azote liquide", 12),
                ("RT", "Température ambiante (FFPE)", 17),
            ],
            completeness=100,
        ),
        num("volume_ul", "Volume restant", "µL", 420, 230, 0, 2000, 0, completeness=93),
        num(
            "n_aliquots",
            "Aliquotes disponibles pour le donneur",
            "",
            4.6,
            2.9,
            0,
            40,
            0,
            completeness=100,
        ),
        cat(
            "consent_scope",
            "Périmètre du consentement",
            [
                ("broad", "Recherche large", 58),
                ("disease", "Recherche sur la pathologie", 27),
                ("nonopp", "Non-opposition (soins)", 15),
            ],
            completeness=100,
        ),
        yes_no(
            "commercial_use_allowed",
            "Usage par un partenaire industriel autorisé",
            61,
            completeness=100,
        ),
    ],
    "biobank_quality": [
        num("rin", "RNA Integrity Number", "", 7.6, 1.3, 1, 10, 1, completeness=5),
        num(
            "dna_concentration", "Concentration d'ADN", "ng/µL", 86, 52, 1, 600, 0, completeness=14
        ),
        num("a260_280", "Ratio A260/A280", "", 1.86, 0.07, 1.4, 2.2, 2, completeness=14),
        num("tumour_cellularity", "Cellularité tumorale", "%", 58, 21, 5, 100, 0, completeness=11),
        num(
            "freeze_thaw_cycles",
            "Cycles de congélation-décongélation",
            "",
            0.4,
            0.8,
            0,
            6,
            0,
            completeness=97,
        ),
        yes_no("hemolysis", "Hémolyse visible", 4, completeness=78),
        coded(
            "snomed_morphology",
            "Morphologie (SNOMED CT)",
            "snomed-ct",
            [("35917007", "Adénocarcinome")],
            390,
            completeness=21,
        ),
    ],
    # --- Intensive care ---------------------------------------------------------------------------
    "icu_stay": [
        ident("icu_stay_id", "Identifiant de séjour en réanimation", scope="records"),
        moment("icu_admission_datetime", "Admission en réanimation", completeness=100),
        moment("icu_discharge_datetime", "Sortie de réanimation", completeness=99),
        num(
            "icu_los_days",
            "Durée de séjour en réanimation",
            "jours",
            8.9,
            10.4,
            1,
            180,
            1,
            completeness=99,
        ),
        cat(
            "admission_category",
            "Catégorie d'admission",
            [
                ("med", "Médicale", 71),
                ("surg_urg", "Chirurgicale urgente", 18),
                ("surg_sched", "Chirurgicale programmée", 11),
            ],
            completeness=100,
        ),
        coded(
            "main_diagnosis",
            "Diagnostic principal (CIM-10)",
            "icd-10",
            [
                ("A41.9", "Sepsis"),
                ("J96.0", "Insuffisance respiratoire aiguë"),
                ("I46.9", "Arrêt cardiaque"),
            ],
            760,
            completeness=100,
        ),
        num("saps2", "IGS II (SAPS II)", "points", 47, 18, 6, 130, 0, completeness=97),
        num("sofa_admission", "SOFA à l'admission", "points", 7.2, 3.9, 0, 22, 0, completeness=93),
        num("sofa_max", "SOFA maximal", "points", 8.9, 4.3, 0, 24, 0, completeness=91),
        yes_no("vasopressors", "Vasopresseurs", 46, completeness=100),
        num(
            "norepinephrine_max",
            "Dose maximale de noradrénaline",
            "µg/kg/min",
            0.34,
            0.41,
            0,
            5,
            2,
            completeness=45,
        ),
        yes_no("rrt", "Épuration extra-rénale", 14, completeness=100),
        lab("lactate_max", "Lactate maximal", "2524-7", "mmol/L", 3.4, 2.9, 0.3, 25, 1, 94),
        yes_no("icu_death", "Décès en réanimation", 19, completeness=100),
        yes_no("hospital_death", "Décès hospitalier", 25, completeness=100),
    ],
    "icu_signals": [
        ident("session_id", "Identifiant de session d'enregistrement", scope="records"),
        cat(
            "signal_type",
            "Type de signal",
            [
                ("ECG_II", "ECG dérivation II", 31),
                ("ABP", "Pression artérielle invasive", 24),
                ("PLETH", "Pléthysmographie", 27),
                ("RESP", "Respiration (impédance)", 9),
                ("CVP", "Pression veineuse centrale", 9),
            ],
            completeness=100,
        ),
        num(
            "sampling_rate",
            "Fréquence d'échantillonnage",
            "Hz",
            240,
            40,
            62.5,
            500,
            1,
            completeness=100,
        ),
        num(
            "recording_hours", "Durée enregistrée", "heures", 142, 170, 1, 2400, 0, completeness=100
        ),
        num(
            "artifact_pct",
            "Part de signal artefacté",
            "%",
            6.8,
            5.9,
            0,
            80,
            1,
            "Estimée par un détecteur automatique de qualité de signal.",
            completeness=100,
        ),
        num(
            "gap_pct",
            "Part de données manquantes (déconnexions)",
            "%",
            3.9,
            4.8,
            0,
            90,
            completeness=100,
        ),
        short(
            "file_format",
            "Format de fichier",
            "WFDB pour les ondes, Parquet pour les tendances.",
            n_distinct=2,
            completeness=100,
        ),
        num(
            "trend_resolution",
            "Résolution des tendances",
            "secondes",
            1,
            0.1,
            1,
            60,
            0,
            completeness=100,
        ),
    ],
    "icu_ventilation": [
        yes_no("invasive_ventilation", "Ventilation mécanique invasive", 52, completeness=100),
        num(
            "ventilation_days",
            "Durée de ventilation invasive",
            "jours",
            6.8,
            8.1,
            0,
            120,
            1,
            completeness=100,
        ),
        cat(
            "ventilator_mode",
            "Mode ventilatoire principal",
            [
                ("VAC", "Volume assisté contrôlé", 58),
                ("VSAI", "Aide inspiratoire", 29),
                ("PC", "Pression contrôlée", 13),
            ],
            completeness=96,
        ),
        num("fio2", "FiO2", "%", 44, 17, 21, 100, 0, completeness=95),
        num("peep", "PEEP", "cmH2O", 7.9, 2.8, 0, 24, 0, completeness=95),
        num("tidal_volume", "Volume courant", "mL", 442, 78, 150, 900, 0, completeness=93),
        num("plateau_pressure", "Pression de plateau", "cmH2O", 22, 5, 8, 45, 0, completeness=58),
        num("pao2_fio2", "Rapport PaO2/FiO2", "mmHg", 196, 88, 40, 600, 0, completeness=82),
        yes_no("prone_position", "Décubitus ventral", 9, completeness=100),
        yes_no("extubation_failure", "Échec d'extubation à 48 h", 13, completeness=49),
    ],
    # --- Paediatric asthma ---------------------------------------------------------------------
    "asthma": [
        cat(
            "visit_timepoint",
            "Visite",
            [
                ("M0", "Inclusion", 18),
                ("M6", "6 mois", 17),
                ("M12", "12 mois", 16),
                ("M18", "18 mois", 15),
                ("M24", "24 mois", 14),
                ("M30+", "30 mois et plus", 20),
            ],
            completeness=100,
        ),
        day("visit_date", "Date de visite", completeness=100),
        num(
            "age_at_diagnosis",
            "Âge au diagnostic d'asthme",
            "années",
            4.1,
            2.9,
            0,
            16,
            1,
            completeness=91,
        ),
        cat(
            "gina_step",
            "Palier de traitement GINA",
            [
                ("1", "Palier 1", 11),
                ("2", "Palier 2", 27),
                ("3", "Palier 3", 31),
                ("4", "Palier 4", 22),
                ("5", "Palier 5", 9),
            ],
            completeness=96,
        ),
        num(
            "c_act",
            "Score C-ACT (4-11 ans)",
            "points (0-27)",
            20,
            4.3,
            0,
            27,
            0,
            "Questionnaire de contrôle de l'asthme, rempli par l'enfant et le parent.",
            completeness=58,
        ),
        num(
            "act", "Score ACT (12 ans et plus)", "points (5-25)", 19, 4.1, 5, 25, 0, completeness=39
        ),
        cat(
            "asthma_control",
            "Contrôle de l'asthme",
            [
                ("controlled", "Contrôlé", 48),
                ("partly", "Partiellement contrôlé", 33),
                ("uncontrolled", "Non contrôlé", 19),
            ],
            completeness=95,
        ),
        num(
            "exacerbations_6m", "Exacerbations sur 6 mois", "", 0.8, 1.1, 0, 12, 0, completeness=97
        ),
        num(
            "ocs_courses_6m",
            "Cures de corticoïdes oraux sur 6 mois",
            "",
            0.5,
            0.9,
            0,
            10,
            0,
            completeness=95,
        ),
        yes_no("hospitalisation_6m", "Hospitalisation pour asthme sur 6 mois", 9),
        num(
            "school_days_missed",
            "Jours d'école manqués sur 6 mois",
            "jours",
            3.2,
            4.6,
            0,
            90,
            0,
            completeness=74,
        ),
        coded(
            "controller_atc",
            "Traitement de fond (ATC)",
            "atc",
            [
                ("R03AK06", "Salmétérol et fluticasone"),
                ("R03BA05", "Fluticasone"),
                ("R03DC03", "Montélukast"),
            ],
            41,
            completeness=93,
        ),
        num(
            "ics_dose",
            "Dose de corticoïde inhalé (équivalent fluticasone)",
            "µg/j",
            260,
            150,
            0,
            1000,
            0,
            completeness=90,
        ),
        yes_no("biologic", "Biothérapie (anti-IgE, anti-IL5...)", 4),
        num("adherence_pct", "Observance déclarée", "%", 71, 22, 0, 100, 0, completeness=66),
        lab("eosinophils", "Éosinophiles sanguins", "26449-9", "10*9/L", 0.42, 0.31, 0, 3, 2, 62),
        lab("total_ige", "IgE totales", "19113-0", "kUI/L", 410, 520, 2, 5000, 0, 55),
        yes_no(
            "aeroallergen_sensitised", "Sensibilisation aux pneumallergènes", 72, completeness=81
        ),
    ],
    "spirometry": [
        num(
            "fev1_pct",
            "VEMS (% de la valeur prédite GLI)",
            "%",
            91,
            15,
            30,
            140,
            0,
            completeness=78,
        ),
        num(
            "fvc_pct", "CVF (% de la valeur prédite GLI)", "%", 98, 13, 40, 150, 0, completeness=78
        ),
        num("fev1_fvc", "Rapport VEMS/CVF", "", 0.84, 0.08, 0.4, 1, 2, completeness=78),
        num("fef25_75_pct", "DEM 25-75 (% prédit)", "%", 79, 24, 10, 180, 0, completeness=71),
        num(
            "bronchodilator_response",
            "Réversibilité après bronchodilatateur",
            "%",
            8.6,
            7.2,
            -10,
            60,
            1,
            completeness=64,
        ),
        num("feno", "Fraction expirée de NO", "ppb", 27, 22, 2, 200, 0, completeness=52),
    ],
    "environment": [
        yes_no("passive_smoking", "Tabagisme passif au domicile", 23, completeness=92),
        yes_no(
            "maternal_smoking_pregnancy",
            "Tabagisme maternel pendant la grossesse",
            14,
            completeness=77,
        ),
        yes_no("pets", "Animaux domestiques", 46, completeness=90),
        yes_no("mould", "Moisissures visibles au domicile", 12, completeness=84),
        cat(
            "housing_area",
            "Lieu de vie",
            [("urban", "Urbain", 61), ("periurban", "Périurbain", 24), ("rural", "Rural", 15)],
            completeness=95,
        ),
        yes_no("day_care_early", "Collectivité avant 3 ans", 58, completeness=72),
        num(
            "distance_main_road",
            "Distance à un grand axe routier",
            "m",
            640,
            710,
            5,
            8000,
            0,
            "Calculée à partir de l'adresse géocodée, puis arrondie.",
            completeness=89,
        ),
    ],
    # --- Stroke -----------------------------------------------------------------------------------
    "risk_factors": [
        yes_no("hypertension", "Hypertension artérielle", 62),
        yes_no("diabetes", "Diabète", 22),
        yes_no("dyslipidemia", "Dyslipidémie", 38),
        yes_no("current_smoker", "Tabagisme actif", 21),
        yes_no("known_af", "Fibrillation atriale connue", 19),
        yes_no("prior_stroke", "Antécédent d'AVC ou d'AIT", 17),
        yes_no("anticoagulated", "Sous anticoagulant à l'admission", 12),
        cat(
            "prestroke_mrs",
            "Rankin avant l'AVC",
            [
                ("0", "0", 58),
                ("1", "1", 17),
                ("2", "2", 11),
                ("3", "3", 9),
                ("4", "4", 4),
                ("5", "5", 1),
            ],
            completeness=93,
        ),
    ],
    "stroke": [
        cat(
            "stroke_type",
            "Type d'AVC",
            [
                ("isch", "Infarctus cérébral", 71),
                ("ich", "Hématome intracérébral", 14),
                ("tia", "Accident ischémique transitoire", 12),
                ("sah", "Hémorragie méningée", 3),
            ],
            completeness=100,
        ),
        coded(
            "icd10_code",
            "Diagnostic principal (CIM-10)",
            "icd-10",
            [
                ("I63.5", "Infarctus cérébral dû à une occlusion artérielle"),
                ("I61.9", "Hémorragie intracérébrale"),
                ("G45.9", "AIT"),
            ],
            46,
            completeness=100,
        ),
        cat(
            "toast",
            "Étiologie (TOAST)",
            [
                ("LAA", "Athérosclérose des grosses artères", 17),
                ("CE", "Cardio-embolique", 29),
                ("SVO", "Occlusion des petites artères", 16),
                ("OTH", "Autre étiologie déterminée", 6),
                ("UND", "Indéterminée", 32),
            ],
            completeness=74,
        ),
        moment(
            "onset_datetime", "Début des symptômes (ou dernière fois vu normal)", completeness=86
        ),
        moment("arrival_datetime", "Arrivée à l'hôpital", completeness=100),
        yes_no("wake_up_stroke", "AVC du réveil", 18, completeness=95),
        cat(
            "arrival_mode",
            "Mode d'arrivée",
            [
                ("samu", "SAMU / SMUR", 44),
                ("fire", "Pompiers", 27),
                ("own", "Moyens personnels", 21),
                ("transfer", "Transfert secondaire", 8),
            ],
            completeness=97,
        ),
        num(
            "nihss_admission",
            "NIHSS à l'admission",
            "points (0-42)",
            8.1,
            7.2,
            0,
            42,
            0,
            completeness=96,
        ),
        num(
            "onset_to_door",
            "Délai début – arrivée",
            "minutes",
            178,
            160,
            10,
            1440,
            0,
            completeness=84,
        ),
        num(
            "door_to_imaging",
            "Délai arrivée – imagerie",
            "minutes",
            24,
            17,
            2,
            240,
            0,
            completeness=95,
        ),
        yes_no("thrombolysis", "Thrombolyse intraveineuse", 21),
        num(
            "door_to_needle",
            "Délai arrivée – thrombolyse",
            "minutes",
            41,
            19,
            8,
            180,
            0,
            completeness=21,
        ),
        yes_no("thrombectomy", "Thrombectomie mécanique", 14),
        num(
            "door_to_groin",
            "Délai arrivée – ponction artérielle",
            "minutes",
            88,
            41,
            15,
            400,
            0,
            completeness=14,
        ),
        cat(
            "occlusion_site",
            "Site d'occlusion",
            [
                ("ica", "Carotide interne", 17),
                ("m1", "Sylvienne M1", 46),
                ("m2", "Sylvienne M2", 24),
                ("basilar", "Tronc basilaire", 7),
                ("other", "Autre", 6),
            ],
            completeness=19,
        ),
        cat(
            "tici_final",
            "Reperfusion finale (mTICI)",
            [
                ("0", "0", 5),
                ("1", "1", 3),
                ("2a", "2a", 8),
                ("2b", "2b", 31),
                ("2c", "2c", 14),
                ("3", "3", 39),
            ],
            completeness=14,
        ),
        coded(
            "imaging_ccam",
            "Imagerie initiale (CCAM)",
            "ccam",
            [("ACQN001", "IRM de l'encéphale"), ("ACQK001", "Scanner de l'encéphale")],
            8,
            completeness=98,
        ),
        yes_no("symptomatic_ich", "Transformation hémorragique symptomatique", 4, completeness=92),
        num(
            "nihss_discharge",
            "NIHSS à la sortie",
            "points (0-42)",
            4.6,
            6.1,
            0,
            42,
            0,
            completeness=87,
        ),
    ],
    "follow_up_stroke": [
        cat(
            "mrs_3m",
            "Rankin modifié à 3 mois",
            [
                ("0", "0", 18),
                ("1", "1", 22),
                ("2", "2", 16),
                ("3", "3", 14),
                ("4", "4", 11),
                ("5", "5", 5),
                ("6", "Décès", 14),
            ],
            "Évalué par entretien téléphonique structuré.",
            completeness=83,
        ),
        day("mrs_3m_date", "Date de l'évaluation à 3 mois", completeness=83),
        cat(
            "discharge_destination",
            "Orientation à la sortie",
            [
                ("home", "Domicile", 52),
                ("rehab", "Rééducation (SMR)", 33),
                ("other", "Autre établissement", 8),
                ("dead", "Décès", 7),
            ],
            completeness=100,
        ),
        yes_no("recurrence_1y", "Récidive à un an", 6, completeness=71),
    ],
    # --- COVID-19 ------------------------------------------------------------------------------
    "covid": [
        day("positive_test_date", "Date du premier test positif", completeness=100),
        cat(
            "test_type",
            "Type de test",
            [("pcr", "RT-PCR", 88), ("antigen", "Antigénique", 12)],
            completeness=100,
        ),
        cat(
            "wave",
            "Vague épidémique",
            [
                ("1", "Vague 1 (mars-mai 2020)", 12),
                ("2", "Vague 2 (automne 2020)", 24),
                ("3", "Vague 3 (printemps 2021)", 17),
                ("4", "Delta", 16),
                ("5", "Omicron", 31),
            ],
            completeness=100,
        ),
        cat(
            "variant",
            "Variant séquencé",
            [
                ("hist", "Historique", 21),
                ("alpha", "Alpha", 17),
                ("delta", "Delta", 22),
                ("omicron", "Omicron", 40),
            ],
            completeness=34,
        ),
        day("symptom_onset_date", "Date de début des symptômes", completeness=79),
        cat(
            "vaccination_status",
            "Statut vaccinal",
            [
                ("none", "Non vacciné", 47),
                ("partial", "Schéma incomplet", 9),
                ("complete", "Schéma complet", 24),
                ("booster", "Rappel", 20),
            ],
            "Source : système national d'information "
            "vaccinale, pour les admissions à partir de 2021.",
            completeness=88,
        ),
        num("n_doses", "Nombre de doses reçues", "", 1.4, 1.3, 0, 5, 0, completeness=88),
        yes_no("nosocomial", "Infection nosocomiale", 11, completeness=96),
        cat(
            "oxygen_max",
            "Support respiratoire maximal",
            [
                ("none", "Aucun", 27),
                ("low", "Oxygène bas débit", 41),
                ("hfno", "Oxygène à haut débit", 15),
                ("niv", "Ventilation non invasive", 6),
                ("imv", "Ventilation invasive", 11),
            ],
            completeness=97,
        ),
        cat(
            "who_scale_max",
            "Échelle de progression clinique OMS (maximum)",
            [
                ("4", "4", 27),
                ("5", "5", 41),
                ("6", "6", 15),
                ("7", "7", 4),
                ("8", "8", 3),
                ("9", "9", 2),
                ("10", "Décès", 8),
            ],
            completeness=97,
        ),
        yes_no("dexamethasone", "Dexaméthasone", 58),
        yes_no("tocilizumab", "Tocilizumab", 9),
        yes_no("anticoagulation_therapeutic", "Anticoagulation curative", 21),
        yes_no("thrombosis", "Événement thrombotique", 7, completeness=93),
    ],
    "labs_infection": [
        lab("crp", "Protéine C réactive", "1988-5", "mg/L", 86, 70, 0, 500, 0, 96),
        lab("lymphocytes", "Lymphocytes", "731-0", "10*9/L", 0.92, 0.58, 0.05, 10, 2, 94),
        lab("d_dimers", "D-dimères", "48065-7", "µg/L FEU", 1450, 2100, 100, 35000, 0, 71),
        lab("ferritin", "Ferritine", "2276-4", "µg/L", 890, 980, 10, 20000, 0, 58),
        lab("ldh", "LDH", "14804-9", "U/L", 355, 160, 90, 3000, 0, 66),
        lab("creatinine", "Créatinine", "14682-9", "µmol/L", 94, 61, 20, 1200, 0, 97),
        lab("troponin_hs", "Troponine T hypersensible", "67151-1", "ng/L", 24, 48, 3, 4000, 0, 55),
        lab("procalcitonin", "Procalcitonine", "33959-8", "µg/L", 0.6, 2.1, 0.02, 100, 2, 43),
    ],
    "icu_outcome": [
        yes_no("icu_admission", "Admission en réanimation", 19, completeness=100),
        num("icu_los", "Durée en réanimation", "jours", 11.3, 11.8, 0, 120, 0, completeness=19),
        yes_no("death_28d", "Décès à J28", 14, completeness=100),
        yes_no("hospital_death", "Décès hospitalier", 16, completeness=100),
    ],
    # --- Emergency department -----------------------------------------------------------------
    "ed_visit": [
        ident("ed_visit_id", "Identifiant de passage", scope="records"),
        moment("arrival_datetime", "Date et heure d'arrivée", completeness=100),
        moment("departure_datetime", "Date et heure de sortie", completeness=97),
        cat(
            "site",
            "Site",
            [("adult", "Urgences adultes", 74), ("ped", "Urgences pédiatriques", 26)],
            completeness=100,
        ),
        cat(
            "arrival_mode",
            "Mode de transport",
            [
                ("own", "Moyens personnels", 63),
                ("fire", "Pompiers", 14),
                ("amb", "Ambulance privée", 13),
                ("smur", "SMUR", 4),
                ("police", "Forces de l'ordre", 1),
                ("other", "Autre", 5),
            ],
            completeness=96,
        ),
        cat(
            "triage_level",
            "Niveau de tri (FRENCH)",
            [
                ("1", "Tri 1", 1),
                ("2", "Tri 2", 9),
                ("3A", "Tri 3A", 14),
                ("3B", "Tri 3B", 22),
                ("4", "Tri 4", 38),
                ("5", "Tri 5", 16),
            ],
            completeness=92,
        ),
        short(
            "chief_complaint", "Motif de recours (thésaurus SFMU)", n_distinct=160, completeness=94
        ),
        num(
            "waiting_time",
            "Délai avant premier contact médical",
            "minutes",
            78,
            66,
            0,
            900,
            0,
            completeness=88,
        ),
        num(
            "ed_length_of_stay",
            "Durée de passage",
            "minutes",
            268,
            210,
            10,
            2880,
            0,
            completeness=97,
        ),
        cat(
            "disposition",
            "Orientation",
            [
                ("home", "Retour à domicile", 74),
                ("ward", "Hospitalisation", 19),
                ("uhcd", "Unité d'hospitalisation de courte durée", 4),
                ("transfer", "Transfert", 2),
                ("left", "Parti sans attendre", 1),
            ],
            completeness=98,
        ),
        coded(
            "ccam_acts",
            "Actes réalisés (CCAM)",
            "ccam",
            [("ZBQK002", "Radiographie du thorax"), ("QZJA002", "Suture de plaie")],
            980,
            completeness=46,
        ),
        yes_no("trauma", "Traumatologie", 31, completeness=100),
    ],
    # --- Diabetes ---------------------------------------------------------------------------------
    "diabetes": [
        day("consultation_date", "Date de consultation", completeness=100),
        num(
            "diabetes_duration", "Ancienneté du diabète", "années", 12, 8, 0, 60, 0, completeness=89
        ),
        coded(
            "icd10_code",
            "Code diagnostic (CIM-10)",
            "icd-10",
            [
                ("E11.9", "Diabète de type 2 sans complication"),
                ("E11.2", "Avec complications rénales"),
                ("E11.3", "Avec complications oculaires"),
            ],
            14,
            completeness=100,
        ),
        yes_no("retinopathy", "Rétinopathie diabétique", 21, completeness=72),
        day("last_fundus_exam", "Dernier fond d'œil", completeness=66),
        yes_no("neuropathy", "Neuropathie", 26, completeness=69),
        cat(
            "foot_risk_grade",
            "Grade podologique",
            [
                ("0", "Grade 0", 54),
                ("1", "Grade 1", 21),
                ("2", "Grade 2", 14),
                ("3", "Grade 3", 11),
            ],
            completeness=58,
        ),
        yes_no("coronary_disease", "Maladie coronaire", 24, completeness=94),
        yes_no("heart_failure", "Insuffisance cardiaque", 11, completeness=94),
        yes_no("hypoglycaemia_severe", "Hypoglycémie sévère dans l'année", 4, completeness=81),
    ],
    "labs_diabetes": [
        lab("hba1c", "Hémoglobine glyquée", "4548-4", "%", 7.6, 1.4, 4.5, 16, 1, 96),
        lab("fasting_glucose", "Glycémie à jeun", "14771-0", "mmol/L", 8.4, 2.8, 2.5, 35, 1, 71),
        lab("creatinine", "Créatinine", "14682-9", "µmol/L", 94, 42, 30, 900, 0, 93),
        lab("egfr", "DFG estimé (CKD-EPI)", "62238-1", "mL/min/1.73m2", 72, 24, 5, 140, 0, 93),
        lab(
            "uacr",
            "Rapport albumine / créatinine urinaire",
            "14959-1",
            "mg/mmol",
            6.8,
            18,
            0,
            500,
            1,
            54,
        ),
        lab("ldl", "Cholestérol LDL", "13457-7", "g/L", 0.98, 0.36, 0.1, 3.5, 2, 82),
        lab("triglycerides", "Triglycérides", "2571-8", "g/L", 1.7, 1.1, 0.2, 15, 2, 81),
        lab("alt", "ALAT", "1742-6", "U/L", 32, 21, 5, 800, 0, 77),
    ],
    "diabetes_treatment": [
        yes_no("metformin", "Metformine", 78),
        yes_no("sulfonylurea", "Sulfamide hypoglycémiant", 19),
        yes_no("dpp4i", "Inhibiteur de la DPP-4", 21),
        yes_no("sglt2i", "Inhibiteur de SGLT2", 37),
        yes_no("glp1ra", "Agoniste du récepteur du GLP-1", 33),
        yes_no("insulin", "Insuline", 36),
        num(
            "insulin_daily_dose",
            "Dose quotidienne d'insuline",
            "UI/j",
            48,
            29,
            2,
            300,
            0,
            completeness=35,
        ),
        yes_no("statin", "Statine", 66),
        coded(
            "main_drug_atc",
            "Traitement principal (ATC)",
            "atc",
            [("A10BA02", "Metformine"), ("A10BJ06", "Sémaglutide"), ("A10BK01", "Dapagliflozine")],
            64,
            completeness=97,
        ),
        yes_no("cgm", "Capteur de glucose en continu", 17, completeness=90),
    ],
    # --- Maternity ------------------------------------------------------------------------------
    "pregnancy": [
        ident("delivery_id", "Identifiant d'accouchement", scope="records"),
        num(
            "maternal_age",
            "Âge maternel à l'accouchement",
            "années",
            31,
            5.3,
            14,
            52,
            0,
            completeness=100,
        ),
        num("gravidity", "Gestité", "", 2.3, 1.4, 1, 15, 0, completeness=99),
        num("parity", "Parité", "", 0.9, 1.1, 0, 12, 0, completeness=99),
        num(
            "pre_pregnancy_bmi", "IMC avant grossesse", "kg/m2", 24.8, 5.6, 14, 60, completeness=88
        ),
        yes_no("smoking_pregnancy", "Tabac pendant la grossesse", 13, completeness=91),
        yes_no("previous_caesarean", "Utérus cicatriciel", 14, completeness=99),
        cat(
            "conception",
            "Mode de conception",
            [("spont", "Spontanée", 93), ("art", "Assistance médicale à la procréation", 7)],
            completeness=95,
        ),
        cat(
            "plurality",
            "Grossesse",
            [("1", "Unique", 96.5), ("2", "Gémellaire", 3.4), ("3", "Triple ou plus", 0.1)],
            completeness=100,
        ),
        yes_no("gestational_diabetes", "Diabète gestationnel", 14, completeness=97),
        yes_no("preeclampsia", "Pré-éclampsie", 4, completeness=98),
        yes_no("in_utero_transfer", "Transfert in utero", 6, completeness=100),
    ],
    "delivery": [
        day("delivery_date", "Date d'accouchement", completeness=100),
        num(
            "gestational_age",
            "Âge gestationnel à l'accouchement",
            "SA",
            38.7,
            2.3,
            22,
            43,
            1,
            completeness=100,
        ),
        cat(
            "onset_of_labour",
            "Début du travail",
            [
                ("spont", "Spontané", 62),
                ("induced", "Déclenché", 25),
                ("none", "Césarienne avant travail", 13),
            ],
            completeness=99,
        ),
        cat(
            "delivery_mode",
            "Mode d'accouchement",
            [
                ("svd", "Voie basse spontanée", 64),
                ("instr", "Voie basse instrumentale", 12),
                ("cs_plan", "Césarienne programmée", 10),
                ("cs_emerg", "Césarienne en cours de travail", 14),
            ],
            completeness=100,
        ),
        coded(
            "delivery_ccam",
            "Acte d'accouchement (CCAM)",
            "ccam",
            [
                ("JQGD010", "Accouchement céphalique unique par voie naturelle"),
                ("JQGA003", "Accouchement par césarienne programmée"),
            ],
            22,
            completeness=100,
        ),
        yes_no("epidural", "Analgésie péridurale", 82, completeness=97),
        num(
            "blood_loss", "Pertes sanguines estimées", "mL", 420, 310, 50, 6000, 0, completeness=91
        ),
        yes_no("pph", "Hémorragie du post-partum (≥ 500 mL)", 9, completeness=96),
        coded(
            "complication_icd10",
            "Complication obstétricale (CIM-10)",
            "icd-10",
            [("O72.1", "Hémorragie immédiate du post-partum"), ("O14.1", "Pré-éclampsie sévère")],
            210,
            completeness=31,
        ),
    ],
    "newborn": [
        ident("newborn_id", "Identifiant du nouveau-né", scope="records"),
        cat(
            "newborn_sex",
            "Sexe du nouveau-né",
            [("M", "Masculin", 51), ("F", "Féminin", 49)],
            completeness=100,
        ),
        num("birth_weight", "Poids de naissance", "g", 3180, 620, 300, 5800, 0, completeness=100),
        num(
            "birth_weight_percentile",
            "Percentile de poids (courbes AUDIPOG)",
            "",
            47,
            28,
            0,
            100,
            0,
            completeness=96,
        ),
        num("apgar_1", "Apgar à 1 minute", "points (0-10)", 8.6, 1.7, 0, 10, 0, completeness=98),
        num("apgar_5", "Apgar à 5 minutes", "points (0-10)", 9.5, 1.1, 0, 10, 0, completeness=98),
        num("cord_ph", "pH artériel au cordon", "", 7.25, 0.07, 6.7, 7.5, 2, completeness=86),
        yes_no("nicu_admission", "Transfert en néonatologie", 11, completeness=100),
        cat(
            "feeding_at_discharge",
            "Alimentation à la sortie",
            [
                ("breast", "Allaitement exclusif", 56),
                ("mixed", "Mixte", 17),
                ("formula", "Préparation pour nourrissons", 27),
            ],
            completeness=89,
        ),
        yes_no("stillbirth", "Mort-né", 0.5, completeness=100),
    ],
    # --- Free text --------------------------------------------------------------------------
    "report": [
        ident("report_id", "Identifiant du compte rendu", scope="records"),
        ident("patient_id", "Identifiant patient (pseudonyme)"),
        day(
            "report_date",
            "Date du compte rendu (décalée)",
            "Dates décalées d'un nombre de jours aléatoire constant par patient.",
            completeness=100,
        ),
        text("report_text", "Texte du compte rendu (désidentifié)", 2300, completeness=100),
        cat(
            "specimen_type",
            "Type de prélèvement",
            [
                ("biopsy", "Biopsie", 52),
                ("resection", "Pièce opératoire", 31),
                ("cytology", "Cytologie", 17),
            ],
            completeness=97,
        ),
        short("organ", "Organe", n_distinct=64, completeness=95),
        short(
            "adicap_code",
            "Code ADICAP",
            "Codage des lésions selon le thésaurus ADICAP.",
            n_distinct=5200,
            completeness=88,
        ),
        coded(
            "snomed_codes",
            "Codes SNOMED CT extraits",
            "snomed-ct",
            [("35917007", "Adénocarcinome"), ("254701007", "Carcinome épidermoïde")],
            6100,
            completeness=64,
        ),
        num("word_count", "Nombre de mots", "", 310, 190, 20, 4000, 0, completeness=100),
        cat(
            "report_kind",
            "Nature du compte rendu",
            [
                ("initial", "Initial", 86),
                ("addendum", "Complément", 11),
                ("review", "Relecture / second avis", 3),
            ],
            completeness=100,
        ),
        short("pathologist_id", "Pathologiste (pseudonyme)", n_distinct=24, completeness=100),
        cat(
            "deid_status",
            "Statut de désidentification",
            [("auto", "Automatique", 93), ("reviewed", "Automatique et relu", 7)],
            completeness=100,
        ),
        num(
            "n_phi_replaced",
            "Entités identifiantes remplacées",
            "",
            6.2,
            3.8,
            0,
            60,
            0,
            completeness=100,
        ),
    ],
    "report_annotation": [
        yes_no("annotated", "Compte rendu annoté", 0.8, completeness=100),
        short("annotation_set", "Lot d'annotation", n_distinct=6, completeness=0.8),
        coded(
            "annot_topography",
            "Topographie annotée (CIM-O-3)",
            "icd-o-3",
            [("C50.9", "Sein"), ("C18.9", "Côlon")],
            180,
            completeness=0.8,
        ),
        coded(
            "annot_morphology",
            "Morphologie annotée (CIM-O-3)",
            "icd-o-3",
            [("8500/3", "Carcinome canalaire infiltrant")],
            240,
            completeness=0.8,
        ),
        cat(
            "annot_grade",
            "Grade annoté",
            [("1", "1", 22), ("2", "2", 45), ("3", "3", 33)],
            completeness=0.7,
        ),
        cat(
            "annot_margins",
            "Marges annotées",
            [("R0", "Saines", 84), ("R1", "Atteintes", 16)],
            completeness=0.5,
        ),
        cat(
            "annot_nodes",
            "Statut ganglionnaire annoté",
            [("N0", "N0", 61), ("N+", "N+", 39)],
            completeness=0.5,
        ),
        num(
            "inter_annotator_kappa",
            "Accord inter-annotateurs (kappa)",
            "",
            0.82,
            0.07,
            0.4,
            1,
            2,
            "Calculé sur le lot en double annotation.",
            completeness=0.2,
        ),
    ],
}


def _decimal(value: float) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _round(value: float, decimals: int) -> float | int:
    return round(value) if decimals == 0 else round(value, decimals)


def _completeness(spec: VarSpec, fill_rate: float, rng: random.Random) -> Decimal:
    if spec.value_type == "identifier":
        return Decimal("100.00")
    # A poorly filled source loses a share of every variable; the noise keeps rows distinct.
    loss = (1 - fill_rate) * rng.uniform(0.2, 1.0)
    value = spec.base_completeness * (1 - loss) + rng.uniform(-0.8, 0.4)
    return _decimal(min(100.0, max(0.0, value)))


def _numeric_statistics(spec: VarSpec, rng: random.Random) -> dict[str, Any]:
    assert spec.numeric is not None
    mean, sd, low, high, decimals = spec.numeric
    mean *= 1 + rng.uniform(-0.04, 0.04)
    sd *= 1 + rng.uniform(-0.1, 0.1)
    median = max(low, min(high, mean - sd * rng.uniform(0.0, 0.2)))

    def bound(value: float) -> float:
        return max(low, min(high, value))

    return {
        "min": _round(bound(mean - sd * rng.uniform(2.2, 3.5)), decimals),
        "q1": _round(bound(median - 0.674 * sd), decimals),
        "median": _round(median, decimals),
        "mean": round(mean, max(decimals, 1) + 1),
        "q3": _round(bound(median + 0.674 * sd), decimals),
        "max": _round(bound(mean + sd * rng.uniform(3.0, 5.0)), decimals),
        "sd": round(sd, max(decimals, 1) + 1),
    }


def _frequencies(categories: tuple[tuple[str, str, float], ...], rng: random.Random) -> dict:
    weights = [weight * rng.uniform(0.85, 1.15) for _, _, weight in categories]
    total = sum(weights) or 1.0
    return {
        code: round(100 * w / total, 1) for (code, _, _), w in zip(categories, weights, strict=True)
    }


def _period(context: dict[str, Any]) -> tuple[date, date]:
    start: date = context.get("inclusion_start") or date(2015, 1, 1)
    end: date = context.get("inclusion_end") or DATA_CUTOFF
    return start, end


def _statistics(spec: VarSpec, context: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    kind = spec.value_type
    if spec.numeric is not None:
        return _numeric_statistics(spec, rng)
    if kind == "categorical":
        freq = _frequencies(spec.categories, rng)
        # Flat scalars only: the staff dictionary and the CSV/XLSX export show them as is.
        return {
            "n_distinct": len(freq),
            "mode": max(freq, key=freq.__getitem__),
            "distribution": " · ".join(f"{code}: {pct} %" for code, pct in freq.items()),
        }
    if kind == "boolean":
        true_pct = round(max(0.0, min(100.0, spec.p_true * rng.uniform(0.9, 1.1))), 1)
        return {"true_pct": true_pct, "false_pct": round(100 - true_pct, 1)}
    if kind in ("date", "datetime"):
        start, end = _period(context)
        late_start = start + timedelta(days=rng.randint(0, 20))
        return {"min": late_start.isoformat(), "max": end.isoformat()}
    if kind == "identifier":
        key = "number_of_records" if spec.scope == "records" else "number_of_individuals"
        return {"n_distinct": context.get(key) or 0, "unique": spec.scope == "records"}
    if kind == "text":
        mean_length = int(spec.mean_length * rng.uniform(0.9, 1.1))
        return {"mean_length": mean_length, "max_length": mean_length * rng.randint(6, 12)}
    statistics: dict[str, Any] = {}
    if spec.n_distinct:
        statistics["n_distinct"] = int(spec.n_distinct * rng.uniform(0.9, 1.1)) or 1
    if spec.top_codes:
        statistics["top_values"] = ", ".join(code for code, _ in spec.top_codes)
    return statistics


def _allowed_values(spec: VarSpec) -> list[dict[str, str]]:
    if spec.categories:
        return [{"code": code, "label": label} for code, label, _ in spec.categories]
    # Coded strings take any code of their system: their frequent codes go to the statistics.
    return []


def build_dictionary(dataset: dict[str, Any]) -> list[dict[str, Any]]:
    """The variable dictionary of one demo dataset, identical on every call."""
    rng = random.Random(dataset["slug"])  # noqa: S311 - reproducible demo figures, not security
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for block in dataset["blocks"]:
        for spec in BLOCKS[block]:
            if spec.name in seen:
                continue
            seen.add(spec.name)
            rows.append(
                {
                    "position": len(rows) + 1,
                    "name": spec.name,
                    "label": spec.label,
                    "description": spec.description,
                    "value_type": spec.value_type,
                    "unit": spec.unit,
                    "coding": spec.coding,
                    "allowed_values": _allowed_values(spec),
                    "completeness": _completeness(spec, dataset["fill_rate"], rng),
                    "statistics": _statistics(spec, dataset, rng),
                }
            )
    return rows
