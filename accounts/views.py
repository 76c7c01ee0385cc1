"""Account page and the second step of logging in (TOTP two-factor authentication)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, user_login_failed
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from accounts import two_factor
from accounts.forms import CodeForm, DisableForm, RecoveryCodeForm
from accounts.middleware import two_factor_exempt
from accounts.roles import roles_of
from accounts.two_factor import Step


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _mark_verified(request: HttpRequest, device: Any) -> None:
    otp_login(request, device)
    # A new session key for the now fully signed-in session, as login() does for the password.
    request.session.cycle_key()


class LoginView(auth_views.LoginView):
    """Django's password step, then straight to the second step for staff who owe one."""

    def get_success_url(self) -> str:
        url = super().get_success_url()
        step = two_factor.second_factor_step(self.request.user)
        if step is Step.VERIFY:
            return _with_next("two-factor-verify", url)
        if step is Step.ENROL:
            return _with_next("two-factor-setup", url)
        return url


def _account_context(request: HttpRequest, disable_form: DisableForm | None = None) -> dict:
    user = request.user
    context: dict[str, Any] = {
        "roles": sorted(roles_of(user)),
        "may_use_two_factor": two_factor.may_use_two_factor(user),
        "two_factor_required": two_factor.mode() == two_factor.REQUIRED,
        "device": None,
    }
    if context["may_use_two_factor"]:
        context["device"] = two_factor.confirmed_device(user)
        if context["device"] is not None:
            context["recovery_codes_left"] = two_factor.recovery_codes_left(user)
            context["disable_form"] = disable_form or DisableForm(request=request)
    return context


@login_required
def account(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/account.html", _account_context(request))


@two_factor_exempt
@never_cache
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not two_factor.may_use_two_factor(user):
        messages.info(request, _("Two-factor authentication is for the desk's staff."))
        return redirect("account")
    if two_factor.has_confirmed_device(user):
        if not two_factor.is_verified(user):
            # A new device must not be a way round the code this session still owes.
            return HttpResponseRedirect(_with_next("two-factor-verify", _next_url(request)))
        messages.info(request, _("Two-factor authentication is already on."))
        return redirect("account")
    device = two_factor.pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(user, device, form.cleaned_data["otp_token"])
        if codes is not None:
            device.refresh_from_db()
            _mark_verified(request, device)
            # Shown in this response only: the codes are never kept in the session.
            response = render(
                request,
                "accounts/two_factor_recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
            return response
        form.add_error("otp_token", _wrong_code_message(user, device))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "secret": two_factor.secret_for_display(device),
            "qr_svg": two_factor.qr_code_svg(device),
            "required": two_factor.mode() == two_factor.REQUIRED,
            "next": _next_url(request),
        },
    )


def _wrong_code_message(user: Any, device: Any = None) -> str:
    until = None
    if device is not None:
        allowed, data = device.verify_is_allowed()
        until = None if allowed else (data or {}).get("locked_until")
    else:
        until = two_factor.throttled_until(user)
    if until is not None:
        return _("Too many wrong codes: wait a few seconds before trying again.")
    return _("This code is not correct or was already used. Enter the current code.")


@two_factor_exempt
@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _next_url(request)
    if two_factor.second_factor_step(user) is not Step.VERIFY:
        return HttpResponseRedirect(next_url)
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_locked(request, credentials):
        logout(request)
        return get_lockout_response(request, None, credentials)
    code_form = CodeForm(request.POST if "otp_token" in request.POST else None)
    recovery_form = RecoveryCodeForm(request.POST if "recovery_code" in request.POST else None)
    if request.method == "POST":
        device = None
        failed_form: forms.Form | None
        if code_form.is_bound and code_form.is_valid():
            device = two_factor.verify_code(user, code_form.cleaned_data["otp_token"])
            failed_form, field = code_form, "otp_token"
        elif recovery_form.is_bound and recovery_form.is_valid():
            token = recovery_form.cleaned_data["recovery_code"]
            device = two_factor.verify_recovery_code(user, token)
            failed_form, field = recovery_form, "recovery_code"
        else:
            failed_form, field = None, ""
        if device is not None:
            _mark_verified(request, device)
            if field == "recovery_code":
                messages.warning(
                    request,
                    _("You used a recovery code; it will not work again. %(left)s left.")
                    % {"left": two_factor.recovery_codes_left(user)},
                )
            return HttpResponseRedirect(next_url)
        if failed_form is not None:
            # Counted by django-axes like a wrong password: enough of them lock the account
            # from this address for the cool-off time, and this half-open session ends.
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                logout(request)
                return get_lockout_response(request, None, credentials)
            message = (
                _wrong_code_message(user)
                if field == "otp_token"
                else _("This recovery code is not correct or was already used.")
            )
            failed_form.add_error(field, message)
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": code_form, "recovery_form": recovery_form, "next": next_url},
    )


@require_POST
@login_required
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not two_factor.has_confirmed_device(user):
        return redirect("account")
    form = DisableForm(request.POST, request=request)
    if form.is_valid():
        two_factor.disable(user)
        messages.success(request, _("Two-factor authentication is off."))
        return redirect("account")
    return render(request, "accounts/account.html", _account_context(request, form), status=400)
