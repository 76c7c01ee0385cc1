"""Which standard template fits a request, and why (explained to legal staff).

First the strategic perimeter: a (dataset, use case) cell may name a default template family.
Otherwise every published template is scored against the request on its applicability rules;
an empty rule means "any" and scores nothing, a matching rule scores, a mismatch excludes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from contracts.models import ContractKind, ContractTemplate, DataFormRule, PerimeterTemplate
from guichet.models import AccessRequest, DataForm


@dataclass
class TemplateChoice:
    template: ContractTemplate | None
    reasons: list[str] = field(default_factory=list)
    candidates: list[tuple[ContractTemplate, int, list[str]]] = field(default_factory=list)


def published_templates() -> list[ContractTemplate]:
    return list(
        ContractTemplate.objects.filter(status="published")
        .exclude(kind=ContractKind.FEE_SCHEDULE)
        .prefetch_related("project_types", "actor_types", "collaboration_levels", "access_modes")
    )


def latest_published(code: str) -> ContractTemplate | None:
    return (
        ContractTemplate.objects.filter(code=code, status="published").order_by("-version").first()
    )


def _from_perimeter(access_request: AccessRequest) -> TemplateChoice | None:
    if access_request.use_case_id is None:
        return None
    dataset_ids = list(access_request.requested_datasets.values_list("dataset_id", flat=True))
    links = PerimeterTemplate.objects.filter(
        perimeter_cell__use_case_id=access_request.use_case_id,
        perimeter_cell__dataset_id__in=dataset_ids,
    ).select_related("perimeter_cell__dataset")
    for link in links:
        template = latest_published(link.template_code)
        if template is not None:
            reason = _(
                "The strategic perimeter names this template for “%(dataset)s” with this use case."
            ) % {"dataset": link.perimeter_cell.dataset.title}
            return TemplateChoice(template, [reason])
    return None


def _score(
    template: ContractTemplate, access_request: AccessRequest
) -> tuple[int, list[str]] | None:
    """Score one template; None when a rule excludes it."""
    score, reasons = 0, []
    rules = [
        ("access_modes", access_request.access_mode_id, _("access mode")),
        ("collaboration_levels", access_request.collaboration_level_id, _("collaboration level")),
        ("project_types", access_request.project_type_id, _("project type")),
        (
            "actor_types",
            access_request.organisation.actor_type_id
            if access_request.organisation is not None
            else None,
            _("type of actor"),
        ),
    ]
    for relation, value, label in rules:
        allowed = {obj.pk: str(obj) for obj in getattr(template, relation).all()}
        if not allowed or value is None:  # no rule, or nothing to compare: neither in nor out
            continue
        if value not in allowed:
            return None
        score += 1
        reasons.append(
            _("%(rule)s “%(value)s” matches.")
            % {"rule": label.capitalize(), "value": allowed[value]}
        )
    if template.data_form != DataFormRule.ANY:
        if access_request.data_form != template.data_form:
            return None
        score += 1
        reasons.append(
            _("The data are requested %(form)s, as the template requires.")
            % {"form": str(DataForm(access_request.data_form).label).lower()}
        )
    return score, reasons


def choose_template(access_request: AccessRequest) -> TemplateChoice:
    chosen = _from_perimeter(access_request)
    if chosen is not None:
        return chosen
    scored = []
    for template in published_templates():
        result = _score(template, access_request)
        if result is not None:
            scored.append((template, result[0], result[1]))
    scored.sort(key=lambda item: (-item[1], item[0].code))
    if not scored:
        return TemplateChoice(
            None, [_("No published template applies: legal staff must choose one.")]
        )
    template, _score_value, reasons = scored[0]
    if not reasons:
        reasons = [_("No rule of any template is more specific; this one applies to any case.")]
    return TemplateChoice(template, reasons, scored)
