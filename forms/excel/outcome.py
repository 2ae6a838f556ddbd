"""What an import did, row by row: every data row is imported, merged or reported, and each report says where.

A `Problem` names the file, the sheet, the Excel row and the column header the clerk sees, says what is wrong
and what to do, in 中文 first. ``severity`` is ``error`` when the row or the value was not imported, ``warning``
when it was imported and should be checked. Every non-blank row below the header gets one `Outcome`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from .repair import REPAIRS

Severity = Literal["error", "warning"]
Outcome = Literal["created", "updated", "unchanged", "merged", "reported", "skipped"]

OUTCOME_TEXT: dict[str, tuple[str, str]] = {
    "created": ("已新增", "added"),
    "updated": ("已更新", "updated"),
    "unchanged": ("无变化", "unchanged"),
    "merged": ("与前面的重复行合并", "merged with an identical earlier row"),
    "reported": ("未导入", "not imported"),
    "skipped": ("跳过（非数据行）", "skipped (not a data row)"),
}

# The repairs the import summary names by column and kind, largest first; the rest are "等" (the 说明 sheet and the
# page's 查看全部 list them all).
REPAIR_KINDS_SHOWN = 3
# Shorter names, for the one-line summary, of the repairs whose `REPAIRS` label is a sentence. The column is said
# before them (【证件号码】小写x改为大写X), so they need not name it.
REPAIR_SHORT: dict[str, tuple[str, str]] = {
    "placeholder": ("占位符“/”“无”视为空", "placeholders as empty"),
    "excel_serial": ("Excel日期序号转为日期", "Excel date numbers"),
    "date_text": ("文本日期转为日期", "dates written as text"),
    "month_number": ("数字写的年月", "months written as numbers"),
    "unit_removed": ("去掉“元”“栋”等字样", "units removed"),
    "control_chars": ("去掉看不见的控制字符", "control characters removed"),
    "split_note": ("“是，工种”拆为两项", "“是，工种” split"),
    "child_no_labour": ("未满16周岁填为“无劳动力”", "under-16s as 无劳动力"),
    "lowercase_x": ("小写x改为大写X", "lowercase x to X"),
    "upgraded_15": ("15位号码升级为18位", "15-digit numbers upgraded"),
}


@dataclass(frozen=True)
class RepairCount:
    """How many cells of one column one kind of repair rewrote; ``column`` (its header in the file) is None for a
    repair made after the cells were read (劳动技能 filled for a child) — its label names what it filled."""

    column: str | None
    code: str
    count: int

    def label(self, *, en: bool = False, short: bool = False) -> str:
        """The kind of repair, as the 说明 sheet says it (``short``: as the one-line summary does)."""
        names = (REPAIR_SHORT.get(self.code) if short else None) or REPAIRS.get(self.code, (self.code, self.code))
        return names[en]

    def name(self, *, en: bool = False, short: bool = False) -> str:
        """The column, as the problem list's 原因 names it, then the kind: 【证件号码】去掉末尾的“.0”."""
        label = self.label(en=en, short=short)
        if self.column is None:
            return label
        return f"[{self.column}] {label}" if en else f"【{self.column}】{label}"


@dataclass(frozen=True)
class Problem:
    file: str
    sheet: str
    row: int | None  # Excel row number, as the clerk sees it
    column: str | None  # the column's header in the file
    col_index: int | None  # 0-based, for highlighting in the error workbook
    code: str
    zh: str
    en: str
    severity: Severity = "error"
    value: str | None = None

    def where_zh(self) -> str:
        parts = [f"文件“{self.file}”", f"工作表“{self.sheet}”"]
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column:
            parts.append(f"“{self.column}”列")
        return "，".join(parts)

    def where_en(self) -> str:
        parts = [f"file “{self.file}”", f"sheet “{self.sheet}”"]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column “{self.column}”")
        return ", ".join(parts)

    def message(self) -> str:
        return f"{self.where_zh()}：{self.zh}"

    def message_en(self) -> str:
        return f"{self.where_en()}: {self.en}"

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "severity": self.severity,
            "zh": self.zh,
            "en": self.en,
            "value": self.value,
        }


@dataclass
class SheetReport:
    name: str
    kind: str  # "members" or "spells"
    header_row: int  # Excel row number of the header
    data_rows: int = 0
    blank_rows: int = 0
    columns: list[str] = field(default_factory=list)  # headers mapped to fields
    ignored: list[str] = field(default_factory=list)  # known, deliberately not imported (序号, 年龄 …)
    unknown: list[str] = field(default_factory=list)  # not recognised: reported, not imported
    duplicates: list[str] = field(default_factory=list)  # a second column for the same field: not read


@dataclass
class ImportResult:
    file: Path
    sheets: list[SheetReport] = field(default_factory=list)
    skipped_sheets: list[tuple[str, str]] = field(default_factory=list)  # (sheet, why), not rosters
    outcomes: dict[tuple[str, int], Outcome] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    repairs: Counter[str] = field(default_factory=Counter)
    #: the same repairs by (kind, the column's header in the file): `repairs_by_column` lists them
    repair_columns: Counter[tuple[str, str]] = field(default_factory=Counter)
    #: the headers of the columns holding ID numbers (证件号码, 户主证件号码): their repairs are always named
    id_columns: set[str] = field(default_factory=set)
    counts: Counter[str] = field(default_factory=Counter)  # "members.created", "households.updated" …
    journal_entries: int = 0
    errors_path: Path | None = None
    #: the file imported was a list of problems, now all in, or its rows that still need the clerk in the new list
    #: (`errors_path`): deleted
    problem_list_removed: bool = False
    #: Excel's or WPS's lock file (~$…) was beside the file: it is open there, and what was read is what was last
    #: saved. A clerk who fixed rows in the problem list and imported it unsaved got the same problems again.
    open_elsewhere: Path | None = None
    dry_run: bool = False
    seconds: float = 0.0

    def outcome(self, sheet: str, row: int) -> Outcome | None:
        return self.outcomes.get((sheet, row))

    def rows_with(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes.values() if o == outcome)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def summary(self) -> str:
        """One line for people, 中文."""
        c = self.counts
        done = "检查完成（未写入数据库）" if self.dry_run else "导入完成"
        parts = [
            f"{done}：{self.file.name}",
            f"户 新增{c['households.created']} 更新{c['households.updated']} 无变化{c['households.unchanged']}",
            f"成员 新增{c['members.created']} 更新{c['members.updated']} 无变化{c['members.unchanged']}",
            f"务工 新增{c['spells.created']} 更新{c['spells.updated']} 无变化{c['spells.unchanged']}",
        ]
        if c["members.moved"]:
            parts.append(f"其中{c['members.moved']}人换了户")
        if c["members.not_in_file"]:
            parts.append(f"库中这些户另有{c['members.not_in_file']}人不在表里（未改动）")
        merged, reported = self.rows_with("merged"), self.rows_with("reported")
        if merged:
            parts.append(f"重复行合并{merged}行")
        parts.append(f"未导入{reported}行")
        if self.warnings:
            parts.append(f"需核对{len(self.warnings)}处")
        if self.repairs:
            parts.append(self.repairs_brief())
        unknown = [h for s in self.sheets for h in s.unknown]
        if unknown:
            parts.append(f"未识别的列（未导入）：{'、'.join(unknown[:8])}{'……' if len(unknown) > 8 else ''}")
        if self.errors_path is not None:
            # Beside the roster, often on a stick: the clerk is told what it holds, not only where it is.
            parts.append(
                f"问题清单见 {self.errors_path.name}（含完整证件号码，改好再导入后会自动删除，勿另存或留在U盘上）"
            )
        if self.problem_list_removed and self.errors_path is not None:
            parts.append(f"导入的问题清单 {self.file.name} 已删除（它含有证件号码），还要改的行都在新的问题清单里")
        elif self.problem_list_removed:
            parts.append(f"问题清单 {self.file.name} 已全部导入，已删除（它含有证件号码，已不再需要）")
        if self.open_elsewhere is not None:
            parts.append(self.open_elsewhere_said())
        return "；".join(parts) + "。"

    def open_elsewhere_said(self, *, en: bool = False) -> str:
        """What the clerk is told when the file seemed open in Excel or WPS (`open_elsewhere`)."""
        if en:
            return (
                f"Note: {self.file.name} seems to be open in Excel or WPS (the lock file "
                f"{self.open_elsewhere.name if self.open_elsewhere else ''} is beside it): what was read is what was "
                "last saved, so changes not yet saved are not in. Save it in Excel and import it again; if it is not "
                "open, ignore this."
            )
        return (
            f"注意：{self.file.name} 似乎正在Excel或WPS表格里打开（旁边有锁定文件 "
            f"{self.open_elsewhere.name if self.open_elsewhere else ''}），导入的是它最后一次保存的内容，"
            "打开后改过而还没保存的不在其中；请在Excel里保存后再导入一次，没有打开的话不用管这句"
        )

    def summary_en(self) -> str:
        c = self.counts
        removed = " The problem list, all imported now, was deleted (it held ID numbers)."
        if self.problem_list_removed and self.errors_path is not None:
            removed = " The problem list imported was deleted (it held ID numbers): what is left is in the new one."
        removed = removed if self.problem_list_removed else ""
        if self.errors_path is not None:
            removed += (
                f" Problems are in {self.errors_path.name}; it holds full ID numbers: fix it and import it again "
                "(it is then deleted), do not leave it on a USB stick."
            )
        return (
            f"{'Checked (nothing written)' if self.dry_run else 'Imported'} {self.file.name}: households "
            f"+{c['households.created']} ~{c['households.updated']}, members +{c['members.created']} "
            f"~{c['members.updated']}, spells +{c['spells.created']} ~{c['spells.updated']}; "
            f"{self.rows_with('reported')} rows not imported, {len(self.warnings)} to check."
            f"{' ' + self.repairs_brief(en=True) + '.' if self.repairs else ''}{removed}"
            f"{' ' + self.open_elsewhere_said(en=True) if self.open_elsewhere is not None else ''}"
        )

    def repairs_by_column(self) -> list[RepairCount]:
        """Every repair by column and kind, largest first. A kind counted without a column (made after the cells
        were read) is listed, for what its columns do not account for, without one."""
        placed: Counter[str] = Counter()
        counts = []
        for (code, column), count in self.repair_columns.items():
            counts.append(RepairCount(column, code, count))
            placed[code] += count
        counts += [RepairCount(None, code, n - placed[code]) for code, n in self.repairs.items() if n > placed[code]]
        return sorted(counts, key=lambda c: -c.count)  # stable: ties stay in the order the file met them

    def repairs_named(self) -> list[RepairCount]:
        """The repairs a one-line summary names: those of the ID number columns first, then the largest, at most
        `REPAIR_KINDS_SHOWN`. Largest first alone let 300 rewritten ID numbers fall under "等" behind 7,000 names
        without spaces, and whether the key was rewritten is the clerk's first question."""
        counts = self.repairs_by_column()
        ids = [c for c in counts if c.column in self.id_columns]
        return (ids + [c for c in counts if c.column not in self.id_columns])[:REPAIR_KINDS_SHOWN]

    def repairs_brief(self, *, en: bool = False) -> str:
        """The automatic repairs, their total and the largest, each with its column: "自动修正 5,234 处：【姓名】去掉
        空格 3,900、【证件号码】去掉末尾的“.0” 1,200、【证件号码】小写x改为大写X 134 等". A clerk at the command prompt
        saw only the total, then only the kinds: "去掉空格 4,000" did not say whether names or ID numbers were
        rewritten, and the column is what tells an ordinary table from one whose key was changed.
        """
        total = sum(self.repairs.values())
        shown = [f"{c.name(en=en, short=True)} {c.count:,}" for c in self.repairs_named()]
        more = len(self.repairs_by_column()) > len(shown)
        if en:
            return f"Repaired {total:,} values automatically: {', '.join(shown)}{', …' if more else ''}"
        return f"自动修正 {total:,} 处：{'、'.join(shown)}{' 等' if more else ''}"

    def repair_lines(self) -> list[str]:
        """Every repair, as the 说明 sheet and the page's 查看全部 list them: "【证件号码】去掉末尾的“.0”：1,200处"."""
        return [f"{c.name()}：{c.count:,}处" for c in self.repairs_by_column()]

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": not self.errors,
            "file": str(self.file),
            "dry_run": self.dry_run,
            "problem_list_removed": self.problem_list_removed,
            "open_elsewhere": None if self.open_elsewhere is None else str(self.open_elsewhere),
            "counts": dict(sorted(self.counts.items())),
            "rows": {o: self.rows_with(o) for o in OUTCOME_TEXT},  # type: ignore[arg-type]
            "journal_entries": self.journal_entries,
            "sheets": [
                {
                    "name": s.name,
                    "kind": s.kind,
                    "header_row": s.header_row,
                    "data_rows": s.data_rows,
                    "blank_rows": s.blank_rows,
                    "columns": s.columns,
                    "ignored": s.ignored,
                    "unknown": s.unknown,
                    "duplicates": s.duplicates,
                }
                for s in self.sheets
            ],
            "skipped_sheets": [{"name": n, "why": w} for n, w in self.skipped_sheets],
            "repairs": dict(self.repairs),  # by kind, as before
            "repairs_by_column": [
                {"column": c.column, "kind": c.code, "count": c.count, "zh": c.label(), "en": c.label(en=True)}
                for c in self.repairs_by_column()
            ],
            "problems": [p.to_json() for p in self.problems],
            "errors_file": str(self.errors_path) if self.errors_path else None,
            "seconds": round(self.seconds, 3),
        }
