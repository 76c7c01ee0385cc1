"""Who sees and does what: every role x endpoint x ownership.

The world: a request from organisation A (in review, on a dataset of department D, with a
scientific review assigned to one reviewer). Viewers cover each role, with and without a link
to the request."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.roles import Role
from guichet.models import AccessRequest, RequestState, Review, ReviewKind
from guichet.permissions import visible_requests
from tests.catalogue.factories import DatasetFactory, DepartmentFactory
from tests.guichet.factories import AccessRequestFactory, OrganisationFactory, pdf_file

pytestmark = pytest.mark.django_db
S = RequestState

SEES = {
    "desk": True,
    "legal": True,
    "manager": True,
    "assigned_reviewer": True,
    "other_reviewer": False,
    "department_steward": True,
    "other_steward": False,
    "requester": True,
    "colleague": True,
    "other_requester": False,
}
VIEWERS = sorted(SEES)


@pytest.fixture
def world(make_user: Any) -> dict[str, Any]:
    people = {
        "desk": make_user(Role.DESK_OPERATOR),
        "legal": make_user(Role.LEGAL),
        "manager": make_user(Role.MANAGER),
        "assigned_reviewer": make_user(Role.REVIEWER),
        "other_reviewer": make_user(Role.REVIEWER),
        "department_steward": make_user(Role.DATA_STEWARD),
        "other_steward": make_user(Role.DATA_STEWARD),
        "requester": make_user(Role.REQUESTER),
        "colleague": make_user(Role.REQUESTER),
        "other_requester": make_user(Role.REQUESTER),
    }
    OrganisationFactory(members=[people["requester"], people["colleague"]])
    OrganisationFactory(members=[people["other_requester"]])
    DepartmentFactory(stewards=[people["other_steward"]])
    department = DepartmentFactory(stewards=[people["department_steward"]])
    request = AccessRequestFactory(
        state=S.IN_REVIEW,
        requester=people["requester"],
        organisation=people["requester"].organisations.get(),
    )
    request.requested_datasets.create(dataset=DatasetFactory(published=True, department=department))
    Review.objects.create(
        request=request, kind=ReviewKind.SCIENTIFIC, reviewer=people["assigned_reviewer"]
    )
    # Noise: a request of another organisation nobody above is linked to.
    AccessRequestFactory(state=S.SUBMITTED, requester=people["other_requester"])
    return {"people": people, "request": request}


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


READ_ENDPOINTS = ["", "events/", "messages/", "attachments/", "clock/", "actions/"]


@pytest.mark.parametrize("viewer", VIEWERS)
def test_visible_requests_queryset(world: dict[str, Any], viewer: str) -> None:
    visible = visible_requests(world["people"][viewer])
    assert visible.filter(pk=world["request"].pk).exists() is SEES[viewer]
    assert visible.count() == visible.distinct().count()  # no duplicated rows from joins


@pytest.mark.parametrize("viewer", VIEWERS)
def test_list_endpoint(world: dict[str, Any], viewer: str) -> None:
    ids = [
        r["id"] for r in client_for(world["people"][viewer]).get("/api/requests/").json()["results"]
    ]
    assert (world["request"].pk in ids) is SEES[viewer]


@pytest.mark.parametrize("endpoint", READ_ENDPOINTS)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_read_endpoints(world: dict[str, Any], viewer: str, endpoint: str) -> None:
    url = f"/api/requests/{world['request'].pk}/{endpoint}"
    response = client_for(world["people"][viewer]).get(url)
    assert response.status_code == (200 if SEES[viewer] else 404)


@pytest.mark.parametrize("endpoint", ["", *READ_ENDPOINTS[1:]])
def test_anonymous_reads_nothing(world: dict[str, Any], endpoint: str) -> None:
    response = Client().get(f"/api/requests/{world['request'].pk}/{endpoint}")
    assert response.status_code == 403


# (action slug, viewers allowed) on the request in review; other viewers who can see the
# request get 403, the others 404.
ACTION_RULES = {
    "send-to-committee": {"desk"},
    "put-on-hold": {"desk"},
    "reject": {"desk", "manager"},
    "withdraw": {"desk", "requester", "colleague"},
}


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("slug", sorted(ACTION_RULES))
def test_action_endpoints(world: dict[str, Any], viewer: str, slug: str) -> None:
    request: AccessRequest = world["request"]
    response = client_for(world["people"][viewer]).post(
        f"/api/requests/{request.pk}/{slug}/",
        {"comment": "Motif."},
        content_type="application/json",
    )
    expected = 200 if viewer in ACTION_RULES[slug] else 403 if SEES[viewer] else 404
    assert response.status_code == expected, response.content
    if expected != 200:
        assert AccessRequest.objects.get(pk=request.pk).state == S.IN_REVIEW


EDITORS_IN_REVIEW = {"desk"}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_edit_endpoint(world: dict[str, Any], viewer: str) -> None:
    response = client_for(world["people"][viewer]).patch(
        f"/api/requests/{world['request'].pk}/",
        {"summary": "Nouveau résumé"},
        content_type="application/json",
    )
    if viewer in EDITORS_IN_REVIEW:
        assert response.status_code == 200
    else:
        assert response.status_code == (403 if SEES[viewer] else 404)


UPLOADERS = {"desk", "legal", "requester", "colleague"}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_upload_endpoint(world: dict[str, Any], viewer: str) -> None:
    response = client_for(world["people"][viewer]).post(
        f"/api/requests/{world['request'].pk}/attachments/", {"file": pdf_file(), "kind": "other"}
    )
    if viewer in UPLOADERS:
        assert response.status_code == 201
    else:
        assert response.status_code == (403 if SEES[viewer] else 404)


MESSAGE_WRITERS = {"desk", "legal", "manager", "requester", "colleague"}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_message_endpoint(world: dict[str, Any], viewer: str) -> None:
    response = client_for(world["people"][viewer]).post(
        f"/api/requests/{world['request'].pk}/messages/",
        {"body": "Bonjour"},
        content_type="application/json",
    )
    if viewer in MESSAGE_WRITERS:
        assert response.status_code == 201
    else:
        assert response.status_code == (403 if SEES[viewer] else 404)


REVIEW_READERS = {"desk", "legal", "manager", "assigned_reviewer"}
REVIEW_SUBMITTERS = {"desk", "assigned_reviewer"}


@pytest.mark.parametrize("viewer", VIEWERS)
def test_review_endpoints(world: dict[str, Any], viewer: str) -> None:
    review = world["request"].reviews.get()
    client = client_for(world["people"][viewer])
    listed = [r["id"] for r in client.get("/api/reviews/").json()["results"]]
    assert (review.pk in listed) is (viewer in REVIEW_READERS)
    response = client.post(
        f"/api/reviews/{review.pk}/submit/",
        {"outcome": "favourable", "comments": "OK"},
        content_type="application/json",
    )
    if viewer in REVIEW_SUBMITTERS:
        assert response.status_code == 200
    else:
        assert response.status_code in (403 if viewer in REVIEW_READERS else 404,)


@pytest.mark.parametrize("viewer", VIEWERS)
def test_events_endpoint_lists_only_visible_requests(world: dict[str, Any], viewer: str) -> None:
    from guichet.domain import record_event

    request = world["request"]
    record_event(request, "phone_call", by=world["people"]["desk"], comment="Appel")
    record_event(request, "desk_note", by=world["people"]["desk"], comment="Note", internal=True)
    events = client_for(world["people"][viewer]).get("/api/events/").json()["results"]
    actions = {e["action"] for e in events if e["request"] == request.pk}
    assert ("phone_call" in actions) is SEES[viewer]
    staff_side = SEES[viewer] and viewer not in {"requester", "colleague"}
    assert ("desk_note" in actions) is staff_side


@pytest.mark.parametrize("viewer", VIEWERS)
def test_attachment_download(world: dict[str, Any], viewer: str) -> None:
    from guichet.domain import attachment_add

    attachment = attachment_add(
        world["request"], by=world["people"]["desk"], uploaded_file=pdf_file()
    )
    response = client_for(world["people"][viewer]).get(
        f"/api/attachments/{attachment.pk}/download/"
    )
    assert response.status_code == (200 if SEES[viewer] else 404)
