"""Plans of the demo quality assessments: who scored which dataset, when, and how.

A priori assessments are the desk's (1 to 3 per published or archived dataset, over the two
years before the demo cut-off, improving a little over time as teams fix what was found);
a few requesters rate a dataset after their project. Scores derive from each dataset's
`quality` profile (0-4 per dimension) with reproducible noise."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

WINDOW_START = date(2024, 12, 1)
WINDOW_END = date(2026, 10, 31)

DIMENSION_LABELS_FR = {
    "conformity": "conformité",
    "completeness": "complétude",
    "plausibility": "plausibilité",
    "timeliness": "fraîcheur",
    "documentation": "documentation",
    "representativeness": "représentativité",
}


@dataclass(frozen=True)
class AssessmentPlan:
    kind: str
    assessed_at: datetime
    by: str
    comment: str
    # dimension -> score, applied to every criterion of that dimension (with criterion noise)
    profile: dict[str, int]
    seed: str


# slug -> (username, days after the last a priori assessment, shift vs profile, comment)
REQUESTER_FEEDBACK: dict[str, tuple[str, int, int, str]] = {
    "eds-omop-extrait-recherche": (
        "demandeur",
        45,
        -1,
        "Extraction conforme à la demande et bien documentée, mais beaucoup de valeurs "
        "manquantes sur les antécédents et le tabac avant 2016 : prévoir du temps de nettoyage.",
    ),
    "cohorte-insuffisance-cardiaque": (
        "industriel",
        30,
        0,
        "Données très propres et dictionnaire clair ; le suivi à 24 mois était encore "
        "incomplet pour les inclusions récentes.",
    ),
    "registre-avc": (
        "demandeur",
        60,
        0,
        "Registre riche et fiable ; les délais de prise en charge sont directement "
        "exploitables. Le score de Rankin manque pour une partie des transferts.",
    ),
}


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _a_priori_dates(dataset: dict[str, Any], count: int, rng: random.Random) -> list[date]:
    start = max(WINDOW_START, dataset["created"])
    end = dataset.get("archived") or WINDOW_END
    span = (end - start).days
    step = span // count
    return [
        start + timedelta(days=step * i + rng.randint(5, max(6, step - 5))) for i in range(count)
    ]


def _comment(profile: dict[str, int], year: int) -> str:
    best = max(profile, key=lambda d: (profile[d], d))
    worst = min(profile, key=lambda d: (profile[d], d))
    return (
        f"Évaluation a priori {year} par l'équipe du guichet. Point fort : "
        f"{DIMENSION_LABELS_FR[best]}. Point à améliorer : {DIMENSION_LABELS_FR[worst]}."
    )


def _shifted(profile: dict[str, int], shift: int) -> dict[str, int]:
    return {dim: max(0, min(4, score + shift)) for dim, score in profile.items()}


def plans_for(dataset: dict[str, Any], index: int) -> list[AssessmentPlan]:
    """The assessments of one demo dataset (none for drafts), always the same."""
    profile: dict[str, int] = dataset["quality"]
    if dataset["status"] == "draft" or not profile:
        return []
    rng = random.Random(f"quality:{dataset['slug']}")  # noqa: S311 - reproducible demo data
    count = 1 + index % 3
    if dataset["status"] == "archived":
        count = 1
    plans = []
    dates = _a_priori_dates(dataset, count, rng)
    # Some dimensions were improved between rounds: a notch lower before the round that saw
    # the fix, so the story only goes upwards.
    fixed_at = {
        dim: rng.randint(1, count - 1) if count > 1 and rng.random() < 0.4 else 0 for dim in profile
    }
    for n, day in enumerate(dates):
        current = {
            dim: max(0, score - (1 if n < fixed_at[dim] else 0)) for dim, score in profile.items()
        }
        plans.append(
            AssessmentPlan(
                kind="a_priori",
                assessed_at=_at(day, 10),
                by="operateur",
                comment=_comment(current, day.year),
                profile=current,
                # Same per-criterion noise for every a priori round: only fixes move scores.
                seed=dataset["slug"],
            )
        )
    feedback = REQUESTER_FEEDBACK.get(dataset["slug"])
    if feedback:
        username, delay, shift, comment = feedback
        day = min(dates[-1] + timedelta(days=delay), WINDOW_END)
        plans.append(
            AssessmentPlan(
                kind="requester_feedback",
                assessed_at=_at(day, 15),
                by=username,
                comment=comment,
                profile=_shifted(profile, shift),
                seed=f"{dataset['slug']}:feedback",
            )
        )
    return plans


def criterion_score(plan: AssessmentPlan, dimension: str, code: str, scale_max: int) -> int:
    """One criterion's score: the dimension's score, sometimes one point off either way."""
    base = plan.profile.get(dimension, 2) * scale_max / 4
    rng = random.Random(f"{plan.seed}:{code}")  # noqa: S311 - reproducible demo data
    offset = rng.choice((-1, 0, 0, 0, 1))
    return int(max(0, min(scale_max, round(base) + offset)))
