"""The PDF module must never read local files or open network connections."""

from __future__ import annotations

import io
import socket
import threading
from collections.abc import Iterator

import pytest
from pypdf import PdfReader

from contracts.pdf import render_pdf


@pytest.fixture
def listener() -> Iterator[tuple[int, list[str]]]:
    """A local TCP listener that records every connection it receives."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.2)
    seen: list[str] = []
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, address = server.accept()
            except TimeoutError:
                continue
            seen.append(f"{address[0]}:{address[1]}")
            conn.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1], seen
    stop.set()
    thread.join(timeout=2)
    server.close()


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_renders_text_and_hash() -> None:
    result = render_pdf("<h1>Convention de mise à disposition</h1><p>Article 1 — Objet</p>")
    assert result.content.startswith(b"%PDF")
    assert result.pages == 1
    assert len(result.sha256) == 64
    assert "Article 1" in _text(result.content)


def test_local_files_are_never_read() -> None:
    html = (
        '<link rel="stylesheet" href="file:///etc/passwd">'
        '<img src="file:///etc/passwd"><p>still rendered</p>'
    )
    result = render_pdf(html)
    assert "file:///etc/passwd" in result.blocked_urls
    text = _text(result.content)
    assert "still rendered" in text
    assert "root:" not in text


def test_network_is_never_reached(listener: tuple[int, list[str]]) -> None:
    port, seen = listener
    html = (
        f'<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">'
        f'<img src="http://127.0.0.1:{port}/logo.png">'
        f'<div style="background: url(http://127.0.0.1:{port}/bg.png)">body</div>'
    )
    result = render_pdf(html, stylesheets=[f"@import url(http://127.0.0.1:{port}/a.css);"])
    assert result.content.startswith(b"%PDF")
    assert any(str(port) in url for url in result.blocked_urls)
    assert seen == []


def test_relative_urls_cannot_escape_static(listener: tuple[int, list[str]]) -> None:
    result = render_pdf('<img src="/static/../../etc/passwd"><img src="../guichet.sqlite3">')
    assert len(result.blocked_urls) == 2


def test_data_urls_and_own_static_files_are_allowed() -> None:
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQ"
        "DwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    )
    html = f'<link rel="stylesheet" href="/static/guichet/css/guichet.css"><img src="{pixel}">'
    result = render_pdf(html + "<p>ok</p>")
    assert result.blocked_urls == ()
