# ruff: noqa: E501  (hand-written SQL is kept on one line per indicator, as run)
"""Indicators benchmark: the dashboard computation against the same aggregates as raw SQL.

Usage (PostgreSQL only; the database name must start with "bench", it gets truncated):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_kpis .venv/bin/python \
        bench/kpis_dashboard.py [--rebuild] [--requests 50000] [--events 1000000] [--repeat 7]

1. Builds (once; again with --rebuild) 50,000 access requests spread over three years with
   their milestone timestamps, 1,000,000 events (COPY), dataset lines, information requests,
   disputes, contracts and versions, accepted quotes and time entries, then VACUUM ANALYZE.
2. Times kpis.domain.build_report for the last 12 months (all 12 maturity and 20 performance
   indicators with targets and block scores) and the same aggregates hand-written in SQL over
   a plain psycopg connection (durations: the same (start, end) fetch and reduction).
3. Prints medians and the ratio (target <= 2).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guichet.settings")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from catalogue.models import Dataset, Department  # noqa: E402
from contracts.models import Contract, ContractTemplate, ContractVersion  # noqa: E402
from guichet.models import AccessRequest, Dispute, Message, RequestDataset  # noqa: E402
from kpis.domain import Durations, Period, build_report  # noqa: E402
from offers.models import ActorType, OfferVersion, Quote, StaffProfile, TimeEntry  # noqa: E402

STATES = [
    "submitted",
    "screening",
    "in_review",
    "committee",
    "negotiation",
    "contracting",
    "signed",
    "provisioning",
    "in_progress",
    "closing",
    "closed",
    "rejected",
    "withdrawn",
]


def build(n_requests: int, n_events: int) -> None:
    rng = random.Random(7)
    tables = [
        "guichet_event",
        "guichet_requestdataset",
        "guichet_message",
        "guichet_dispute",
        "contracts_contractversion",
        "contracts_contract",
        "offers_timeentry",
        "guichet_accessrequest",
        "offers_quote",
    ]
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE")
    user, _ = User.objects.get_or_create(
        username="bench-requester", defaults={"email": "bench-requester@example.org"}
    )
    department, _ = Department.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    now = timezone.now()
    datasets = (
        Dataset.objects.bulk_create(
            Dataset(
                slug=f"bench-{i}",
                title_fr=f"Base {i}",
                summary_fr="x",
                department=department,
                status="published",
                published_at=now - timedelta(days=rng.randint(30, 1500)),
                completeness=Decimal(rng.randint(30, 100)),
                is_anonymised=i % 3 == 0,
            )
            for i in range(300)
        )
        if not Dataset.objects.filter(slug="bench-0").exists()
        else list(Dataset.objects.filter(slug__startswith="bench-"))
    )
    requests = []
    for i in range(n_requests):
        first = now - timedelta(days=rng.uniform(0, 3 * 365))
        submitted = first + timedelta(days=rng.uniform(1, 20))
        complete = submitted + timedelta(days=rng.uniform(1, 15))
        decided = complete + timedelta(days=rng.uniform(10, 60)) if rng.random() < 0.8 else None
        signed = (
            decided + timedelta(days=rng.uniform(10, 90))
            if decided and rng.random() < 0.7
            else None
        )
        available = (
            signed + timedelta(days=rng.uniform(3, 60)) if signed and rng.random() < 0.8 else None
        )
        requests.append(
            AccessRequest(
                reference=f"B-{i:06d}",
                requester=user,
                title=f"Projet {i}",
                state=rng.choice(STATES),
                first_contact_at=first,
                submitted_at=submitted,
                complete_at=complete,
                decided_at=decided,
                contract_signed_at=signed,
                data_available_at=available,
            )
        )
    AccessRequest.objects.bulk_create(requests, batch_size=5000)
    ids = list(AccessRequest.objects.values_list("pk", flat=True))
    RequestDataset.objects.bulk_create(
        (RequestDataset(request_id=pk, dataset=rng.choice(datasets)) for pk in ids),
        batch_size=10000,
    )
    Message.objects.bulk_create(
        (
            Message(
                request_id=rng.choice(ids),
                body="?",
                is_information_request=True,
                created_at=now - timedelta(days=rng.uniform(0, 1000)),
            )
            for _ in range(20000)
        ),
        batch_size=10000,
    )
    Dispute.objects.bulk_create(
        Dispute(
            request_id=rng.choice(ids),
            kind=rng.choice(["patient", "requester"]),
            description="x",
            opened_on=(now - timedelta(days=rng.uniform(0, 1000))).date(),
        )
        for _ in range(500)
    )
    template = ContractTemplate.objects.first() or ContractTemplate.objects.create(
        code="bench", kind="data_provision", name_fr="B", name_en="B"
    )
    signed = list(
        AccessRequest.objects.filter(contract_signed_at__isnull=False).values_list(
            "pk", "contract_signed_at"
        )
    )
    contracts = Contract.objects.bulk_create(
        (
            Contract(request_id=pk, template=template, first_sent_at=at - timedelta(days=20))
            for pk, at in signed
        ),
        batch_size=5000,
    )
    ContractVersion.objects.bulk_create(
        (
            ContractVersion(
                contract=c,
                number=n,
                inputs_hash=f"{c.pk}-{n}",
                created_at=c.first_sent_at + timedelta(days=n * 3 - 4),
            )
            for c in contracts
            for n in range(1, rng.randint(2, 4))
        ),
        batch_size=10000,
    )
    offer = OfferVersion.objects.order_by("pk").first() or OfferVersion.objects.create(number=999)
    actor = ActorType.objects.first()
    quotes = Quote.objects.bulk_create(
        (
            Quote(
                reference=f"BQ-{pk}",
                request_reference=f"B-{pk:06d}",
                offer_version=offer,
                actor_type=actor,
                status="accepted",
                grid_type="academic",
                actor_coefficient=1,
                vat_rate=Decimal("0.2"),
                total_excl_vat=Decimal("1000"),
                vat_amount=Decimal("200"),
                total_incl_vat=Decimal("1200"),
                total_cost=Decimal("800"),
                margin_amount=Decimal("200"),
                decided_at=at,
            )
            for pk, at in signed
        ),
        batch_size=5000,
    )
    for quote, (pk, _at) in zip(quotes, signed, strict=True):
        quote.request_pk = pk
    AccessRequest.objects.bulk_update(
        [AccessRequest(pk=q.request_pk, quote_id=q.pk) for q in quotes], ["quote"], batch_size=5000
    )
    profile = StaffProfile.objects.first() or StaffProfile.objects.create(
        code="b", name="B", daily_rate=500
    )
    reference_of = dict(
        AccessRequest.objects.filter(pk__in=[pk for pk, _ in signed]).values_list("pk", "reference")
    )
    TimeEntry.objects.bulk_create(
        (
            TimeEntry(
                person=user,
                staff_profile=profile,
                days=Decimal(rng.randint(1, 3)),
                daily_rate=Decimal("500"),
                date=(now - timedelta(days=rng.uniform(0, 700))).date(),
                request_reference=reference_of[pk],
            )
            for pk, _at in signed
            for _ in range(2)
        ),
        batch_size=10000,
    )
    with connection.cursor() as cursor:
        raw = cursor.connection
        with raw.cursor().copy(
            "COPY guichet_event (request_id, action, from_state, to_state, at, comment, payload) FROM STDIN"
        ) as copy:
            for index in range(n_events):
                pk = ids[index % len(ids)]
                copy.write_row(
                    (
                        pk,
                        "transition",
                        "submitted",
                        "screening",
                        now - timedelta(days=rng.uniform(0, 1000)),
                        "",
                        "{}",
                    )
                )
    with psycopg.connect(_dsn(), autocommit=True) as raw:
        raw.execute("VACUUM ANALYZE")


def _dsn() -> str:
    db = settings.DATABASES["default"]
    return f"host={db['HOST']} port={db['PORT'] or 5432} user={db['USER']} dbname={db['NAME']}"


RAW_COUNTS = {
    "desk_signed": "SELECT count(*) FROM guichet_accessrequest WHERE contract_signed_at >= %(lo)s AND contract_signed_at < %(hi)s",
    "publications": "SELECT count(*) FROM guichet_publicationreport WHERE (published_on BETWEEN %(start)s AND %(end)s) OR (published_on IS NULL AND reported_at >= %(lo)s AND reported_at < %(hi)s)",
    "holder": "SELECT sum(value) FROM kpis_manualinput WHERE key = 'holder_contracts' AND period_start >= %(start)s AND period_end <= %(end)s",
    "revision": "SELECT count(*), count(*) FILTER (WHERE EXISTS (SELECT 1 FROM contracts_contractversion v WHERE v.contract_id = c.id AND v.created_at > c.first_sent_at)) FROM contracts_contract c WHERE first_sent_at >= %(lo)s AND first_sent_at < %(hi)s",
    "listed": "SELECT count(*), count(*) FILTER (WHERE d.published_at IS NOT NULL AND d.published_at <= r.first_contact_at) FROM guichet_requestdataset rd JOIN guichet_accessrequest r ON r.id = rd.request_id JOIN catalogue_dataset d ON d.id = rd.dataset_id WHERE r.data_available_at >= %(lo)s AND r.data_available_at < %(hi)s",
    "info": "SELECT count(*) FROM guichet_message WHERE is_information_request AND created_at >= %(lo)s AND created_at < %(hi)s",
    "catalogue": "SELECT count(*), count(*) FILTER (WHERE is_anonymised OR synthetic_version_available OR consent_collected) FROM catalogue_dataset WHERE status = 'published' AND published_at < %(hi)s",
    "outside": "SELECT count(*), count(*) FILTER (WHERE r.use_case_id IS NULL OR u.status = 'excluded' OR EXISTS (SELECT 1 FROM offers_perimetercell p WHERE p.use_case_id = r.use_case_id AND p.status = 'excluded' AND p.dataset_id IN (SELECT dataset_id FROM guichet_requestdataset WHERE request_id = r.id))) FROM guichet_accessrequest r LEFT JOIN offers_usecase u ON u.id = r.use_case_id WHERE r.submitted_at >= %(lo)s AND r.submitted_at < %(hi)s",
    "uses": "SELECT count(*), count(DISTINCT rd.dataset_id) FROM guichet_requestdataset rd JOIN guichet_accessrequest r ON r.id = rd.request_id WHERE r.data_available_at >= %(lo)s AND r.data_available_at < %(hi)s",
    "extra": "SELECT count(*) FROM guichet_projectfollowup f JOIN guichet_accessrequest r ON r.id = f.request_id WHERE f.extra_technical_work AND r.data_available_at >= %(lo)s AND r.data_available_at < %(hi)s",
    "disputes": "SELECT count(*), count(*) FILTER (WHERE kind = 'patient'), count(*) FILTER (WHERE kind = 'requester') FROM guichet_dispute WHERE opened_on BETWEEN %(start)s AND %(end)s",
    "quotes": "SELECT count(*), avg(total_excl_vat), sum(total_excl_vat), sum(margin_amount) FROM offers_quote WHERE status = 'accepted' AND decided_at >= %(lo)s AND decided_at < %(hi)s",
    "invoiced": "SELECT sum(value) FROM kpis_manualinput WHERE key = 'invoiced_revenue' AND period_start >= %(start)s AND period_end <= %(end)s",
    "pub_desk": "SELECT count(*) FROM guichet_publicationreport p JOIN guichet_accessrequest r ON r.id = p.request_id WHERE r.contract_signed_at IS NOT NULL AND ((p.published_on BETWEEN %(start)s AND %(end)s) OR (p.published_on IS NULL AND p.reported_at >= %(lo)s AND p.reported_at < %(hi)s))",
    "off_offer": "SELECT count(*) FROM guichet_accessrequest r LEFT JOIN offers_quote q ON q.id = r.quote_id WHERE r.contract_signed_at >= %(lo)s AND r.contract_signed_at < %(hi)s AND (EXISTS (SELECT 1 FROM offers_quoteline l WHERE l.quote_id = r.quote_id AND l.service_id NOT IN (SELECT service_id FROM offers_serviceprice sp WHERE sp.offer_version_id = q.offer_version_id)) OR EXISTS (SELECT 1 FROM contracts_clausedeviation d JOIN contracts_contract c ON c.id = d.contract_id JOIN contracts_clause cl ON cl.id = d.clause_id WHERE c.request_id = r.id AND d.withdrawn_at IS NULL AND cl.category = 'fees_payment'))",
    "budget": "SELECT count(*), count(*) FILTER (WHERE coalesce((SELECT sum(t.days * t.daily_rate) FROM offers_timeentry t WHERE t.request_reference = r.reference), 0) > q.total_cost) FROM guichet_accessrequest r JOIN offers_quote q ON q.id = r.quote_id WHERE q.status = 'accepted' AND EXISTS (SELECT 1 FROM offers_timeentry t WHERE t.request_reference = r.reference AND t.date BETWEEN %(start)s AND %(end)s)",
}
RAW_PAIRS = {
    "to_contract": "SELECT first_contact_at, contract_signed_at FROM guichet_accessrequest WHERE contract_signed_at >= %(lo)s AND contract_signed_at < %(hi)s",
    "to_share": "SELECT contract_signed_at, data_available_at FROM guichet_accessrequest WHERE data_available_at >= %(lo)s AND data_available_at < %(hi)s AND contract_signed_at IS NOT NULL",
}


def raw_run(conn: psycopg.Connection, period: Period) -> None:
    params = {"lo": period.lo, "hi": period.hi, "start": period.start, "end": period.end}
    for sql in RAW_COUNTS.values():
        conn.execute(sql, params).fetchall()
    for sql in RAW_PAIRS.values():
        Durations.of(conn.execute(sql, params).fetchall())


def timed(function, repeat: int) -> list[float]:  # type: ignore[no-untyped-def]
    found = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        found.append((time.perf_counter() - start) * 1000)
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--requests", type=int, default=50000)
    parser.add_argument("--events", type=int, default=1000000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"] or not db["NAME"].startswith("bench"):
        sys.exit("Run on PostgreSQL with a database whose name starts with 'bench'.")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.rebuild or AccessRequest.objects.count() < args.requests:
        started = time.perf_counter()
        build(args.requests, args.events)
        print(f"built in {time.perf_counter() - started:.0f} s")
    from guichet.models import Event

    print(f"requests: {AccessRequest.objects.count()}, events: {Event.objects.count()}")
    period = Period.last_12_months(date.today())
    build_report(period)  # warm caches (settings rows, holidays)
    with psycopg.connect(_dsn(), autocommit=True) as conn:
        conn.execute("SET jit = off")  # as the dashboard does (see kpis.domain._without_jit)
        raw_run(conn, period)
        orm = timed(lambda: build_report(period), args.repeat)
        raw = timed(lambda: raw_run(conn, period), args.repeat)
    orm_median, raw_median = statistics.median(orm), statistics.median(raw)
    print(f"period {period.start} .. {period.end}")
    print(
        f"dashboard build_report (12 maturity + 20 performance): median {orm_median:.0f} ms, min {min(orm):.0f} ms"
    )
    print(
        f"raw SQL, same aggregates:                              median {raw_median:.0f} ms, min {min(raw):.0f} ms"
    )
    print(f"ratio: {orm_median / raw_median:.2f} (target <= 2)")


if __name__ == "__main__":
    main()
