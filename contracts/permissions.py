"""Who may see which contract document."""

from __future__ import annotations

from typing import Any

from accounts.roles import Role, has_role
from contracts.models import Contract, ContractStatus, ContractVersion
from guichet.models import is_requester_for

CONTRACT_STAFF_ROLES = (Role.LEGAL, Role.DESK_OPERATOR, Role.MANAGER)


def is_contract_staff(user: Any) -> bool:
    return has_role(user, *CONTRACT_STAFF_ROLES)


def can_download_version(user: Any, version: ContractVersion) -> bool:
    """Staff of the contract side: every version. The requester's side: versions sent to them,
    and the last version of a signed contract. Everyone else: nothing."""
    if is_contract_staff(user):
        return True
    contract: Contract = version.contract
    if not is_requester_for(contract.request, user):
        return False
    return version.sent_at is not None or contract.status == ContractStatus.SIGNED
