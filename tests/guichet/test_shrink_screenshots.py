"""The guides' screenshots are narrowed and reduced to a palette, and stay readable."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from PIL import Image, ImageDraw, ImageFilter

from guichet.management.commands.shrink_screenshots import shrink


def _page(path: Path, width: int = 1800, height: int = 1100) -> None:
    """A page-like picture: a gradient header, coloured boxes and lines of text."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for x in range(width):
        draw.line([(x, 0), (x, 80)], fill=(20, 60 + x % 150, 120 + x % 100))
    for row in range(40):
        y = 100 + row * 24
        draw.rectangle([40, y, 60, y + 16], fill=(row * 6 % 255, 120, 200))
        draw.text((80, y), f"Line {row}: Validate and submit - Valider et soumettre " * 3, fill=0)
    # Smoothing gives the many in-between colours of anti-aliased text in a real screenshot.
    image.filter(ImageFilter.SMOOTH).save(path, format="PNG")


def test_a_wide_screenshot_is_narrowed_and_lighter(tmp_path: Path) -> None:
    path = tmp_path / "03-intake-form.png"
    _page(path)

    before, after = shrink(path)

    assert after < before
    with Image.open(path) as result:
        assert result.width == 1280
        assert result.height == round(1100 * 1280 / 1800)
        assert result.mode == "P"


def test_an_already_small_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "tiny.png"
    Image.new("P", (40, 20)).save(path, format="PNG", optimize=True)
    content = path.read_bytes()

    before, after = shrink(path)

    assert before == after and path.read_bytes() == content


def test_the_command_reports_each_file(tmp_path: Path) -> None:
    _page(tmp_path / "01-catalogue-search.png", width=1400, height=500)
    out = StringIO()
    call_command("shrink_screenshots", str(tmp_path), stdout=out)
    assert out.getvalue().startswith("01-catalogue-search.png: ")
    with pytest.raises(CommandError):
        call_command("shrink_screenshots", str(tmp_path / "nowhere"))


def test_a_long_page_is_cut_at_the_maximum_height(tmp_path: Path) -> None:
    path = tmp_path / "02-dataset-sheet.png"
    _page(path, width=1280, height=4000)

    shrink(path, max_height=3000)

    with Image.open(path) as result:
        assert result.size == (1280, 3000)
