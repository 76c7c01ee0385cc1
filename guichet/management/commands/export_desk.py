from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from guichet.backup import ArchiveError, export_desk


class Command(BaseCommand):
    help = (
        "Export the whole desk (every record and every uploaded file) to one .tar.gz archive, "
        "restorable with restore_desk."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="Path of the archive to write (.tar.gz or .tgz).")
        parser.add_argument(
            "--allow-missing-files",
            action="store_true",
            help="Export even if files referenced by the database are missing from the disk "
            "(they are listed in the manifest).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = export_desk(
                Path(options["archive"]),
                allow_missing_files=options["allow_missing_files"],
                progress=(lambda label: self.stdout.write(f"  {label}"))
                if options["verbosity"] > 1
                else None,
            )
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        rows = sum(result.counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Desk exported to {result.path}: {rows} rows in "
                f"{sum(1 for n in result.counts.values() if n)} tables, {result.files} files "
                f"({result.file_bytes} bytes), archive {result.archive_bytes} bytes, "
                f"{result.seconds:.1f} s."
            )
        )
