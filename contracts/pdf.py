"""The only module that touches WeasyPrint.

Templates edited by legal staff end up in these documents, so rendering must not become a way
to read the server's files or reach the network: the URL fetcher allows `data:` URLs and the
project's own static files (addressed under STATIC_URL), and refuses everything else
(`file:`, `http(s):`, `ftp:`...) before any connection is attempted."""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative URLs in documents resolve against this base; the host is reserved (RFC 2606),
# so a URL that escapes our mapping could not reach anything even if it were fetched.
DOCUMENT_BASE_URL = "https://guichet.invalid/"


class BlockedResource(ValueError):
    """A document asked for a resource outside data: URLs and our static files."""


class SafeURLFetcher(URLFetcher):
    def __init__(self) -> None:
        super().__init__(timeout=5, allowed_protocols={"data"}, allow_redirects=False)
        self.blocked: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        static_file = _static_file_for(url)
        if static_file is None:
            self.blocked.append(url)
            logger.warning("PDF rendering refused to fetch %s", url)
            raise BlockedResource(f"Resource not allowed in documents: {url}")
        mime_type = mimetypes.guess_type(static_file.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            url, static_file.read_bytes(), headers={"Content-Type": mime_type}
        )


def _static_file_for(url: str) -> Path | None:
    """Map DOCUMENT_BASE_URL + STATIC_URL + path to a file found by the static finders."""
    parts = urlsplit(url)
    base = urlsplit(DOCUMENT_BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc):
        return None
    prefix = settings.STATIC_URL
    if not parts.path.startswith(prefix):
        return None
    relative = unquote(parts.path[len(prefix) :])
    if not relative or ".." in Path(relative).parts:
        return None
    found = finders.find(relative)
    return Path(found) if isinstance(found, str) else None


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    sha256: str
    pages: int
    blocked_urls: tuple[str, ...]


def render_pdf(html: str, *, stylesheets: list[str] | None = None) -> RenderedPdf:
    """Render HTML to PDF with the safe fetcher. `stylesheets` are CSS texts."""
    fetcher = SafeURLFetcher()
    document = HTML(string=html, base_url=DOCUMENT_BASE_URL, url_fetcher=fetcher).render(
        stylesheets=[CSS(string=css, url_fetcher=fetcher) for css in stylesheets or []],
    )
    content = document.write_pdf()
    assert content is not None
    return RenderedPdf(
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        pages=len(document.pages),
        blocked_urls=tuple(fetcher.blocked),
    )
