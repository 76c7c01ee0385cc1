"""Contract generation benchmark: end to end (domain + Celery task + storage) against a raw
WeasyPrint render of the same HTML, in the same run.

Usage (PostgreSQL; the database name must start with "bench"; it is DROPPED, created
and migrated on each run):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_contracts \\
        .venv/bin/python bench/contracts_generation.py [--repeat 10] [--datasets 24] [--team 40]

1. Builds a request in negotiation with --datasets datasets (one description sheet each) and
   --team authorised persons, so the contract runs to 12-15 pages; opens its contract.
2. N times: records a new deviation (so the inputs change and a real new version is made), then
   times `contracts.domain.contract_generate` as the page calls it: assembling and rendering the
   clauses, the fingerprint, the version row, and, on commit, the Celery task (eager without a
   broker: same process, as a worker would run it) that renders the PDF, hashes it, stores it
   under MEDIA_ROOT and marks the version ready.
   Right after, renders the same HTML with WeasyPrint directly (HTML(...).write_pdf with the
   same stylesheet, default URL fetcher, nothing stored).
3. Prints medians and the ratio end-to-end / raw (target <= 1.15).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")


def _ensure_database() -> None:
    url = os.environ.get("DATABASE_URL", "")
    name = urlparse(url).path.lstrip("/")
    if not url.startswith("postgres") or not name.startswith("bench"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database whose name starts with 'bench'.")
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        # A fresh database each run: factories' sequences start again without collisions.
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _build(datasets: int, team: int):  # type: ignore[no-untyped-def]
    from accounts.models import User
    from accounts.roles import Role
    from contracts import domain
    from guichet.models import AccessRequest, RequestDataset, RequestState, TeamMember
    from tests.catalogue.factories import DatasetFactory
    from tests.guichet.factories import submittable_draft

    legal, _created = User.objects.get_or_create(username="bench-legal")
    from django.contrib.auth.models import Group

    legal.groups.add(Group.objects.get(name=Role.LEGAL))
    draft = submittable_draft()
    for _index in range(datasets - 1):
        RequestDataset.objects.create(request=draft, dataset=DatasetFactory(published=True))
    TeamMember.objects.bulk_create(
        TeamMember(
            request=draft,
            name=f"Personne habilitée {n}",
            email=f"personne{n}@example.org",
            role="Data scientist",
            will_access_data=True,
            position=n + 10,
        )
        for n in range(team)
    )
    AccessRequest.objects.filter(pk=draft.pk).update(state=RequestState.NEGOTIATION)
    draft.refresh_from_db()
    contract = domain.contract_start(draft, by=legal)
    return contract, legal


def _raw_render(html: str, css: list[str]) -> float:
    from weasyprint import CSS, HTML

    start = time.perf_counter()
    HTML(string=html).write_pdf(stylesheets=[CSS(string=text) for text in css])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--datasets", type=int, default=24)
    parser.add_argument("--team", type=int, default=40)
    args = parser.parse_args()
    _ensure_database()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from weasyprint import CSS, HTML

    from contracts import domain
    from contracts.documents import contract_stylesheets
    from contracts.models import Clause, RenderStatus

    contract, legal = _build(args.datasets, args.team)
    clause = Clause.objects.get(code="confidentiality")
    css = contract_stylesheets()
    # Warm-up: fonts, CSS parsing caches, template loading (both paths benefit equally).
    warm = domain.contract_generate(contract, by=legal)
    HTML(string=warm.html).write_pdf(stylesheets=[CSS(string=s) for s in css])

    end_to_end, raw, pages = [], [], set()
    for round_number in range(args.repeat):
        domain.deviation_add(
            contract,
            clause,
            by=legal,
            body_fr=f"Les parties gardent le secret (version négociée {round_number}).",
            reason="Benchmark",
        )
        # Alternate which path renders this round's new text first: WeasyPrint/Pango keep
        # caches of text already shaped, so whichever side renders an HTML second runs warm.
        # Both sides render the very same HTML; each is first every other round.
        raw_first = round_number % 2 == 1
        if raw_first:
            articles, context = domain.assemble(contract)
            upcoming = domain.render_document_html(
                contract, articles, context, contract.versions.count() + 1
            )
            raw.append(_raw_render(upcoming, css))
        start = time.perf_counter()
        version = domain.contract_generate(contract, by=legal)
        end_to_end.append(time.perf_counter() - start)
        version.refresh_from_db()
        assert version.render_status == RenderStatus.READY, version.failure_reason
        pages.add(version.pages)
        if raw_first:
            assert version.html == upcoming, "the raw side must render the same document"
        else:
            raw.append(_raw_render(version.html, css))

    e2e_median, raw_median = statistics.median(end_to_end), statistics.median(raw)
    print(f"pages per contract: {sorted(pages)}")
    print(f"repetitions: {args.repeat}")
    print(f"end to end (generate + task + storage): median {e2e_median * 1000:.0f} ms")
    print(f"raw WeasyPrint write_pdf, same HTML:     median {raw_median * 1000:.0f} ms")
    print(f"ratio end-to-end / raw: {e2e_median / raw_median:.3f} (target <= 1.15)")
    print("end to end, each run (ms):", [round(t * 1000) for t in end_to_end])
    print("raw, each run (ms):       ", [round(t * 1000) for t in raw])


if __name__ == "__main__":
    main()
