"""Legal staff's contract pages. Thin: every change goes through contracts.domain."""

from __future__ import annotations

import hashlib
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_fsm import ConcurrentTransition

from accounts.roles import Role, has_role
from accounts.uploads import attachment_headers
from contracts import documents, domain
from contracts.forms import (
    CancelForm,
    DeviationForm,
    SignatoryForm,
    SignatureForm,
    StartContractForm,
)
from contracts.models import Contract, ContractStatus, ContractTemplate, ContractVersion, Signatory
from contracts.permissions import can_download_version, is_contract_staff
from contracts.selection import choose_template
from guichet.domain_access import record_access
from guichet.downloads import serve_file
from guichet.models import AccessRequest, DocumentAccessAction, DocumentKind, RequestState
from offers.models import Quote


def _staff(request: HttpRequest) -> None:
    if not is_contract_staff(request.user):
        raise PermissionDenied


def _errors(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@login_required
def contract_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    contracts = (
        Contract.objects.select_related("request__organisation", "template")
        .annotate(version_count=Count("versions"))
        .order_by("-created_at")
    )
    waiting = (
        AccessRequest.objects.filter(state__in=[RequestState.NEGOTIATION, RequestState.CONTRACTING])
        .exclude(contracts__status__in=[ContractStatus.DRAFT, ContractStatus.SENT])
        .select_related("organisation")
        .order_by("created_at")
    )
    return render(
        request,
        "contracts/list.html",
        {"contracts": contracts, "waiting": waiting, "templates": _library()},
    )


def _library() -> Any:
    return ContractTemplate.objects.filter(status="published").order_by("kind", "code")


@login_required
def contract_start(request: HttpRequest, request_pk: int) -> HttpResponse:
    _staff(request)
    access_request = get_object_or_404(AccessRequest, pk=request_pk)
    choice = choose_template(access_request)
    initial = {"template": choice.template, "language": "fr"}
    form = StartContractForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            contract = domain.contract_start(
                access_request,
                by=request.user,
                template=form.cleaned_data["template"],
                override_reason=form.cleaned_data["override_reason"],
                language=form.cleaned_data["language"],
            )
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                raise
            form.add_error(None, _errors(exc))
        else:
            messages.success(request, _("Contract opened. Generate its first version."))
            return redirect("contracts:detail", pk=contract.pk)
    return render(
        request,
        "contracts/start.html",
        {"access_request": access_request, "choice": choice, "form": form},
    )


def _contract(pk: int) -> Contract:
    return get_object_or_404(
        Contract.objects.select_related(
            "request__organisation", "request__requester", "template"
        ).prefetch_related(
            Prefetch("versions", queryset=ContractVersion.objects.order_by("-number")),
            "signatories",
            "deviations__clause",
        ),
        pk=pk,
    )


@login_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    contract = _contract(pk)
    versions = list(contract.versions.all())
    # Managers read contracts; only the people the domain lets act are offered the buttons.
    can_manage = domain.can_manage_contracts(request.user)
    return render(
        request,
        "contracts/detail.html",
        {
            "contract": contract,
            "versions": versions,
            "latest": versions[0] if versions else None,
            "revision_count": domain.revision_count(contract),
            # Several forms share field names on this page: distinct ids keep each label tied
            # to its own field (accessibility) while the posted names stay the same.
            "deviation_form": DeviationForm(template=contract.template, auto_id="deviation_%s"),
            "signatory_form": SignatoryForm(auto_id="signatory_%s"),
            "signature_rows": [
                (signatory, SignatureForm(auto_id=f"signature{signatory.pk}_%s"))
                for signatory in contract.signatories.all()
            ],
            "cancel_form": CancelForm(auto_id="cancel_%s"),
            "can_manage": can_manage,
            "can_edit": can_manage
            and contract.status in {ContractStatus.DRAFT, ContractStatus.SENT},
        },
    )


def _act(request: HttpRequest, contract: Contract, action: Any, success: str) -> HttpResponse:
    try:
        action()
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    except ConcurrentTransition:
        messages.error(request, _("Someone changed this contract at the same time; reload."))
        return redirect("contracts:detail", pk=contract.pk)
    else:
        messages.success(request, success)
    return redirect("contracts:detail", pk=contract.pk)


@login_required
@require_POST
def contract_generate(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    contract = _contract(pk)
    return _act(
        request,
        contract,
        lambda: domain.contract_generate(contract, by=request.user),
        _("Generation queued: the PDF appears below when ready."),
    )


@login_required
@require_POST
def contract_send(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    contract = _contract(pk)
    return _act(
        request,
        contract,
        lambda: domain.contract_send(contract, by=request.user),
        _("The contract is available to the requester."),
    )


@login_required
@require_POST
def contract_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    contract = _contract(pk)
    form = CancelForm(request.POST)
    reason = form.data.get("reason", "")
    return _act(
        request,
        contract,
        lambda: domain.contract_cancel(contract, by=request.user, reason=reason),
        _("Contract cancelled; a new one can be prepared."),
    )


@login_required
@require_POST
def deviation_add(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    contract = _contract(pk)
    form = DeviationForm(request.POST, template=contract.template)
    if not form.is_valid():
        messages.error(
            request,
            _("The deviation was not recorded: %(errors)s")
            % {
                "errors": "; ".join(f"{k}: {' '.join(map(str, v))}" for k, v in form.errors.items())
            },
        )
        return redirect("contracts:detail", pk=contract.pk)
    data = form.cleaned_data
    return _act(
        request,
        contract,
        lambda: domain.deviation_add(
            contract,
            data["clause"],
            by=request.user,
            body_fr=data["body_fr"],
            body_en=data["body_en"],
            reason=data["reason"],
        ),
        _("Deviation recorded: generate a new version to apply it."),
    )


@login_required
@require_POST
def signatory_add(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    contract = _contract(pk)
    form = SignatoryForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the signatory's party and name."))
        return redirect("contracts:detail", pk=contract.pk)
    return _act(
        request,
        contract,
        lambda: domain.signatory_add(contract, by=request.user, **form.cleaned_data),
        _("Signatory added."),
    )


@login_required
@require_POST
def signature_record(request: HttpRequest, pk: int, signatory_pk: int) -> HttpResponse:
    _staff(request)
    contract = _contract(pk)
    signatory = get_object_or_404(Signatory, pk=signatory_pk, contract=contract)
    form = SignatureForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Give the signature date and the signed PDF."))
        return redirect("contracts:detail", pk=contract.pk)
    return _act(
        request,
        contract,
        lambda: domain.signature_record(
            signatory,
            by=request.user,
            signed_on=form.cleaned_data["signed_on"],
            signed_pdf=form.cleaned_data["signed_pdf"],
        ),
        _("Signature recorded."),
    )


@login_required
def version_status(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """The htmx-polled progress of one version (queued, rendering, ready, failed)."""
    _staff(request)
    version = get_object_or_404(
        ContractVersion.objects.select_related("contract"), contract_id=pk, number=number
    )
    return render(request, "contracts/includes/version_status.html", {"version": version})


@login_required
def version_diff(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    if not is_contract_staff(request.user):
        denied = (
            ContractVersion.objects.select_related("contract__request")
            .filter(contract_id=pk, number=number)
            .first()
        )
        if denied is not None:
            _record_version(request, denied, action=DocumentAccessAction.VIEW, denied=True)
        raise PermissionDenied
    contract = _contract(pk)
    versions = {v.number: v for v in contract.versions.all()}
    version = versions.get(number)
    if version is None:
        raise Http404
    version.contract = contract
    _record_version(request, version, action=DocumentAccessAction.VIEW)
    previous = versions.get(number - 1)
    return render(
        request,
        "contracts/diff.html",
        {
            "contract": contract,
            "version": version,
            "previous": previous,
            "articles": domain.diff_versions(previous, version),
        },
    )


def _record_version(
    request: HttpRequest, version: ContractVersion, *, action: str, denied: bool = False
) -> None:
    record_access(
        request,
        kind=DocumentKind.CONTRACT_VERSION,
        object_id=version.pk,
        label=f"{version.contract.request.reference} v{version.number}",
        request=version.contract.request,
        sha256=version.sha256,
        action=action,
        denied=denied,
    )


@login_required
def version_download(request: HttpRequest, pk: int, number: int) -> FileResponse:
    version = get_object_or_404(
        ContractVersion.objects.select_related("contract__request"), contract_id=pk, number=number
    )
    if not can_download_version(request.user, version):
        _record_version(request, version, action=DocumentAccessAction.DOWNLOAD, denied=True)
        raise Http404
    if not version.pdf:
        raise Http404
    return serve_file(
        request,
        version.pdf,
        filename=f"{version.contract.request.reference}-contrat-v{version.number}.pdf",
        content_type="application/pdf",
        record=lambda: _record_version(request, version, action=DocumentAccessAction.DOWNLOAD),
    )


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return attachment_headers(response)


def _record_generated(
    request: HttpRequest,
    *,
    kind: str,
    object_id: int,
    label: str,
    access_request: AccessRequest | None,
    content: bytes = b"",
    denied: bool = False,
) -> None:
    record_access(
        request,
        kind=kind,
        object_id=object_id,
        label=label,
        request=access_request,
        sha256=hashlib.sha256(content).hexdigest() if content else "",
        action=DocumentAccessAction.DOWNLOAD,
        denied=denied,
    )


@login_required
def quote_pdf(request: HttpRequest, quote_pk: int) -> HttpResponse:
    """The quote as a PDF (fee schedule), for the desk to send with the contract."""
    quote = get_object_or_404(Quote, pk=quote_pk)
    linked = AccessRequest.objects.filter(quote=quote).first()
    record = partial(
        _record_generated,
        request,
        kind=DocumentKind.QUOTE,
        object_id=quote.pk,
        label=f"{quote.reference} v{quote.version}",
        access_request=linked,
    )
    if not is_contract_staff(request.user):
        record(denied=True)
        raise PermissionDenied
    rendered = documents.quote_pdf(quote)
    record(content=rendered.content)
    return _pdf_response(rendered.content, f"{quote.reference}-v{quote.version}.pdf")


@login_required
def committee_summary(request: HttpRequest, request_pk: int) -> HttpResponse:
    """One page per project for the committee members' folder."""
    access_request = get_object_or_404(
        AccessRequest.objects.select_related("requester", "organisation", "access_mode"),
        pk=request_pk,
    )
    record = partial(
        _record_generated,
        request,
        kind=DocumentKind.COMMITTEE_SUMMARY,
        object_id=access_request.pk,
        label=access_request.reference,
        access_request=access_request,
    )
    if not (is_contract_staff(request.user) or has_role(request.user, Role.REVIEWER)):
        record(denied=True)
        raise PermissionDenied
    rendered = documents.committee_summary_pdf(access_request)
    record(content=rendered.content)
    return _pdf_response(rendered.content, f"{access_request.reference}-synthese.pdf")


@login_required
@require_POST
def version_render(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    _staff(request)
    version = get_object_or_404(ContractVersion, contract_id=pk, number=number)
    domain.version_render(version, by=request.user)
    messages.success(request, _("Rendering queued: the PDF appears when ready."))
    return redirect("contracts:detail", pk=pk)
