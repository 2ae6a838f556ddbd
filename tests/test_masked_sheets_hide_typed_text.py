"""The masked (脱敏) sheets are printed and carried door to door, or left at the print shop: what a worker typed about
someone (就业意愿（工种）“患病在家”, a 走访's 情况记录, a measure's 进展, a household's 作废原因) is not on them, in any
cell; the full sheets keep it as typed. And ``anju export`` says of a masked sheet only what is so of it: the
零就业 list has phones and no ID number, and the file name of a masked 家庭基本情况表 has no ID number."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from forms.demo import write_demo
from forms.excel.commands import register
from forms.excel.export import HIDDEN
from forms.records import Household, Measure, Member, Visit
from forms.store import Store
from tests.in_process_cli import run_in_process

ON = date(2026, 11, 29)
#: Typed by a worker into a text answer: words of health a masked sheet must not carry.
ILL = "患病在家，腿脚不便"
VOIDED_BECAUSE = "户主患病在家，全家投亲"
MASKABLE = ("members", "employment", "zero-employment", "transport-subsidy", "service-subsidy", "two-after")


@pytest.fixture
def noted(store: Store) -> Store:
    """A demo county where every text a worker types about a person says “患病在家”: each member's 就业意愿,
    培训意愿 and 培训 工种, each 走访's 情况记录, each open measure's 进展; a household voided for it, and a member
    who died (a 减员原因 picked from the list)."""
    write_demo(store, 40, seed=3, today=ON)
    with store.unit_of_work("test") as uow:
        for member in uow.session.scalars(select(Member)):
            member.job_intent_note = member.training_intent_note = member.trained_note = ILL
        for visit in uow.session.scalars(select(Visit)):
            visit.notes = ILL
        for measure in uow.session.scalars(select(Measure).where(Measure.closed_on.is_(None))):
            measure.outcome = ILL
        home = uow.session.scalars(select(Household).order_by(Household.id).limit(1)).one()
        home.status, home.void_reason = "作废", VOIDED_BECAUSE
        died = uow.session.scalars(select(Member).where(Member.relation != "户主").order_by(Member.id).limit(1)).one()
        died.left_reason = "死亡"
        uow.delete(died)
    return store


def exporter(store: Store, tmp_path: Path) -> Callable[..., tuple[str, list[str]]]:
    """``anju export KIND ... --db`` the store's database: what the command said, and every cell of the file read
    back with openpyxl (as text)."""

    def exported(kind: str, *more: str) -> tuple[str, list[str]]:
        out = tmp_path / f"{kind}{'-'.join(more)}.xlsx"
        code, said, _ = run_in_process(
            register, "export", kind, "--db", str(store.path), "--out", str(out), "--date", ON.isoformat(), *more
        )
        assert code == 0, said
        book = openpyxl.load_workbook(out)
        cells = [str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row if v]
        return said, cells

    return exported


def holding(cells: list[str], *words: str) -> list[str]:
    return [cell for cell in cells if any(word in cell for word in words)]


def test_a_masked_sheet_holds_no_text_typed_about_anyone_and_a_full_one_keeps_it(noted: Store, tmp_path: Path) -> None:
    exported = exporter(noted, tmp_path)
    for kind in (*MASKABLE, "departures", "household"):
        _, cells = exported(kind, "--mask")
        assert holding(cells, "患病", "腿脚不便") == [], kind
        assert any("工作人员填写的情况说明" in cell for cell in cells), kind  # and the sheet says so

    # Where there was a text, the masked sheet says one was hidden: the worker asks at the door, or looks in Anju.
    _, cells = exported("members", "--mask")
    assert HIDDEN in cells
    _, cells = exported("household", "--mask")
    assert cells.count(HIDDEN) >= 2  # a measure's 进展 and a 走访's 情况记录, of some household at least
    _, cells = exported("departures", "--mask")
    assert HIDDEN in cells and "死亡" in cells  # the household's 作废原因 hidden, a member's 减员原因 (a choice) kept

    for kind in ("members", "two-after", "household"):
        _, cells = exported(kind, "--no-mask")
        assert ILL in cells and HIDDEN not in cells, kind
    _, cells = exported("departures")
    assert VOIDED_BECAUSE in cells


def test_a_masked_export_says_only_what_it_masked(noted: Store, tmp_path: Path) -> None:
    """The 零就业 list has no ID number column: it was said to have its 证件号码 masked, and to be a sheet that
    could be imported before."""
    exported = exporter(noted, tmp_path)
    said, cells = exported("zero-employment")
    assert "电话已脱敏。" in said and "证件号码" not in said and "导入" not in said
    assert "证件号码" not in cells and "户联系电话" in cells  # what it says is so
    said, _ = exported("members", "--mask")
    assert "证件号码和电话已脱敏，不能再导入。" in said
    said, _ = exported("two-after")
    assert "证件号码和电话已脱敏，不能再导入。" in said
    said, _ = exported("household", "--mask")
    assert "证件号码和电话已脱敏，这份不作户主签字确认用。" in said


def test_the_json_says_what_a_masked_export_masked(noted: Store, tmp_path: Path) -> None:
    """``--json`` said what a full export holds (full_ids, full_phones, health) and not what a masked one masked: a
    county's script could not tell a masked 零就业 list (phones only) from a masked roster (not to be imported)."""
    exported = exporter(noted, tmp_path)
    for kind, more, masked in (
        ("zero-employment", (), (False, True)),
        ("members", ("--mask",), (True, True)),
        ("household", ("--mask",), (True, True)),
        ("members", (), (False, False)),
        ("zero-employment", ("--no-mask",), (False, False)),
    ):
        said, _ = exported(kind, *more, "--json")
        data = json.loads(said)
        assert (data["masked_ids"], data["masked_phones"]) == masked, (kind, more)


def test_a_masked_household_sheets_file_name_holds_no_id_number(noted: Store, tmp_path: Path) -> None:
    """Named as the 打印户表 dialog names it: the 户主 and the 户编号, both printed whole on the masked sheet too
    (the worker finds the household's sheet by them), never anyone's ID number."""
    with noted.reading() as session:
        home = session.scalars(
            select(Household).where(Household.status != "作废", Household.hh_number.is_not(None)).limit(1)
        ).one()
        number = home.hh_number
        people = session.scalars(select(Member).where(Member.household_id == home.id)).all()
        head = next(m.name for m in people if m.relation == "户主")
        ids = [m.id_number for m in people if m.id_number]
    folder = tmp_path / "U盘"
    folder.mkdir()
    code, said, _ = run_in_process(
        register, "export", "household", "--db", str(noted.path), "--household", number, "--mask",
        "--out", f"{folder}/", "--date", ON.isoformat(),
    )  # fmt: skip
    assert code == 0, said
    (written,) = folder.iterdir()
    assert written.name == f"家庭基本情况表（一户一档）-{head}（{number}）-{ON:%Y%m%d}-脱敏.xlsx"
    assert ids and not [n for n in ids if n in written.name]
    assert re.findall(r"\d+", written.name) == [number, f"{ON:%Y%m%d}"]  # no number but these, whole or in part
    ws = openpyxl.load_workbook(written).worksheets[0]
    shown = [str(v) for row in ws.iter_rows(values_only=True) for v in row if v]
    assert any(number in cell and head in cell for cell in shown)  # the sheet shows both: the name tells no more
