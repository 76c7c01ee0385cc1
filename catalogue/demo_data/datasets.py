"""Descriptive sheets of the demo catalogue (fictional CHU de Val-de-Loire).

Each entry maps one-to-one onto `catalogue.models.Dataset` fields, plus:
- `department`, `steward`: department code and demo username;
- vocabulary lists (`themes`, `health_categories`, `data_types`, `standards`, `coding_systems`,
  `legal_bases`, `purposes`, `access_modes`): codes from `catalogue.vocabularies`;
- `status`: target lifecycle state; `created` / `published` / `archived`: demo dates;
- `publications`: (citation, DOI under the 10.5555 example prefix, year);
- `blocks`: variable building blocks (see `variables.BLOCKS`), in dictionary order;
- `fill_rate`: how well filled the source is (0-1), drives variable completeness;
- `quality`: a priori score per quality dimension (0-4), drives the assessments.
"""

from __future__ import annotations

from datetime import date
from typing import Any

SITE = "https://donnees.chu-valdeloire.example"
HOST_EDS = "Entrepôt de données de santé du CHU de Val-de-Loire (salle serveur interne, HDS)"
HOST_CLOUD = "Cumulus Santé (hébergeur certifié HDS, cloud souverain)"
HOST_LAB = "Serveur de recherche de la plateforme génomique (hébergement interne)"


def page(slug: str) -> str:
    return f"{SITE}/catalogue/{slug}"


def mail(local: str) -> str:
    return f"{local}@chu-valdeloire.example"


DATASETS: list[dict[str, Any]] = [
    {
        "slug": "eds-omop-extrait-recherche",
        "acronym": "EDS-OMOP",
        "title_fr": "Extrait recherche de l'entrepôt de données de santé (OMOP)",
        "title_en": "Research extract of the clinical data warehouse (OMOP)",
        "summary_fr": "Extrait pseudonymisé de l'entrepôt de données de santé du CHU, mis au "
        "format OMOP CDM : séjours, diagnostics, actes, prescriptions et résultats de biologie "
        "de tous les patients pris en charge depuis 2012.",
        "summary_en": "Pseudonymised extract of the hospital's clinical data warehouse in the "
        "OMOP common data model: stays, diagnoses, procedures, prescriptions and laboratory "
        "results of every patient treated since 2012.",
        "description_fr": "L'entrepôt de données de santé (EDS) rassemble chaque nuit les "
        "données du dossier patient informatisé, du PMSI, du circuit du médicament et des "
        "laboratoires. L'extrait recherche en reprend les tables cliniques, transcodées vers "
        "les concepts standard OMOP (version 5.4) par l'équipe de l'entrepôt. Les identifiants "
        "sont remplacés par des pseudonymes propres à chaque projet et les dates peuvent être "
        "décalées sur demande. Les comptes rendus textuels ne font pas partie de l'extrait : "
        "ils relèvent d'un corpus distinct. La complétude varie selon les services et les "
        "années, les données antérieures à 2015 étant moins riches.",
        "description_en": "The clinical data warehouse collects every night the data of the "
        "electronic patient record, the hospital discharge database (PMSI), medication "
        "management and laboratories. The research extract takes its clinical tables, mapped "
        "to standard OMOP concepts (version 5.4) by the warehouse team. Identifiers are "
        "replaced with project-specific pseudonyms and dates can be shifted on request. Text "
        "reports are not part of the extract; they form a separate corpus. Completeness varies "
        "across departments and years, with leaner data before 2015.",
        "keywords": [
            "entrepôt de données de santé",
            "EDS",
            "OMOP",
            "PMSI",
            "données de vie réelle",
            "clinical data warehouse",
            "real-world data",
        ],
        "themes": ["HEAL", "TECH"],
        "health_categories": ["ehr", "healthcare-needs"],
        "department": "dim-sante-publique",
        "steward": "operateur",
        "data_types": ["ehr", "biology"],
        "population_description": "Tous les patients hospitalisés ou vus en consultation au "
        "CHU depuis janvier 2012 et n'ayant pas exprimé d'opposition à la réutilisation de "
        "leurs données.",
        "inclusion_start": date(2012, 1, 1),
        "inclusion_end": None,
        "geographic_coverage": "Bassin de recrutement du CHU de Val-de-Loire (GHT Val-de-Loire, "
        "environ 1,2 million d'habitants)",
        "number_of_individuals": 1_452_000,
        "number_of_records": 386_000_000,
        "min_typical_age": 0,
        "max_typical_age": 100,
        "update_frequency": "weekly",
        "standards": ["omop"],
        "coding_systems": ["icd-10", "ccam", "atc", "loinc", "ghm", "ucd-cip"],
        "is_anonymised": False,
        "is_pseudonymised": True,
        "synthetic_version_available": False,
        "patients_informed": True,
        "consent_collected": False,
        "opposition_register_handled": True,
        "legal_bases": ["public-task", "scientific-research"],
        "purposes": ["academic-research", "research-and-development", "public-benefit"],
        "hosting_type": "warehouse",
        "deployment": "on_premise",
        "hds_certified_host": True,
        "host_name": HOST_EDS,
        "access_modes": ["secure_workspace", "remote_query"],
        "retention_years": 20,
        "contact_name": "Équipe de l'entrepôt de données de santé",
        "contact_email": mail("eds"),
        "landing_page": page("eds-omop-extrait-recherche"),
        "status": "published",
        "created": date(2023, 3, 14),
        "published": date(2023, 6, 1),
        "publications": [
            (
                "Perrin A, Oudin C, Vasseur T, et al. Building an OMOP clinical data warehouse "
                "in a French university hospital: lessons from six years of operation. "
                "J Biomed Inform Ex. 2025;12:101-112.",
                "10.5555/eds-vdl.2025.001",
                2025,
            ),
        ],
        "blocks": [
            "omop_person",
            "omop_visit",
            "omop_condition",
            "omop_procedure",
            "omop_drug",
            "omop_measurement",
            "omop_observation",
            "omop_death",
        ],
        "fill_rate": 0.72,
        "quality": {
            "conformity": 3,
            "completeness": 2,
            "plausibility": 2,
            "timeliness": 4,
            "documentation": 3,
            "representativeness": 3,
        },
    },
    {
        "slug": "cohorte-insuffisance-cardiaque",
        "acronym": "ICARE-VdL",
        "title_fr": "Cohorte insuffisance cardiaque du Val-de-Loire",
        "title_en": "Val-de-Loire heart failure cohort",
        "summary_fr": "Cohorte prospective de patients hospitalisés pour insuffisance "
        "cardiaque, suivis deux ans avec échocardiographie, biologie, traitements et "
        "réhospitalisations.",
        "summary_en": "Prospective cohort of patients admitted for heart failure, followed for "
        "two years with echocardiography, laboratory results, treatments and readmissions.",
        "description_fr": "ICARE-VdL inclut depuis 2018 les patients hospitalisés en "
        "cardiologie pour une insuffisance cardiaque aiguë ou décompensée. Le recueil est "
        "réalisé par les attachés de recherche clinique à l'inclusion, à la sortie, puis à 6, "
        "12 et 24 mois. La fraction d'éjection, la classe NYHA, le NT-proBNP et le traitement "
        "de fond sont documentés à chaque visite. Les décès et réhospitalisations sont "
        "vérifiés dans le PMSI et l'état civil. Une version synthétique de la cohorte est "
        "disponible pour le prototypage.",
        "description_en": "Since 2018 ICARE-VdL enrols patients admitted to cardiology for "
        "acute or decompensated heart failure. Research assistants collect data at inclusion, "
        "at discharge, then at 6, 12 and 24 months. Ejection fraction, NYHA class, NT-proBNP "
        "and background therapy are recorded at each visit. Deaths and readmissions are "
        "checked against the discharge database and civil registers. A synthetic version of "
        "the cohort is available for prototyping.",
        "keywords": [
            "insuffisance cardiaque",
            "cohorte",
            "FEVG",
            "NT-proBNP",
            "NYHA",
            "heart failure",
            "cohort",
        ],
        "themes": ["HEAL"],
        "health_categories": ["cohort", "ehr"],
        "department": "cardiologie",
        "steward": "referent",
        "data_types": ["cohort-survey", "ehr", "biology"],
        "population_description": "Adultes hospitalisés pour insuffisance cardiaque aiguë "
        "(primo-décompensation ou décompensation d'une insuffisance cardiaque chronique), "
        "ayant donné leur consentement écrit.",
        "inclusion_start": date(2018, 3, 1),
        "inclusion_end": None,
        "geographic_coverage": "CHU de Val-de-Loire et deux centres hospitaliers du GHT",
        "number_of_individuals": 3_870,
        "number_of_records": 214_000,
        "min_typical_age": 35,
        "max_typical_age": 98,
        "update_frequency": "quarterly",
        "standards": ["cdisc"],
        "coding_systems": ["icd-10", "atc", "loinc"],
        "is_anonymised": False,
        "is_pseudonymised": True,
        "synthetic_version_available": True,
        "patients_informed": True,
        "consent_collected": True,
        "opposition_register_handled": True,
        "legal_bases": ["consent", "scientific-research"],
        "purposes": ["academic-research", "commercial-research"],
        "hosting_type": "research_db",
        "deployment": "on_premise",
        "hds_certified_host": True,
        "host_name": HOST_EDS,
        "access_modes": ["secure_workspace", "airlock", "synthetic_data"],
        "retention_years": 15,
        "contact_name": "Dr Karim Benali, référent données cardiologie",
        "contact_email": mail("icare"),
        "landing_page": page("cohorte-insuffisance-cardiaque"),
        "status": "published",
        "created": date(2023, 1, 20),
        "published": date(2023, 2, 15),
        "publications": [
            (
                "Benali K, Girard M, Tessier L. Two-year outcomes after a first admission for "
                "heart failure with improved ejection fraction: the ICARE-VdL cohort. "
                "Eur J Heart Ex. 2024;7:233-241.",
                "10.5555/icare.2024.014",
                2024,
            ),
            (
                "Tessier L, Benali K. NT-proBNP trajectories and readmission risk in a "
                "regional heart failure cohort. Cardiol Res Ex. 2025;3:45-52.",
                "10.5555/icare.2025.022",
                2025,
            ),
        ],
        "blocks": [
            "patient",
            "demographics",
            "lifestyle",
            "hf_clinical",
            "echo",
            "vitals",
            "labs_cardio",
            "hf_treatment",
            "follow_up",
        ],
        "fill_rate": 0.93,
        "quality": {
            "conformity": 4,
            "completeness": 3,
            "plausibility": 4,
            "timeliness": 3,
            "documentation": 4,
            "representativeness": 2,
        },
    },
    {
        "slug": "cohorte-insuffisance-cardiaque-synthetique",
        "acronym": "ICARE-SYN",
        "title_fr": "Version synthétique de la cohorte insuffisance cardiaque",
        "title_en": "Synthetic version of the heart failure cohort",
        "summary_fr": "Jeu de données synthétique reproduisant la structure et les "
        "distributions de la cohorte ICARE-VdL, sans correspondance avec des patients réels.",
        "summary_en": "Synthetic dataset reproducing the structure and distributions of the "
        "ICARE-VdL cohort, with no correspondence to real patients.",
        "description_fr": "Ce jeu a été généré par un modèle génératif entraîné sur la "
        "cohorte ICARE-VdL, puis contrôlé par des tests de ré-identification (distance au plus "
        "proche voisin, attaques par inférence d'appartenance). Il conserve les distributions "
        "univariées et les principales corrélations, mais pas les trajectoires individuelles "
        "rares. Il sert à écrire et tester des programmes d'analyse avant un accès aux données "
        "réelles, ou à des formations. Les résultats obtenus sur ces données ne doivent pas "
        "être publiés comme résultats cliniques.",
        "description_en": "This set was produced by a generative model trained on the "
        "ICARE-VdL cohort, then checked with re-identification tests (distance to the closest "
        "record, membership inference attacks). It keeps univariate distributions and the main "
        "correlations, but not rare individual trajectories. It is meant for writing and "
        "testing analysis code before access to the real data, or for teaching. Results "
        "obtained on it must not be published as clinical findings.",
        "keywords": [
            "données synthétiques",
            "insuffisance cardiaque",
            "prototypage",
            "synthetic data",
            "heart failure",
        ],
        "themes": ["HEAL", "TECH"],
        "health_categories": ["cohort"],
        "department": "cardiologie",
        "steward": "referent",
        "data_types": ["cohort-survey", "biology"],
        "population_description": "Individus fictifs dont les caractéristiques reproduisent "
        "celles des patients de la cohorte ICARE-VdL.",
        "inclusion_start": date(2018, 3, 1),
        "inclusion_end": date(2025, 12, 31),
        "geographic_coverage": "Sans objet (données synthétiques calquées sur le GHT Val-de-Loire)",
        "number_of_individuals": 10_000,
        "number_of_records": 520_000,
        "min_typical_age": 35,
        "max_typical_age": 98,
        "update_frequency": "annual",
        "standards": ["cdisc"],
        "coding_systems": ["icd-10", "atc", "loinc"],
        "is_anonymised": True,
        "is_pseudonymised": False,
        "synthetic_version_available": True,
        "patients_informed": True,
        "consent_collected": False,
        "opposition_register_handled": False,
        "legal_bases": ["legitimate-interest"],
        "purposes": ["research-and-development", "non-commercial-research"],
        "hosting_type": "datalake",
        "deployment": "cloud",
        "hds_certified_host": False,
        "host_name": "Dépôt de fichiers ouvert du CHU (hors données personnelles)",
        "access_modes": ["synthetic_data", "transfer"],
        "retention_years": 5,
        "contact_name": "Dr Karim Benali, référent données cardiologie",
        "contact_email": mail("icare"),
        "landing_page": page("cohorte-insuffisance-cardiaque-synthetique"),
        "status": "published",
        "created": date(2025, 2, 3),
        "published": date(2025, 3, 10),
        "publications": [],
        "blocks": [
            "patient",
            "demographics",
            "hf_clinical",
            "echo",
            "vitals",
            "labs_cardio",
            "hf_treatment",
            "follow_up",
        ],
        "fill_rate": 1.0,
        "quality": {
            "conformity": 4,
            "completeness": 4,
            "plausibility": 3,
            "timeliness": 2,
            "documentation": 4,
            "representativeness": 2,
        },
    },
    {
        "slug": "registre-hospitalier-cancers",
        "acronym": "RHC-VdL",
        "title_fr": "Registre hospitalier des cancers",
        "title_en": "Hospital cancer registry",
        "summary_fr": "Enregistrement exhaustif des nouveaux cas de cancer pris en charge à "
        "l'Institut de cancérologie, avec topographie et morphologie CIM-O-3, stade TNM, "
        "traitements initiaux et statut vital.",
        "summary_en": "Exhaustive record of new cancer cases treated at the cancer institute, "
        "with ICD-O-3 topography and morphology, TNM stage, first-line treatments and vital "
        "status.",
        "description_fr": "Le registre hospitalier recense chaque nouveau cas de tumeur "
        "maligne diagnostiqué ou traité au CHU depuis 2008. Les techniciennes d'information "
        "médicale codent les tumeurs à partir des comptes rendus d'anatomopathologie, des "
        "fiches de réunion de concertation pluridisciplinaire et du PMSI. Le statut vital est "
        "mis à jour chaque année par interrogation du répertoire national des décès. Le "
        "registre suit les règles de codage du réseau des registres des cancers et fait "
        "l'objet d'un contrôle qualité annuel par double codage d'un échantillon.",
        "description_en": "The hospital registry records every new malignant tumour diagnosed "
        "or treated at the hospital since 2008. Medical information technicians code tumours "
        "from pathology reports, multidisciplinary team meeting forms and the discharge "
        "database. Vital status is updated yearly from the national death index. The registry "
        "follows the coding rules of the cancer registry network and is quality-checked every "
        "year by double coding of a sample.",
        "keywords": [
            "cancer",
            "registre",
            "TNM",
            "CIM-O-3",
            "oncologie",
            "survie",
            "cancer registry",
            "survival",
        ],
        "themes": ["HEAL", "SOCI"],
        "health_categories": ["registry"],
        "department": "oncologie",
        "steward": "referente",
        "data_types": ["registry"],
        "population_description": "Patients de tout âge présentant une tumeur maligne "
        "primitive diagnostiquée ou prise en charge au CHU (tumeurs in situ de la vessie et "
        "du col incluses).",
        "inclusion_start": date(2008, 1, 1),
        "inclusion_end": None,
        "geographic_coverage": "Patients pris en charge au CHU, résidant majoritairement dans "
        "les quatre départements du GHT Val-de-Loire",
        "number_of_individuals": 68_400,
        "number_of_records": 74_900,
        "min_typical_age": 18,
        "max_typical_age": 95,
        "update_frequency": "annual",
        "standards": ["none"],
        "coding_systems": ["icd-o-3", "icd-10", "ccam"],
        "is_anonymised": False,
        "is_pseudonymised": True,
        "synthetic_version_available": False,
        "patients_informed": True,
        "consent_collected": False,
        "opposition_register_handled": True,
        "legal_bases": ["public-health", "scientific-research"],
        "purposes": ["academic-research", "public-benefit"],
        "hosting_type": "research_db",
        "deployment": "on_premise",
        "hds_certified_host": True,
        "host_name": HOST_EDS,
        "access_modes": ["secure_workspace", "transfer"],
        "retention_years": 30,
        "contact_name": "Dr Hélène Marchand, référente données oncologie",
        "contact_email": mail("registre-cancers"),
        "landing_page": page("registre-hospitalier-cancers"),
        "status": "published",
        "created": date(2022, 11, 7),
        "published": date(2023, 1, 9),
        "publications": [
            (
                "Marchand H, Roy P, Delorme S. Net survival of colorectal cancer by stage in a "
                "French hospital registry, 2008-2020. Bull Cancer Ex. 2023;110:880-889.",
                "10.5555/rhc.2023.031",
                2023,
            ),
            (
                "Delorme S, Marchand H. Completeness of hospital cancer registration compared "
                "with claims data. Eur J Cancer Reg Ex. 2025;18:12-19.",
                "10.5555/rhc.2025.004",
                2025,
            ),
            (
                "Roy P, Nguyen V, Marchand H. Time to treatment for lung cancer before and "
                "after the creation of a rapid diagnostic pathway. Lung Ex. 2026;4:77-84.",
                "10.5555/rhc.2026.009",
                2026,
            ),
        ],
        "blocks": [
            "patient",
            "demographics_short",
            "tumour",
            "cancer_treatment",
            "biomarkers",
            "vital_status",
        ],
        "fill_rate": 0.97,
        "quality": {
            "conformity": 4,
            "completeness": 4,
            "plausibility": 4,
            "timeliness": 2,
            "documentation": 4,
            "representativeness": 3,
        },
    },
    {
        "slug": "irm-cerebrales",
        "acronym": "NEURO-IRM",
        "title_fr": "Collection d'IRM cérébrales",
        "title_en": "Brain MRI collection",
        "summary_fr": "Examens d'IRM cérébrale au format DICOM (T1, T2, FLAIR, diffusion, "
        "susceptibilité), défacés, avec métadonnées d'acquisition et compte rendu structuré.",
        "summary_en": "Brain MRI examinations in DICOM (T1, T2, FLAIR, diffusion, "
        "susceptibility), defaced, with acquisition metadata and a structured report.",
        "description_fr": "La collection rassemble les IRM cérébrales réalisées sur les trois "
        "machines 1,5 T et 3 T du service d'imagerie depuis 2016. Les images sont extraites du "
        "PACS, dépouillées des champs DICOM identifiants et défacées par un algorithme validé. "
        "Chaque examen est rattaché à l'indication, au diagnostic de sortie et au compte rendu "
        "du radiologue. La collection se prête à l'entraînement d'algorithmes de segmentation "
        "ou de détection (lésions de sclérose en plaques, AVC, tumeurs), de préférence par "
        "apprentissage fédéré.",
        "description_en": "The collection gathers brain MRI examinations acquired on the "
        "department's three 1.5 T and 3 T scanners since 2016. Images are exported from the "
        "PACS, stripped of identifying DICOM fields and defaced with a validated algorithm. "
        "Each examination is linked to its indication, the discharge diagnosis and the "
        "radiologist's report. The collection suits the training of segmentation or detection "
        "algorithms (multiple sclerosis lesions, stroke, tumours), preferably through "
        "federated learning.",
        "keywords": [
            "IRM",
            "imagerie cérébrale",
            "DICOM",
            "intelligence artificielle",
            "segmentation",
            "MRI",
            "deep learning",
        ],
        "themes": ["HEAL", "TECH"],
        "health_categories": ["ehr", "medical-devices"],
        "department": "imagerie",
        "steward": "operateur",
        "data_types": ["imaging", "free-text"],
        "population_description": "Patients adultes et enfants ayant eu une IRM cérébrale au "
        "CHU, toutes indications confondues.",
        "inclusion_start": date(2016, 1, 1),
        "inclusion_end": None,
        "geographic_coverage": "Patients du CHU de Val-de-Loire",
        "number_of_individuals": 61_200,
        "number_of_records": 84_500,
        "min_typical_age": 2,
        "max_typical_age": 92,
        "update_frequency": "monthly",
        "standards": ["dicom"],
        "coding_systems": ["icd-10", "ccam", "snomed-ct"],
        "is_anonymised": False,
        "is_pseudonymised": True,
        "synthetic_version_available": False,
        "patients_informed": True,
        "consent_collected": False,
        "opposition_register_handled": True,
        "legal_bases": ["public-task", "scientific-research"],
        "purposes": ["research-and-development", "commercial-research"],
        "hosting_type": "datalake",
        "deployment": "hybrid",
        "hds_certified_host": True,
        "host_name": HOST_CLOUD,
        "access_modes": ["federated_learning", "secure_workspace"],
        "retention_years": 20,
        "contact_name": "Pr Isabelle Carré, imagerie médicale",
        "contact_email": mail("imagerie-recherche"),
        "landing_page": page("irm-cerebrales"),
        "status": "published",
        "created": date(2023, 9, 4),
        "published": date(2023, 10, 16),
        "publications": [
            (
                "Carré I, Lemaire J, Bouvier E. Federated training of a white-matter lesion "
                "segmentation model across three hospitals. Neuroradiol AI Ex. 2025;2:14-25.",
                "10.5555/neuro-irm.2025.002",
                2025,
            ),
        ],
        "blocks": [
            "patient",
            "demographics_short",
            "imaging_study",
            "imaging_mri",
            "imaging_report",
        ],
        "fill_rate": 0.95,
        "quality": {
            "conformity": 4,
            "completeness": 3,
            "plausibility": 3,
            "timeliness": 3,
            "documentation": 3,
            "representativeness": 3,
        },
    },
    {
        "slug": "exomes-maladies-rares",
        "acronym": "EXOME-MR",
        "title_fr": "Exomes de patients atteints de maladies rares",
        "title_en": "Whole exomes of rare disease patients",
        "summary_fr": "Séquençage d'exome entier de patients et apparentés explorés pour une "
        "maladie rare, avec variants annotés (HGVS, classification ACMG) et phénotypes HPO.",
        "summary_en": "Whole-exome sequencing of patients and relatives investigated for a "
        "rare disease, with annotated variants (HGVS, ACMG class) and HPO phenotypes.",
        "description_fr": "La plateforme de génomique séquence depuis 2019 les exomes des "
        "patients adressés par les centres de référence maladies rares du CHU, le plus souvent "
        "en trio (enfant et parents). Les fichiers FASTQ, BAM et VCF sont conservés ; le "
        "catalogue décrit les métriques de séquençage et les variants retenus après filtrage. "
        "Chaque patient est décrit par des termes HPO et, lorsqu'il est posé, un diagnostic "
        "ORPHAcode. Le consentement couvre la recherche sur la maladie du patient ; les autres "
        "usages nécessitent un avis du comité d'éthique. Les analyses se font exclusivement "
        "dans l'espace sécurisé ou par requêtes fédérées.",
        "description_en": "Since 2019 the genomics platform has sequenced the exomes of "
        "patients referred by the hospital's rare disease reference centres, most often as "
        "trios (child and parents). FASTQ, BAM and VCF files are kept; the catalogue describes "
        "sequencing metrics and the variants retained after filtering. Each patient is "
        "described with HPO terms and, when established, an ORPHAcode diagnosis. Consent "
        "covers research on the patient's disease; other uses need an ethics committee "
        "opinion. Analyses run only in the secure workspace or through federated queries.",
        "keywords": [
            "exome",
            "séquençage",
            "maladies rares",
            "génétique",
            "variants",
            "HPO",
            "whole exome sequencing",
            "rare diseases",
        ],
        "themes": ["HEAL", "TECH"],
        "health_categories": ["human-genomics"],
        "department": "biologie-genomique",
        "steward": "operateur",
        "data_types": ["omics"],
        "population_description": "Enfants et adultes suspects de maladie rare d'origine "
        "génétique et leurs apparentés, ayant consenti à l'analyse génétique et à la "
        "recherche.",
        "inclusion_start": date(2019, 6, 1),
        "inclusion_end": None,
        "geographic_coverage": "Patients adressés aux centres de référence maladies rares du "
        "CHU (région et départements voisins)",
        "number_of_individuals": 5_140,
        "number_of_records": 1_870_000,
        "min_typical_age": 0,
        "max_typical_age": 75,
        "update_frequency": "monthly",
        "standards": ["none"],
        "coding_systems": ["hgvs", "orphacode", "snomed-ct"],
        "is_anonymised": False,
        "is_pseudonymised": True,
        "synthetic_version_available": False,
        "patients_informed": True,
        "consent_collected": True,
        "opposition_register_handled": True,
        "legal_bases": ["consent"],
        "purposes": ["academic-research", "non-commercial-research"],
        "hosting_type": "research_db",
        "deployment": "on_premise",
        "hds_certified_host": True,
        "host_name": HOST_LAB,
        "access_modes": ["secure_workspace", "remote_query"],
        "retention_years": 25,
        "contact_name": "Dr Paul Verdier, plateforme de génomique",
        "contact_email": mail("genomique"),
        "landing_page": page("exomes-maladies-rares"),
        "status": "published",
        "created": date(2024, 1, 15),
        "published": date(2024, 3, 4),
        "publications": [
            (
                "Verdier P, Aubry N, Koenig F. Diagnostic yield of trio exome sequencing in "
                "children with developmental disorders. Genet Med Ex. 2024;26:1021-1030.",
                "10.5555/exome-mr.2024.011",
                2024,
            ),
        ],
        "blocks": ["patient", "demographics_short", "sequencing", "variants", "phenotype"],
        "fill_rate": 0.9,
        "quality": {
            "conformity": 4,
            "completeness": 3,
            "plausibility": 3,
            "timeliness": 3,
            "documentation": 3,
            "representativeness": 1,
        },
    },
    {
        "slug": "chainage-eds-snds-diabete",
        "acronym": "CHAINE-SNDS",
        "title_fr": "Chaînage EDS – SNDS des patients diabétiques",
        "title_en": "Warehouse – SNDS claims linkage of diabetic patients",
        "summary_fr": "Appariement des données hospitalières de patients diabétiques avec "
        "leurs remboursements de soins de ville (SNDS) : délivrances de médicaments, "
        "consultations, affections de longue durée et causes de décès.",
        "summary_en": "Linkage of hospital data of diabetic patients with their outpatient "
        "claims (SNDS): drug dispensings, visits, long-term conditions and causes of death.",
        "description_fr": "Ce jeu résulte d'un appariement indirect, réalisé par la Caisse "
        "nationale d'assurance maladie, entre les patients diabétiques de l'entrepôt et le "
        "Système national des données de santé. Il complète le parcours hospitalier par les "
        "délivrances en pharmacie de ville, les consultations de médecine générale et de "
        "spécialité, les affections de longue durée et les causes médicales de décès. "
        "L'accès est soumis aux règles du SNDS : projet autorisé, espace sécurisé, pas "
        "d'export de données individuelles. La mise à jour suit le calendrier de livraison de "
        "la CNAM.",
        "description_en": "This set results from an indirect linkage, run by the national "
        "health insurance fund, between the warehouse's diabetic patients and the national "
        "health data system (SNDS). It completes the hospital pathway with community pharmacy "
        "dispensings, GP and specialist visits, long-term conditions and medical causes of "
        "death. Access follows the SNDS rules: an authorised project, a secure workspace, no "
        "export of individual data. Updates follow the insurance fund's delivery schedule.",
        "keywords": [
            "SNDS",
            "chaînage",
            "assurance maladie",
            "parcours de soins",
            "diabète",
            "claims data",
            "record linkage",
        ],
        "themes": ["HEAL", "ECON", "GOVE"],
        "health_categories": ["claims", "ehr"],
        "department": "dim-sante-publique",
        "steward": "operateur",
        "data_types": ["claims", "ehr"],
        "population_description": "Patients diabétiques (type 1 ou 2) vus au CHU entre 2015 et "
        "2023, appariés au SNDS, avec leurs soins de ville de 2013 à 2024.",
        "inclusion_start": date(2015, 1, 1),
        "inclusion_end": date(2023, 12, 31),
        "geographic_coverage": "France entière pour les soins de ville ; CHU de Val-de-Loire "
        "pour l'hospitalisation",
        "number_of_individuals": 41_300,
        "number_of_records": 27_600_000,
        "min_typical_age": 18,
        "max_typical_age": 95,
        "update_frequency": "annual",
        "standards": ["none"],
        "coding_systems": ["icd-10", "atc", "ucd-cip", "ccam", "ghm"],
        "is_anonymised": False,
        "is_pseudonymised": True,
        "synthetic_version_available": False,
        "patients_informed": True,
        "consent_collected": False,
        "opposition_register_handled": True,
        "legal_bases": ["public-health", "scientific-research"],
        "purposes": ["public-benefit", "academic-research"],
        "hosting_type": "warehouse",
        "deployment": "on_premise",
        "hds_certified_host": True,
        "host_name": HOST_EDS,
        "access_modes": ["secure_workspace"],
        "retention_years": 10,
        "contact_name": "Dr Sylvie Arnaud, médecin DIM",
        "contact_email": mail("dim-recherche"),
        "landing_page": page("chainage-eds-snds-diabete"),
        "status": "published",
        "created": date(2024, 5, 21),
        "published": date(2024, 9, 2),
        "publications": [
            (
                "Arnaud S, Petit R, Morel D. Outpatient follow-up after a hospital stay for "
                "diabetic foot ulcer: a linked hospital-claims study. Diabetes Metab Ex. "
                "2026;52:101-109.",
                "10.5555/chaine-snds.2026.003",
                2026,
            ),
        ],
        "blocks": [
            "patient",
            "demographics_short",
            "claims_insurance",
            "claims_drugs",
            "claims_visits",
            "stay",
            "death_cause",
        ],
        "fill_rate": 0.96,
        "quality": {
            "conformity": 3,
            "completeness": 4,
            "plausibility": 3,
            "timeliness": 1,
            "documentation": 3,
            "representativeness": 4,
        },
    },
    {
        "slug": "proms-prothese-hanche",
        "acronym": "PROMS-PTH",
        "title_fr": "Questionnaires patients après prothèse totale de hanche",
        "title_en": "Patient-reported outcomes after total hip replacement",
        "summary_fr": "Scores rapportés par les patients (Oxford Hip Score, HOOS-PS, EQ-5D-5L) "
        "avant et après prothèse totale de hanche, avec les caractéristiques de l'intervention.",
        "summary_en": "Patient-reported scores (Oxford Hip Score, HOOS-PS, EQ-5D-5L) before and "
        "after total hip replacement, with the characteristics of the surgery.",
        "description_fr": "Dans le cadre du programme qualité des soins, les patients opérés "
        "d'une prothèse totale de hanche programmée reçoivent des questionnaires en ligne "
        "avant l'intervention, puis à 3 et 12 mois. Les réponses sont reliées aux données du "
        "séjour (voie d'abord, type d'implant, score ASA, complications) par le DIM. Le taux "
        "de réponse atteint environ 70 % avant l'opération et 55 % à 12 mois. Les données "
        "servent au suivi de la pertinence des soins et à des études sur les facteurs de "
        "récupération fonctionnelle.",
        "description_en": "As part of the quality-of-care programme, patients undergoing "
        "elective total hip replacement receive online questionnaires before surgery, then at "
        "3 and 12 months. The medical information department links the answers to stay data "
        "(surgical approach, implant type, ASA score, complications). The response rate is "
        "about 70% before surgery and 55% at 12 months. The data support the monitoring of "
        "care appropriateness and studies on factors of functional recovery.",
        "keywords": [
            "PROMs",
            "qualité de vie",
            "prothèse de hanche",
            "EQ-5D",
            "Oxford Hip Score",
            "patient-reported outcomes",
            "hip arthroplasty",
        ],
        "themes": ["HEAL", "SOCI"],
        "health_categories": ["person-generated", "ehr"],
        "department": "dim-sante-publique",
        "steward": "operateur",
        "data_types": ["proms", "ehr"],
        "population_description": "Adultes opérés d'une prothèse totale de hanche programmée "
        "au CHU et ayant accepté de répondre aux questionnaires.",
        "inclusion_start": date(2020, 9, 1),
        "inclusion_end": None,
        "geographic_coverage": "Patients opérés au CHU de Val-de-Loire",
        "number_of_individuals": 4_260,
        "number_of_records": 10_900,
        "min_typical_age": 40,
        "max_typical_age": 92,
        "update_frequency": "monthly",
        "standards": ["fhir"],
        "coding_systems": ["ccam", "icd-10", "loinc"],
        "is_anonymised": False,
        "is_pseudonymised": True,
        "synthetic_version_available": False,
        "patients_informed": True,
        "consent_collected": True,
        "opposition_register_handled": True,
        "legal_bases": ["public-task", "consent"],
        "purposes": ["public-benefit", "academic-research", "commercial-research"],
        "hosting_type": "warehouse",
        "deployment": "on_premise",
        "hds_certified_host": True,
        "host_name": HOST_EDS,
        "access_modes": ["secure_workspace", "transfer"],
        "retention_years": 10,
        "contact_name": "Dr Sylvie Arnaud, médecin DIM",
        "contact_email": mail("dim-recherche"),
        "landing_page": page("proms-prothese-hanche"),
        "status": "published",
        "created": date(2024, 2, 12),
        "published": date(2024, 4, 8),
        "publications": [],
        "blocks": ["patient", "demographics_short", "hip_surgery", "proms_hip", "eq5d"],
        "fill_rate": 0.78,
        "quality": {
            "conformity": 4,
            "completeness": 2,
            "plausibility": 4,
            "timeliness": 4,
            "documentation": 3,
            "representativeness": 2,
        },
    },
    {
        "slug": "catalogue-biobanque",
        "acronym": "CRB-VdL",
        "title_fr": "Catalogue des échantillons du centre de ressources biologiques",
        "title_en": "Sample catalogue of the biological resource centre",
        "summary_fr": "Inventaire des échantillons conservés par le centre de ressources "
        "biologiques (sérum, plasma, ADN, tissus congelés et inclus en paraffine), avec données "
        "pré-analytiques et diagnostic associé.",
        "summary_en": "Inventory of the samples stored by the biological resource centre "
        "(serum, plasma, DNA, frozen and paraffin-embedded tissue), with pre-analytical data "
        "and associated diagnosis.",
        "description_fr": "Le centre de ressources biologiques, certifié selon la norme "
        "NF S96-900, conserve les collections issues des soins et des protocoles de recherche "
        "du CHU. Le catalogue décrit chaque aliquote : nature, conditions et délais de "
        "préparation, température de stockage, volume restant et indicateurs de qualité "
        "(RIN pour les ARN, concentration pour l'ADN). Les diagnostics associés permettent de "
        "sélectionner des échantillons par pathologie. Une cession d'échantillons passe par "
        "une convention de transfert de matériel distincte de l'accès aux données.",
        "description_en": "The biological resource centre, certified under the NF S96-900 "
        "standard, stores collections from routine care and the hospital's research "
        "protocols. The catalogue describes each aliquot: type, preparation conditions and "
        "delays, storage temperature, remaining volume and quality indicators (RIN for RNA, "
        "concentration for DNA). Linked diagnoses make it possible to select samples by "
        "disease. Releasing samples requires a material transfer agreement, separate from "
        "data access.",
        "keywords": [
            "biobanque",
            "échantillons",
            "CRB",
            "pré-analytique",
            "tissus",
            "biobank",
            "samples",
        ],
        "themes": ["HEAL", "TECH"],
        "health_categories": ["biobank"],
        "department": "biologie-genomique",
        "steward": "operateur",
        "data_types": ["biobank", "biology"],
        "population_description": "Patients du CHU dont un échantillon a été conservé au CRB "
        "avec leur non-opposition ou leur consentement, selon la collection.",
        "inclusion_start": date(2010, 1, 1),
        "inclusion_end": None,
        "geographic_coverage": "Patients du CHU de Val-de-Loire",
        "number_of_individuals": 52_800,
        "number_of_records": 418_000,
        "min_typical_age": 0,
        "max_typical_age": 95,
        "update_frequency": "daily",
        "standards": ["none"],
        "coding_systems": ["icd-10", "snomed-ct"],
        "is_anonymised": False,
        "is_pseudonymised": True,
        "synthetic_version_available": False,
        "patients_informed": True,
        "consent_collected": True,
        "opposition_register_handled": True,
        "legal_bases": ["consent", "scientific-research"],
        "purposes": ["academic-research", "commercial-research"],
        "hosting_type": "research_db",
        "deployment": "on_premise",
        "hds_certified_host": True,
        "host_name": HOST_LAB,
        "access_modes": ["remote_query", "transfer"],
        "retention_years": 30,
        "contact_name": "Mme Nadia Chevalier, responsable qualité du CRB",
        "contact_email": mail("crb"),
        "landing_page": page("catalogue-biobanque"),
        "status": "published",
        "created": date(2023, 4, 3),
        "published": date(2023, 5, 22),
        "publications": [],
        "blocks": ["biobank_sample", "demographics_short", "biobank_quality", "diagnosis_main"],
        "fill_rate": 0.94,
        "quality": {
            "conformity": 4,
            "completeness": 3,
            "plausibility": 4,
            "timeliness": 4,
            "documentation": 3,
            "representativeness": 2,
        },
    },
    {
        "slug": "signaux-haute-frequence-reanimation",
        "acronym": "REA-SIGNAL",
        "title_fr": "Signaux physiologiques haute fréquence de réanimation",
        "title_en": "High-frequency physiological signals from intensive care",
        "summary_fr": "Enregistrements continus des moniteurs et respirateurs de réanimation "
        "(ECG, pression artérielle invasive, SpO2, paramètres ventilatoires) associés aux "
        "scores de gravité et au devenir.",
        "summary_en": "Continuous recordings from intensive care monitors and ventilators "
        "(ECG, invasive arterial pressure, SpO2, ventilator settings) linked to severity "
        "scores and outcomes.",
        "description_fr": "Depuis 2021, une passerelle capte les signaux des 32 lits de "
        "médecine intensive-réanimation : ondes ECG et de pression à 250 Hz, tendances à la "
        "seconde, réglages et mesures des respirateurs. Les sessions d'enregistrement sont "
        "reliées au séjour, aux scores IGS II et SOFA, aux traitements vasoactifs et au statut "
        "vital à la sortie. Le volume brut dépasse 40 To ; les projets travaillent sur des "
        "extraits dans l'espace sécurisé équipé de GPU. La base est adaptée au développement "
        "d'algorithmes de prédiction (choc, sevrage ventilatoire, arythmies).",
        "description_en": "Since 2021 a gateway has captured the signals of the 32 intensive "
        "care beds: ECG and pressure waveforms at 250 Hz, per-second trends, ventilator "
        "settings and measurements. Recording sessions are linked to the stay, SAPS II and "
        "SOFA scores, vasoactive drugs and vital status at discharge. The raw volume exceeds "
        "40 TB; projects work on extracts in the GPU-equipped secure workspace. The base suits "
        "the development of prediction algorithms (shock, weaning from ventilation, "
        "arrhythmias).",
        "keywords": [
            "réanimation",
            "signaux",
            "monitorage",
            "ventilation mécanique",
            "SOFA",
            "intensive care",
            "waveforms",
        ],
        "themes": ["HEAL", "TECH"],
        "health_categories": ["ehr", "medical-devices"],
        "department": "reanimation-urgences",
        "steward": "operateur",
        "data_types": ["signals", "ehr"],
        "population_description": "Adultes admis en médecine intensive-réanimation pour plus "
        "de 24 heures.",
        "inclusion_start": date(2021, 4, 1),
        "inclusion_end": None,
        "geographic_coverage": "Service de médecine intensive-réanimation du CHU",
        "number_of_individuals": 6_950,
        "number_of_records": 9_800_000_000,
        "min_typical_age": 18,
        "max_typical_age": 90,
        "update_frequency": "continuous",
        "standards": ["none"],
        "coding_systems": ["icd-10", "atc", "loinc"],
        "is_anonymised": False,
        "is_pseudonymised": True,
        "synthetic_version_available": False,
        "patients_informed": True,
        "consent_collected": False,
        "opposition_register_handled": True,
        "legal_bases": ["public-task", "scientific-research"],
        "purposes": ["research-and-development", "commercial-research"],
        "hosting_type": "datalake",
        "deployment": "on_premise",
        "hds_certified_host": True,
        "host_name": HOST_EDS,
        "access_modes": ["secure_workspace", "federated_learning"],
        "retention_years": 10,
        "contact_name": "Dr Anne Percheron, médecine intensive-réanimation",
        "contact_email": mail("rea-recherche"),
        "landing_page": page("signaux-haute-frequence-reanimation"),
        "status": "published",
        "created": date(2024, 6, 10),
        "published": date(2024, 7, 1),
        "publications": [
            (
                "Percheron A, Lucas B, Hamon G. Early prediction of vasopressor need from "
                "arterial waveforms in the ICU. Crit Care Data Ex. 2025;9:201-210.",
                "10.5555/rea-signal.2025.017",
                2025,
            ),
        ],
        "blocks": [
            "patient",
            "demographics_short",
            "icu_stay",
            "icu_signals",
            "icu_ventilation",
            "vitals",
        ],
        "fill_rate": 0.88,
        "quality": {
            "conformity": 3,
            "completeness": 3,
            "plausibility": 2,
            "timeliness": 4,
            "documentation": 2,
            "representativeness": 3,
        },
    },
    {
        "slug": "cohorte-asthme-pediatrique",
        "acronym": "ASTHM'ENFANT",
        "title_fr": "Cohorte asthme de l'enfant",
        "title_en": "Childhood asthma cohort",
        "summary_fr": "Suivi d'enfants asthmatiques de 3 à 17 ans : contrôle de l'asthme "
        "(C-ACT, ACT), exacerbations, traitements, explorations fonctionnelles respiratoires "
        "et environnement.",
        "summary_en": "Follow-up of asthmatic children aged 3 to 17: asthma control (C-ACT, "
        "ACT), exacerbations, treatments, lung function tests and environment.",
        "description_fr": "La cohorte suit les enfants vus à la consultation de pneumologie "
        "pédiatrique pour un asthme, avec une visite tous les six mois. Les parents et les "
        "enfants remplissent les questionnaires de contrôle ; les médecins renseignent le "
        "palier de traitement, les exacerbations et la spirométrie. Des données "
        "environnementales (tabagisme passif, animaux, logement) et scolaires complètent le "
        "recueil. Les données sont adaptées aux études sur l'observance et les phénotypes "
        "d'asthme sévère.",
        "description_en": "The cohort follows children seen for asthma at the paediatric "
        "respiratory clinic, with a visit every six months. Parents and children fill in "
        "control questionnaires; physicians record the treatment step, exacerbations and "
        "spirometry. Environmental (passive smoking, pets, housing) and school data complete "
        "the collection. The data suit studies on adherence and severe asthma phenotypes.",
        "keywords": [
            "asthme",
            "pédiatrie",
            "cohorte",
            "spirométrie",
            "exacerbations",
            "childhood asthma",
            "paediatrics",
        ],
        "themes": ["HEAL", "ENVI"],
        "health_categories": ["cohort", "person-generated"],
        "department": "femme-mere-enfant",
        "steward": "operateur",
        "data_types": ["cohort-survey", "proms", "ehr"],
        "population_description": "Enfants de 3 à 17 ans suivis pour un asthme au CHU, dont "
        "les parents ont consenti à la participation.",
        "inclusion_start": date(2017, 9, 1),
        "inclusion_end": None,
        "geographic_coverage": "GHT Val-de-Loire",
        "number_of_individuals": 1_420,
        "number_of_records": 11_300,
        "min_typical_age": 3,
        "max_typical_age": 17,
        "update_frequency": "quarterly",
        "standards": ["none"],
        "coding_systems": ["icd-10", "atc", "loinc"],
        "is_anonymised": False,
        "is_pseudonymised": True,
        "synthetic_version_available": False,
        "patients_informed": True,
        "consent_collected": True,
        "opposition_register_handled": True,
        "legal_bases": ["consent", "scientific-research"],
        "purposes": ["academic-research", "public-benefit"],
        "hosting_type": "research_db",
        "deployment": "cloud",
        "hds_certified_host": True,
        "host_name": HOST_CLOUD,
        "access_modes": ["secure_workspace", "transfer"],
        "retention_years": 20,
        "contact_name": "Dr Mathilde Roussel, pneumologie pédiatrique",
        "contact_email": mail("pediatrie-recherche"),
        "landing_page": page("cohorte-asthme-pediatrique"),
        "status": "published",
        "created": date(2023, 6, 19),
        "published": date(2023, 9, 11),
        "publications": [
            (
                "Roussel M, Fabre L. Passive smoking and asthma control in children: "
                "six-month follow-up data from a hospital cohort. Pediatr Pulmonol Ex. "
                "2024;59:612-620.",
                "10.5555/asthme-enfant.2024.008",
                2024,
            ),
        ],
        "blocks": [
            "patient",
            "demographics_child",
            "asthma",
            "spirometry",
            "environment",
            "vitals_short",
        ],
        "fill_rate": 0.86,
        "quality": {
            "conformity": 3,
            "completeness": 3,
            "plausibility": 3,
            "timeliness": 3,
            "documentation": 3,
            "representativeness": 2,
        },
    },
    {
        "slug": "registre-avc",
        "acronym": "AVC-VdL",
        "title_fr": "Registre des accidents vasculaires cérébraux",
        "title_en": "Stroke registry",
        "summary_fr": "Registre des patients admis à l'unité neurovasculaire pour un AVC ou un "
        "AIT : délais de prise en charge, NIHSS, thrombolyse, thrombectomie et handicap à "
        "trois mois (mRS).",
        "summary_en": "Registry of patients admitted to the stroke unit for a stroke or TIA: "
        "care delays, NIHSS, thrombolysis, thrombectomy and disability at three months (mRS).",
        "description_fr": "Le registre documente chaque admission à l'unité neurovasculaire "
        "depuis 2014. Les infirmières de coordination saisissent les horaires clés du parcours "
        "(début des symptômes, arrivée, imagerie, thrombolyse, ponction artérielle), la "
        "sévérité initiale et l'étiologie selon la classification TOAST. Le handicap est "
        "évalué par téléphone à trois mois par le score de Rankin modifié. Le registre sert "
        "au pilotage de la filière AVC et à la recherche sur la reperfusion.",
        "description_en": "The registry documents every admission to the stroke unit since "
        "2014. Coordinating nurses record the key times of the pathway (symptom onset, "
        "arrival, imaging, thrombolysis, arterial puncture), initial severity and aetiology "
        "under the TOAST classification. Disability is assessed by telephone at three months "
        "with the modified Rankin scale. The registry supports the management of the stroke "
        "pathway and research on reperfusion.",
        "keywords": [
            "AVC",
            "thrombolyse",
            "thrombectomie",
            "NIHSS",
            "Rankin",
            "registre",
            "stroke",
            "registry",
        ],
        "themes": ["HEAL"],
        "health_categories": ["registry"],
        "department": "neurologie",
        "steward": "operateur",
        "data_types": ["registry", "ehr"],
        "population_description": "Adultes admis à l'unité neurovasculaire pour un AVC "
        "ischémique, hémorragique ou un accident ischémique transitoire.",
        "inclusion_start": date(2014, 1, 1),
        "inclusion_end": None,
        "geographic_coverage": "Filière AVC du GHT Val-de-Loire (télé-AVC inclus)",
        "number_of_individuals": 14_600,
        "number_of_records": 16_100,
        "min_typical_age": 18,
        "max_typical_age": 99,
        "update_frequency": "monthly",
        "standards": ["none"],
        "coding_systems": ["icd-10", "ccam"],
        "is_anonymised": False,
        "is_pseudonymised": True,
        "synthetic_version_available": False,
        "patients_informed": True,
        "consent_collected": False,
        "opposition_register_handled": True,
        "legal_bases": ["public-task", "public-health"],
        "purposes": ["academic-research", "public-benefit"],
        "hosting_type": "research_db",
        "deployment": "on_premise",
        "hds_certified_host": True,
        "host_name": HOST_EDS,
        "access_modes": ["secure_workspace", "transfer", "remote_query"],
        "retention_years": 20,
        "contact_name": "Dr Olivier Besson, unité neurovasculaire",
        "contact_email": mail("unv"),
        "landing_page": page("registre-avc"),
        "status": "published",
        "created": date(2022, 10, 3),
        "published": date(2022, 12, 5),
        "publications": [
            (
                "Besson O, Lambert S, Guérin A. Door-to-needle time after implementation of a "
                "pre-notification protocol: ten years of a regional stroke registry. "
                "Rev Neurol Ex. 2024;180:455-463.",
                "10.5555/avc-vdl.2024.005",
                2024,
            ),
            (
                "Guérin A, Besson O. Functional outcome after thrombectomy in patients over "
                "85. Stroke Res Ex. 2025;6:88-96.",
                "10.5555/avc-vdl.2025.019",
                2025,
            ),
        ],
        "blocks": [
            "patient",
            "demographics_short",
            "risk_factors",
            "stroke",
            "vitals_short",
            "follow_up_stroke",
        ],
        "fill_rate": 0.95,
        "quality": {
            "conformity": 4,
            "completeness": 4,
            "plausibility": 3,
            "timeliness": 3,
            "documentation": 4,
            "representativeness": 4,
        },
    },
    {
        "slug": "cohorte-covid19-hospitalisee",
        "acronym": "COVID-HOSP",
        "title_fr": "Cohorte des patients hospitalisés pour COVID-19",
        "title_en": "Cohort of patients hospitalised with COVID-19",
        "summary_fr": "Patients hospitalisés pour une infection à SARS-CoV-2 confirmée entre "
        "mars 2020 et décembre 2022 : symptômes, vaccination, biologie, oxygénothérapie, "
        "traitements, passage en réanimation et devenir.",
        "summary_en": "Patients hospitalised with a confirmed SARS-CoV-2 infection between "
        "March 2020 and December 2022: symptoms, vaccination, laboratory results, oxygen "
        "therapy, treatments, ICU admission and outcome.",
        "description_fr": "Constituée pendant la pandémie à partir de l'entrepôt et d'un "
        "formulaire de recueil dédié, la cohorte couvre toutes les vagues épidémiques de 2020 "
        "à 2022. Elle associe les variants séquencés lorsque disponibles, le statut vaccinal "
        "issu du système national, les marqueurs biologiques de gravité et l'échelle OMS de "
        "progression clinique. Le recueil est clos ; les données restent disponibles pour des "
        "études rétrospectives et des comparaisons entre vagues.",
        "description_en": "Built during the pandemic from the warehouse and a dedicated case "
        "report form, the cohort covers every epidemic wave from 2020 to 2022. It combines "
        "sequenced variants when available, vaccination status from the national system, "
        "laboratory markers of severity and the WHO clinical progression scale. Collection is "
        "closed; the data remain available for retrospective studies and comparisons between "
        "waves.",
        "keywords": [
            "COVID-19",
            "SARS-CoV-2",
            "pandémie",
            "vaccination",
            "oxygénothérapie",
            "hospitalised patients",
        ],
        "themes": ["HEAL", "SOCI"],
        "health_categories": ["ehr", "cohort", "pathogen-genomics"],
        "department": "reanimation-urgences",
        "steward": "operateur",
        "data_types": ["ehr", "biology", "cohort-survey"],
        "population_description": "Patients de tout âge hospitalisés au moins 24 heures avec "
        "une RT-PCR ou un test antigénique SARS-CoV-2 positif.",
        "inclusion_start": date(2020, 3, 1),
        "inclusion_end": date(2022, 12, 31),
        "geographic_coverage": "CHU de Val-de-Loire",
        "number_of_individuals": 7_830,
        "number_of_records": 1_240_000,
        "min_typical_age": 0,
        "max_typical_age": 101,
        "update_frequency": "never",
        "standards": ["omop"],
        "coding_systems": ["icd-10", "atc", "loinc", "ccam"],
        "is_anonymised": False,
        "is_pseudonymised": True,
        "synthetic_version_available": False,
        "patients_informed": True,
        "consent_collected": False,
        "opposition_register_handled": True,
        "legal_bases": ["public-health", "scientific-research"],
        "purposes": ["academic-research", "public-benefit"],
        "hosting_type": "warehouse",
        "deployment": "on_premise",
        "hds_certified_host": True,
        "host_name": HOST_EDS,
        "access_modes": ["secure_workspace", "airlock"],
        "retention_years": 15,
        "contact_name": "Dr Anne Percheron, médecine intensive-réanimation",
        "contact_email": mail("rea-recherche"),
        "landing_page": page("cohorte-covid19-hospitalisee"),
        "status": "published",
        "created": date(2022, 9, 12),
        "published": date(2022, 10, 3),
        "publications": [
            (
                "Percheron A, Morin C, Dubois F. In-hospital mortality across five COVID-19 "
                "waves in a French university hospital. Infect Dis Now Ex. 2023;53:104-112.",
                "10.5555/covid-hosp.2023.002",
                2023,
            ),
            (
                "Dubois F, Percheron A. Vaccination status and oxygen requirement in patients "
                "admitted during the Omicron period. Vaccine Ex. 2024;42:310-317.",
                "10.5555/covid-hosp.2024.013",
                2024,
            ),
        ],
        "blocks": [
            "patient",
            "demographics",
            "stay",
            "covid",
            "labs_infection",
            "vitals",
            "icu_outcome",
        ],
        "fill_rate": 0.84,
        "quality": {
            "conformity": 3,
            "completeness": 3,
            "plausibility": 3,
            "timeliness": 1,
            "documentation": 3,
            "representativeness": 3,
        },
    },
    {
        "slug": "activite-urgences",
        "acronym": "URG-VdL",
        "title_fr": "Base d'activité des urgences",
        "title_en": "Emergency department activity base",
        "summary_fr": "Passages aux urgences adultes et pédiatriques depuis 2019 : mode "
        "d'arrivée, tri, motif de recours, diagnostic, délais et orientation.",
        "summary_en": "Adult and paediatric emergency department visits since 2019: arrival "
        "mode, triage, presenting complaint, diagnosis, waiting times and disposition.",
        "description_fr": "La base reprend le résumé de passage aux urgences (RPU) produit "
        "pour chaque patient, enrichi des horaires du logiciel des urgences et de "
        "l'orientation en aval. Le tri suit l'échelle FRENCH en cinq niveaux. Les données "
        "servent au pilotage des tensions hospitalières, à l'épidémiologie des recours "
        "(traumatologie, épidémies saisonnières) et à des travaux de prévision d'affluence. "
        "Elle remplace depuis 2019 l'ancienne base, archivée.",
        "description_en": "The base takes the emergency visit summary (RPU) produced for each "
        "patient, enriched with the timestamps of the emergency software and the downstream "
        "disposition. Triage follows the five-level FRENCH scale. The data support the "
        "management of hospital pressure, the epidemiology of visits (injuries, seasonal "
        "epidemics) and attendance forecasting. Since 2019 it replaces the former base, now "
        "archived.",
        "keywords": [
            "urgences",
            "RPU",
            "tri",
            "affluence",
            "délais d'attente",
            "emergency department",
            "triage",
        ],
        "themes": ["HEAL", "GOVE"],
        "health_categories": ["healthcare-needs", "ehr"],
        "department": "reanimation-urgences",
        "steward": "operateur",
        "data_types": ["ehr"],
        "population_description": "Toute personne ayant consulté aux urgences adultes ou "
        "pédiatriques du CHU.",
        "inclusion_start": date(2019, 1, 1),
        "inclusion_end": None,
        "geographic_coverage": "Urgences du CHU de Val-de-Loire (deux sites)",
        "number_of_individuals": 486_000,
        "number_of_records": 1_015_000,
        "min_typical_age": 0,
        "max_typical_age": 100,
        "update_frequency": "daily",
        "standards": ["none"],
        "coding_systems": ["icd-10", "ccam"],
        "is_anonymised": False,
        "is_pseudonymised": True,
        "synthetic_version_available": True,
        "patients_informed": True,
        "consent_collected": False,
        "opposition_register_handled": True,
        "legal_bases": ["public-task", "public-health"],
        "purposes": ["public-benefit", "service-provision", "research-and-development"],
        "hosting_type": "warehouse",
        "deployment": "on_premise",
        "hds_certified_host": True,
        "host_name": HOST_EDS,
        "access_modes": ["secure_workspace", "remote_query", "synthetic_data"],
        "retention_years": 10,
        "contact_name": "Dr Yann Lebrun, structure des urgences",
        "contact_email": mail("urgences"),
        "landing_page": page("activite-urgences"),
        "status": "published",
        "created": date(2023, 11, 6),
        "published": date(2024, 1, 8),
        "publications": [],
        "blocks": ["patient", "demographics_short", "ed_visit", "diagnosis_main", "vitals_short"],
        "fill_rate": 0.82,
        "quality": {
            "conformity": 3,
            "completeness": 3,
            "plausibility": 3,
            "timeliness": 4,
            "documentation": 2,
            "representativeness": 4,
        },
    },
    {
        "slug": "suivi-diabete-type-2",
        "acronym": "DT2-SUIVI",
        "title_fr": "Suivi des patients diabétiques de type 2",
        "title_en": "Type 2 diabetes follow-up",
        "summary_fr": "Suivi ambulatoire des patients diabétiques de type 2 en consultation "
        "d'endocrinologie : HbA1c, traitements, complications micro- et macro-vasculaires et "
        "dépistages annuels.",
        "summary_en": "Outpatient follow-up of type 2 diabetic patients at the endocrinology "
        "clinic: HbA1c, treatments, micro- and macrovascular complications and yearly "
        "screenings.",
        "description_fr": "Le jeu de données est construit à partir du dossier de spécialité "
        "d'endocrinologie et des résultats de laboratoire de l'entrepôt. Il décrit, "
        "consultation par consultation, l'équilibre glycémique, le poids, la pression "
        "artérielle, les classes thérapeutiques (metformine, iSGLT2, aGLP-1, insuline) et les "
        "dépistages (fond d'œil, microalbuminurie, examen des pieds). Il est apparié au "
        "chaînage SNDS pour les patients communs. Il convient aux études d'efficacité en vie "
        "réelle des nouvelles classes de traitement.",
        "description_en": "The dataset is built from the endocrinology specialty record and "
        "the warehouse's laboratory results. Visit by visit it describes glycaemic control, "
        "weight, blood pressure, drug classes (metformin, SGLT2 inhibitors, GLP-1 receptor "
        "agonists, insulin) and screenings (fundus examination, microalbuminuria, foot "
        "examination). It is linked to the SNDS linkage for patients in both sets. It suits "
        "real-world effectiveness studies of new drug classes.",
        "keywords": [
            "diabète de type 2",
            "HbA1c",
            "vie réelle",
            "iSGLT2",
            "aGLP-1",
            "type 2 diabetes",
            "real-world evidence",
        ],
        "themes": ["HEAL"],
        "health_categories": ["ehr"],
        "department": "cardiologie",
        "steward": "referent",
        "data_types": ["ehr", "biology"],
        "population_description": "Adultes diabétiques de type 2 ayant au moins deux "
        "consultations d'endocrinologie au CHU.",
        "inclusion_start": date(2015, 1, 1),
        "inclusion_end": None,
        "geographic_coverage": "Patients suivis au CHU de Val-de-Loire",
        "number_of_individuals": 18_900,
        "number_of_records": 2_300_000,
        "min_typical_age": 25,
        "max_typical_age": 95,
        "update_frequency": "monthly",
        "standards": ["omop"],
        "coding_systems": ["icd-10", "atc", "loinc"],
        "is_anonymised": False,
        "is_pseudonymised": True,
        "synthetic_version_available": False,
        "patients_informed": True,
        "consent_collected": False,
        "opposition_register_handled": True,
        "legal_bases": ["public-task", "scientific-research"],
        "purposes": ["academic-research", "commercial-research", "research-and-development"],
        "hosting_type": "warehouse",
        "deployment": "on_premise",
        "hds_certified_host": True,
        "host_name": HOST_EDS,
        "access_modes": ["secure_workspace", "airlock", "remote_query"],
        "retention_years": 20,
        "contact_name": "Dr Karim Benali, référent données cardio-métabolique",
        "contact_email": mail("cardiometabolique"),
        "landing_page": page("suivi-diabete-type-2"),
        "status": "published",
        "created": date(2024, 3, 18),
        "published": date(2024, 5, 6),
        "publications": [],
        "blocks": [
            "patient",
            "demographics",
            "lifestyle",
            "diabetes",
            "labs_diabetes",
            "vitals_short",
            "diabetes_treatment",
        ],
        "fill_rate": 0.8,
        "quality": {
            "conformity": 3,
            "completeness": 2,
            "plausibility": 3,
            "timeliness": 4,
            "documentation": 3,
            "representativeness": 3,
        },
    },
    {
        "slug": "maternite-perinatalite",
        "acronym": "PERINAT",
        "title_fr": "Base périnatale de la maternité",
        "title_en": "Maternity perinatal base",
        "summary_fr": "Grossesses et accouchements à la maternité de type 3 : antécédents "
        "obstétricaux, déroulement de la grossesse, mode d'accouchement, état du nouveau-né et "
        "complications du post-partum.",
        "summary_en": "Pregnancies and deliveries at the level 3 maternity unit: obstetric "
        "history, course of pregnancy, mode of delivery, newborn condition and postpartum "
        "complications.",
        "description_fr": "La base est alimentée par le dossier obstétrical informatisé pour "
        "chaque accouchement depuis 2016. Elle associe la mère et le ou les nouveau-nés, avec "
        "l'âge gestationnel, le poids de naissance, les scores d'Apgar et le pH au cordon. "
        "Les complications (pré-éclampsie, diabète gestationnel, hémorragie du post-partum) "
        "sont codées en CIM-10. La maternité étant de type 3, la base surreprésente les "
        "grossesses à haut risque et la grande prématurité.",
        "description_en": "The base is fed by the electronic obstetric record for every "
        "delivery since 2016. It links the mother and the newborn(s), with gestational age, "
        "birth weight, Apgar scores and cord pH. Complications (pre-eclampsia, gestational "
        "diabetes, postpartum haemorrhage) are coded in ICD-10. As a level 3 unit, the "
        "maternity over-represents high-risk pregnancies and very preterm births.",
        "keywords": [
            "périnatalité",
            "maternité",
            "accouchement",
            "prématurité",
            "nouveau-né",
            "perinatal",
            "obstetrics",
        ],
        "themes": ["HEAL", "SOCI"],
        "health_categories": ["ehr", "health-determinants"],
        "department": "femme-mere-enfant",
        "steward": "operateur",
        "data_types": ["ehr"],
        "population_description": "Femmes ayant accouché à la maternité du CHU et leurs "
        "nouveau-nés (naissances vivantes et mort-nés à partir de 22 SA).",
        "inclusion_start": date(2016, 1, 1),
        "inclusion_end": None,
        "geographic_coverage": "Maternité de type 3 du CHU, recours régional pour les "
        "grossesses à haut risque",
        "number_of_individuals": 36_400,
        "number_of_records": 37_100,
        "min_typical_age": 15,
        "max_typical_age": 48,
        "update_frequency": "monthly",
        "standards": ["none"],
        "coding_systems": ["icd-10", "ccam"],
        "is_anonymised": False,
        "is_pseudonymised": True,
        "synthetic_version_available": False,
        "patients_informed": True,
        "consent_collected": False,
        "opposition_register_handled": True,
        "legal_bases": ["public-task", "scientific-research"],
        "purposes": ["academic-research", "public-benefit"],
        "hosting_type": "warehouse",
        "deployment": "on_premise",
        "hds_certified_host": True,
        "host_name": HOST_EDS,
        "access_modes": ["secure_workspace", "transfer"],
        "retention_years": 25,
        "contact_name": "Dr Claire Vidal, gynécologie-obstétrique",
        "contact_email": mail("perinatalite"),
        "landing_page": page("maternite-perinatalite"),
        "status": "published",
        "created": date(2025, 1, 13),
        "published": date(2025, 4, 14),
        "publications": [
            (
                "Vidal C, Morel E, Roussel M. Trends in planned caesarean delivery at term in "
                "a level 3 maternity unit, 2016-2024. J Gynecol Obstet Ex. 2026;55:41-48.",
                "10.5555/perinat.2026.001",
                2026,
            ),
        ],
        "blocks": ["patient", "pregnancy", "delivery", "newborn"],
        "fill_rate": 0.9,
        "quality": {
            "conformity": 3,
            "completeness": 3,
            "plausibility": 4,
            "timeliness": 3,
            "documentation": 2,
            "representativeness": 2,
        },
    },
    {
        "slug": "corpus-comptes-rendus-anatomopathologie",
        "acronym": "ANAPATH-TXT",
        "title_fr": "Corpus de comptes rendus d'anatomopathologie",
        "title_en": "Corpus of pathology reports",
        "summary_fr": "Comptes rendus d'anatomie et cytologie pathologiques en texte libre, "
        "désidentifiés, avec une partie annotée (entités nommées) pour l'entraînement de "
        "modèles de traitement automatique de la langue.",
        "summary_en": "Free-text pathology reports, de-identified, with an annotated subset "
        "(named entities) for training natural language processing models.",
        "description_fr": "Le corpus rassemble les comptes rendus produits par le service "
        "d'anatomie pathologique depuis 2015. Un pipeline de désidentification remplace noms, "
        "dates et lieux par des substituts plausibles ; sa performance est en cours de "
        "validation sur un échantillon relu manuellement, d'où le statut de brouillon de "
        "cette fiche. Un sous-ensemble de 5 000 comptes rendus est annoté (organe, type "
        "histologique, grade, marges, statut ganglionnaire). Le corpus alimentera les travaux "
        "d'extraction automatique pour le registre des cancers.",
        "description_en": "The corpus gathers the reports issued by the pathology department "
        "since 2015. A de-identification pipeline replaces names, dates and places with "
        "plausible surrogates; its performance is being validated on a manually reviewed "
        "sample, hence the draft status of this sheet. A subset of 5,000 reports is annotated "
        "(organ, histological type, grade, margins, nodal status). The corpus will feed "
        "automatic extraction work for the cancer registry.",
        "keywords": [
            "texte libre",
            "TAL",
            "anatomopathologie",
            "désidentification",
            "annotation",
            "NLP",
            "pathology reports",
        ],
        "themes": ["HEAL", "TECH"],
        "health_categories": ["ehr"],
        "department": "oncologie",
        "steward": "referente",
        "data_types": ["free-text"],
        "population_description": "Patients ayant eu un prélèvement analysé par le service "
        "d'anatomie pathologique du CHU.",
        "inclusion_start": date(2015, 1, 1),
        "inclusion_end": date(2025, 12, 31),
        "geographic_coverage": "CHU de Val-de-Loire",
        "number_of_individuals": 212_000,
        "number_of_records": 598_000,
        "min_typical_age": 0,
        "max_typical_age": 100,
        "update_frequency": "irregular",
        "standards": ["none"],
        "coding_systems": ["snomed-ct", "icd-o-3"],
        "is_anonymised": False,
        "is_pseudonymised": True,
        "synthetic_version_available": False,
        "patients_informed": True,
        "consent_collected": False,
        "opposition_register_handled": True,
        "legal_bases": ["public-task", "scientific-research"],
        "purposes": ["research-and-development"],
        "hosting_type": "datalake",
        "deployment": "on_premise",
        "hds_certified_host": True,
        "host_name": HOST_EDS,
        "access_modes": ["secure_workspace"],
        "retention_years": 20,
        "contact_name": "Dr Hélène Marchand, référente données oncologie",
        "contact_email": mail("registre-cancers"),
        "landing_page": page("corpus-comptes-rendus-anatomopathologie"),
        "status": "draft",
        "created": date(2026, 9, 28),
        "published": None,
        "publications": [],
        "blocks": ["report", "report_annotation"],
        "fill_rate": 0.9,
        "quality": {},
    },
    {
        "slug": "activite-urgences-2012-2018",
        "acronym": "URG-HIST",
        "title_fr": "Base d'activité des urgences 2012-2018 (ancien logiciel)",
        "title_en": "Emergency department activity 2012-2018 (former software)",
        "summary_fr": "Passages aux urgences enregistrés par l'ancien logiciel des urgences "
        "entre 2012 et 2018. Fiche archivée : ces données sont désormais reprises dans la "
        "base URG-VdL.",
        "summary_en": "Emergency department visits recorded by the former emergency software "
        "between 2012 and 2018. Archived sheet: the data are now included in the URG-VdL "
        "base.",
        "description_fr": "Cette base a été extraite de l'ancien logiciel des urgences avant "
        "son remplacement en 2019. Le tri y suivait l'ancienne classification CIMU et les "
        "diagnostics étaient incomplets avant 2014. Après la reprise des données dans la base "
        "URG-VdL, la fiche a été archivée pour éviter les demandes en double ; elle reste "
        "consultable par l'équipe du guichet pour l'historique des projets.",
        "description_en": "This base was extracted from the former emergency software before "
        "it was replaced in 2019. Triage followed the older CIMU classification and diagnoses "
        "were incomplete before 2014. Once the data were migrated into the URG-VdL base, the "
        "sheet was archived to avoid duplicate requests; the desk team can still read it for "
        "the history of past projects.",
        "keywords": ["urgences", "historique", "RPU", "archive", "emergency department"],
        "themes": ["HEAL", "GOVE"],
        "health_categories": ["healthcare-needs"],
        "department": "reanimation-urgences",
        "steward": "operateur",
        "data_types": ["ehr"],
        "population_description": "Toute personne ayant consulté aux urgences du CHU entre "
        "2012 et 2018.",
        "inclusion_start": date(2012, 1, 1),
        "inclusion_end": date(2018, 12, 31),
        "geographic_coverage": "Urgences du CHU de Val-de-Loire (site principal)",
        "number_of_individuals": 512_000,
        "number_of_records": 1_130_000,
        "min_typical_age": 0,
        "max_typical_age": 100,
        "update_frequency": "never",
        "standards": ["none"],
        "coding_systems": ["icd-10"],
        "is_anonymised": False,
        "is_pseudonymised": True,
        "synthetic_version_available": False,
        "patients_informed": True,
        "consent_collected": False,
        "opposition_register_handled": False,
        "legal_bases": ["public-task"],
        "purposes": ["public-benefit"],
        "hosting_type": "warehouse",
        "deployment": "on_premise",
        "hds_certified_host": True,
        "host_name": HOST_EDS,
        "access_modes": ["secure_workspace"],
        "retention_years": 10,
        "contact_name": "Dr Yann Lebrun, structure des urgences",
        "contact_email": mail("urgences"),
        "landing_page": page("activite-urgences-2012-2018"),
        "status": "archived",
        "created": date(2021, 5, 17),
        "published": date(2021, 6, 7),
        "archived": date(2025, 3, 3),
        "publications": [],
        "blocks": ["patient", "demographics_short", "ed_visit", "diagnosis_main", "vitals_short"],
        "fill_rate": 0.7,
        "quality": {
            "conformity": 2,
            "completeness": 2,
            "plausibility": 2,
            "timeliness": 0,
            "documentation": 2,
            "representativeness": 3,
        },
    },
]
