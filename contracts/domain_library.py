"""State changes of the standard library: clause wordings and contract templates.

Published templates are immutable: a change is a new draft (version + 1) copied from the
published one, edited, then published, which retires the previous version of the family in the
same transaction. Clause wordings are never edited either: a change is a new ClauseVersion."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django_fsm import can_proceed

from accounts.roles import Role, has_role
from contracts.models import (
    Clause,
    ClauseVersion,
    ContractTemplate,
    PerimeterTemplate,
    TemplateClause,
    TemplateStatus,
)
from contracts.rendering import ClauseTemplateError, check_template

RULE_RELATIONS = ("project_types", "actor_types", "collaboration_levels", "access_modes")
EDITABLE_FIELDS = (
    "name_fr",
    "name_en",
    "description",
    "kind",
    "data_form",
    "annex_dataset_sheets",
    "annex_fee_schedule",
    "annex_security",
    "annex_authorised_persons",
)


def can_edit_library(user: Any) -> bool:
    return has_role(user, Role.LEGAL)


def _require_legal(user: Any) -> None:
    if not can_edit_library(user):
        raise PermissionDenied(_("Only legal staff may change the standard library."))


def _check_bodies(**bodies: str) -> None:
    errors = {}
    for field, source in bodies.items():
        try:
            check_template(source)
        except ClauseTemplateError as exc:
            errors[field] = str(exc)
    if errors:
        raise ValidationError(errors)


# --- Clauses -------------------------------------------------------------------------------------


def clause_create(
    *,
    by: Any,
    code: str,
    category: str,
    title_fr: str,
    title_en: str,
    body_fr: str,
    body_en: str,
    note: str = "",
) -> ClauseVersion:
    """A new clause with its first wording."""
    _require_legal(by)
    if Clause.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A clause with this code already exists.")})
    _check_bodies(body_fr=body_fr, body_en=body_en)
    with transaction.atomic():
        clause = Clause.objects.create(code=code, category=category)
        return ClauseVersion.objects.create(
            clause=clause,
            number=1,
            title_fr=title_fr,
            title_en=title_en,
            body_fr=body_fr,
            body_en=body_en,
            note=note or _("First wording"),
            created_by=by,
        )


def clause_new_version(
    clause: Clause,
    *,
    by: Any,
    title_fr: str,
    title_en: str,
    body_fr: str,
    body_en: str,
    note: str,
) -> ClauseVersion:
    """A new wording of a clause; templates keep the version they were published with."""
    _require_legal(by)
    if not note.strip():
        raise ValidationError({"note": _("Say what changed in this wording.")})
    _check_bodies(body_fr=body_fr, body_en=body_en)
    with transaction.atomic():
        locked = Clause.objects.select_for_update().get(pk=clause.pk)
        number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        return ClauseVersion.objects.create(
            clause=locked,
            number=number,
            title_fr=title_fr,
            title_en=title_en,
            body_fr=body_fr,
            body_en=body_en,
            note=note.strip(),
            created_by=by,
        )


# --- Templates -----------------------------------------------------------------------------------


def _require_draft(template: ContractTemplate) -> None:
    if not template.is_editable:
        raise ValidationError(
            _("A published or retired template is immutable: create a new draft version.")
        )


def template_new_draft_from(template: ContractTemplate, *, by: Any) -> ContractTemplate:
    """Copy a template (clauses, rules, annexes) into the next version of its family, as a
    draft. If the family already has a draft, that draft is returned: one draft at a time."""
    _require_legal(by)
    with transaction.atomic():
        family = ContractTemplate.objects.select_for_update().filter(code=template.code)
        existing = family.filter(status=TemplateStatus.DRAFT).first()
        if existing is not None:
            return existing
        number = (family.aggregate(n=Max("version"))["n"] or 0) + 1
        draft = ContractTemplate.objects.create(
            code=template.code,
            version=number,
            created_by=by,
            **{name: getattr(template, name) for name in EDITABLE_FIELDS},
        )
        for relation in RULE_RELATIONS:
            getattr(draft, relation).set(getattr(template, relation).all())
        TemplateClause.objects.bulk_create(
            TemplateClause(template=draft, clause_version_id=item.clause_version_id, position=pos)
            for pos, item in enumerate(template.template_clauses.order_by("position"), start=1)
        )
    return draft


def template_create(*, by: Any, code: str, **fields: Any) -> ContractTemplate:
    """A new template family, as a draft version 1."""
    _require_legal(by)
    if ContractTemplate.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A template family with this code already exists.")})
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    return ContractTemplate.objects.create(code=code, version=1, created_by=by, **fields)


def template_update_draft(
    template: ContractTemplate,
    *,
    by: Any,
    changes: dict[str, Any] | None = None,
    clause_versions: Iterable[ClauseVersion] | None = None,
    rules: dict[str, Iterable[Any]] | None = None,
) -> ContractTemplate:
    """Edit a draft: fields, the ordered clause versions (replaces the list), rules."""
    _require_legal(by)
    with transaction.atomic():
        locked = ContractTemplate.objects.select_for_update().get(pk=template.pk)
        _require_draft(locked)
        for name, value in (changes or {}).items():
            if name not in EDITABLE_FIELDS:
                raise ValueError(f"{name} is not an editable template field")
            setattr(locked, name, value)
        locked.save()
        if clause_versions is not None:
            _set_clauses(locked, list(clause_versions))
        for relation, values in (rules or {}).items():
            if relation not in RULE_RELATIONS:
                raise ValueError(f"{relation} is not an applicability rule")
            getattr(locked, relation).set(values)
    return locked


def _set_clauses(template: ContractTemplate, versions: list[ClauseVersion]) -> None:
    clause_ids = [v.clause_id for v in versions]
    if len(clause_ids) != len(set(clause_ids)):
        raise ValidationError(_("A clause can appear only once in a template."))
    template.template_clauses.all().delete()
    TemplateClause.objects.bulk_create(
        TemplateClause(template=template, clause_version=version, position=position)
        for position, version in enumerate(versions, start=1)
    )


def template_publish(template: ContractTemplate, *, by: Any) -> ContractTemplate:
    """Publish a draft; the version in force of the same family is retired at the same time."""
    _require_legal(by)
    with transaction.atomic():
        locked = ContractTemplate.objects.select_for_update().get(pk=template.pk)
        if not can_proceed(locked.publish):
            raise ValidationError(_("Only a draft can be published."))
        if not locked.template_clauses.exists():
            raise ValidationError(_("A template needs at least one clause to be published."))
        previous = ContractTemplate.objects.select_for_update().filter(
            code=locked.code, status=TemplateStatus.PUBLISHED
        )
        for old in previous:
            old.retire()
            old.save()
        locked.publish()
        locked.save()
    return locked


def template_retire(template: ContractTemplate, *, by: Any) -> ContractTemplate:
    """Withdraw a published template; contracts already made with it keep it."""
    _require_legal(by)
    with transaction.atomic():
        locked = ContractTemplate.objects.select_for_update().get(pk=template.pk)
        if not can_proceed(locked.retire):
            raise ValidationError(_("Only a published template can be retired."))
        locked.retire()
        locked.save()
    return locked


def template_discard_draft(template: ContractTemplate, *, by: Any) -> None:
    _require_legal(by)
    _require_draft(template)
    if template.contracts.exists():
        raise ValidationError(_("This draft is used by a contract and cannot be discarded."))
    template.delete()


# --- Strategic perimeter -------------------------------------------------------------------------


def can_set_perimeter_template(user: Any) -> bool:
    return has_role(user, Role.LEGAL, Role.DESK_OPERATOR)


def perimeter_template_set(cell: Any, *, by: Any, template_code: str) -> PerimeterTemplate | None:
    """Name the default template family of a perimeter cell ("" removes the link)."""
    if not can_set_perimeter_template(by):
        raise PermissionDenied(_("Only legal staff and the desk may set default templates."))
    if not template_code:
        PerimeterTemplate.objects.filter(perimeter_cell=cell).delete()
        return None
    if not ContractTemplate.objects.filter(
        code=template_code, status=TemplateStatus.PUBLISHED
    ).exists():
        raise ValidationError({"template_code": _("No published template has this code.")})
    link, _created = PerimeterTemplate.objects.update_or_create(
        perimeter_cell=cell, defaults={"template_code": template_code}
    )
    return link
