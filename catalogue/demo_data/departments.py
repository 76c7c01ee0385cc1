"""Departments of the fictional CHU de Val-de-Loire that own datasets in the demo catalogue."""

from __future__ import annotations

from typing import NamedTuple


class DepartmentSpec(NamedTuple):
    code: str
    name: str
    # Demo usernames (accounts.demo) who steward the department; the data unit (DIM) is run
    # by the desk itself, the other departments rely on the desk to maintain their sheets.
    stewards: tuple[str, ...]


DEPARTMENTS: list[DepartmentSpec] = [
    DepartmentSpec("cardiologie", "Pôle cardio-vasculaire et métabolique", ("referent",)),
    DepartmentSpec("oncologie", "Institut de cancérologie", ("referente",)),
    DepartmentSpec("neurologie", "Neurologie et unité neurovasculaire", ()),
    DepartmentSpec("femme-mere-enfant", "Pôle femme-mère-enfant (pédiatrie, maternité)", ()),
    DepartmentSpec("imagerie", "Imagerie médicale et radiologie", ()),
    DepartmentSpec("biologie-genomique", "Plateforme de biologie et de génomique", ()),
    DepartmentSpec(
        "dim-sante-publique",
        "Département d'information médicale et de santé publique (DIM)",
        ("operateur",),
    ),
    DepartmentSpec("reanimation-urgences", "Pôle urgences et médecine intensive-réanimation", ()),
]
