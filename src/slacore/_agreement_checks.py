# The checks an agreement runs on construction: its parties, objectives and terms.

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from ._amendments import amended_names
from ._decimal import HUNDRED, ZERO
from ._group_measures import check_group_objective
from ._parties import AgreementKind, Role, Structure
from ._validators import whole_number
from ._volume_measures import TicketVolume
from .exceptions import AgreementError

if TYPE_CHECKING:
    from ._agreement import Agreement


def default_structure(agreement: Agreement) -> Structure:
    if agreement.kind is AgreementKind.MULTI_LEVEL:
        return Structure.MULTI_LEVEL
    customers = sum(party.role is Role.CUSTOMER for party in agreement.parties)
    return Structure.CUSTOMER_BASED if customers <= 1 else Structure.SERVICE_BASED


def check_parties(agreement: Agreement) -> None:
    seen: set[str] = set()
    for index, party in enumerate(agreement.parties):
        if party.name in seen:
            msg = f"party {party.name!r} is named twice"
            raise AgreementError(msg, field=f"parties[{index}].name")
        seen.add(party.name)
    providers = [p for p in agreement.parties if p.role is Role.PROVIDER]
    customers = [p for p in agreement.parties if p.role is Role.CUSTOMER]
    if not providers or not customers:
        msg = "an agreement needs at least one provider and one customer party"
        raise AgreementError(msg, field="parties")
    if agreement.kind is not AgreementKind.MULTI_LEVEL and len(providers) > 1:
        names = ", ".join(repr(p.name) for p in providers)
        msg = (
            f"a {agreement.kind.value} agreement has one provider, got {names} "
            "(use kind 'multi_level' for several)"
        )
        raise AgreementError(msg, field="parties")
    for index, duty in enumerate(agreement.responsibilities):
        if duty.party not in seen:
            msg = f"responsibility names unknown party {duty.party!r}"
            raise AgreementError(msg, field=f"responsibilities[{index}].party")


def check_objectives(agreement: Agreement) -> None:
    if not agreement.objectives:
        msg = "an agreement needs at least one objective"
        raise AgreementError(msg, field="objectives")
    parties = {p.name for p in agreement.parties}
    policies = {policy.name for policy in agreement.policies}
    names: set[str] = set()
    allocated = ZERO
    for index, objective in enumerate(agreement.objectives):
        where = f"objectives[{index}]"
        if objective.name in names:
            msg = f"objective {objective.name!r} is named twice"
            raise AgreementError(msg, field=f"{where}.name")
        names.add(objective.name)
        if objective.provider is not None and objective.provider not in parties:
            msg = (
                f"objective {objective.name!r} names {objective.provider!r}, "
                "which is not a party of the agreement"
            )
            raise AgreementError(msg, field=f"{where}.provider")
        measure = objective.measure
        if measure.reads == "tickets" and not isinstance(measure, TicketVolume):
            if not agreement.policies:
                msg = (
                    f"objective {objective.name!r} measures tickets, so the "
                    "agreement needs policies to measure them by"
                )
                raise AgreementError(msg, field="policies")
            policy = getattr(measure, "policy", None)
            if policy is not None and policy not in policies:
                msg = f"objective {objective.name!r} names unknown policy {policy!r}"
                raise AgreementError(msg, field=f"{where}.measure.policy")
            check_group_objective(objective, agreement.policies, where)
        service = getattr(measure, "service", None)
        if (
            measure.reads == "outages"
            and agreement.services
            and service not in agreement.services
        ):
            msg = (
                f"objective {objective.name!r} measures service "
                f"{service!r}, which the agreement does not cover"
            )
            raise AgreementError(msg, field=f"{where}.measure.service")
        if objective.allocation is not None:
            if agreement.at_risk is None:
                msg = (
                    f"objective {objective.name!r} has an allocation, so the "
                    "agreement needs an at_risk percent to allocate"
                )
                raise AgreementError(msg, field=f"{where}.allocation")
            allocated += objective.allocation
            if allocated > agreement.pool_allocation:
                msg = (
                    f"allocations add up to {allocated} at objective "
                    f"{objective.name!r}, over the pool allocation of "
                    f"{agreement.pool_allocation}"
                )
                raise AgreementError(msg, field=f"{where}.allocation")
    rule = agreement.termination
    if rule is not None and rule.objectives is not None:
        unknown = sorted(rule.objectives - names - amended_names(agreement))
        if unknown:
            msg = f"termination names unknown objectives {unknown}"
            raise AgreementError(msg, field="termination.objectives")


def check_terms(agreement: Agreement) -> None:
    if agreement.at_risk is not None and agreement.at_risk > HUNDRED:
        msg = f"at_risk is a percent of the fee, at most 100, got {agreement.at_risk}"
        raise AgreementError(msg, field="at_risk")
    for field in ("minimum_credit", "yearly_cap"):
        if getattr(agreement, field) is not None and agreement.fee is None:
            msg = f"{field} is an amount, so the agreement needs a fee"
            raise AgreementError(msg, field=field)
    earn_back: object = agreement.earn_back
    if earn_back is not None:
        whole_number(
            earn_back,
            "earn_back",
            AgreementError,
            minimum=1,
            below="{name} must be at least 1 period, got {value}",
        )
    for service in agreement.services:
        name: object = service
        if not isinstance(name, str) or not name:
            msg = f"services must be non-empty names, got {service!r}"
            raise AgreementError(msg, field="services")


def check_workload(agreement: Agreement) -> None:
    """The workload's bands name objectives the agreement has, with valid goals."""
    workload = agreement.workload
    if workload is None:
        return
    objectives = {o.name: o for o in agreement.objectives}
    known = ", ".join(repr(name) for name in objectives)
    for b, band in enumerate(workload.bands):
        for g, change in enumerate(band.goals):
            where = f"workload.bands[{b}].goals[{g}]"
            objective = objectives.get(change.objective)
            if objective is None:
                msg = (
                    f"band {band.name!r} changes the goal of "
                    f"{change.objective!r}, which is not an objective of the "
                    f"agreement ({known})"
                )
                raise AgreementError(msg, field=f"{where}.objective")
            try:
                attrs.evolve(objective, goal=change.goal)
            except AgreementError as exc:
                msg = f"band {band.name!r} goal for {change.objective!r}: {exc}"
                raise AgreementError(msg, field=f"{where}.goal") from None
        for e, name in enumerate(band.excused):
            if name not in objectives:
                where = f"workload.bands[{b}].excused[{e}]"
                msg = (
                    f"band {band.name!r} excuses {name!r}, which is not "
                    f"an objective of the agreement ({known})"
                )
                raise AgreementError(msg, field=where)
