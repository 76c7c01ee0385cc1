"""Requester sign-up with e-mail confirmation.

The account is created inactive and cannot log in until the owner follows the signed link
sent by e-mail (valid for a few days). Confirming activates it, records the confirmation
time, joins or creates the organisation, and logs the person in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.models import Group
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import Role
from guichet.forms import SignupForm
from guichet.models import Organisation

SALT = "guichet.signup"
MAX_AGE_SECONDS = 3 * 24 * 3600


def make_token(user: Any) -> str:
    # The e-mail is part of the payload: a link stops working if the address changes.
    return signing.dumps({"u": user.pk, "e": user.email}, salt=SALT, compress=True)


def read_token(token: str) -> dict[str, Any] | None:
    try:
        return signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.BadSignature:
        return None


def _unique_username(email: str) -> str:
    User = get_user_model()
    base = email.split("@")[0][:140] or "user"
    candidate = email[:150]
    n = 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def create_pending_account(data: dict[str, Any]) -> Any:
    """An inactive requester account; the organisation choice waits for confirmation."""
    User = get_user_model()
    with transaction.atomic():
        user = User(
            username=_unique_username(data["email"]),
            email=data["email"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            job_title=data.get("job_title", ""),
            is_active=False,
        )
        user.set_password(data["password1"])
        user.save()
        group = Group.objects.filter(name=Role.REQUESTER).first()
        if group is not None:
            user.groups.add(group)
        organisation = _organisation_for(data)
        organisation.members.add(user)
    return user


def _organisation_for(data: dict[str, Any]) -> Organisation:
    if data.get("organisation_choice") == "join" and data.get("existing_organisation"):
        return data["existing_organisation"]
    fields: dict[str, Any] = {
        "name": data["organisation_name"].strip(),
        "country": data.get("organisation_country") or "FR",
        "legal_status": data.get("organisation_legal_status") or "other",
    }
    if data.get("organisation_actor_type") is not None:
        fields["actor_type"] = data["organisation_actor_type"]
    return Organisation.objects.create(**fields)


def send_confirmation(request: HttpRequest, user: Any) -> None:
    link = request.build_absolute_uri(
        reverse("requests:signup-confirm", kwargs={"token": make_token(user)})
    )
    context = {"user": user, "link": link, "days": MAX_AGE_SECONDS // 86400}
    send_mail(
        subject=_("Confirm your e-mail address — %(desk)s") % {"desk": settings.DESK_NAME},
        message=render_to_string("registration/signup_email.txt", context, request=request),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("requests:my-requests")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = create_pending_account(form.cleaned_data)
        send_confirmation(request, user)
        request.session["signup_email"] = user.email
        return redirect("requests:signup-sent")
    return render(request, "registration/signup.html", {"form": form})


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(
        request, "registration/signup_sent.html", {"email": request.session.get("signup_email")}
    )


def signup_confirm(request: HttpRequest, token: str) -> HttpResponse:
    payload = read_token(token)
    User = get_user_model()
    user = None
    if payload is not None:
        # Django reads pk=None as "no such user"; the stubs' lookup types do not allow None.
        user = User.objects.filter(pk=payload.get("u"), email=payload.get("e")).first()  # type: ignore[misc]
    if user is None:
        return render(request, "registration/signup_invalid.html", status=400)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.is_active = True
        user.save(update_fields=["email_confirmed_at", "is_active"])
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your e-mail is confirmed. Welcome!"))
        return redirect("requests:my-requests")
    messages.info(request, _("Your e-mail was already confirmed. Please log in."))
    return redirect("login")
