from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from catalogue import models
from tests.catalogue.factories import AssessmentFactory, DatasetFactory, VariableFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

MODELS = [
    models.VocabularyTerm,
    models.Department,
    models.Dataset,
    models.Variable,
    models.CriteriaSet,
    models.Criterion,
    models.Assessment,
]


def test_every_catalogue_model_is_registered() -> None:
    for model in MODELS:
        assert admin.site.is_registered(model), model
    assert isinstance(admin.site._registry[models.Dataset], SimpleHistoryAdmin)


@pytest.fixture
def superuser_client(make_user: Any) -> Client:
    client = Client()
    client.force_login(make_user(is_superuser=True, is_staff=True))
    return client


def test_changelists_and_forms_render(superuser_client: Client) -> None:
    dataset = DatasetFactory()
    VariableFactory(dataset=dataset)
    AssessmentFactory(dataset=dataset)
    for model in MODELS:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert superuser_client.get(url).status_code == 200, url
    change = reverse("admin:catalogue_dataset_change", args=[dataset.pk])
    page = superuser_client.get(change)
    assert page.status_code == 200
    history = reverse("admin:catalogue_dataset_history", args=[dataset.pk])
    assert superuser_client.get(history).status_code == 200
