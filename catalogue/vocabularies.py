"""Default controlled vocabularies, loaded by a data migration and extendable by the desk.

Codes are stable identifiers used across apps (offers, pipeline) and in exports; URIs point at
the EU Publications Office authority tables, DPV, or the coding system's own namespace."""

from __future__ import annotations

EU_THEME = "http://publications.europa.eu/resource/authority/data-theme/"
DPV = "https://w3id.org/dpv#"
GDPR = "https://w3id.org/dpv/legal/eu/gdpr#"

# vocabulary -> [(code, label_fr, label_en, uri)]
DEFAULT_TERMS: dict[str, list[tuple[str, str, str, str]]] = {
    "theme": [
        ("HEAL", "Santé", "Health", EU_THEME + "HEAL"),
        ("SOCI", "Population et société", "Population and society", EU_THEME + "SOCI"),
        ("TECH", "Science et technologie", "Science and technology", EU_THEME + "TECH"),
        ("ECON", "Économie et finances", "Economy and finance", EU_THEME + "ECON"),
        (
            "GOVE",
            "Gouvernement et secteur public",
            "Government and public sector",
            EU_THEME + "GOVE",
        ),
        ("ENVI", "Environnement", "Environment", EU_THEME + "ENVI"),
    ],
    "health_category": [
        ("ehr", "Dossiers de santé électroniques", "Electronic health data", ""),
        ("health-determinants", "Déterminants de santé", "Health determinants", ""),
        (
            "healthcare-needs",
            "Besoins et ressources de soins",
            "Healthcare needs and resources",
            "",
        ),
        ("pathogen-genomics", "Génomique des pathogènes", "Pathogen genomic data", ""),
        (
            "claims",
            "Données administratives et de remboursement",
            "Administrative and claims data",
            "",
        ),
        (
            "human-genomics",
            "Données génétiques et -omiques humaines",
            "Human genetic and omics data",
            "",
        ),
        (
            "person-generated",
            "Données générées par les personnes",
            "Person-generated health data",
            "",
        ),
        ("registry", "Registres de pathologie", "Disease registries", ""),
        ("clinical-trials", "Essais et études cliniques", "Clinical trials and studies", ""),
        ("cohort", "Cohortes", "Cohorts", ""),
        ("biobank", "Biobanques et données associées", "Biobanks and associated data", ""),
        ("medical-devices", "Dispositifs médicaux", "Medical devices", ""),
    ],
    "data_type": [
        ("ehr", "Dossier patient informatisé", "Electronic health records", ""),
        ("imaging", "Imagerie", "Imaging", ""),
        ("omics", "Omique", "Omics", ""),
        ("registry", "Registre", "Registry", ""),
        ("claims", "Données de remboursement (SNDS)", "Claims (SNDS)", ""),
        (
            "proms",
            "Résultats rapportés par les patients (PROMs)",
            "Patient-reported outcomes (PROMs)",
            "",
        ),
        ("biobank", "Biobanque", "Biobank", ""),
        ("free-text", "Texte libre (comptes rendus)", "Free text (reports)", ""),
        ("biology", "Biologie", "Laboratory results", ""),
        ("signals", "Signaux physiologiques", "Physiological signals", ""),
        ("cohort-survey", "Questionnaires de cohorte", "Cohort questionnaires", ""),
    ],
    "standard": [
        ("omop", "OMOP CDM", "OMOP CDM", "https://ohdsi.github.io/CommonDataModel/"),
        ("fhir", "HL7 FHIR", "HL7 FHIR", "http://hl7.org/fhir/"),
        ("cdisc", "CDISC (SDTM/ADaM)", "CDISC (SDTM/ADaM)", "https://www.cdisc.org/standards"),
        ("dicom", "DICOM", "DICOM", "https://www.dicomstandard.org/"),
        ("i2b2", "i2b2", "i2b2", "https://www.i2b2.org/"),
        ("none", "Aucun (modèle propre)", "None (own model)", ""),
    ],
    "coding_system": [
        ("icd-10", "CIM-10", "ICD-10", "http://id.who.int/icd/release/10"),
        ("ccam", "CCAM", "CCAM", "https://www.ameli.fr/accueil-de-la-ccam"),
        ("atc", "ATC", "ATC", "https://www.whocc.no/atc_ddd_index/"),
        ("loinc", "LOINC", "LOINC", "http://loinc.org"),
        ("snomed-ct", "SNOMED CT", "SNOMED CT", "http://snomed.info/sct"),
        ("ucd-cip", "UCD / CIP", "UCD / CIP", ""),
        ("ghm", "GHM (PMSI)", "DRG (GHM, PMSI)", ""),
        ("hgvs", "HGVS", "HGVS", "https://varnomen.hgvs.org/"),
        ("orphacode", "ORPHAcode", "ORPHAcode", "https://www.orphadata.com/"),
        ("icd-o-3", "CIM-O-3", "ICD-O-3", ""),
    ],
    "access_mode": [
        ("secure_workspace", "Espace de travail sécurisé", "Secure workspace", ""),
        ("airlock", "Plateforme sécurisée à sas", "Secure airlock platform", ""),
        ("transfer", "Transfert de données", "Data transfer", ""),
        ("remote_query", "Requêtes à distance", "Remote query", ""),
        ("federated_learning", "Apprentissage fédéré", "Federated learning", ""),
        ("synthetic_data", "Données synthétiques", "Synthetic data", ""),
    ],
    "legal_basis": [
        (
            "public-task",
            "Mission d'intérêt public (RGPD 6.1.e)",
            "Public task (GDPR 6(1)(e))",
            GDPR + "A6-1-e",
        ),
        (
            "legitimate-interest",
            "Intérêt légitime (RGPD 6.1.f)",
            "Legitimate interest (GDPR 6(1)(f))",
            GDPR + "A6-1-f",
        ),
        (
            "consent",
            "Consentement (RGPD 6.1.a / 9.2.a)",
            "Consent (GDPR 6(1)(a) / 9(2)(a))",
            GDPR + "A6-1-a",
        ),
        (
            "scientific-research",
            "Recherche scientifique (RGPD 9.2.j)",
            "Scientific research (GDPR 9(2)(j))",
            GDPR + "A9-2-j",
        ),
        (
            "public-health",
            "Intérêt public en santé publique (RGPD 9.2.i)",
            "Public interest in public health (GDPR 9(2)(i))",
            GDPR + "A9-2-i",
        ),
    ],
    "purpose": [
        (
            "research-and-development",
            "Recherche et développement",
            "Research and development",
            DPV + "ResearchAndDevelopment",
        ),
        (
            "academic-research",
            "Recherche académique",
            "Academic research",
            DPV + "AcademicResearch",
        ),
        (
            "commercial-research",
            "Recherche commerciale",
            "Commercial research",
            DPV + "CommercialResearch",
        ),
        (
            "non-commercial-research",
            "Recherche non commerciale",
            "Non-commercial research",
            DPV + "NonCommercialResearch",
        ),
        ("public-benefit", "Bénéfice public", "Public benefit", DPV + "PublicBenefit"),
        ("service-provision", "Fourniture de soins", "Service provision", DPV + "ServiceProvision"),
    ],
}
