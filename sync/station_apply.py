"""A station applies the county's return file (and the sites of its enrolment package), idempotently.

- The acknowledgement moves the station's acknowledged seq forward (never back, unless the county asks for
  a re-send after a gap): the outbox is what is left after it.
- A record with no pending local change fast-forwards to the county's version. A record with pending local
  changes takes the county's version of every other field and keeps the pending fields on top; those changes
  stay in the outbox and reach the county in the next batch, which merges them field by field.
- A record the station already holds at that revision or newer is left alone, so a return file imported
  twice, or an old one imported after a newer one, changes nothing; nor do the settings and questionnaire of a
  return file older than the last one taken (it answered an older batch, or the same with an older revision).
- What changes is journaled with source ``remote`` and the record's origin, so it is audited but never sent
  back.
- The conflicts still open on the station's own changes (the county kept its value until its clerk decides) take the
  place of those the station held, and the import says how many wait: the record now shows the county's value, and
  the worker must hear that their edit is waiting, not lost. A settled one arrives as a resolution and replaces the
  open one, so the editor shows the decision instead (`desktop.editor.county_news`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from forms.excel.stored import OddValue, odd_incoming
from forms.journal import utc_now
from forms.questionnaire import SETTING_KEY as QUESTIONNAIRE_KEY
from forms.questionnaire import QuestionnaireError, from_dict, load_packaged
from forms.records import Household, JournalEntry, Setting
from forms.station_sites import at_own_sites, own_site_ids
from forms.store import Received, Store, UnitOfWork
from forms.sync_records import SyncBatch, SyncConflict, SyncIdentity
from forms.version import is_later

from .batch import written_by
from .envelope import KIND_RETURN, open_sealed
from .errors import AlteredFile, NewerSchema, SyncError
from .identity import (
    PACKAGED,
    PUBLISHED_QUESTIONNAIRE,
    load_state,
    require_station,
    save_state,
)
from .return_file import ReturnPayload, ReturnRecord, read_return_payload
from .rows import CODECS, TABLE_ORDER, Codec, Row, bulk, insert_rows, load, update_rows
from .server_address import PUBLISHED_SERVER_URL
from .versions import is_newer

ALL_FIELDS = "*"


@dataclass(frozen=True)
class Misfit:
    """A value in the county's return file that Anju never writes (`forms.excel.stored`), which the station did not
    take: the field kept the station's value, or (``left_out``) the record, new here, was not taken at all."""

    value: OddValue
    left_out: bool = False


@dataclass
class Applied:
    received: int = 0
    changed: int = 0
    unchanged: int = 0
    kept_local: int = 0
    #: values the county sent that do not fit their fields, not taken (see `apply_records`)
    misfits: list[Misfit] = field(default_factory=list)


@dataclass(frozen=True)
class QuestionnaireNews:
    """The county's questionnaire in a return file: taken (this version is the station's now), or not readable by
    this program (a newer Anju made it)."""

    version: str
    taken: bool


@dataclass
class ReturnOutcome:
    name: str
    applied: Applied
    ack_seq: int
    ack_batch: int
    county_rev: int
    resolutions: int
    reset: bool
    already: bool
    questionnaire: QuestionnaireNews | None = None
    county_version: str | None = None  # the county's Anju, which a questionnaire not taken needs
    #: The county server's new address when this return file changed it ("" when the county has none now).
    new_server_url: str | None = None
    #: Households this return file took to a site the station does not serve (已迁出, `forms.station_sites`).
    moved_away: int = 0
    #: This station's changes the county has not decided on yet (冲突待县里处理); None when the county's program
    #: does not send them (`sync.return_file`).
    waiting: int | None = None
    #: A return file not imported before that changed nothing: the county had nothing new for the station (its
    #: answer to a batch exported with nothing in it, to fetch the county's latest).
    nothing_new: bool = False

    def message(self) -> tuple[str, str]:
        a = self.applied
        news, news_en = self.news()
        if self.already:
            return (
                f"回执“{self.name}”的内容本站都已有（此前已导入过这个或更新的回执），本次未作任何更改。{news}",
                f"This station already holds everything in the return file “{self.name}” (it or a newer one was "
                f"imported before); nothing changed.{news_en}",
            )
        if self.nothing_new:
            return (
                f"已导入县里的回执“{self.name}”：县里已确认本站第 {self.ack_batch} 批；自上次回执以来，"
                f"县里没有新的修改带给本站，本站的数据没有变化。{news}",
                f"Return file “{self.name}” imported: the county has confirmed batch {self.ack_batch}; it had nothing "
                f"new for this station since its last return file, so nothing here changed.{news_en}",
            )
        kept = f"，{a.kept_local} 条保留本站尚未发送的修改" if a.kept_local else ""
        kept_en = f", {a.kept_local} keep local changes not yet sent" if a.kept_local else ""
        reset = "。县里要求重新发送部分变更，下次导出会包含它们" if self.reset else ""
        reset_en = ". The county asked for some changes again; the next export includes them" if self.reset else ""
        return (
            f"已导入县里的回执：收到 {a.received} 条记录，更新 {a.changed} 条{kept}；"
            f"县里已确认本站第 {self.ack_batch} 批（变更序号 {self.ack_seq}）{reset}。{news}",
            f"Return file imported: {a.received} records received, {a.changed} updated{kept_en}; the county has "
            f"confirmed batch {self.ack_batch} (change {self.ack_seq}){reset_en}.{news_en}",
        )

    def news(self) -> tuple[str, str]:
        """What the return file means for the worker besides its counts: their changes that wait for the county,
        households that moved away, a new questionnaire, a new server address. The USB import and online sync
        (`sync.http_client`) both say it, in these words: a worker told one thing on the stick and another online
        would not know which to believe. Each part starts a sentence (the English with its space)."""
        parts = (
            self._waiting_message(),
            self._misfit_message(),
            self._moved_message(),
            self._questionnaire_message(),
            self._server_message(),
        )
        return "".join(zh for zh, _en in parts), "".join(en for _zh, en in parts)

    def _waiting_message(self) -> tuple[str, str]:
        """The station's edits the county kept its own value over for now: said, lest the worker think them lost and
        type them again. Counts only: the message goes to the sync log, and values may be ID numbers."""
        if not self.waiting:
            return "", ""
        return (
            f"{self.waiting} 处本站的修改与县里的修改冲突，冲突待县里处理：处理前本站显示县里保留的值，本站的修改没有"
            "丢失，不必重新填写；打开该户可看到双方的值，县里处理后，下次同步会带回结果。",
            f" {self.waiting} of this station's changes clash with changes made at the county and wait for the "
            "county's decision: until then the county's value is shown here. The station's changes are not lost; do "
            "not type them again. Open the household to see both values; a later sync brings the county's "
            "decision.",
        )

    def _misfit_message(self) -> tuple[str, str]:
        """The county's values the station did not take because Anju never writes them (`apply_records`): whose, which
        field, what value, so the worker can tell the county what to correct. Named, unlike the counts around it: only
        dates, months, numbers and yes/no are judged so, never an ID number."""
        misfits = self.applied.misfits
        if not misfits:
            return "", ""
        shown = [_misfit_lines(m) for m in misfits[:MISFITS_SHOWN]]
        lines, lines_en = [zh for zh, _en in shown], [en for _zh, en in shown]
        if len(misfits) > MISFITS_SHOWN:
            lines.append(f"另有 {len(misfits) - MISFITS_SHOWN} 个")
            lines_en.append(f"{len(misfits) - MISFITS_SHOWN} more")
        tell = "请告诉县里核对改正（县里的数据库可能在安居之外被改过），改正后的值会随以后的回执带来。"
        tell_en = (
            " Tell the county to check and correct it (its database was probably edited outside Anju); the corrected "
            "value comes with a later return file."
        )
        if len(misfits) == 1:
            kept = "" if misfits[0].left_out else "，这一项没有更新，本站保留原来的值"
            kept_en = "" if misfits[0].left_out else "; it was not taken, this station keeps its own value"
            return (
                f"县里发回的文件中，{lines[0]}{kept}。{tell}",
                f" In the county's return file, {lines_en[0]}{kept_en}.{tell_en}",
            )
        return (
            f"县里发回的文件中有 {len(misfits)} 个值不合格式，这些项没有更新，本站保留原来的值："
            f"{'；'.join(lines)}。{tell}",
            f" {len(misfits)} values in the county's return file do not fit their fields and were not taken; this "
            f"station keeps its own: {'; '.join(lines_en)}.{tell_en}",
        )

    def _moved_message(self) -> tuple[str, str]:
        """Households that left the station's lists with this file: said, lest the worker look for them there."""
        if not self.moved_away:
            return "", ""
        return (
            f"{self.moved_away} 户已迁到别的工作站服务的安置点，标为“已迁出”：不再计入本站的统计和待跟进名单，"
            "在“住户”里查找姓名或门牌仍能找到（只能查看）。",
            f" {self.moved_away} household(s) moved to a site another station serves and are marked “moved away”: "
            "no longer in this station's figures or follow-up lists; a search on the Households page still finds "
            "them (view only).",
        )

    def _server_message(self) -> tuple[str, str]:
        if self.new_server_url is None:
            return "", ""
        if not self.new_server_url:
            return (
                "县里已停用联网同步服务器，本站今后用U盘同步。",
                " The county no longer runs a sync server: this station syncs by USB stick from now on.",
            )
        return (
            f"县里服务器的地址已改为 {self.new_server_url}，联网同步今后连接这个地址。",
            f" The county server's address is now {self.new_server_url}; online sync uses it from now on.",
        )

    def _questionnaire_message(self) -> tuple[str, str]:
        q = self.questionnaire
        if q is None:
            return "", ""
        if q.taken:
            return (
                f"问卷已更新为县里的 {q.version} 版。",
                f" The questionnaire is now the county's version {q.version}.",
            )
        county = self.county_version if is_later(self.county_version) else None
        to, to_en = ("最新版本", "the latest")
        if county:
            to, to_en = f"县里用的 {county} 或更新的版本", f"the county's {county} or later"
        return (
            f"县里的问卷（{q.version} 版）需要更新版本的安居才能使用，本站仍用原来的问卷：请把本站的安居升级到{to}。",
            f" The county's questionnaire (version {q.version}) needs a newer Anju; this station keeps its own "
            f"until Anju is upgraded (to {to_en}).",
        )


#: How many of the county's values that do not fit the import names; the rest it counts.
MISFITS_SHOWN = 5
#: The records a value that does not fit can keep out (those whose date must be filled, `_leave_out_misfits`).
_RECORD_WORDS = {"visits": ("这条走访记录", "this visit"), "measures": ("这项帮扶措施", "this measure")}
_A_RECORD = ("这条记录", "this record")


def _misfit_lines(misfit: Misfit) -> tuple[str, str]:
    """One value not taken, in 中文 and English: whose, which field, what value, and what it should be."""
    v = misfit.value
    (expected, expected_en), (record, record_en) = v.expected(), _RECORD_WORDS.get(v.table, _A_RECORD)
    zh = f"{v.where()}的“{v.field}”是“{v.value}”，不是{expected}"
    en = f"{v.where()}: {v.column} “{v.value}” is not {expected_en}"
    if misfit.left_out:
        zh, en = f"{zh}，{record}没有导入", f"{en}, so {record_en} was not imported"
    return zh, en


def pending_fields(conn: Connection, after_seq: int) -> dict[tuple[str, str], set[str]]:
    """Fields with local changes the county has not acknowledged, per record (``*``: the record is new here)."""
    pending: dict[tuple[str, str], set[str]] = {}
    rows = conn.execute(
        select(JournalEntry.record_table, JournalEntry.record_id, JournalEntry.op, JournalEntry.changes).where(
            JournalEntry.seq > after_seq, JournalEntry.source == "local"
        )
    )
    for table, record_id, op, changes in rows:
        fields = pending.setdefault((table, record_id), set())
        fields.update(json.loads(changes))
        if op in ("delete", "restore"):
            fields.add("deleted_at")
        elif op == "insert":
            fields.add(ALL_FIELDS)
    return pending


def apply_records(
    uow: UnitOfWork, records: Sequence[ReturnRecord], pending: dict[tuple[str, str], set[str]]
) -> Applied:
    """Bring the station's records up to the county's versions, keeping pending local changes on top."""
    conn = uow.session.connection()
    result = Applied(received=len(records))
    by_table: dict[str, list[ReturnRecord]] = {}
    for record in records:
        by_table.setdefault(record.record_table, []).append(record)
    journal: list[Received] = []
    for table in TABLE_ORDER:
        incoming = by_table.get(table)
        if not incoming:
            continue
        codec = CODECS[table]
        stored = load(conn, table, [r.record_id for r in incoming])
        inserts: list[Row] = []
        updates: dict[str, Row] = {}
        taken = _as_sent(codec, incoming, stored)
        result.unchanged += len(incoming) - len(taken)  # held here at that revision or newer
        odd = odd_incoming(conn, table, [received for _record, received, _row in taken])
        for record, received, row in taken:
            current = updates.get(record.record_id) or stored.get(record.record_id)
            if current is not None and current["rev"] >= record.rev:
                result.unchanged += 1
                continue
            if current is not None:
                # A county not yet upgraded sends no column for a field newer than it (a 减员日期, `sync.versions`):
                # the station's value stays, rather than being emptied by a county that never had it.
                row.update((k, current[k]) for k in codec.editable if k not in received)
            misfits = odd.get(record.record_id, {})
            if misfits and not _leave_out_misfits(codec, row, current, misfits.values(), result.misfits):
                result.unchanged += 1
                continue
            local = pending.get((table, record.record_id))
            if local and current is not None:
                if ALL_FIELDS in local:
                    result.unchanged += 1
                    continue
                for key in local & row.keys():
                    row[key] = current[key]
                row["updated_at"], row["updated_by"] = current["updated_at"], current["updated_by"]
                codec.derive(row)
                result.kept_local += 1
            changes = {
                k: [current[k] if current else None, row[k]]
                for k in codec.editable
                if (current[k] != row[k] if current else row[k] is not None)
            }
            op = _op(current, row)
            if changes or op != "update":
                result.changed += 1
                journal.append(
                    Received(
                        table,
                        record.record_id,
                        op,
                        current["rev"] if current else 0,
                        changes,
                        row["updated_by"],
                        row["origin"],
                    )
                )
                if current is None and row["deleted_at"] is not None:
                    # A record new here that the county had already deleted (a merged copy, say): its tombstone is
                    # journaled too, or the journal would say it is live (`anju audit` replays it).
                    journal.append(Received(table, record.record_id, "delete", 0, {}, row["updated_by"], row["origin"]))
            if current is None:
                inserts.append(row)
            else:
                updates[record.record_id] = row
        insert_rows(conn, table, inserts)
        update_rows(conn, table, list(updates.values()))
    uow.journal_received(journal)
    return result


def _as_sent(codec: Codec, incoming: list[ReturnRecord], stored: dict[str, Row]) -> list[tuple[ReturnRecord, Row, Row]]:
    """The records the station may take, oldest revision first, each with what the county sent and its row as sent
    (the columns this program knows; the rest as on a new record). One the station holds at that revision or newer
    is left out here already, so a file imported again judges nothing and says nothing again."""
    taken = []
    for record in sorted(incoming, key=lambda r: r.rev):
        held = stored.get(record.record_id)
        if held is not None and held["rev"] >= record.rev:
            continue
        received = record.row()
        row = codec.blank(record.record_id)
        row.update((k, v) for k, v in received.items() if k in row)  # columns this program knows
        taken.append((record, received, row))
    return taken


def _leave_out_misfits(
    codec: Codec, row: Row, current: Row | None, values: Iterable[OddValue], said: list[Misfit]
) -> bool:
    """Keep the station's value (none on a record new here) in each field where the county sent one Anju never writes
    (`forms.excel.stored`: a date "2026/5/3", text in a number): False when the record cannot be taken without it (a
    new 走访 or 帮扶措施 whose date must be filled), so is not taken.

    The return file is sealed by the county: such a value is a county mistake (its database edited by hand), not an
    attack. Taking it would put on the station what its 工作台 compares as text and its ledgers count as not filled
    in. Leaving out only that field, rather than the record, keeps the station's value and still takes the rest of
    what the county changed in the record, and its revision: the same file imported again changes nothing, and the
    value the county corrects comes with a new revision in a later return file. A new record that needs the value
    waits for that correction; nothing in the station refers to it yet. A record the county deleted is not said:
    there is nothing left for the worker to ask about."""
    values = list(values)
    live = row["deleted_at"] is None
    if current is None and any(not codec.table.c[v.column].nullable for v in values):
        said.extend(Misfit(v, left_out=True) for v in values if live)
        return False
    blank = codec.blank(row["id"])
    for value in values:
        row[value.column] = current[value.column] if current is not None else blank[value.column]
        if live:
            said.append(Misfit(value))
    return True


def _op(current: Row | None, row: Row) -> str:
    if current is None:
        return "insert"
    if current["deleted_at"] is None and row["deleted_at"] is not None:
        return "delete"
    if current["deleted_at"] is not None and row["deleted_at"] is None:
        return "restore"
    return "update"


def open_return(store: Store, data: bytes, name: str) -> ReturnPayload:
    with store.engine.connect() as conn:
        identity = require_station(conn, store)
    header, payload = open_sealed(
        data,
        name,
        kind=KIND_RETURN,
        me=identity.id,
        my_role="station",
        my_enc_private=identity.enc_private,
        sender_key=lambda h: identity.county_sign_public if h.sender == identity.county_id else None,
        older_enc_private=identity.package_enc_private,  # a return file sealed before the county knew our keys
    )
    if is_newer(header.schema):
        raise NewerSchema(name, header.schema, written_by(payload), upgrade_zh="本工作站", upgrade_en="this station")
    returned = read_return_payload(payload, name)
    m = returned.manifest
    if m.station_id != identity.id or m.county_id != identity.county_id or m.schema != header.schema:
        raise AlteredFile(name, "清单与信封不符", "the manifest does not match the envelope")
    return returned


def apply_return(store: Store, data: bytes, name: str, *, online: bool = False) -> ReturnOutcome:
    """Apply a return file at the station. ``online``: it came as the answer to a push (logged as such, so the USB
    screen's list of files is not filled with online traffic; 同步记录 lists those)."""
    with bulk():
        returned = open_return(store, data, name)
    m = returned.manifest
    with bulk(), store.unit_of_work(f"sync:{m.county_id}", source="remote", origin=m.county_id) as uow:
        uow.prepare_bulk()
        conn = uow.session.connection()
        state = load_state(conn)
        local_head = conn.execute(select(func.max(JournalEntry.seq)).where(JournalEntry.source == "local")).scalar()
        if m.ack_seq > (local_head or 0):
            raise SyncError(
                f"回执“{name}”确认了本站第 {m.ack_seq} 条变更，但本数据库只有 {local_head or 0} 条："
                "本数据库可能从旧备份恢复过。未导入任何内容。请县里停用并重新登记本站，"
                "再在“同步”页点“导入新登记包…”导入（或 anju enrol --accept … --force）。",
                f"The return file “{name}” confirms change {m.ack_seq}, but this database has only {local_head or 0}: "
                "it was probably restored from an old backup. Nothing was imported. Have the county revoke and enrol "
                "this station again, then accept the new package on the Sync page (Accept a new package…, or anju "
                "enrol --accept … --force).",
            )
        before = (state.acked_seq, state.county_rev)
        # A return file answering an older batch than one already taken (found late on the stick) carries the
        # county's settings and questionnaire as they were then: taking them would put the old ones back.
        older = not m.reset and (m.ack_seq, m.county_rev) < before
        state.acked_seq = m.ack_seq if m.reset else max(state.acked_seq, m.ack_seq)
        away_before = households_moved_away(conn)
        applied = apply_records(uow, returned.records, pending_fields(conn, state.acked_seq))
        newly_away = len(households_moved_away(conn) - away_before)
        # Records up to county_rev are all here only if nothing between the station's revision and since_rev
        # is missing (it is not, unless this database was restored from a backup).
        if m.since_rev <= state.county_rev:
            state.county_rev = max(state.county_rev, m.county_rev)
        now = utc_now()
        state.last_return_at = now
        save_state(conn, state)
        settings = {} if older else dict(returned.settings)
        questionnaire = _take_questionnaire(conn, settings.pop(PUBLISHED_QUESTIONNAIRE, None))
        new_server_url = _take_server_url(conn, settings)
        _save_settings(conn, settings)
        _save_resolutions(conn, returned.resolutions)
        waiting_before = _waiting(conn)
        if returned.open_conflicts is not None and not older:
            _save_open_conflicts(conn, returned.open_conflicts)
        waiting = _waiting(conn)
        unchanged = (
            applied.changed == 0
            and waiting == waiting_before
            and before == (state.acked_seq, state.county_rev)
            and not m.reset
            and questionnaire is None
            and new_server_url is None
        )
        # Changing nothing is not having been imported before: a station with nothing to send exports anyway to
        # fetch the county's latest, and the county's answer to that new batch may bring nothing new. Only a file
        # answering this batch or a later one, taken before, is said to be a replay.
        answered = select(func.max(SyncBatch.batch_no)).where(
            SyncBatch.direction == "return-in", SyncBatch.station_id == m.station_id
        )
        latest_answered = conn.execute(answered).scalar()
        already = unchanged and latest_answered is not None and latest_answered >= m.ack_batch
        conn.execute(
            insert(SyncBatch).values(
                direction="return-in",
                station_id=m.station_id,
                batch_no=m.ack_batch,
                status="replay" if already else "empty" if unchanged else "applied",
                last_seq=m.ack_seq,
                county_rev=m.county_rev,
                changes=applied.received,
                applied=applied.changed,
                skipped=applied.unchanged,
                file_name=name,
                at=now,
                note="online" if online else None,
            )
        )
    return ReturnOutcome(
        name,
        applied,
        m.ack_seq,
        m.ack_batch,
        m.county_rev,
        len(returned.resolutions),
        m.reset,
        already,
        questionnaire,
        m.app_version,
        new_server_url,
        newly_away,
        None if returned.open_conflicts is None else len(waiting),
        unchanged and not already,
    )


def households_moved_away(conn: Connection) -> frozenset[str]:
    """The live households here at a site this station does not serve (已迁出); none on a database not enrolled."""
    own = own_site_ids(conn)
    if own is None:
        return frozenset()
    live_away = select(Household.id).where(Household.deleted_at.is_(None), ~at_own_sites(Household.site_id, own))
    return frozenset(conn.scalars(live_away))


def _take_questionnaire(conn: Connection, sent: Any) -> QuestionnaireNews | None:
    """Make the county's questionnaire this station's (its extra questions are answered here); None when nothing
    changes. One this program cannot read (made by a newer Anju) is not taken: the station keeps its own and says
    to upgrade, rather than storing a questionnaire that would stop its editor and its checks."""
    if sent is None:  # a county program that does not send its questionnaire
        return None
    current = conn.execute(select(Setting.value).where(Setting.key == QUESTIONNAIRE_KEY)).scalar_one_or_none()
    if sent == PACKAGED:
        if current is None:
            return None
        conn.execute(delete(Setting).where(Setting.key == QUESTIONNAIRE_KEY))
        return QuestionnaireNews(load_packaged().version, taken=True)
    if sent == current:
        return None
    try:
        questionnaire = from_dict(sent, source="县里的问卷 / the county's questionnaire")
    except QuestionnaireError:
        version = sent.get("version") if isinstance(sent, dict) else None
        return QuestionnaireNews(str(version or "?"), taken=False)
    conn.execute(delete(Setting).where(Setting.key == QUESTIONNAIRE_KEY))
    conn.execute(insert(Setting).values(key=QUESTIONNAIRE_KEY, value=sent))
    return QuestionnaireNews(questionnaire.version, taken=True)


def _take_server_url(conn: Connection, settings: dict[str, Any]) -> str | None:
    """The county server's address the county published, made this station's (the one its online sync uses); the
    new address ("" for none) when it changed, else None. A county that never changed it publishes none: the
    address in the enrolment package stands."""
    if PUBLISHED_SERVER_URL not in settings:
        return None
    sent = settings.pop(PUBLISHED_SERVER_URL)
    url = sent if isinstance(sent, str) and sent else None
    current = conn.execute(select(SyncIdentity.server_url)).scalar_one_or_none()
    if url == current:
        return None
    conn.execute(update(SyncIdentity).values(server_url=url))
    return url or ""


def _save_settings(conn: Connection, settings: dict[str, Any]) -> None:
    if settings:
        conn.execute(delete(Setting).where(Setting.key.in_(list(settings))))
        conn.execute(insert(Setting), [{"key": k, "value": v} for k, v in settings.items()])


def _waiting(conn: Connection) -> frozenset[tuple[int, str | None, str]]:
    """The open conflicts the station holds: each one's id, household and the county's value kept meanwhile."""
    rows = conn.execute(
        select(SyncConflict.id, SyncConflict.household_id, SyncConflict.county_value).where(
            SyncConflict.status == "open"
        )
    )
    return frozenset((row.id, row.household_id, row.county_value) for row in rows)


def _save_open_conflicts(conn: Connection, sent: list[dict[str, Any]]) -> None:
    """Hold the county's list of this station's open conflicts instead of the last one (it is the whole list: one
    settled or closed since is gone from it). One the station already holds as settled stays settled."""
    conn.execute(delete(SyncConflict).where(SyncConflict.status == "open"))
    settled = set(conn.scalars(select(SyncConflict.id).where(SyncConflict.id.in_([c["id"] for c in sent]))))
    columns = set(SyncConflict.__table__.columns.keys())
    rows = [{k: v for k, v in c.items() if k in columns} for c in sent if c["id"] not in settled]
    if rows:
        conn.execute(insert(SyncConflict), rows)


def _save_resolutions(conn: Connection, resolutions: list[dict[str, Any]]) -> None:
    """Keep the county's resolutions (with their notes) so the station can show what was decided."""
    if not resolutions:
        return
    columns = set(SyncConflict.__table__.columns.keys())
    rows = [{k: v for k, v in r.items() if k in columns} for r in resolutions]
    conn.execute(delete(SyncConflict).where(SyncConflict.id.in_([r["id"] for r in rows])))
    conn.execute(insert(SyncConflict), rows)
