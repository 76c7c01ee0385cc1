"""State changes of contracts. Each function checks who may act, changes the database in one
transaction, and queues side effects (PDF rendering) with transaction.on_commit."""

from __future__ import annotations

import difflib
import hashlib
import html
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from accounts.roles import Role, has_role
from accounts.uploads import upload_problems
from contracts.context import build_context
from contracts.models import (
    Clause,
    ClauseDeviation,
    Contract,
    ContractStatus,
    ContractTemplate,
    ContractVersion,
    RenderStatus,
    Signatory,
)
from contracts.rendering import render_text
from contracts.selection import choose_template
from guichet import domain as pipeline
from guichet.models import AccessRequest, RequestState

# Keys of the context that change without the contract changing (not part of the fingerprint).
_VOLATILE_KEYS = {"today"}


def can_manage_contracts(user: Any) -> bool:
    return has_role(user, Role.LEGAL, Role.DESK_OPERATOR)


def _require(user: Any) -> None:
    if not can_manage_contracts(user):
        raise PermissionDenied(_("Only legal staff and the desk may prepare contracts."))


# --- Starting a contract -----------------------------------------------------------------------


def contract_start(
    access_request: AccessRequest,
    *,
    by: Any,
    template: ContractTemplate | None = None,
    override_reason: str = "",
    language: str = "fr",
) -> Contract:
    """Open the contract of a request in negotiation (moving it to contracting) or contracting."""
    _require(by)
    if access_request.state not in {RequestState.NEGOTIATION, RequestState.CONTRACTING}:
        raise ValidationError(_("A contract can be prepared once negotiation has started."))
    if access_request.contracts.exclude(status=ContractStatus.CANCELLED).exists():
        raise ValidationError(_("This request already has a contract in progress."))
    choice = choose_template(access_request)
    if template is None:
        template = choice.template
        reason = "\n".join(choice.reasons)
    else:
        if template.status != "published":
            raise ValidationError(_("Only a published template can be used."))
        if template != choice.template and not override_reason.strip():
            raise ValidationError(
                {"override_reason": _("Say why another template than the suggested one is used.")}
            )
        reason = override_reason.strip() or "\n".join(choice.reasons)
    if template is None:
        raise ValidationError(_("No published template applies: choose one."))
    with transaction.atomic():
        if access_request.state == RequestState.NEGOTIATION:
            pipeline.request_start_contracting(access_request, by=by)
        return Contract.objects.create(
            request=access_request,
            template=template,
            choice_reason=reason,
            language=language,
            created_by=by,
        )


# --- Assembling and generating -------------------------------------------------------------------


def _active_deviations(contract: Contract) -> dict[int, ClauseDeviation]:
    return {
        deviation.clause_id: deviation
        for deviation in contract.deviations.filter(withdrawn_at__isnull=True).order_by(
            "created_at"
        )
    }


def assemble(contract: Contract) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The numbered articles (rendered in the contract's language) and the plain context."""
    context = build_context(contract.request, contract)
    deviations = _active_deviations(contract)
    english = contract.language == "en"
    articles = []
    template_clauses = contract.template.template_clauses.select_related("clause_version__clause")
    for number, item in enumerate(template_clauses, start=1):
        version = item.clause_version
        deviation = deviations.get(version.clause_id)
        if deviation is not None:
            source = (deviation.body_en or deviation.body_fr) if english else deviation.body_fr
        else:
            source = version.body_en if english else version.body_fr
        articles.append(
            {
                "number": number,
                "code": version.clause.code,
                "title": version.title_en if english else version.title_fr,
                "body": render_text(source, context),
                "deviation": deviation is not None,
                "deviation_reason": deviation.reason if deviation else "",
            }
        )
    return articles, context


def fingerprint(contract: Contract, articles: list[dict[str, Any]], context: dict) -> str:
    stable = {k: v for k, v in context.items() if k not in _VOLATILE_KEYS}
    payload = {
        "template": [contract.template.code, contract.template.version],
        "language": contract.language,
        "articles": articles,
        "context": stable,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def render_document_html(
    contract: Contract, articles: list[dict[str, Any]], context: dict[str, Any], number: int
) -> str:
    with translation.override(contract.language):
        return render_to_string(
            "contracts/pdf/contract.html",
            {
                "template": contract.template,
                "articles": articles,
                "ctx": context,
                "version_number": number,
                "desk_name": settings.DESK_NAME,
            },
        )


def contract_generate(contract: Contract, *, by: Any) -> ContractVersion:
    """A new version when the inputs changed; the existing one when they did not (idempotent)."""
    _require(by)
    if contract.status not in {ContractStatus.DRAFT, ContractStatus.SENT}:
        raise ValidationError(_("A signed or cancelled contract cannot be regenerated."))
    articles, context = assemble(contract)
    inputs_hash = fingerprint(contract, articles, context)
    with transaction.atomic():
        locked = Contract.objects.select_for_update().get(pk=contract.pk)
        existing = ContractVersion.objects.filter(contract=locked, inputs_hash=inputs_hash).first()
        if existing is not None:
            if existing.render_status == RenderStatus.FAILED:
                existing.render_status = RenderStatus.QUEUED
                existing.failure_reason = ""
                existing.save(update_fields=["render_status", "failure_reason"])
                _queue_render(existing)
            return existing
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = ContractVersion.objects.create(
            contract=locked,
            number=number,
            inputs_hash=inputs_hash,
            clauses=articles,
            html=render_document_html(locked, articles, context, number),
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        if locked.status == ContractStatus.SENT:
            # A change after sending reopens the negotiation of the text: a revision.
            locked.reopen()
            locked.save()
        _queue_render(version)
    return version


def _queue_render(version: ContractVersion) -> None:
    from contracts.tasks import render_contract_version

    version_id = version.pk
    transaction.on_commit(lambda: render_contract_version.delay(version_id))


def latest_version(contract: Contract) -> ContractVersion | None:
    return contract.versions.order_by("-number").first()


def revision_count(contract: Contract) -> int:
    """Versions generated after the first one sent to the requester."""
    if contract.first_sent_at is None:
        return 0
    return contract.versions.filter(created_at__gt=contract.first_sent_at).count()


# --- Negotiation -------------------------------------------------------------------------------


def contract_send(contract: Contract, *, by: Any) -> ContractVersion:
    _require(by)
    version = latest_version(contract)
    if version is None or version.render_status != RenderStatus.READY:
        raise ValidationError(_("Generate the contract and wait for its PDF before sending it."))
    if not can_proceed(contract.send):
        raise ValidationError(_("This contract cannot be sent now."))
    with transaction.atomic():
        contract.send()
        contract.save()
        version.sent_at = timezone.now()
        version.save(update_fields=["sent_at"])
        # In the request's trail, and the requester is told the contract awaits them.
        pipeline.record_event(
            contract.request,
            "contract_sent",
            by=by,
            payload={"contract": contract.pk, "version": version.number},
            notify=True,
        )
    return version


def deviation_add(
    contract: Contract, clause: Clause, *, by: Any, body_fr: str, body_en: str = "", reason: str
) -> ClauseDeviation:
    """Replace one standard clause for this contract only; recorded as a deviation."""
    if not has_role(by, Role.LEGAL):
        raise PermissionDenied(_("Only legal staff may depart from a standard clause."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this contract departs from the standard.")})
    if contract.status not in {ContractStatus.DRAFT, ContractStatus.SENT}:
        raise ValidationError(_("A signed or cancelled contract cannot be changed."))
    from contracts.rendering import check_template

    check_template(body_fr)
    if body_en:
        check_template(body_en)
    with transaction.atomic():
        contract.deviations.filter(clause=clause, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        return ClauseDeviation.objects.create(
            contract=contract,
            clause=clause,
            body_fr=body_fr,
            body_en=body_en,
            reason=reason.strip(),
            created_by=by,
        )


def contract_cancel(contract: Contract, *, by: Any, reason: str) -> Contract:
    _require(by)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the contract is cancelled.")})
    if not can_proceed(contract.cancel):
        raise ValidationError(_("A signed contract cannot be cancelled."))
    with transaction.atomic():
        contract.cancel()
        contract.cancel_reason = reason.strip()
        contract.save()
    return contract


# --- Diff between versions -----------------------------------------------------------------------


@dataclass
class ArticleDiff:
    number: int
    title: str
    status: str  # "same", "changed", "added", "removed"
    html: str
    deviation: bool


def _word_diff(old: str, new: str) -> str:
    old_words, new_words = old.split(), new.split()
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(html.escape(" ".join(old_words[a1:a2])))
        if op in {"delete", "replace"}:
            parts.append(f"<del>{html.escape(' '.join(old_words[a1:a2]))}</del>")
        if op in {"insert", "replace"}:
            parts.append(f"<ins>{html.escape(' '.join(new_words[b1:b2]))}</ins>")
    return " ".join(parts)


def diff_versions(old: ContractVersion | None, new: ContractVersion) -> list[ArticleDiff]:
    previous = {a["code"]: a for a in (old.clauses if old else [])}
    result = []
    for article in new.clauses:
        before = previous.pop(article["code"], None)
        if before is None:
            status, body = "added", f"<ins>{html.escape(article['body'])}</ins>"
        elif before["body"] == article["body"] and before["title"] == article["title"]:
            status, body = "same", html.escape(article["body"])
        else:
            status, body = "changed", _word_diff(before["body"], article["body"])
        result.append(
            ArticleDiff(article["number"], article["title"], status, body, article["deviation"])
        )
    for article in previous.values():
        result.append(
            ArticleDiff(
                article["number"],
                article["title"],
                "removed",
                f"<del>{html.escape(article['body'])}</del>",
                article.get("deviation", False),
            )
        )
    return result


# --- Signatures --------------------------------------------------------------------------------


def signed_pdf_problems(uploaded: UploadedFile) -> list[str]:
    """A real PDF by content (accounts.uploads), under the size limit, that pypdf can read."""
    problems, checked = upload_problems(uploaded, ["pdf"])
    if problems or checked is None:
        return problems
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        if not PdfReader(uploaded).pages:
            raise ValueError("no page")
    except (PdfReadError, IndexError, ValueError, KeyError):
        problems.append(_("This PDF cannot be read; upload the file as produced by the signer."))
    uploaded.seek(0)
    return problems


def signatory_add(
    contract: Contract, *, by: Any, party: str, name: str, role: str = "", email: str = ""
) -> Signatory:
    _require(by)
    if contract.status in {ContractStatus.SIGNED, ContractStatus.CANCELLED}:
        raise ValidationError(_("Signatories can no longer be changed."))
    return Signatory.objects.create(
        contract=contract, party=party, name=name, role=role, email=email
    )


def signature_record(
    signatory: Signatory, *, by: Any, signed_on: date, signed_pdf: UploadedFile
) -> Signatory:
    """Record one party's signature; when all have signed, the request moves to "signed"."""
    _require(by)
    contract = signatory.contract
    if contract.status != ContractStatus.SENT:
        raise ValidationError(_("Only a contract sent to the requester can be signed."))
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("A signature date cannot be in the future.")})
    problems = signed_pdf_problems(signed_pdf)
    if problems:
        raise ValidationError({"signed_pdf": problems})
    digest = hashlib.sha256()
    for chunk in signed_pdf.chunks():
        digest.update(chunk)
    signed_pdf.seek(0)
    with transaction.atomic():
        signatory.signed_at = timezone.make_aware(datetime.combine(signed_on, datetime.min.time()))
        signatory.signed_pdf.save(f"{uuid.uuid4().hex}.pdf", signed_pdf, save=False)
        signatory.signed_sha256 = digest.hexdigest()
        signatory.recorded_by = by
        signatory.save()
        if not contract.signatories.filter(signed_at__isnull=True).exists():
            contract.mark_signed()
            contract.save()
            pipeline.request_mark_signed(contract.request, by=by)
    return signatory


def version_render(version: ContractVersion, *, by: Any) -> ContractVersion:
    """Render a version whose PDF is missing (never rendered, or failed) from its stored HTML.
    The text is not re-assembled: the version stays what it was when generated."""
    _require(by)
    if version.render_status == RenderStatus.READY:
        return version
    with transaction.atomic():
        locked = ContractVersion.objects.select_for_update().get(pk=version.pk)
        if locked.render_status == RenderStatus.RENDERING:
            return locked
        locked.render_status = RenderStatus.QUEUED
        locked.failure_reason = ""
        locked.save(update_fields=["render_status", "failure_reason"])
        _queue_render(locked)
    return locked
