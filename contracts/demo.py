"""Demo data of contracts (idempotent): the holder's identity, default templates for a few
strategic-perimeter cells, and contracts for the demo requests that reached contracting or
beyond, with versions, revisions, deviations and signatures dated from the requests' own
timestamps. Only the most recent versions are rendered to PDF (keeps the seed fast); the
others stay queued and render on demand ("Render now" on the contract page)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, TextIO

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from contracts.domain import assemble, fingerprint, render_document_html
from contracts.models import (
    Clause,
    ClauseDeviation,
    Contract,
    ContractStatus,
    ContractVersion,
    HolderIdentity,
    Party,
    PerimeterTemplate,
    Signatory,
)
from contracts.selection import choose_template
from contracts.tasks import render_contract_version
from guichet.models import AccessRequest, RequestState
from offers.models import PerimeterCell

RENDERED_DEMO_VERSIONS = 5
AFTER_CONTRACTING = [
    RequestState.SIGNED,
    RequestState.PROVISIONING,
    RequestState.IN_PROGRESS,
    RequestState.CLOSING,
    RequestState.CLOSED,
]
DEVIATION_TEXTS = [
    (
        "access-log-review",
        "Le relevé des journaux d'accès est transmis chaque trimestre, et non chaque mois, "
        "compte tenu du faible nombre d'utilisateurs habilités.",
        "Demande du partenaire : peu d'utilisateurs, relevé trimestriel suffisant.",
    ),
    (
        "publication",
        "Toute publication est transmise au détenteur quarante-cinq jours avant sa soumission.",
        "Délai de relecture porté à 45 jours à la demande du comité.",
    ),
]


def seed(stdout: TextIO) -> None:
    holder = _seed_holder()
    links = _seed_perimeter_templates()
    legal = User.objects.filter(username="juriste").first()
    requests = (
        AccessRequest.objects.filter(state__in=[RequestState.CONTRACTING, *AFTER_CONTRACTING])
        .exclude(contracts__isnull=False)
        .select_related("requester", "organisation")
        .order_by("pk")
    )
    made = [_seed_contract(r, legal, index) for index, r in enumerate(requests)]
    made = [c for c in made if c is not None]
    rendered = _render_recent()
    stdout.write(
        f"  contracts: holder {holder.name}, {links} perimeter default templates, "
        f"{len(made)} contracts created, {rendered} PDFs rendered now"
    )


def _seed_holder() -> HolderIdentity:
    holder = HolderIdentity.objects.order_by("pk").first()
    if holder is not None:
        return holder
    return HolderIdentity.objects.create(
        name="CHU de Val-de-Loire",
        address="Direction de la recherche et de l'innovation\n1 boulevard de l'Hôpital\n"
        "41000 Blois",
        representative="M. Bernard Caillaux",
        representative_title="Directeur général",
        dpo_email="dpo@chu-val-de-loire.example",
    )


def _seed_perimeter_templates() -> int:
    cells = PerimeterCell.objects.filter(status="allowed").order_by("pk")[:4]
    for index, cell in enumerate(cells):
        code = "collaboration" if index == 3 else "provision-workspace"
        PerimeterTemplate.objects.get_or_create(
            perimeter_cell=cell, defaults={"template_code": code}
        )
    return PerimeterTemplate.objects.count()


def _started_at(access_request: AccessRequest) -> Any:
    reference = access_request.contract_signed_at or timezone.now()
    start = reference - timedelta(days=35)
    if access_request.decided_at and start < access_request.decided_at:
        start = access_request.decided_at + timedelta(days=2)
    return start


@transaction.atomic
def _seed_contract(access_request: AccessRequest, legal: Any, index: int) -> Contract | None:
    choice = choose_template(access_request)
    if choice.template is None:
        return None
    signed = access_request.state in AFTER_CONTRACTING
    start = _started_at(access_request)
    contract = Contract.objects.create(
        request=access_request,
        template=choice.template,
        choice_reason="\n".join(choice.reasons),
        language="en" if index % 7 == 6 else "fr",
        created_by=legal,
        created_at=start,
    )
    revisions = index % 3  # 0, 1 or 2 revisions after the first sending
    versions = [_version(contract, legal, start + timedelta(days=3))]
    for round_number in range(revisions):
        if round_number < len(DEVIATION_TEXTS) and index % 2 == 0:
            _deviation(contract, legal, round_number, start + timedelta(days=8 + 7 * round_number))
        versions.append(_version(contract, legal, start + timedelta(days=10 + 7 * round_number)))
    versions = [v for i, v in enumerate(versions) if v not in versions[:i]]
    for version in versions:
        version.sent_at = version.created_at + timedelta(days=1)
        version.save(update_fields=["sent_at"])
    first_sent = versions[0].sent_at
    if signed:
        last_sent = versions[-1].sent_at
        assert last_sent is not None  # every version was given a sent_at just above
        signed_at = access_request.contract_signed_at or last_sent + timedelta(days=5)
        _force_status(
            contract, ContractStatus.SIGNED, first_sent_at=first_sent, signed_at=signed_at
        )
        _signatories(contract, access_request, signed_at)
    elif index % 2 == 0:
        _force_status(contract, ContractStatus.SENT, first_sent_at=first_sent)
    else:
        ContractVersion.objects.filter(pk=versions[-1].pk).update(sent_at=None)
        first = versions[0].sent_at if len(versions) > 1 else None
        Contract.objects.filter(pk=contract.pk).update(first_sent_at=first)
    return contract


def _force_status(contract: Contract, status: str, **dates: Any) -> None:
    # Demo history is written as it happened, not replayed through transitions.
    Contract.objects.filter(pk=contract.pk).update(status=status, **dates)


def _version(contract: Contract, legal: Any, when: Any) -> ContractVersion:
    articles, context = assemble(contract)
    inputs_hash = fingerprint(contract, articles, context)
    existing = contract.versions.filter(inputs_hash=inputs_hash).first()
    if existing is not None:
        return existing
    number = contract.versions.count() + 1
    return ContractVersion.objects.create(
        contract=contract,
        number=number,
        inputs_hash=inputs_hash,
        clauses=articles,
        html=render_document_html(contract, articles, context, number),
        created_by=legal,
        created_at=when,
    )


def _deviation(contract: Contract, legal: Any, round_number: int, when: Any) -> None:
    code, body, reason = DEVIATION_TEXTS[round_number]
    clause = Clause.objects.filter(code=code).first()
    if clause is None:
        return
    ClauseDeviation.objects.create(
        contract=contract,
        clause=clause,
        body_fr=body,
        reason=reason,
        created_by=legal,
        created_at=when,
    )


def _signatories(contract: Contract, access_request: AccessRequest, signed_at: Any) -> None:
    holder = HolderIdentity.current()
    requester = access_request.requester
    Signatory.objects.bulk_create(
        [
            Signatory(
                contract=contract,
                party=Party.HOLDER,
                name=holder.representative,
                role=holder.representative_title,
                signed_at=signed_at - timedelta(days=1),
            ),
            Signatory(
                contract=contract,
                party=Party.REQUESTER,
                name=requester.get_full_name() or requester.username,
                role="Porteur du projet",
                email=requester.email,
                signed_at=signed_at,
            ),
        ]
    )


def _render_recent() -> int:
    recent = ContractVersion.objects.filter(render_status="queued").order_by("-created_at")
    ids = list(recent.values_list("pk", flat=True)[:RENDERED_DEMO_VERSIONS])
    if ContractVersion.objects.filter(render_status="ready").count() >= RENDERED_DEMO_VERSIONS:
        return 0
    for version_id in ids:
        render_contract_version(version_id)
    return len(ids)
