"""Factories for catalogue objects; other apps' tests import them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from catalogue.domain import refresh_derived
from catalogue.models import (
    DATASET_HISTORY,
    Assessment,
    AssessmentKind,
    CriteriaSet,
    Criterion,
    CriterionScore,
    Dataset,
    Department,
    QualityDimension,
    Variable,
    VariableType,
    Vocabulary,
    VocabularyTerm,
)


def term(vocabulary: str, code: str) -> VocabularyTerm:
    """A term loaded by migration 0002 (or created for a code the migration does not ship)."""
    found, _created = VocabularyTerm.objects.get_or_create(
        vocabulary=vocabulary, code=code, defaults={"label_fr": code, "label_en": code}
    )
    return found


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"dept-{n}")
    name = factory.Sequence(lambda n: f"Service {n}")

    @factory.post_generation
    def stewards(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.stewards.set(extracted)


def _publish(dataset: Dataset, create: bool, extracted: Any, **kwargs: Any) -> None:
    if create:
        dataset.publish()  # the model transition, as the domain does
        dataset.save()


def _archive(dataset: Dataset, create: bool, extracted: Any, **kwargs: Any) -> None:
    if create:
        dataset.publish()
        dataset.save()
        dataset.archive()
        dataset.save()


class DatasetFactory(factory.django.DjangoModelFactory):
    """A draft sheet with the fields publishing needs; `published=True` / `archived=True`
    move it through the model transitions. Vocabulary fields take lists of terms or codes."""

    class Meta:
        model = Dataset
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"dataset-{n}")
    acronym = factory.Sequence(lambda n: f"DS{n}")
    title_fr = factory.Sequence(lambda n: f"Entrepôt de données {n}")
    title_en = factory.Sequence(lambda n: f"Data warehouse {n}")
    summary_fr = "Extraction des séjours hospitaliers avec diagnostics et actes."
    summary_en = "Hospital stays with diagnoses and procedures."
    department = factory.SubFactory(DepartmentFactory)
    contact_name = "Guichet des données"
    contact_email = "guichet@example.org"

    class Params:
        published = factory.Trait(publish_now=factory.PostGeneration(_publish))
        archived = factory.Trait(archive_now=factory.PostGeneration(_archive))

    @classmethod
    def _create(cls, model_class: type[Dataset], *args: Any, **kwargs: Any) -> Dataset:
        # Like catalogue.domain: one "created" history record, written once the vocabulary
        # lists and the trait's transitions are in place (see _after_postgeneration).
        dataset = model_class(*args, **kwargs)
        dataset.skip_history_when_saving = True
        dataset.save()
        return dataset

    @classmethod
    def _after_postgeneration(cls, instance: Dataset, create: bool, results: Any = None) -> None:
        if create and hasattr(instance, "skip_history_when_saving"):
            del instance.skip_history_when_saving
            DATASET_HISTORY.create_historical_record(instance, "+")
            refresh_derived([instance.pk])
            instance.refresh_from_db(fields=["completeness"])

    @factory.post_generation
    def data_types(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not create:
            return
        codes = ["ehr"] if extracted is None else extracted
        self.data_types.set(
            [c if isinstance(c, VocabularyTerm) else term(Vocabulary.DATA_TYPE, c) for c in codes]
        )

    @factory.post_generation
    def access_modes(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            self.access_modes.set(
                [
                    c if isinstance(c, VocabularyTerm) else term(Vocabulary.ACCESS_MODE, c)
                    for c in extracted
                ]
            )


class VariableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Variable

    dataset = factory.SubFactory(DatasetFactory)
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"var_{n}")
    label = factory.Sequence(lambda n: f"Variable {n}")
    value_type = VariableType.INTEGER
    completeness = Decimal("95.50")


class CriteriaSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CriteriaSet

    code = factory.Sequence(lambda n: f"criteria-{n}")
    name_fr = factory.Sequence(lambda n: f"Grille {n}")
    name_en = factory.Sequence(lambda n: f"Grid {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    criteria_set = factory.SubFactory(CriteriaSetFactory)
    code = factory.Sequence(lambda n: f"criterion-{n}")
    label_fr = factory.Sequence(lambda n: f"Critère {n}")
    label_en = factory.Sequence(lambda n: f"Criterion {n}")
    dimension = QualityDimension.COMPLETENESS
    weight = Decimal("1")
    scale_max = 4
    position = factory.Sequence(lambda n: n)


class AssessmentFactory(factory.django.DjangoModelFactory):
    """An assessment; pass `scores={criterion_pk: score}` to store scores (overall is computed)."""

    class Meta:
        model = Assessment
        skip_postgeneration_save = True

    dataset = factory.SubFactory(DatasetFactory)
    criteria_set = factory.SubFactory(CriteriaSetFactory)
    kind = AssessmentKind.A_PRIORI
    assessed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def scores(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if not (create and extracted):
            return
        from catalogue.quality import compute_overall

        criteria = list(self.criteria_set.criteria.all())
        CriterionScore.objects.bulk_create(
            CriterionScore(assessment=self, criterion=c, score=extracted[c.pk])
            for c in criteria
            if c.pk in extracted
        )
        self.overall_score = compute_overall(criteria, extracted)
        self.save(update_fields=["overall_score"])
