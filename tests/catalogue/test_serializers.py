from __future__ import annotations

from django.test import RequestFactory
from django.utils import translation
from rest_framework.request import Request

from catalogue.models import Dataset
from catalogue.serializers import (
    DatasetDetailSerializer,
    DatasetListSerializer,
    DatasetWriteSerializer,
)
from tests.catalogue.factories import DatasetFactory, DepartmentFactory


def context() -> dict[str, Request]:
    return {"request": Request(RequestFactory().get("/api/datasets/"))}


def test_hand_built_list_rows_match_the_declared_fields(db: None) -> None:
    dataset = DatasetFactory(
        slug="cohorte", published=True, data_types=["ehr"], access_modes=["transfer"]
    )
    dataset = Dataset.objects.select_related("department").get(pk=dataset.pk)
    fast = DatasetListSerializer(dataset, context=context()).data
    declared = set(DatasetListSerializer().fields)
    assert set(fast) == declared
    assert fast["url"] == "http://testserver/api/datasets/cohorte/"
    assert fast["page_url"] == "http://testserver/catalogue/cohorte/"
    assert fast["data_types"][0]["code"] == "ehr"
    assert fast["access_modes"][0]["label_en"] == "Data transfer"
    assert fast["completeness"] == f"{dataset.completeness:.2f}"
    assert fast["search_rank"] is None


def test_labels_follow_the_active_language(db: None) -> None:
    dataset = DatasetFactory(title_fr="Titre", title_en="Title", data_types=["imaging"])
    with translation.override("en"):
        data = DatasetListSerializer(dataset, context=context()).data
    assert data["title"] == "Title"
    assert data["data_types"][0]["label"] == "Imaging"
    with translation.override("fr"):
        data = DatasetListSerializer(dataset, context=context()).data
    assert data["title"] == "Titre"
    assert data["data_types"][0]["label"] == "Imagerie"


def test_detail_exposes_the_whole_sheet(db: None) -> None:
    dataset = DatasetFactory(retention_years=20, geographic_coverage="Île-de-France")
    data = DatasetDetailSerializer(dataset, context=context()).data
    assert data["retention_years"] == 20
    assert data["geographic_coverage"] == "Île-de-France"
    assert {"legal_bases", "purposes", "coding_systems", "publications", "quality"} <= set(data)


def test_write_serializer_validates_shape_before_the_domain(db: None) -> None:
    department = DepartmentFactory(code="neuro")
    serializer = DatasetWriteSerializer(
        data={
            "title_fr": "Base",
            "summary_fr": "Résumé",
            "department": "unknown",
            "keywords": "not a list",
            "data_types": ["ehr"],
        }
    )
    assert not serializer.is_valid()
    assert {"department", "keywords"} <= set(serializer.errors)
    serializer = DatasetWriteSerializer(
        data={
            "title_fr": "Base",
            "summary_fr": "Résumé",
            "department": department.code,
            "keywords": [" IRM ", ""],
            "data_types": ["ehr"],
        }
    )
    assert serializer.is_valid(), serializer.errors
    assert serializer.validated_data["keywords"] == ["IRM"]
    assert serializer.validated_data["department"] == department
