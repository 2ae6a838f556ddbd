"""整户合并 of one family two stations recorded, where a baby without an ID number is spelled differently: one station
has 张𠮷, the other took the name from the national 防返贫 export, whose font lacks 𠮷 and writes 张?. Real SQLite
files for the county and both stations; the pairing itself (`sync.unnumbered`) without them."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from forms import commands as form_commands
from forms.records import Household, Member
from sync import commands as sync_commands
from sync.duplicates import list_duplicates, list_twins, merge_households
from sync.errors import SyncError
from sync.unnumbered import pair_unnumbered
from tests.in_process_cli import run_in_process
from tests.test_sync_support import World, live_members, one_family_at_both_stations

pytest_plugins = ["tests.test_sync_support"]

BORN = date(2026, 2, 1)


def babies(world: World, recorded: dict[str, list[tuple[str, date | None]]]) -> dict[str, str]:
    """王大's family at both stations (`one_family_at_both_stations`), with the babies each station recorded without
    a number, synced to the county."""
    homes = one_family_at_both_stations(world)
    for who, named in recorded.items():
        with world.edit(who) as uow:
            for name, born in named:
                uow.add(Member(household_id=homes[who], name=name, relation="之子", birth_date=born))
        world.sync(who)
    return homes


def offered(world: World) -> set[frozenset[str]]:
    """The pairs of households the 重复人员 page and `anju county duplicates` offer to merge whole."""
    return {frozenset((t.keep, t.other)) for t in list_twins(world.county, list_duplicates(world.county))}


@pytest.mark.parametrize("keep", ["a", "b"])
def test_a_baby_one_station_has_as_the_national_export_wrote_it_merges_whole_keeping_the_whole_name(
    world: World, keep: str
) -> None:
    """Station A recorded the baby as 张𠮷, station B as 张? from the national export: 整户合并 was neither offered
    nor allowed, either way round, and merging person by person left B's copy live with only the baby in it."""
    homes = babies(world, {"a": [("张𠮷", BORN)], "b": [("张?", BORN)]})
    assert offered(world) == {frozenset(homes.values())}
    other = "b" if keep == "a" else "a"
    done = merge_households(world.county, homes[keep], homes[other], "clerk")
    assert (len(done.merged), len(done.moved)) == (3, 0)  # 王大, 李二 and the baby, each one person
    world.sync(other)
    for who in ("county", other):
        assert live_members(world, who, homes[keep]) == ["张𠮷", "李二", "王大"], who  # never 张?
        assert live_members(world, who, homes[other]) == [] and world.get(who, Household, homes[other]).status == "作废"


def test_twins_both_recorded_as_the_national_export_wrote_them_are_not_merged_by_guess(world: World) -> None:
    """Twins born the same day, 张𠮷 and 张吉, are 张? and 张? in the national export, and both stations took them
    from it: the merge paired A's first 张? with B's first, though nothing says they are one child (a child's job or
    measure could land on the other twin). Now it refuses, says why, and changes nothing."""
    homes = babies(world, {"a": [("张?", BORN), ("张?", BORN)], "b": [("张?", BORN), ("张?", BORN)]})
    assert offered(world) == set()
    for keep, other in (("a", "b"), ("b", "a")):
        with pytest.raises(SyncError, match="张\\?、张\\?、张\\?、张\\? 分不清谁是谁") as refused:
            merge_households(world.county, homes[keep], homes[other], "clerk")
        assert "把姓名改成完整的写法或补录证件号码" in str(refused.value)
    for who in ("a", "b"):
        assert live_members(world, "county", homes[who]) == ["张?", "张?", "李二", "王大"]


def test_the_duplicates_command_says_why_twins_written_alike_are_not_offered_and_what_the_station_does(
    world: World,
) -> None:
    """`anju county duplicates` listed the family's numbered members and offered nothing to merge whole, without a
    word on why: the clerk could not tell a family it missed from one it cannot merge. Now it names the two
    households, the members nobody can tell apart, and what the station must do before they can be merged."""
    homes = babies(world, {"a": [("张?", BORN), ("张?", BORN)], "b": [("张?", BORN), ("张?", BORN)]})
    county = str(world.root / "county.db")
    code, out, _ = run_in_process(duplicate_commands, "county", "duplicates", "--db", county)
    assert code == 0 and "整户重复（" not in out  # nothing offered whole
    said = out[out.index("不能整户合并") :]
    assert "（共 1 对）" in said
    labels = {h: household_labels_of(world, h) for h in homes.values()}
    assert f"{labels[homes['a']]}（者海镇工作站，住户 {homes['a']}" in said
    assert f"{labels[homes['b']]}（娜姑镇工作站，住户 {homes['b']}" in said
    assert "户主 王大" in said and "张?、张?、张?、张?" in said
    assert "请工作站在住户中把姓名改成完整的写法或补录证件号码" in said
    code, out, _ = run_in_process(duplicate_commands, "county", "duplicates", "--db", county, "--json")
    (untold,) = json.loads(out)["untold"]
    assert {untold["one"], untold["other"]} == set(homes.values()) and untold["names"] == ["张?"] * 4


def household_labels_of(world: World, household_id: str) -> str:
    (group,) = {p.household for g in list_duplicates(world.county) for p in g.people if p.household_id == household_id}
    return group


def duplicate_commands(sub: Any) -> None:
    """``anju county …`` as the program registers it."""
    form_commands.register(sub)
    sync_commands.register(sub)


def test_twins_one_station_has_right_and_the_other_as_the_export_wrote_them_are_not_merged_by_guess(
    world: World,
) -> None:
    """A has the twins right, 张𠮷 and 张吉; B has 张? and 张?: either 张? may be either twin."""
    homes = babies(world, {"a": [("张𠮷", BORN), ("张吉", BORN)], "b": [("张?", BORN), ("张?", None)]})
    assert offered(world) == set()
    with pytest.raises(SyncError, match="分不清谁是谁"):
        merge_households(world.county, homes["b"], homes["a"], "clerk")
    assert live_members(world, "county", homes["b"]) == ["张?", "张?", "李二", "王大"]


def test_children_the_export_wrote_alike_are_told_apart_by_their_birth_dates(world: World) -> None:
    homes = babies(
        world, {"a": [("张𠮷", BORN), ("张吉", date(2024, 5, 6))], "b": [("张?", date(2024, 5, 6)), ("张?", BORN)]}
    )
    merge_households(world.county, homes["b"], homes["a"], "clerk")
    with world.county.reading() as session:
        found = select(Member.birth_date, Member.name).where(
            Member.household_id == homes["b"], Member.deleted_at.is_(None), Member.id_number.is_(None)
        )
        kept = {born: name for born, name in session.execute(found)}
    assert kept[BORN] == "张𠮷" and kept[date(2024, 5, 6)] == "张吉"


def test_a_name_in_full_pairs_before_a_marked_one_and_each_person_pairs_once() -> None:
    # 张? could be 张三 too: the 张三 both wrote in full is theirs, and 张? is left 张𠮷.
    assert pair_unnumbered([("张?", None), ("张三", None)], [("张三", None), ("张𠮷", None)]).pairs == {1: 0, 0: 1}
    # The same marked name on both sides is preferred to a spelling it could stand for.
    assert pair_unnumbered([("张?", None)], [("张𠮷", None), ("张?", None)]).pairs == {0: 1}
    # 张? and 张?? may be two different babies: no pair, and nothing uncertain either (neither can be the other).
    assert pair_unnumbered([("张?", None)], [("张??", None)]) == pair_unnumbered([], [])
    # A different birth date is a different child; an unnamed one is nobody.
    assert pair_unnumbered([("张?", BORN), (None, None)], [("张𠮷", date(2025, 1, 1)), (None, None)]).pairs == {}
    # 阿依·木沙 is 阿依•木沙, as before.
    assert pair_unnumbered([("阿依·木沙", BORN)], [("阿依•木沙", None)]).pairs == {0: 0}
