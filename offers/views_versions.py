"""Offer versions: a draft is edited (pricing rule, coefficients) then published; a published
or retired version is read-only, with its frozen prices and costs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, View

from offers.domain import (
    OfferDomainError,
    actor_coefficient_set,
    current_offer,
    offer_delete_draft,
    offer_new_version_from,
    offer_publish,
    offer_refresh_prices,
    offer_version_update,
    pricing_rule_update,
)
from offers.forms import OfferVersionForm, PricingRuleForm
from offers.models import ActorType, OfferStatus, OfferVersion, PricingRule, ServicePrice
from offers.views_staff import StaffPage, add_domain_errors

RULE_FIELDS = [
    "grid_type",
    "margin_rate",
    "academic_coefficient",
    "industrial_coefficient",
    "vat_rate",
]


class VersionList(StaffPage, ListView):
    section = "versions"
    template_name = "offers/staff/version_list.html"

    def get_queryset(self) -> QuerySet[OfferVersion]:
        return OfferVersion.objects.select_related("pricing_rule", "published_by").annotate(
            service_count=Count("prices"), quote_count=Count("quotes", distinct=True)
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["current"] = current_offer()
        context["has_draft"] = any(v.status == OfferStatus.DRAFT for v in context["object_list"])
        return context


class CoefficientsForm:
    """One optional decimal per active actor type: an explicit coefficient, or blank for the
    default (industrial or not)."""

    def __init__(self, rule: PricingRule, data: Any = None) -> None:
        from django import forms

        self.rule = rule
        explicit = {row.actor_type_id: row.coefficient for row in rule.actor_coefficients.all()}
        self.actor_types = list(ActorType.objects.filter(is_active=True))
        fields = {
            f"coef_{actor.pk}": forms.DecimalField(
                label=actor.label,
                required=False,
                min_value=0,
                max_value=10,
                max_digits=6,
                decimal_places=3,
                initial=explicit.get(actor.pk),
            )
            for actor in self.actor_types
        }
        form_class = type("_Coefficients", (forms.Form,), fields)
        self.form = form_class(data, prefix="coef")

    def is_valid(self) -> bool:
        return self.form.is_valid()

    def rows(self) -> list[tuple[ActorType, Any]]:
        return [(actor, self.form[f"coef_{actor.pk}"]) for actor in self.actor_types]

    def save(self, by: Any) -> None:
        for actor in self.actor_types:
            field = f"coef_{actor.pk}"
            if field in self.form.changed_data:
                actor_coefficient_set(self.rule, actor, self.form.cleaned_data[field], by=by)


class VersionDetail(StaffPage, DetailView):
    section = "versions"
    template_name = "offers/staff/version_detail.html"
    context_object_name = "version"

    def get_queryset(self) -> QuerySet[OfferVersion]:
        return OfferVersion.objects.select_related("pricing_rule", "published_by", "created_by")

    def _forms(self, data: Any = None) -> dict[str, Any]:
        version = self.object
        rule = version.pricing_rule
        return {
            "version_form": OfferVersionForm(data, instance=version, prefix="version"),
            "rule_form": PricingRuleForm(data, instance=rule, prefix="rule"),
            "coefficients": CoefficientsForm(rule, data),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version = self.object
        context["prices"] = ServicePrice.objects.filter(offer_version=version).select_related(
            "service"
        )
        context["rule"] = version.pricing_rule
        if version.is_editable and "version_form" not in kwargs:
            context.update(self._forms())
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = version = self.get_object()
        if not version.is_editable:
            messages.error(
                request,
                _("A published or retired offer version cannot change; create a new version."),
            )
            return HttpResponseRedirect(request.path, status=303)
        forms = self._forms(request.POST)
        version_form, rule_form, coefficients = (
            forms["version_form"],
            forms["rule_form"],
            forms["coefficients"],
        )
        if version_form.is_valid() and rule_form.is_valid() and coefficients.is_valid():
            try:
                with transaction.atomic():
                    offer_version_update(
                        version,
                        by=request.user,
                        changes={
                            name: version_form.cleaned_data[name]
                            for name in ("title", "notes", "effective_date")
                        },
                    )
                    coefficients.save(request.user)
                    pricing_rule_update(
                        version.pricing_rule,
                        by=request.user,
                        changes={name: rule_form.cleaned_data[name] for name in RULE_FIELDS},
                    )
            except ValidationError as error:
                add_domain_errors(rule_form, error)
            except OfferDomainError as error:
                rule_form.add_error(None, str(error))
            else:
                messages.success(request, _("Draft saved; its prices were recomputed."))
                return HttpResponseRedirect(request.path)
        context = self.get_context_data(**forms)
        context.update(forms)
        return self.render_to_response(context, status=400)


class VersionAction(StaffPage, View):
    """POST-only actions on versions; every refusal comes back as a message, nothing is lost."""

    edit_only = True

    def post(self, request: HttpRequest, pk: int | None = None, action: str = "") -> HttpResponse:
        version = get_object_or_404(OfferVersion, pk=pk) if pk else None
        target = (
            reverse("offers:version-detail", args=[pk]) if pk else reverse("offers:version-list")
        )
        try:
            if action == "new":
                version = offer_new_version_from(current_offer(), by=request.user)
                messages.success(request, _("Draft v%(n)s created.") % {"n": version.number})
                target = reverse("offers:version-detail", args=[version.pk])
            elif action == "publish" and version is not None:
                offer_publish(version, by=request.user)
                messages.success(
                    request,
                    _("Offer v%(n)s published: its prices are now frozen.") % {"n": version.number},
                )
            elif action == "refresh" and version is not None:
                offer_refresh_prices(version, by=request.user)
                messages.success(request, _("Prices recomputed from the current cost grid."))
            elif action == "delete" and version is not None:
                offer_delete_draft(version, by=request.user)
                messages.success(request, _("Draft deleted."))
                target = reverse("offers:version-list")
            else:
                messages.error(request, _("Unknown action."))
        except OfferDomainError as error:
            messages.error(request, str(error))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(target)
