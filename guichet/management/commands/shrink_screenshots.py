"""Make the guides' screenshots light enough to live in the repository.

The end-to-end tests save full-size PNG screenshots (docs/guides/README.md, "Screenshots");
this narrows them to a readable width, cuts very long pages (the part a guide shows is at the
top) and reduces them to a 256-colour palette, which suits pages of text and flat colours. A file
already within those bounds is rewritten only when that makes it smaller.

    python manage.py shrink_screenshots docs/guides/img
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from PIL import Image

DEFAULT_WIDTH = 1280
# Full-page screenshots of long pages run to 6,000 px; what a guide shows is at the top.
DEFAULT_HEIGHT = 3000


def shrink(
    path: Path, *, max_width: int = DEFAULT_WIDTH, max_height: int = DEFAULT_HEIGHT
) -> tuple[int, int]:
    """Shrink one PNG in place; returns its size in bytes before and after."""
    before = path.stat().st_size
    with Image.open(path) as original:
        image = original.convert("RGB")
    resized = image.width > max_width or image.height > max_height
    if image.width > max_width:
        height = round(image.height * max_width / image.width)
        image = image.resize((max_width, height), Image.Resampling.LANCZOS)
    if image.height > max_height:
        image = image.crop((0, 0, image.width, max_height))
    # No dithering: dots would blur small text; flat interface colours need none.
    palette = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buffer = BytesIO()
    palette.save(buffer, format="PNG", optimize=True)
    if not resized and buffer.tell() >= before:
        return before, before
    path.write_bytes(buffer.getvalue())
    return before, buffer.tell()


class Command(BaseCommand):
    help = "Shrink the PNG screenshots of a folder (width and colours) for the user guides."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("folder", type=Path)
        parser.add_argument("--max-width", type=int, default=DEFAULT_WIDTH)
        parser.add_argument(
            "--max-height", type=int, default=DEFAULT_HEIGHT, help="Taller pages are cut."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        for path in sorted(folder.glob("*.png")):
            before, after = shrink(
                path, max_width=options["max_width"], max_height=options["max_height"]
            )
            self.stdout.write(f"{path.name}: {before // 1024} KB -> {after // 1024} KB")
