"""Demo accounts: one per role, all with the same documented password."""

from __future__ import annotations

from io import TextIOBase
from typing import TextIO

from django.contrib.auth.models import Group

from accounts.models import User
from accounts.roles import Role

DEMO_PASSWORD = "guichet-demo-2026"

DEMO_USERS: list[tuple[str, str, str, str, list[str]]] = [
    # username, first name, last name, job title, roles
    ("operateur", "Camille", "Durand", "Chargée du guichet", [Role.DESK_OPERATOR]),
    ("referent", "Karim", "Benali", "Référent données, cardiologie", [Role.DATA_STEWARD]),
    ("referente", "Hélène", "Marchand", "Référente données, oncologie", [Role.DATA_STEWARD]),
    ("relecteur", "Sophie", "Lambert", "Relectrice scientifique", [Role.REVIEWER]),
    ("dpo", "Julien", "Moreau", "Délégué à la protection des données", [Role.REVIEWER]),
    ("juriste", "Claire", "Fontaine", "Juriste contrats de données", [Role.LEGAL]),
    ("direction", "Marc", "Lefèvre", "Directeur de la recherche", [Role.MANAGER]),
    ("demandeur", "Léa", "Rousseau", "Chercheuse, laboratoire d'épidémiologie", [Role.REQUESTER]),
    ("industriel", "Thomas", "Garnier", "Data scientist, start-up medtech", [Role.REQUESTER]),
]


def seed(stdout: TextIO) -> None:
    for username, first, last, title, roles in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "job_title": title,
                "email": f"{username}@demo.guichet.example",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        user.groups.set(Group.objects.filter(name__in=roles))
    admin, created = User.objects.get_or_create(
        username="admin",
        defaults={"email": "admin@demo.guichet.example", "is_staff": True, "is_superuser": True},
    )
    if created:
        admin.set_password(DEMO_PASSWORD)
        admin.save()
    stdout.write(f"  accounts: {len(DEMO_USERS) + 1} demo users")


def print_logins(stdout: TextIO | TextIOBase) -> None:  # TextIOBase: a command's stdout
    stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})")
    for username, first, last, title, roles in DEMO_USERS:
        labels = ", ".join(str(Role(r).label) for r in roles)
        stdout.write(f"  {username:<12} {labels:<22} {first} {last}, {title}")
    stdout.write(f"  {'admin':<12} {'administrator':<22} Django admin (/admin/)")
