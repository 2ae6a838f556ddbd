"""The masked (脱敏) sheets say “不含出生日期和健康状况”: printed and carried door to door, or left at the print shop,
they must not tell who is ill or disabled, in any column. The member roster left 健康状况 and 残疾类别 out but
still said 未就业原因 患病, 证件类型 残疾人证, and a 残疾人证 number's last digits (its 残疾类别 and 等级). The
full sheets, for the county and the national system, keep every value as recorded."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from forms.excel.export import ExportOptions, export, mask_id
from forms.idnumber import make_ric
from forms.store import Store
from tests.factories import add_household, add_member, add_site

ON = date(2026, 11, 30)
HEAD_ID = make_ric("530326", date(1970, 4, 3), 11)
HEAD_CARD = HEAD_ID + "42"  # 残疾人证: 4 肢体, 2 二级
WIFE_ID = make_ric("530326", date(1974, 8, 9), 22)
SON_ID = make_ric("530326", date(1996, 2, 1), 33)
#: Words that on a masked sheet would tell of someone's health or disability.
HEALTH_WORDS = ("患病", "大病", "慢性病", "残疾", "肢体")


@pytest.fixture
def ill_family(store: Store) -> Store:
    """王大山 (disabled, a 残疾人证), his wife 李秀兰 (患有大病, not working because 患病) and their son (长期慢性病,
    not working for want of skills)."""
    with store.unit_of_work("li") as uow:
        home = add_household(uow, add_site(uow), hh_number="5303261062020000071", room="101", status="已完成")
        add_member(uow, home, "王大山", relation="户主", sex="男", birth_date=date(1970, 4, 3), id_type="残疾人证",
                   id_number=HEAD_CARD, health="残疾", disability="肢体", labour_skill="弱劳动力或半劳动力",
                   unemployment_reason="其他")  # fmt: skip
        add_member(uow, home, "李秀兰", relation="配偶", sex="女", birth_date=date(1974, 8, 9), id_number=WIFE_ID,
                   health="患有大病", labour_skill="普通劳动力", unemployment_reason="患病")  # fmt: skip
        add_member(uow, home, "王小明", relation="之子", sex="男", birth_date=date(1996, 2, 1), id_number=SON_ID,
                   health="长期慢性病", labour_skill="普通劳动力", unemployment_reason="缺乏技能")  # fmt: skip
    return store


def everything_in(path: Path) -> str:
    """All the .xlsx holds, as a finder who unzips it reads it (cells, shared strings, properties)."""
    with zipfile.ZipFile(path) as archive:
        return "\n".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def member_rows(path: Path) -> dict[str, dict[str, object]]:
    """The member sheet's rows by 姓名, each as header → value."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    headers = [c.value for c in ws[3]]
    rows = [dict(zip(headers, row, strict=True)) for row in ws.iter_rows(min_row=4, values_only=True)]
    return {str(row["姓名"]): row for row in rows}


def test_the_masked_member_roster_tells_nobodys_illness_or_disability(ill_family: Store, tmp_path: Path) -> None:
    result = export(ill_family, "members", tmp_path / "成员-脱敏.xlsx", ExportOptions(on=ON, masked=True))
    text = everything_in(result.path)
    assert [word for word in HEALTH_WORDS if word in text] == []
    rows = member_rows(result.path)
    # 患病 reads as 其他, as a reason that is really 其他 does: not working, and a reason to ask about at the door.
    assert [rows[name]["未就业原因"] for name in ("王大山", "李秀兰", "王小明")] == ["其他", "其他", "缺乏技能"]
    # The 残疾人证 is shown as the ID number it holds, masked as any other: its ends were the category and grade.
    assert rows["王大山"]["证件类型"] == "居民身份证"
    assert rows["王大山"]["证件号码"] == mask_id(HEAD_ID) == HEAD_ID[:4] + "*" * 10 + HEAD_ID[-4:]

    whole = export(ill_family, "members", tmp_path / "成员.xlsx", ExportOptions(on=ON))
    rows = member_rows(whole.path)
    assert rows["李秀兰"]["未就业原因"] == "患病" and rows["李秀兰"]["健康状况"] == "患有大病"
    assert (rows["王大山"]["证件类型"], rows["王大山"]["证件号码"]) == ("残疾人证", HEAD_CARD)
    assert rows["王大山"]["残疾类别"] == "肢体"


def test_the_masked_household_sheet_tells_nobodys_illness_or_disability(ill_family: Store, tmp_path: Path) -> None:
    result = export(ill_family, "household", tmp_path / "户表-脱敏.xlsx", ExportOptions(on=ON, masked=True))
    text = everything_in(result.path)
    assert [word for word in HEALTH_WORDS if word in text] == []
    assert mask_id(HEAD_ID) in text and HEAD_ID[-4:] + "42" not in text

    whole = everything_in(export(ill_family, "household", tmp_path / "户表.xlsx", ExportOptions(on=ON)).path)
    assert HEAD_CARD in whole and "残疾（肢体）" in whole and "患有大病" in whole
