from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from accounts.models import User
from guichet import nav
from tests.catalogue.factories import DatasetFactory

pytestmark = pytest.mark.django_db


def _request(user: object) -> object:
    request = RequestFactory().get("/")
    request.user = user
    return request


def _urls(items: list[dict]) -> set[str]:
    return {item["url"] for item in items}


def test_public_nav(db: None) -> None:
    urls = _urls(nav.nav_items(_request(AnonymousUser())))
    assert urls == {"/register/", "/patients/"}


def test_requester_nav(requester: User) -> None:
    urls = _urls(nav.nav_items(_request(requester)))
    assert "/my/requests/" in urls and "/staff/requests/" not in urls


def test_staff_nav(desk: User, reviewer: User, legal: User) -> None:
    assert {"/staff/requests/", "/staff/reviews/"} <= _urls(nav.nav_items(_request(desk)))
    assert "/staff/reviews/" in _urls(nav.nav_items(_request(reviewer)))
    legal_urls = _urls(nav.nav_items(_request(legal)))
    # Legal staff give the legal review: their queue is one click away.
    assert {"/staff/requests/", "/staff/reviews/"} <= legal_urls


def test_staff_cards_by_role(desk: User, legal: User, requester: User) -> None:
    assert "/staff/requests/new/" in _urls(nav.staff_cards(_request(desk)))
    assert "/staff/requests/new/" not in _urls(nav.staff_cards(_request(legal)))
    assert nav.staff_cards(_request(requester)) == []


def test_home_cards_invite_anonymous_visitors_to_sign_up(db: None) -> None:
    assert "/signup/" in _urls(nav.home_cards(_request(AnonymousUser())))


def test_dataset_action_only_for_published_datasets(requester: User) -> None:
    published = DatasetFactory(published=True)
    [action] = nav.dataset_actions(_request(requester), published)
    assert action["url"] == f"/my/requests/new/?dataset={published.slug}"
    assert action["primary"] is True
    assert nav.dataset_actions(_request(requester), DatasetFactory()) == []


def test_catalogue_sheet_shows_the_request_access_button(requester: User) -> None:
    from django.test import Client

    dataset = DatasetFactory(published=True)
    client = Client()
    client.force_login(requester)
    body = client.get(f"/catalogue/{dataset.slug}/").content.decode()
    assert f"/my/requests/new/?dataset={dataset.slug}" in body
