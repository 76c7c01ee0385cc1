"""The default clause library and the four standard templates shipped with Guichet.

Written for a French public hospital acting as data holder; French first, English as a faithful
translation. Placeholders are documented in contracts.context (PLACEHOLDERS). Loaded by a data
migration as version 1 of each clause and template; desks then version them."""

from __future__ import annotations

# code -> (category, title_fr, title_en, body_fr, body_en)
CLAUSES: dict[str, tuple[str, str, str, str, str]] = {
    "parties-purpose": (
        "parties_purpose",
        "Parties et objet",
        "Parties and purpose",
        "Le présent contrat est conclu entre {{ holder.name }}, représenté par "
        "{{ holder.representative }}, ci-après « le Détenteur », et {{ requester.organisation }} "
        "({{ requester.country }}), représenté par {{ requester.representative }}, ci-après "
        "« le Bénéficiaire ».\n\nIl a pour objet de définir les conditions dans lesquelles le "
        "Détenteur met à disposition du Bénéficiaire des données de santé, pour la seule "
        "réalisation du projet « {{ project.title }} » (référence {{ project.reference }}), "
        "dont la finalité est la suivante : {{ project.purpose }}\n\nLe Détenteur ne vend aucune "
        "donnée : seuls les services de préparation, de mise à disposition et d'accompagnement "
        "décrits en annexe sont facturés.",
        "This contract is made between {{ holder.name }}, represented by "
        '{{ holder.representative }}, hereinafter "the Holder", and {{ requester.organisation }} '
        "({{ requester.country }}), represented by {{ requester.representative }}, hereinafter "
        '"the Recipient".\n\nIt sets the conditions under which the Holder makes health data '
        'available to the Recipient, solely to carry out the project "{{ project.title }}" '
        "(reference {{ project.reference }}), whose purpose is: {{ project.purpose }}\n\nThe "
        "Holder sells no data: only the preparation, provision and support services described "
        "in the annexes are invoiced.",
    ),
    "collaboration-purpose": (
        "parties_purpose",
        "Parties et objet de la collaboration",
        "Parties and purpose of the collaboration",
        "Le présent accord est conclu entre {{ holder.name }}, représenté par "
        "{{ holder.representative }}, et {{ requester.organisation }}, représenté par "
        "{{ requester.representative }}, ci-après ensemble « les Parties ».\n\nLes Parties "
        "conviennent de conduire conjointement le projet « {{ project.title }} » (référence "
        "{{ project.reference }}). Chaque Partie apporte les moyens décrits au programme de "
        "travail ; le Détenteur apporte en outre l'accès encadré aux données décrites en "
        "annexe, sans cession de celles-ci.",
        "This agreement is made between {{ holder.name }}, represented by "
        "{{ holder.representative }}, and {{ requester.organisation }}, represented by "
        '{{ requester.representative }}, together "the Parties".\n\nThe Parties agree to '
        'carry out jointly the project "{{ project.title }}" (reference '
        "{{ project.reference }}). Each Party contributes the means described in the work "
        "programme; the Holder also provides supervised access to the data described in the "
        "annexes, without transferring them.",
    ),
    "data-description": (
        "data_description",
        "Description des données",
        "Description of the data",
        "Les données mises à disposition proviennent des bases suivantes : "
        "{% for d in datasets %}{{ d.title }}{% if d.acronym %} ({{ d.acronym }}){% endif %}"
        "{% if not forloop.last %} ; {% endif %}{% endfor %}. Elles sont fournies sous forme "
        "{{ data_form }} et limitées aux variables, à la population et à la période décrites "
        "dans la fiche projet et dans l'annexe « Fiches descriptives ».\n\nToute donnée "
        "supplémentaire fait l'objet d'une nouvelle demande.",
        "The data made available come from the following databases: "
        "{% for d in datasets %}{{ d.title }}{% if d.acronym %} ({{ d.acronym }}){% endif %}"
        "{% if not forloop.last %}; {% endif %}{% endfor %}. They are provided as "
        "{{ data_form }} data, limited to the variables, population and period described in "
        'the project form and in the "Descriptive sheets" annex.\n\nAny additional data '
        "requires a new application.",
    ),
    "security-workspace": (
        "security_hosting",
        "Accès en espace de travail sécurisé",
        "Access in a secure workspace",
        "Les données restent hébergées chez le Détenteur ou chez un hébergeur certifié HDS. "
        "Le Bénéficiaire y accède exclusivement par {{ access_mode }}, avec une "
        "authentification forte, depuis des postes maîtrisés, par les seules personnes "
        "listées en annexe. Aucune donnée individuelle ne peut être exportée ; seuls des "
        "résultats agrégés, vérifiés par le Détenteur, peuvent sortir de l'espace.",
        "The data stay hosted by the Holder or by an HDS-certified host. The Recipient "
        "accesses them only through {{ access_mode }}, with strong authentication, from "
        "managed workstations, and only by the persons listed in the annex. No individual-level "
        "data may be exported; only aggregate results checked by the Holder may leave the "
        "workspace.",
    ),
    "security-transfer": (
        "security_hosting",
        "Transfert et sécurité de l'hébergement",
        "Transfer and hosting security",
        "Les données pseudonymisées sont transmises par un canal chiffré de bout en bout. Le "
        "Bénéficiaire les héberge dans un environnement conforme au référentiel de sécurité "
        "décrit en annexe (hébergeur certifié HDS le cas échéant), en interdit toute copie "
        "non nécessaire au projet et n'y donne accès qu'aux personnes listées en annexe. "
        "Toute tentative de réidentification des personnes est interdite.",
        "The pseudonymised data are sent over an end-to-end encrypted channel. The Recipient "
        "hosts them in an environment that meets the security requirements in the annex "
        "(an HDS-certified host where applicable), makes no copy the project does not need, "
        "and gives access only to the persons listed in the annex. Any attempt to re-identify "
        "individuals is forbidden.",
    ),
    "control-audit": (
        "control_audit",
        "Contrôle et audit des traitements",
        "Control and audit of processing",
        "Le Détenteur peut vérifier, sur pièces ou sur place, avec un préavis de quinze jours, "
        "que les traitements réalisés sont conformes à la finalité déclarée et aux mesures de "
        "sécurité convenues. Le Bénéficiaire tient un registre des traitements réalisés et le "
        "communique sur demande. Tout écart constaté peut entraîner la suspension immédiate "
        "de l'accès.",
        "The Holder may check, on documents or on site, with fifteen days' notice, that the "
        "processing carried out matches the declared purpose and the agreed security "
        "measures. The Recipient keeps a record of the processing it performs and provides it "
        "on request. Any deviation found may lead to immediate suspension of access.",
    ),
    "access-log-review": (
        "access_log_review",
        "Revue des journaux d'accès",
        "Review of access logs",
        "Les accès aux données sont journalisés (identité, date, opération). Le Détenteur "
        "revoit ces journaux au moins une fois par trimestre et peut en demander la "
        "justification au Bénéficiaire, qui répond sous dix jours ouvrés.",
        "Access to the data is logged (identity, date, operation). The Holder reviews these "
        "logs at least once a quarter and may ask the Recipient to justify any access; the "
        "Recipient answers within ten working days.",
    ),
    "data-deletion": (
        "data_deletion",
        "Destruction des données en fin de projet",
        "Deletion of the data at the end",
        "Au terme du projet, et au plus tard {{ project.duration_months }} mois après la "
        "mise à disposition, le Bénéficiaire détruit toutes les données reçues et leurs copies, "
        "et remet au Détenteur une attestation de destruction datée et signée dans un délai "
        "d'un mois. En espace sécurisé, le Détenteur ferme l'accès à la même date.",
        "At the end of the project, and at the latest {{ project.duration_months }} months "
        "after provision, the Recipient deletes all data received and their copies, and gives "
        "the Holder a dated, signed certificate of deletion within one month. In a secure "
        "workspace, the Holder closes access on the same date.",
    ),
    "publication": (
        "publication",
        "Publications et remerciements",
        "Publications and acknowledgement",
        "Le Bénéficiaire s'engage à publier les résultats, qu'ils soient positifs ou non, et à "
        "les transmettre au Détenteur pour le registre public des projets. Toute publication "
        "mentionne : « Ce travail a utilisé des données mises à disposition par "
        "{{ holder.name }} ». Le plan de publication déclaré est le suivant : "
        "{{ project.publication_plan|default:'non précisé' }}",
        "The Recipient undertakes to publish the results, whether positive or not, and to send "
        "them to the Holder for the public register of projects. Every publication states: "
        '"This work used data made available by {{ holder.name }}". The declared '
        "publication plan is: {{ project.publication_plan|default:'not specified' }}",
    ),
    "ip-holder": (
        "intellectual_property",
        "Propriété intellectuelle",
        "Intellectual property",
        "Le Détenteur conserve tous ses droits sur les bases de données. Les résultats "
        "obtenus par le Bénéficiaire lui appartiennent, sous réserve du respect de la "
        "finalité et des obligations de publication du présent contrat.",
        "The Holder keeps all its rights in the databases. The results obtained by the "
        "Recipient belong to it, provided the purpose and the publication obligations of this "
        "contract are respected.",
    ),
    "ip-shared": (
        "intellectual_property",
        "Propriété intellectuelle partagée",
        "Shared intellectual property",
        "Les connaissances propres de chaque Partie restent sa propriété. Les résultats issus "
        "du projet sont la copropriété des Parties, en proportion de leurs apports respectifs, "
        "selon un règlement de copropriété conclu avant toute exploitation. Les attentes "
        "exprimées à ce titre sont : {{ project.ip_expectations|default:'aucune précisée' }}",
        "Each Party's background knowledge remains its own. Results arising from the project "
        "are jointly owned by the Parties in proportion to their contributions, under a "
        "co-ownership agreement signed before any exploitation. Expectations stated on this "
        "point: {{ project.ip_expectations|default:'none stated' }}",
    ),
    "confidentiality": (
        "confidentiality",
        "Confidentialité",
        "Confidentiality",
        "Les Parties tiennent confidentielles les données et les informations échangées, "
        "pendant la durée du contrat et cinq ans après son terme. Les personnes autorisées "
        "sont tenues au secret professionnel ou à une obligation de confidentialité "
        "équivalente.",
        "The Parties keep the data and the information exchanged confidential, for the "
        "duration of the contract and five years after it ends. Authorised persons are bound "
        "by professional secrecy or an equivalent duty of confidentiality.",
    ),
    "fees-payment": (
        "fees_payment",
        "Redevances et paiement",
        "Fees and payment",
        "{% if quote %}En contrepartie des services décrits dans l'annexe financière (devis "
        "{{ quote.reference }}, version {{ quote.version }}), le Bénéficiaire verse "
        "{{ quote.total_excl_vat }} € HT, soit {{ quote.total_incl_vat }} € TTC. Ces montants "
        "couvrent les coûts de préparation et de mise à disposition, non les données "
        "elles-mêmes.{% else %}Les services sont fournis sans contrepartie financière.{% endif %}"
        " Les factures sont payables à trente jours.",
        "{% if quote %}In return for the services described in the financial annex (quote "
        "{{ quote.reference }}, version {{ quote.version }}), the Recipient pays "
        "€{{ quote.total_excl_vat }} excl. VAT, i.e. €{{ quote.total_incl_vat }} incl. VAT. "
        "These amounts cover the costs of preparing and providing the data, not the data "
        "themselves.{% else %}The services are provided free of charge.{% endif %} Invoices are "
        "payable within thirty days.",
    ),
    "liability": (
        "liability",
        "Responsabilité",
        "Liability",
        "Chaque Partie est responsable des traitements qu'elle réalise en qualité de "
        "responsable de traitement. Le Bénéficiaire garantit le Détenteur contre toute "
        "réclamation résultant d'un usage des données non conforme au présent contrat.",
        "Each Party is liable for the processing it carries out as controller. The Recipient "
        "indemnifies the Holder against any claim arising from a use of the data that does "
        "not comply with this contract.",
    ),
    "duration-termination": (
        "duration_termination",
        "Durée et résiliation",
        "Duration and termination",
        "Le contrat prend effet à sa signature pour une durée de "
        "{{ project.duration_months }} mois. Chaque Partie peut le résilier en cas de "
        "manquement grave non corrigé trente jours après mise en demeure ; la résiliation "
        "entraîne la fermeture de l'accès et la destruction des données.",
        "The contract takes effect on signature for {{ project.duration_months }} months. "
        "Either Party may terminate it for a serious breach not remedied thirty days after "
        "formal notice; termination closes access and triggers deletion of the data.",
    ),
    "applicable-law": (
        "applicable_law",
        "Droit applicable",
        "Applicable law",
        "Le contrat est soumis au droit français, au règlement général sur la protection des "
        "données et au règlement européen sur l'espace européen des données de santé. Les "
        "litiges relèvent, à défaut d'accord amiable, des juridictions compétentes du ressort "
        "du Détenteur.",
        "The contract is governed by French law, the General Data Protection Regulation and "
        "the European Health Data Space Regulation. Disputes not settled amicably go to the "
        "competent courts of the Holder's jurisdiction.",
    ),
    "fee-schedule-validity": (
        "fees_payment",
        "Validité du devis",
        "Validity of the quote",
        "Ce devis ({{ quote.reference }}, version {{ quote.version }}) est établi à partir de "
        "l'offre de services en vigueur et de la grille de coûts du Détenteur. Il est valable "
        "trois mois. Il porte sur des services et non sur des données.",
        "This quote ({{ quote.reference }}, version {{ quote.version }}) is based on the "
        "Holder's current service offer and cost grid. It is valid for three months. It "
        "covers services, not data.",
    ),
}

COMMON_TAIL = [
    "control-audit",
    "access-log-review",
    "data-deletion",
    "publication",
    "confidentiality",
    "fees-payment",
    "liability",
    "duration-termination",
    "applicable-law",
]

# code -> (kind, name_fr, name_en, clause codes, access mode codes, collaboration level codes,
#          data form, annexes flag)
TEMPLATES: dict[str, tuple[str, str, str, list[str], list[str], list[str], str, bool]] = {
    "provision-workspace": (
        "data_provision",
        "Contrat de mise à disposition en espace sécurisé",
        "Data-provision contract (secure workspace)",
        ["parties-purpose", "data-description", "security-workspace", "ip-holder", *COMMON_TAIL],
        ["secure_workspace", "airlock", "remote_query"],
        ["provision", "supported_provision"],
        "any",
        True,
    ),
    "transfer-pseudonymised": (
        "data_transfer",
        "Contrat de transfert de données pseudonymisées",
        "Data-transfer contract (pseudonymised extract)",
        ["parties-purpose", "data-description", "security-transfer", "ip-holder", *COMMON_TAIL],
        ["transfer"],
        ["provision", "supported_provision"],
        "pseudonymised",
        True,
    ),
    "collaboration": (
        "collaboration",
        "Accord de collaboration (projet conjoint)",
        "Collaboration agreement (joint project)",
        [
            "collaboration-purpose",
            "data-description",
            "security-workspace",
            "ip-shared",
            *COMMON_TAIL,
        ],
        [],
        ["scientific_collaboration", "joint_project"],
        "any",
        True,
    ),
    "fee-schedule": (
        "fee_schedule",
        "Devis et échéancier des redevances",
        "Quote and fee schedule",
        ["fee-schedule-validity", "fees-payment"],
        [],
        [],
        "any",
        False,
    ),
}
