"""The documentation's links hold: every relative link and image in README.md and docs/**/*.md
points to a file that exists (a screenshot missing from docs/guides/img/ fails here), every
anchor to a heading that exists, and every image has alternative text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])

FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")
# [text](target "title") and ![alt](target); the text may hold one level of [brackets].
LINK = re.compile(r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$", re.MULTILINE)
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
EXTERNAL = ("http://", "https://", "mailto:", "tel:")
MAX_IMAGE_BYTES = 400 * 1024


def _prose(path: Path) -> str:
    """The Markdown without code: links shown as examples in code are not links."""
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return INLINE_CODE.sub("", text)


def _slug(heading: str) -> str:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces become hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    anchors: set[str] = set()
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    for heading in HEADING.findall(text):
        slug, n = _slug(heading), 1
        candidate = slug
        while candidate in anchors:
            candidate, n = f"{slug}-{n}", n + 1
        anchors.add(candidate)
    return anchors


def _links(path: Path) -> list[tuple[bool, str, str]]:
    """(is_image, text, target) of every link of the page."""
    prose = _prose(path)
    found = [(bang == "!", text, target) for bang, text, target in LINK.findall(prose)]
    found += [(False, "", target) for target in REFERENCE.findall(prose)]
    return found


def _broken(path: Path) -> list[str]:
    problems = []
    for is_image, text, target in _links(path):
        if target.startswith(EXTERNAL):
            continue
        if is_image and not text.strip():
            problems.append(f"image without alternative text: {target}")
        file_part, _sep, anchor = target.partition("#")
        destination = (path.parent / file_part).resolve() if file_part else path
        if file_part.startswith("/"):
            problems.append(f"absolute link (use a relative one): {target}")
            continue
        if not destination.exists():
            problems.append(f"missing: {target}")
            continue
        if anchor and destination.suffix == ".md" and anchor not in _anchors(destination):
            problems.append(f"no heading for #{anchor} in {destination.name}")
    return problems


@pytest.mark.parametrize("path", DOCS, ids=[str(p.relative_to(ROOT)) for p in DOCS])
def test_relative_links_and_images_resolve(path: Path) -> None:
    assert _broken(path) == []


def test_the_checker_sees_a_missing_screenshot_and_a_bad_anchor(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Real heading\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n"
        "![The quote](img/10-quote.png) [ok](other.md#real-heading) [bad](other.md#nope)\n"
        "[web](https://example.org/x.png) [self](#title) ![](img/none.png)\n"
        "```\n[in code](not-there.md)\n```\n",
        encoding="utf-8",
    )
    assert _broken(page) == [
        "missing: img/10-quote.png",
        "no heading for #nope in other.md",
        "image without alternative text: img/none.png",
        "missing: img/none.png",
    ]


def test_guides_index_links_every_guide_and_the_kpi_definitions() -> None:
    guides = ROOT / "docs" / "guides"
    index = {target for _img, _text, target in _links(guides / "README.md")}
    pages = {p.name for p in guides.glob("*.md")} - {"README.md"}
    assert pages, "no guide found"
    assert pages <= index
    assert "../kpis.md" in index
    readme = {target for _img, _text, target in _links(ROOT / "README.md")}
    assert "docs/guides/README.md" in readme


def test_screenshots_stay_small() -> None:
    too_big = [
        f"{p.name}: {p.stat().st_size // 1024} KB"
        for p in (ROOT / "docs" / "guides" / "img").glob("*.png")
        if p.stat().st_size > MAX_IMAGE_BYTES
    ]
    assert too_big == []


BOLD_WITH_FRENCH = re.compile(r"\*\*([^*]+)\*\*\s+\(\*([^*]+)\*")


def _label_pairs() -> list[tuple[str, str, str]]:
    """(guide, English label, French label) of every "**Label** (*Libellé*)" in the guides."""
    pairs = []
    for path in sorted((ROOT / "docs" / "guides").glob("*.md")):
        for english, french in BOLD_WITH_FRENCH.findall(_prose(path)):
            pairs.append((path.name, " ".join(english.split()), " ".join(french.split())))
    return pairs


def test_french_labels_in_the_guides_are_the_interfaces(french: None) -> None:
    """A guide's "**Save** (*Enregistrer*)" names a real interface string and its translation
    (the French may go on after the label, e.g. "*Compte rendu*, required ...")."""
    from django.utils.translation import gettext

    pairs = _label_pairs()
    assert len(pairs) > 50
    wrong = [
        f"{guide}: {english!r} is {gettext(english)!r} in French, not {shown!r}"
        for guide, english, shown in pairs
        if not shown.startswith(gettext(english))
    ]
    assert wrong == []
