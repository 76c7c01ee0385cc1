from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from guichet.backup import ArchiveError, existing_data, restore_desk, verify_archive


class Command(BaseCommand):
    help = (
        "Restore a desk archive made by export_desk into an empty, freshly migrated database. "
        "The archive is verified completely first; nothing is half-restored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="Path of the archive (.tar.gz) to restore.")
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only verify the archive (every checksum and row count); change nothing.",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="DELETE every record of a non-empty database, then restore the archive "
            "(in one transaction: a failed restore keeps the current data).",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation before --replace deletes the current data.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        try:
            if options["check"]:
                manifest = verify_archive(archive)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Archive OK: made {manifest['created_at']} by Guichet "
                        f"{manifest['guichet_version']}, {sum(manifest['models'].values())} "
                        f"rows, {len(manifest['files'])} files."
                    )
                )
                return
            if options["replace"]:
                self._confirm_replace(options["interactive"])
            result = restore_desk(archive, replace=options["replace"])
        except ArchiveError as exc:
            raise CommandError(f"Restore refused: {exc}") from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Desk restored from {archive} (made {result.manifest['created_at']}): "
                f"{sum(result.counts.values())} rows, {result.files} files, "
                f"{result.seconds:.1f} s. Users log in with their former passwords."
            )
        )

    def _confirm_replace(self, interactive: bool) -> None:
        found = existing_data()
        if not found or not interactive:
            return
        answer = input(
            f"This database holds {sum(found.values())} rows of desk data. --replace deletes "
            "ALL of them and the sessions of every user. Type 'yes' to continue: "
        )
        if answer.strip() != "yes":
            raise CommandError("Restore cancelled.")
