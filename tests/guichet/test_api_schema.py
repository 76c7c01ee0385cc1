"""The REST API fuzzed against its own OpenAPI schema with schemathesis (issue 7, item 2).

For anonymous callers and each role, every operation of /api/schema/ is called with generated
input (valid and invalid) on a small, realistic desk built with the factories. Each response
must not be a 5xx and must conform to the schema: documented status code, content type,
headers and body. Invalid input must be refused with a 4xx.

The Django WSGI application runs in-process against the test database. Every generated request
runs in a savepoint rolled back afterwards: each example sees the same desk (Hypothesis replays
a failing example and needs the same answer), and detail endpoints are called with the ids of
real objects as often as with generated ones."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.contrib.auth.models import Group
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import Client
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.auths import AuthStorage
from schemathesis.core.parameters import ParameterLocation

from accounts.models import User
from accounts.roles import Role
from contracts import domain as contracts_domain
from guichet.models import Attachment, RequestState, ReviewKind
from offers.domain import offer_new_version_from
from offers.domain.costs import time_entry_record
from offers.domain.quotes import build_quote
from offers.models import ActorType, StaffProfile
from tests.catalogue.factories import (
    AssessmentFactory,
    CriteriaSetFactory,
    CriterionFactory,
    DatasetFactory,
    VariableFactory,
    term,
)
from tests.guichet.factories import OrganisationFactory, ReviewFactory, advance, submittable_draft
from tests.offers.conftest import build_grid
from tests.offers.factories import CampaignFactory, ExternalProviderFactory, PerimeterCellFactory

# Roles the API is fuzzed as; None is an anonymous caller.
ROLES: list[str | None] = [None, *Role.values]
# Generated requests per operation and caller (valid and invalid ones mixed), derandomized so
# that the suite is deterministic. 3 keeps the module well under 90 s on two cores; fuzz
# harder locally with GUICHET_FUZZ_EXAMPLES=50 pytest tests/guichet/test_api_schema.py
MAX_EXAMPLES = int(os.environ.get("GUICHET_FUZZ_EXAMPLES", "3"))
# Any 32-character alphanumeric string is a valid CSRF secret; the same value goes in the
# cookie and the header, as a browser's JavaScript would send it.
CSRF_TOKEN = "fuzzfuzzfuzzfuzzfuzzfuzzfuzzfuzz"


@dataclass
class Desk:
    """The objects of the fuzzed desk and the credentials of the caller."""

    cookies: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    # Path parameter values of real objects, per path template.
    real: dict[str, list[Any]] = field(default_factory=dict)


def build_desk() -> dict[str, User]:
    """A desk with something in every corner of the API; returns its staff and requester."""
    users: dict[str, User] = {}
    for role in Role.values:
        user = User.objects.create_user(
            username=f"fuzz-{role}", email=f"fuzz-{role}@example.org", password="a-long-password"
        )
        user.groups.set(Group.objects.filter(name=role))
        users[role] = user
    desk, requester = users[Role.DESK_OPERATOR], users[Role.REQUESTER]
    OrganisationFactory(name="Université de Test", members=[requester])

    grid = build_grid(by=desk)
    offer_new_version_from(grid.offer, by=desk)  # a draft next to the published version
    PerimeterCellFactory(dataset=grid.dataset, use_case=grid.use_case)
    CampaignFactory()
    ExternalProviderFactory()
    time_entry_record(
        person=desk,
        staff_profile=StaffProfile.objects.get(code="data-manager"),
        days=Decimal("0.5"),
        request_reference="DAR-2026-0001",
    )
    build_quote(
        datasets=[grid.dataset],
        use_case=grid.use_case,
        actor_type=ActorType.objects.get(code="big_pharma"),
        access_mode=term("access_mode", "secure_workspace"),
        selections=[(grid.extraction, Decimal("1"))],
        by=desk,
        request_ref="DAR-2026-0001",
    )

    dataset = DatasetFactory(published=True)
    VariableFactory(dataset=dataset)
    DatasetFactory()  # a draft dataset
    criterion = CriterionFactory(criteria_set=CriteriaSetFactory())
    AssessmentFactory(dataset=dataset, criteria_set=criterion.criteria_set)

    organisation = requester.organisations.get()
    submittable_draft(requester, organisation=organisation)
    in_review = advance(
        submittable_draft(requester, organisation=organisation), RequestState.IN_REVIEW, desk=desk
    )
    ReviewFactory(request=in_review, reviewer=users[Role.REVIEWER], kind=ReviewKind.SCIENTIFIC)
    negotiating = advance(
        submittable_draft(requester, organisation=organisation),
        RequestState.NEGOTIATION,
        desk=desk,
    )
    contracts_domain.contract_start(negotiating, by=users[Role.LEGAL])
    advance(
        submittable_draft(requester, organisation=organisation),
        RequestState.IN_PROGRESS,
        desk=desk,
    )
    return users


def real_path_values(schema: Any, admin: Client) -> dict[str, list[Any]]:
    """Lookup values of real objects for each templated path, read from the collection the
    path belongs to (as a superuser, who sees everything)."""
    real: dict[str, list[Any]] = {}
    collections: dict[str, list[Any]] = {}
    for result in schema.get_all_operations():
        operation = result.ok()
        path = operation.path
        if "{" not in path:
            continue
        collection, _, rest = path.partition("{")
        name = rest.partition("}")[0]
        if collection not in collections:
            response = admin.get(collection)
            rows: list[Any] = []
            if response.status_code == 200:
                body = response.json()
                rows = body["results"] if isinstance(body, dict) and "results" in body else body
            collections[collection] = rows
        values = [row[name] for row in collections[collection] if isinstance(row, dict)]
        if collection == "/api/attachments/":
            values = list(Attachment.objects.values_list("pk", flat=True))
        real[path] = [v for v in values if v is not None]
    return real


@pytest.fixture(scope="session")
def api_schema(django_db_setup: None, django_db_blocker: Any) -> Any:
    """The schema as the project serves it, loaded once through the WSGI application."""
    with django_db_blocker.unblock():
        schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    # Credentials are the caller's session (see `desk`), not values generated from the
    # security schemes: generated ones are invalid and would only test the anonymous case.
    schema.config.generation.update(with_security_parameters=False)
    # A schema cannot say which codes and slugs exist: a schema-valid reference to a missing
    # object is rightly a 400, which this check (valid input must be accepted) reports.
    # Conversely, django-filter and DRF's paginators deliberately ignore a query value they
    # cannot read (`?is_active=maybe` means "no filter", `?page_size=x` the default page), so
    # "invalid input must be rejected" would demand 400s the API does not promise, and which
    # input the generator draws depends on the data. Negative requests are still sent: they
    # must never give a 5xx, and their answers must still match the schema.
    schema.config.checks.update(
        excluded_check_names=["positive_data_acceptance", "negative_data_rejection"]
    )
    return schema


@pytest.fixture(params=ROLES, ids=lambda r: r or "anonymous")
def desk(request: Any, db: None, settings: Any, api_schema: Any) -> Iterator[Desk]:
    role: str | None = request.param
    # Throttling is tested in tests/guichet/test_security.py; here it would only turn the
    # fuzzer's requests into 429s.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": None, "anon_write": None, "user": None},
    }
    users = build_desk()
    admin = Client()
    admin.force_login(
        User.objects.create_superuser("fuzz-admin", "admin@example.org", "pw-long-enough")
    )
    state = Desk()
    if role is not None:
        client = Client()
        client.force_login(users[role])
        state.cookies = {"sessionid": client.cookies["sessionid"].value, "csrftoken": CSRF_TOKEN}
        state.headers = {"X-CSRFToken": CSRF_TOKEN}
    state.real = real_path_values(api_schema, admin)
    # The WSGI handler closes the database connection after each request, which would end the
    # test's transaction (on PostgreSQL); Django's test client disconnects it the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield state
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


class SessionAuth:
    """The caller's session cookie, with the CSRF token DRF asks of session-authenticated writes."""

    def __init__(self, desk: Desk) -> None:
        self.desk = desk

    def get(self, case: Any, ctx: Any) -> Desk:
        return self.desk

    def set(self, case: Any, desk: Desk, ctx: Any) -> None:
        case.cookies = {**(case.cookies or {}), **desk.cookies}
        case.headers = {**(case.headers or {}), **desk.headers}


def fuzz(operation: Any, desk: Desk) -> None:
    """Run the bounded examples of one operation; raises on the first non-conforming answer."""
    real = desk.real.get(operation.path)
    name = operation.path.partition("{")[2].partition("}")[0]
    # Through an auth provider, so that schemathesis knows the credentials are real and checks
    # that the API refuses the same request without them.
    auth = AuthStorage(providers=[SessionAuth(desk)]) if desk.cookies else None
    strategy = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE, auth_storage=auth),
        operation.as_strategy(GenerationMode.NEGATIVE, auth_storage=auth),
    )

    @hypothesis.settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
        suppress_health_check=list(hypothesis.HealthCheck),
        report_multiple_bugs=False,
    )
    @hypothesis.given(case=strategy, data=st.data())
    def run(case: Any, data: Any) -> None:
        # Half of the valid cases aim at real objects, so that detail endpoints get past 404.
        if (
            real
            and not case.meta.is_negative_at(ParameterLocation.PATH)
            and data.draw(st.booleans())
        ):
            case.path_parameters = {
                **(case.path_parameters or {}),
                name: data.draw(st.sampled_from(real)),
            }
        with transaction.atomic():
            try:
                case.call_and_validate()
            finally:
                transaction.set_rollback(True)

    run()


def test_api_conforms_to_schema(api_schema: Any, desk: Desk) -> None:
    """Every operation, for one caller; all the failures are reported at once."""
    failures: list[str] = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        try:
            fuzz(operation, desk)
        # Schemathesis reports check failures as a BaseExceptionGroup.
        except (Exception, BaseExceptionGroup) as exc:
            failures.append(f"--- {operation.label}\n{exc}")
    assert not failures, f"{len(failures)} operations failed:\n" + "\n".join(failures)
