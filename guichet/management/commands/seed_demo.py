from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from guichet.plugins import app_modules


class Command(BaseCommand):
    help = "Build (or refresh) the demo desk. Idempotent: running it twice changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        for module in app_modules("demo"):
            with transaction.atomic():
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo desk ready."))
        from accounts.demo import print_logins

        print_logins(self.stdout)
