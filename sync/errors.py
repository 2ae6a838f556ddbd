"""Sync errors: what happened to which file, and what to do next — 中文 first, then English.

Each kind of refusal has its own class so the GUI and the county server can react to it (a gap offers the
missing batch numbers, a wrong passphrase lets the user type it again); the messages are built here so the
command line, the GUI and the server say the same thing.
"""

from __future__ import annotations

from pathlib import Path

from forms.commandline import command_word
from forms.errors import AnjuError
from forms.schema import HEAD_REVISION
from forms.version import APP_VERSION, is_later


class SyncError(AnjuError):
    """A sync file or operation was refused; nothing was applied."""


class NotAnjuFile(SyncError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"“{name}”不是安居的同步文件。请确认选择的是 .batch 批次文件或回执文件。",
            f"“{name}” is not an Anju sync file. Check that you picked a .batch or return file.",
        )


class NotAPackage(NotAnjuFile):
    """``anju enrol --accept`` (or 导入登记包) given another file: a batch or return file is not what it wants."""

    def __init__(self, name: str) -> None:
        SyncError.__init__(
            self,
            f"“{name}”不是安居的登记包。请选择县里发来的登记包（文件名以 .anju-station 结尾）。",
            f"“{name}” is not an Anju enrolment package. Pick the package the county sent (its name ends in "
            ".anju-station).",
        )


class DamagedFile(SyncError):
    """The file was changed or cut short after it was sealed; nothing in it can be trusted."""


class TruncatedFile(DamagedFile):
    def __init__(self, name: str, size: int, expected: int | None) -> None:
        of = f"，应为 {expected} 字节" if expected else ""
        of_en = f" of {expected}" if expected else ""
        super().__init__(
            f"“{name}”不完整（只有 {size} 字节{of}），可能复制时被中断或U盘被提前拔出。"
            "未导入任何内容。请重新复制该文件，或在工作站重新导出。",
            f"“{name}” is incomplete ({size} bytes{of_en}): the copy was probably interrupted or the USB stick "
            "pulled out too early. Nothing was imported. Copy the file again, or export again at the station.",
        )


class AlteredFile(DamagedFile):
    def __init__(self, name: str, detail_zh: str, detail_en: str) -> None:
        super().__init__(
            f"“{name}”已损坏或被改动过（{detail_zh}），为保护数据未导入任何内容。请在发出方重新导出该文件。",
            f"“{name}” is damaged or was altered ({detail_en}); nothing was imported, to keep the data safe. "
            "Ask the sender to export it again.",
        )


class MalformedBatch(DamagedFile):
    """Signed by an enrolled station, yet not laid out as the station program writes a batch."""

    def __init__(self, name: str, where: tuple[str, str] = ("", "")) -> None:
        zh_where, en_where = (f"（{where[0]}）", f" ({where[1]})") if where[0] else ("", "")
        super().__init__(
            f"批次“{name}”的内容格式不对{zh_where}（不是安居工作站程序生成的），未导入任何内容。"
            "请确认工作站使用的是正式版本的安居，并在工作站重新导出；若问题持续，请联系技术支持。",
            f"Batch “{name}” is not laid out as the Anju station program makes it{en_where}; nothing was imported. "
            "Check that the station runs a released Anju and export again there; if this goes on, contact technical "
            "support.",
        )


class RejectedByDatabase(SyncError):
    """Signed and well formed, yet holding a record the county database cannot store (a required field missing,
    a value too long for its column on PostgreSQL …): the batch's transaction rolled back whole."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(
            f"县级数据库无法保存批次“{name}”中的数据（{reason}），未导入任何内容；其他批次不受影响。"
            "请把这条信息告诉技术支持。工作站的数据仍安全保存在工作站上。",
            f"The county database cannot store the data in batch “{name}” ({reason}); nothing of it was imported, "
            "other batches are not affected. Tell technical support this message. The station's data is still safe "
            "on the station.",
        )


class WrongRecipient(SyncError):
    def __init__(self, name: str, recipient: str, me: str, role: str) -> None:
        if role == "county":
            zh = (
                f"“{name}”是发给另一个县（编号 {recipient}）的，不是本县（{me}）。未导入任何内容。"
                "请确认该工作站由本县登记，或把文件交给对应的县。"
            )
            en = (
                f"“{name}” was sealed for another county ({recipient}), not this one ({me}). Nothing was imported. "
                "Check that the station was enrolled by this county, or take the file to the right county."
            )
        else:
            zh = (
                f"“{name}”是发给另一个工作站（编号 {recipient}）的回执，不是本站（{me}）。未导入任何内容。"
                "回执的文件名里写着它是给哪个工作站的（anju-站名-批次号-日期.return）：请导入写有本站名称的那一个；"
                "找不到时，请县里把本站的批次再导入一次，或用 anju county return-file 给本站写出回执。"
            )
            en = (
                f"“{name}” is a return file for another station ({recipient}), not this one ({me}). Nothing "
                "imported. A return file's name says which station it is for (anju-STATION-BATCH-DATE.return): import "
                "the one with this station's name; if there is none, ask the county to import this station's batch "
                "again, or to write one with anju county return-file."
            )
        super().__init__(zh, en)


class UnknownStation(SyncError):
    def __init__(self, name: str, sender: str) -> None:
        super().__init__(
            f"“{name}”来自未在本县登记的工作站（编号 {sender}）。未导入任何内容。"
            "请先用 anju enrol 登记该工作站，并让工作站导入登记包后重新导出。",
            f"“{name}” comes from a station this county has not enrolled ({sender}). Nothing was imported. "
            "Enrol the station with anju enrol, have it accept the package, then export again.",
        )


class StationCopy(SyncError):
    """A batch from a station whose own keys the county has pinned, introducing other keys or none: another
    computer that accepted the same enrolment package (`sync.station_keys`) — most often the station's own laptop,
    reinstalled, that accepted its old package again. Read by the clerk (USB) and by the station (online): the
    steps are said in the order that works, since enrolling the name again before revoking it is refused."""

    def __init__(self, name: str, station: str) -> None:
        typed = command_word(station)
        super().__init__(
            f"“{name}”以工作站“{station}”的名义发出，但不是由该站登记时的那台电脑发出的（密钥与县里记录的不同）："
            "可能是该站的电脑重装了系统或换了电脑后又导入了原来的登记包，也可能有人在另一台电脑上导入了同一个"
            "登记包。未导入任何内容。请先打电话核实是哪台电脑。确实是该站的电脑时：县里先停用该站（县级 → 工作站 → "
            f"停用工作站，或 anju county revoke {typed} --reason 重装系统），再用原名重新登记（登记工作站），"
            "把新的登记包和口令交给站长；站长在这台电脑的“同步”页点“导入新登记包…”导入，再导出一次。"
            "这台电脑上录入的修改没有丢失，会随那一批送到县里。旧的登记包文件请删除。",
            f"“{name}” was sent in the name of station “{station}”, but not by the computer that station enrolled "
            "(its keys differ from those the county holds): the station's laptop may have been reinstalled or "
            "replaced and its old package accepted again, or someone accepted the same package on another computer. "
            "Nothing was imported. Phone the station to find out which computer it was. If it is the station's: "
            f"the county first revokes the station (County → Stations → Revoke station, or anju county revoke {typed} "
            "--reason …), then enrols it again under the same name (Enrol station) and gives the new package and "
            "passphrase to the station; there, Sync → Accept a new package… takes it, then export once more. What "
            "was typed on this computer is not lost: that batch brings it to the county. Delete the old package "
            "file.",
        )


class StationRevoked(SyncError):
    """A batch from a station the county revoked (`sync.county_stations.revoke_station`)."""

    def __init__(self, name: str, station: str, when: str, reason: str) -> None:
        super().__init__(
            f"“{name}”来自工作站“{station}”，该站已于 {when} 被县里停用（{reason}），县里不再接收它的数据。"
            "未导入任何内容。如果这是该站换用的新电脑，请县里重新登记（anju enrol），在新电脑上导入新的登记包。",
            f"“{name}” comes from station “{station}”, which the county revoked on {when} ({reason}) and no longer "
            "takes data from. Nothing was imported. If this is the station's new computer, have the county enrol it "
            "again (anju enrol) and accept the new package there.",
        )


class WrongSender(SyncError):
    def __init__(self, name: str, sender: str) -> None:
        super().__init__(
            f"“{name}”不是本站所属的县发出的（发出方编号 {sender}）。未导入任何内容。",
            f"“{name}” was not sent by this station's county (sender {sender}). Nothing was imported.",
        )


class WrongKind(SyncError):
    def __init__(self, name: str, *, expected_zh: str, expected_en: str, got_zh: str, got_en: str) -> None:
        super().__init__(
            f"“{name}”是{got_zh}，这里需要{expected_zh}。请检查选择的文件和数据库。",
            f"“{name}” is {got_en}; {expected_en} is needed here. Check the file and the database you chose.",
        )


class WrongPassphrase(SyncError):
    def __init__(self, name: str) -> None:
        super().__init__(
            f"口令不正确，无法打开登记包“{name}”。请核对县里给出的口令（不分大小写，空格和横线可省略）后重试。",
            f"Wrong passphrase for the enrolment package “{name}”. Check the passphrase the county gave you "
            "(letters and digits; spaces and dashes are ignored) and try again.",
        )


class NewerSchema(SyncError):
    """A file stamped with a schema revision this program does not know (`sync.versions`): a newer Anju wrote it.
    ``writer`` is that Anju's version where the file says it; ``upgrade_zh``/``upgrade_en`` name the computer to
    upgrade."""

    def __init__(self, name: str, theirs: str, writer: str | None, *, upgrade_zh: str, upgrade_en: str) -> None:
        self.writer = writer if is_later(writer) else None  # a version no later than ours would only confuse
        made_by, made_by_en = (
            (f"安居 {self.writer} ", f"Anju {self.writer}") if self.writer else ("更新版本的安居", "a newer Anju")
        )
        to, to_en = (
            (f" {self.writer} 或更新的版本", f"{self.writer} or later")
            if self.writer
            else ("最新版本", "the latest version")
        )
        super().__init__(
            f"“{name}”由{made_by}生成（数据结构版本 {theirs}），"
            f"本机的安居 {APP_VERSION} 只支持到数据结构版本 {HEAD_REVISION}。"
            f"未导入任何内容，本机已有的数据没有改动。请先把{upgrade_zh}的安居升级到{to}，再导入这个文件。",
            f"“{name}” was made by {made_by_en} (schema {theirs}); this computer's Anju {APP_VERSION} reads up to "
            f"{HEAD_REVISION}. Nothing was imported and nothing here changed. Upgrade Anju on {upgrade_en} to "
            f"{to_en}, then import the file again.",
        )


class NewerFormat(SyncError):
    """A sync file laid out in a format this program does not know (its envelope's format byte), sound otherwise:
    a later Anju wrote it. Not damage: exporting it again would not help."""

    def __init__(self, name: str, layout: int) -> None:
        self.layout = layout
        super().__init__(
            f"“{name}”由更新版本的安居生成（文件格式 {layout}），本机的安居 {APP_VERSION} 读不了。"
            "未导入任何内容，本机已有的数据没有改动。请先把本机的安居升级到最新版本，再导入这个文件。",
            f"“{name}” was made by a newer Anju (file format {layout}), which this computer's Anju {APP_VERSION} "
            "cannot read. Nothing was imported and nothing here changed. Upgrade Anju on this computer to the "
            "latest version, then import the file again.",
        )


class BatchGap(SyncError):
    """A batch starts after changes the county has not received; ``reply`` is a return file asking for them."""

    def __init__(self, name: str, station: str, missing_batches: list[int], first_seq: int, last_seq: int) -> None:
        self.missing_batches = missing_batches
        self.missing_seqs = (first_seq, last_seq)
        self.reply: bytes | None = None
        if missing_batches:
            numbers = _ranges(missing_batches)
            batches_zh, batches_en = f"第 {numbers} 批", f"batch {numbers}"
        else:
            batches_zh, batches_en = "更早的批次", "an earlier batch"
        super().__init__(
            f"“{name}”与已导入的数据之间有缺口：缺少工作站“{station}”的{batches_zh}"
            f"（变更序号 {first_seq}–{last_seq}）。本批未导入。请先导入缺少的批次；"
            "若已找不到，把本次生成的回执文件带回该工作站导入，工作站下次导出时会重新包含这些变更。",
            f"“{name}” leaves a gap: {batches_en} of station “{station}” (changes {first_seq}–{last_seq}) has not "
            "been imported, so this batch was not imported. Import the missing batches first; if they are lost, "
            "take the return file written now back to the station: its next export will include those changes.",
        )


class StationRestored(SyncError):
    def __init__(self, name: str, station: str, seq: int) -> None:
        super().__init__(
            f"“{name}”中第 {seq} 条变更与县里此前从工作站“{station}”收到的同序号变更不同："
            "该工作站的数据库可能从旧备份恢复过。未导入任何内容。请县里停用该工作站并重新登记"
            "（登记工作站，或 anju enrol），工作站在“同步”页点“导入新登记包…”导入（或 anju enrol --accept … --force），"
            "之后的变更会以新身份发送，县里的数据随回执回到工作站。",
            f"Change {seq} in “{name}” differs from the change with the same number the county already received "
            f"from station “{station}”: the station's database was probably restored from an old backup. Nothing "
            "was imported. Have the county revoke the station and enrol it again (Enrol station, or anju enrol); the "
            "station accepts the new package on its Sync page (Accept a new package…, or anju enrol --accept … "
            "--force). Its changes then travel under the new identity, and the county's data comes back to it.",
        )


class NoBatchFiles(SyncError):
    """Folders dropped on the county's 同步 page that hold no batch file, in them or in their folders."""

    def __init__(self, folders: list[Path]) -> None:
        where = "、".join(f"“{f}”" for f in folders)
        where_en = ", ".join(f"“{f}”" for f in folders)
        super().__init__(
            f"在{where}里（包括其中的文件夹）没有找到批次文件（文件名以 .batch 结尾，如 anju-站名-0001-日期.batch），"
            "没有导入任何内容。请确认插的是工作站带来的U盘（回执以 .return 结尾，是带回工作站的）；"
            "批次文件在别处时，点“选择批次文件…”找到它。",
            f"There is no batch file (its name ends in .batch, like anju-STATION-0001-DATE.batch) in {where_en} or the "
            "folders in it; nothing was imported. Check that this is the stick the station brought (a .return file "
            "goes back to the station); if the batch is elsewhere, use Choose batch files… to find it.",
        )


class ReturnNotWritten(SyncError):
    """The station's batches were applied, but its return file could not be written where asked."""

    def __init__(self, station: str, cause: AnjuError) -> None:
        super().__init__(
            f"工作站“{station}”的批次已经导入，但回执没有写出：{cause.zh}"
            "问题解决后，把这些批次文件重新导入一次即可写出回执（已导入的变更不会重复应用），"
            f"或用 anju county return-file --db 县级数据库 --station {command_word(station)} --out 文件夹 写出。",
            f"The batches of station “{station}” were imported, but its return file was not written: {cause.en} "
            "Once that is fixed, import the same batch files again to write it (changes already imported are not "
            "applied twice), or write it with "
            f"anju county return-file --db COUNTY.db --station {command_word(station)} --out FOLDER.",
        )


class NotEnrolled(SyncError):
    def __init__(self, db: str) -> None:
        typed = command_word(db)
        super().__init__(
            f"数据库“{db}”尚未登记为工作站，不能同步。请先导入县里发的登记包：anju enrol --accept 登记包 --db {typed}",
            f"Database “{db}” is not an enrolled station, so it cannot sync. Accept the county's enrolment package "
            f"first: anju enrol --accept PACKAGE --db {typed}",
        )


class NotCounty(SyncError):
    def __init__(self, db: str) -> None:
        typed = command_word(db)
        super().__init__(
            f"数据库“{db}”不是县级数据库。请先用 anju county init --db {typed} --name 县名 建立县级数据库。"
            "只想看看县级页面，可用 anju demo --county --db county-demo.db 生成一个演示县。",
            f"Database “{db}” is not a county database. Create one first: anju county init --db {typed} --name NAME. "
            "To look at the county pages, make a demo county: anju demo --county --db county-demo.db",
        )


class AlreadyEnrolled(SyncError):
    pass


def _ranges(numbers: list[int]) -> str:
    """[3, 4, 5, 8] → "3–5、8" (how a person reads a list of batch numbers)."""
    parts: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}–{prev}")
        if n is not None:
            start = prev = n
    return "、".join(parts)
