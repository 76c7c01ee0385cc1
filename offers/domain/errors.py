"""Errors the offers domain raises. Interfaces map them: `ValidationError` -> 400 with field
errors; `Immutable` and `TransitionRefused` -> 409; `BelowCost` -> 400 on `below_cost_reason`."""

from __future__ import annotations


class OfferDomainError(Exception):
    """A refused operation, with a message meant for the person who asked."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class Immutable(OfferDomainError):
    """A published offer version or a sent quote was asked to change."""


class TransitionRefused(OfferDomainError):
    """The object is not in a state that allows this action."""


class BelowCost(OfferDomainError):
    """A complex-grid quote would not cover its costs and nobody said why that is acceptable."""
