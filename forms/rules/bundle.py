"""One household with everything its rules look at, in memory: the unit the rules work on.

The editor builds a bundle from the values on screen (saved or not), `forms.rules.loading` builds them from the
database, and the tests build them from plain rows. Tombstoned records may be in a bundle (flagged ``deleted``):
the rules skip them, so a caller never has to remember to.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from functools import cached_property
from typing import Any, TypeVar

from ..findings import Namesake, member_who, told_apart
from ..household_list import address_of as address_of  # re-exported: callers import it from here
from .labour import HEAD, VOID

_F = TypeVar("_F")


def _read(cls: type[_F], source: object) -> _F:
    """Facts from an ORM object or a row mapping: fields by name (absent ones take their defaults), ``deleted``
    from ``deleted`` or ``deleted_at``."""
    get = source.get if isinstance(source, Mapping) else lambda key, default=None: getattr(source, key, default)
    values: dict[str, Any] = {}
    for f in fields(cls):  # type: ignore[arg-type]  # a dataclass, as every caller passes
        if f.name == "deleted":
            values["deleted"] = bool(get("deleted", False)) or get("deleted_at") is not None
        else:
            value = get(f.name, f.default)
            if value is MISSING:
                raise KeyError(f"{cls.__name__} needs “{f.name}”")
            values[f.name] = value
    return cls(**values)


@dataclass(frozen=True, slots=True)
class HouseholdFacts:
    id: str
    status: str = "草稿"
    hh_number: str | None = None
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    site_id: str | None = None
    site_name: str | None = None
    household_type: str | None = None  # 户类型: 脱贫户 / 一般农户
    deleted: bool = False

    @classmethod
    def of(cls, source: object) -> HouseholdFacts:
        return _read(cls, source)

    @property
    def counts(self) -> bool:
        """Whether the household counts at all: tombstoned and 作废 households never do."""
        return not self.deleted and self.status != VOID

    @property
    def address(self) -> str:
        return address_of(self.building, self.unit, self.room)


@dataclass(frozen=True, slots=True)
class MemberFacts:
    id: str
    name: str = ""
    id_type: str | None = "居民身份证"
    id_number: str | None = None
    sex: str | None = None
    birth_date: date | None = None
    relation: str | None = None
    student_status: str | None = None
    labour_skill: str | None = None
    job_intent: bool | None = None
    training_intent: bool | None = None
    two_after: bool | None = None
    deleted: bool = False

    @classmethod
    def of(cls, source: object) -> MemberFacts:
        return _read(cls, source)


@dataclass(frozen=True, slots=True)
class SpellFacts:
    id: str
    member_id: str
    form: str = ""
    place_scope: str | None = None
    place: str | None = None
    employer: str | None = None
    start_month: str | None = None
    end_month: str | None = None
    monthly_income: int | None = None
    organised: bool | None = None
    contract_start: date | None = None
    contract_end: date | None = None
    accident_insurance: bool | None = None
    transport_subsidy_year: int | None = None
    deleted: bool = False

    @classmethod
    def of(cls, source: object) -> SpellFacts:
        return _read(cls, source)


@dataclass(frozen=True, slots=True)
class MeasureFacts:
    id: str
    kind: str = ""
    member_id: str | None = None
    started_on: date | None = None
    due_on: date | None = None
    closed_on: date | None = None
    deleted: bool = False

    @classmethod
    def of(cls, source: object) -> MeasureFacts:
        return _read(cls, source)


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """A live member of another live household (or another member of this one) with the same 证件号码."""

    member_id: str
    name: str
    household_id: str
    hh_number: str | None
    address: str


@dataclass(frozen=True)
class HouseholdBundle:
    """A household, its members, their spells, its measures, and the warnings accepted on any of them.

    ``accepted`` holds the keys of live FindingOverrides (`forms.rules.overrides.override_key`: rule code, record
    id, and the subject when the override names one). ``elsewhere`` maps an ID number to the
    live members of *other* households holding it; it is filled by whoever can see the whole database (the
    loader, the editor through `forms.rules.loading.id_elsewhere`); an empty map means "none known".
    ``roster`` gives the live members' places on the editor's roster (1, 2, …), so a finding can name a member
    whose name is not typed yet (第3位成员); elsewhere it is empty. ``namesakes`` names the members whose name
    another live member of the household shares (`forms.findings.told_apart`) where the bundle does not hold the
    whole household (`anju check` loads just the members it screened); a whole household's bundle works it out.
    """

    household: HouseholdFacts
    members: tuple[MemberFacts, ...] = ()
    spells: tuple[SpellFacts, ...] = ()
    measures: tuple[MeasureFacts, ...] = ()
    accepted: frozenset[tuple[str, ...]] = frozenset()
    elsewhere: Mapping[str, tuple[Elsewhere, ...]] = field(default_factory=dict)
    roster: Mapping[str, int] = field(default_factory=dict, compare=False)
    namesakes: Mapping[str, tuple[str, str]] = field(default_factory=dict, compare=False)
    _spells_of: dict[str, tuple[SpellFacts, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_member: dict[str, list[SpellFacts]] = {}
        for spell in self.spells:
            if not spell.deleted:
                by_member.setdefault(spell.member_id, []).append(spell)
        object.__setattr__(self, "_spells_of", {k: tuple(v) for k, v in by_member.items()})

    @classmethod
    def build(
        cls,
        household: object,
        members: Iterable[object] = (),
        spells: Iterable[object] = (),
        measures: Iterable[object] = (),
        overrides: Iterable[object] = (),
        elsewhere: Mapping[str, tuple[Elsewhere, ...]] | None = None,
    ) -> HouseholdBundle:
        """A bundle from ORM objects or row mappings (overrides: anything with rule_code, record_id, deleted_at and
        optionally subject)."""
        accepted: set[tuple[str, ...]] = set()
        for o in overrides:
            get = o.get if isinstance(o, Mapping) else lambda key, o=o: getattr(o, key, None)
            if get("deleted_at") is None:
                subject = get("subject")
                key = (str(get("rule_code")), str(get("record_id")))
                accepted.add((*key, str(subject)) if subject else key)
        return cls(
            household=household if isinstance(household, HouseholdFacts) else HouseholdFacts.of(household),
            members=tuple(m if isinstance(m, MemberFacts) else MemberFacts.of(m) for m in members),
            spells=tuple(s if isinstance(s, SpellFacts) else SpellFacts.of(s) for s in spells),
            measures=tuple(m if isinstance(m, MeasureFacts) else MeasureFacts.of(m) for m in measures),
            accepted=frozenset(accepted),
            elsewhere=dict(elsewhere or {}),
        )

    @cached_property
    def live_members(self) -> tuple[MemberFacts, ...]:
        return tuple(m for m in self.members if not m.deleted)

    @cached_property
    def open_measures(self) -> tuple[MeasureFacts, ...]:
        """The measures that follow the household up: not closed, and for the household or a member still in it. A
        member who left (减员) has their measures closed with them; one left open (removed by an older program, or
        merged away by the county) follows nobody up and does not count (`sql.open_measure` says the same)."""
        gone = {m.id for m in self.members if m.deleted}
        return tuple(m for m in self.measures if not m.deleted and m.closed_on is None and m.member_id not in gone)

    def spells_of(self, member_id: str) -> tuple[SpellFacts, ...]:
        """The live spells of a member."""
        return self._spells_of.get(member_id, ())

    def member(self, member_id: str | None) -> MemberFacts | None:
        return next((m for m in self.members if m.id == member_id), None)

    def who(self, member: MemberFacts) -> tuple[str, str]:
        """How findings name a member (中文, English): `forms.findings.member_who`, or where another member of the
        household has the same name, with what tells the two apart (`forms.findings.told_apart`)."""
        return self._told_apart.get(member.id) or member_who(member.name, self.roster.get(member.id))

    @cached_property
    def _told_apart(self) -> dict[str, tuple[str, str]]:
        namesakes = (
            Namesake(m.id, m.name, m.relation, m.birth_date, m.id_number, self.roster.get(m.id))
            for m in self.live_members
        )
        return {**told_apart(namesakes), **self.namesakes}

    @property
    def head_name(self) -> str | None:
        """The 户主's name (the first by name if there are several, as the SQL worklists choose)."""
        heads = sorted((m.name, m.id) for m in self.live_members if m.relation == HEAD)
        return heads[0][0] if heads else None
