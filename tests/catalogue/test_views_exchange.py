from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rdflib import Graph
from rdflib.namespace import DCAT, RDF

from accounts.roles import Role
from catalogue.models import Dataset, DatasetStatus, Department
from tests.catalogue.exchange_helpers import full_dataset, minimal_dataset, publish

DATA = Path(__file__).parent / "data"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    cache.clear()


def upload(name: str, content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else (DATA / name).read_bytes())


def test_turtle_export_is_public_and_parses(
    client: Client, operator: Any, department: Department
) -> None:
    publish(full_dataset(operator, department), operator)
    minimal_dataset(operator, department, title_fr="Brouillon")

    response = client.get(reverse("catalogue:dcat-turtle"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=response.content, format="turtle")
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == 1
    assert "Brouillon" not in response.content.decode()


def test_jsonld_export(client: Client, operator: Any, department: Department) -> None:
    publish(full_dataset(operator, department), operator)

    response = client.get(reverse("catalogue:dcat-jsonld"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert "@context" in json.loads(response.content)
    graph = Graph().parse(data=response.content, format="json-ld")
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == 1


def test_export_answers_not_modified_until_the_catalogue_changes(
    client: Client, operator: Any, department: Department
) -> None:
    dataset = publish(full_dataset(operator, department), operator)
    url = reverse("catalogue:dcat-turtle")
    first = client.get(url)
    etag = first["ETag"]
    assert first["Last-Modified"]

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    from catalogue import domain

    domain.dataset_update(dataset, by=operator, changes={"title_en": "Renamed"})
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert b"Renamed" in changed.content


def test_single_dataset_export_and_404_for_drafts(
    client: Client, operator: Any, department: Department
) -> None:
    shown = publish(full_dataset(operator, department), operator)
    draft = minimal_dataset(operator, department)

    response = client.get(reverse("catalogue:dataset-dcat-turtle", args=[shown.slug]))
    assert response.status_code == 200
    graph = Graph().parse(data=response.content, format="turtle")
    assert len(set(graph.subjects(RDF.type, DCAT.Dataset))) == 1

    assert (
        client.get(reverse("catalogue:dataset-dcat-turtle", args=[draft.slug])).status_code == 404
    )


def test_export_query_count_is_flat(
    client: Client, operator: Any, department: Department, django_assert_max_num_queries: Any
) -> None:
    for n in range(5):
        publish(full_dataset(operator, department, acronym=f"Q{n}", title_fr=f"Base {n}"), operator)

    with django_assert_max_num_queries(20):
        assert client.get(reverse("catalogue:dcat-turtle")).status_code == 200


@pytest.mark.parametrize("role", [Role.DATA_STEWARD, Role.REVIEWER, Role.REQUESTER])
def test_import_is_for_desk_operators_only(role_client: Any, role: str) -> None:
    client, _user = role_client(role)

    assert client.get(reverse("catalogue:import-start")).status_code == 403


def test_anonymous_users_are_sent_to_login(client: Client) -> None:
    response = client.get(reverse("catalogue:import-start"))

    assert response.status_code == 302


def test_upload_preview_then_confirm(role_client: Any, department: Department) -> None:
    client, _user = role_client(Role.DESK_OPERATOR)
    assert client.get(reverse("catalogue:import-start")).status_code == 200

    preview = client.post(
        reverse("catalogue:import-start"),
        {"file": upload("datasets.ttl"), "department": department.pk},
    )

    assert preview.status_code == 200
    assert "Cohorte diabète de type 2" in preview.content.decode()
    assert Dataset.objects.count() == 0
    token = preview.context["token"]
    done = client.post(reverse("catalogue:import-confirm", args=[token]))
    assert done.status_code == 200
    assert Dataset.objects.filter(status=DatasetStatus.DRAFT).count() == 2
    # The pending file is consumed: confirming twice does nothing more.
    assert client.post(reverse("catalogue:import-confirm", args=[token])).status_code == 404
    assert Dataset.objects.count() == 2


def test_csv_upload_with_errors_lists_them_and_saves_nothing(
    role_client: Any, department: Department
) -> None:
    client, _user = role_client(Role.DESK_OPERATOR)

    response = client.post(reverse("catalogue:import-start"), {"file": upload("bad_rows.csv")})

    assert response.status_code == 422
    body = response.content.decode()
    assert "max_typical_age" in body and "teleportation" in body
    assert response.context["token"] == ""
    assert Dataset.objects.count() == 0


def test_malformed_turtle_upload_shows_the_parser_line(
    role_client: Any, department: Department
) -> None:
    client, _user = role_client(Role.DESK_OPERATOR)

    response = client.post(
        reverse("catalogue:import-start"),
        {"file": upload("malformed.ttl"), "department": department.pk},
    )

    assert response.status_code == 422
    assert "Malformed Turtle at line" in response.content.decode()


def test_wrong_file_types_are_refused_by_the_form(role_client: Any) -> None:
    client, _user = role_client(Role.DESK_OPERATOR)

    response = client.post(
        reverse("catalogue:import-start"), {"file": upload("notes.pdf", b"%PDF-1.4")}
    )

    assert response.status_code == 400
    assert Dataset.objects.count() == 0


def test_cancel_forgets_the_pending_file(role_client: Any, department: Department) -> None:
    client, _user = role_client(Role.DESK_OPERATOR)
    preview = client.post(
        reverse("catalogue:import-start"),
        {"file": upload("datasets.ttl"), "department": department.pk},
    )
    token = preview.context["token"]

    assert client.post(reverse("catalogue:import-cancel", args=[token])).status_code == 302
    assert client.post(reverse("catalogue:import-confirm", args=[token])).status_code == 404
    assert Dataset.objects.count() == 0


def test_a_token_from_another_session_is_refused(role_client: Any, department: Department) -> None:
    client, _user = role_client(Role.DESK_OPERATOR)
    other, _other_user = role_client(Role.DESK_OPERATOR)
    preview = client.post(
        reverse("catalogue:import-start"),
        {"file": upload("datasets.ttl"), "department": department.pk},
    )

    response = other.post(reverse("catalogue:import-confirm", args=[preview.context["token"]]))

    assert response.status_code == 404
    assert Dataset.objects.count() == 0


def test_templates_download(role_client: Any, operator: Any, department: Department) -> None:
    full_dataset(operator, department)
    client, _user = role_client(Role.DESK_OPERATOR)

    empty = client.get(reverse("catalogue:import-template", args=["csv"]))
    whole = client.get(reverse("catalogue:import-template", args=["csv"]) + "?with=all")
    excel = client.get(reverse("catalogue:import-template", args=["xlsx"]))

    assert empty.status_code == 200
    assert len(empty.content.decode("utf-8-sig").strip().splitlines()) == 1
    assert len(whole.content.decode("utf-8-sig").strip().splitlines()) == 2
    assert excel.content[:2] == b"PK"
    assert client.get(reverse("catalogue:import-template", args=["pdf"])).status_code == 404


def test_abandoned_uploads_are_purged(
    role_client: Any, department: Department, settings: Any
) -> None:
    import os
    import time

    client, _user = role_client(Role.DESK_OPERATOR)
    folder = Path(settings.MEDIA_ROOT) / "catalogue-imports"
    folder.mkdir(parents=True)
    old = folder / ("0" * 32 + ".csv")
    old.write_text("x")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))

    preview = client.post(
        reverse("catalogue:import-start"),
        {"file": upload("datasets.ttl"), "department": department.pk},
    )

    assert not old.exists()
    assert (folder / f"{preview.context['token']}.turtle").exists()


def test_preview_page_lists_problems_in_a_table(role_client: Any, department: Department) -> None:
    client, _user = role_client(Role.DESK_OPERATOR)

    response = client.post(reverse("catalogue:import-start"), {"file": upload("bad_rows.csv")})

    body = response.content.decode()
    assert "<caption>" in body and '<th scope="col">' in body
    assert body.count("<tr><td>") == len(response.context["report"].errors)
