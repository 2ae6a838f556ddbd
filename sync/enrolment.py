"""Setting up the county and enrolling stations: who may send what to whom.

- ``anju county init`` makes a database the county: its id, name and key pairs (X25519 to receive, Ed25519 to
  sign). Records already in it are adopted: their provisional origin becomes the county id and they get
  county revisions.
- ``anju enrol`` (county) writes a station package: the station's id, the sites it serves, every site
  record, a fresh key pair set for the station, the county's public keys and the server URL, encrypted
  under a one-time passphrase (scrypt, then AES-256-GCM). The passphrase is shown once and kept nowhere;
  the county keeps only the station's public keys.
- ``anju enrol --accept`` (station) opens the package once. A second package, or the same one again, is
  refused unless ``--force``, because the station id must not change under existing data. The station then makes
  key pairs of its own and introduces them with the package's key (`sync.station_keys`): the county trusts the
  first keys introduced, so the same package accepted on another computer is not the station.

Records written before enrolment carry a provisional origin ``local-xxxxxxxx`` and are adopted: their origin
becomes the station id (bookkeeping, not a content change) and, being unacknowledged journal entries, they
travel in the first batch. They can only refer to sites the county knows, so a database holding sites the
package does not list (a demo database, a roster imported before enrolment) is refused, naming the sites:
enrol a new database, or have the county add those sites first.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import struct
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import Connection, delete, insert, select, update

from forms.file_names import safe_file_name
from forms.journal import utc_now
from forms.records import SYNCED_MODELS, Setting
from forms.shown_time import local_time
from forms.store import Store
from forms.sync_records import SyncIdentity, SyncStation
from forms.version import APP_VERSION

from .errors import AlreadyEnrolled, AlteredFile, NewerSchema, NotAPackage, SyncError, TruncatedFile, WrongPassphrase
from .files import read_file, staged
from .identity import (
    COUNTY,
    STATION,
    Identity,
    State,
    load_identity,
    load_state,
    require_county,
    save_state,
)
from .keys import KeyPairs
from .return_file import ReturnRecord, row_json
from .rows import CODECS, load
from .server_address import server_address
from .station_apply import apply_records, pending_fields
from .station_keys import introduce
from .trunk import stamp_local_changes
from .versions import file_schema, is_newer, knows_own_keys

PACKAGE_MAGIC = b"ANJUENRL"
PACKAGE_FORMAT = 1
PACKAGE_SUFFIX = ".anju-station"
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 15, 8, 1  # 32 MiB, about 0.1 s: cheap once, costly a billion times
# No 0/O or 1/I: the passphrase is read aloud over the phone and typed by hand.
PASSPHRASE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSPHRASE_LENGTH = 20  # 100 bits
_HEADER = struct.Struct(">8sBBBB16s12s")  # magic, format, log2 n, r, p, salt, nonce


def new_passphrase() -> str:
    chars = "".join(secrets.choice(PASSPHRASE_ALPHABET) for _ in range(PASSPHRASE_LENGTH))
    return "-".join(chars[i : i + 4] for i in range(0, PASSPHRASE_LENGTH, 4))


def normalise_passphrase(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch not in " -\t")


def _scrypt_key(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p).derive(normalise_passphrase(passphrase).encode())


def seal_package(payload: dict[str, Any], passphrase: str) -> bytes:
    salt, nonce = os.urandom(16), os.urandom(12)
    header = _HEADER.pack(PACKAGE_MAGIC, PACKAGE_FORMAT, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P, salt, nonce)
    key = _scrypt_key(passphrase, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P)
    body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    return header + AESGCM(key).encrypt(nonce, body, header)


def open_package(data: bytes, passphrase: str, name: str) -> dict[str, Any]:
    if not data.startswith(PACKAGE_MAGIC):
        if PACKAGE_MAGIC.startswith(data):
            raise TruncatedFile(name, len(data), None)
        raise NotAPackage(name)
    if len(data) < _HEADER.size + 16:
        raise TruncatedFile(name, len(data), None)
    _magic, fmt, log2_n, r, p, salt, nonce = _HEADER.unpack_from(data)
    if fmt != PACKAGE_FORMAT or not (10 <= log2_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
        raise AlteredFile(name, "登记包格式无法识别", "unknown package format")
    key = _scrypt_key(passphrase, salt, log2_n, r, p)
    try:
        body = AESGCM(key).decrypt(nonce, data[_HEADER.size :], data[: _HEADER.size])
    except InvalidTag:
        # A wrong passphrase and a damaged package look the same to AES-GCM; the passphrase is far likelier.
        raise WrongPassphrase(name) from None
    payload: dict[str, Any] = json.loads(body)
    return payload


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _adopt_provisional(conn: Connection, owner: str) -> int:
    """Records made before enrolment carry ``local-…``: they were made here, so they become ``owner``'s."""
    adopted = 0
    for model in SYNCED_MODELS:
        result = conn.execute(update(model).where(model.origin.like("local-%")).values(origin=owner))
        adopted += result.rowcount or 0
    conn.execute(delete(Setting).where(Setting.key == "station_id"))
    conn.execute(insert(Setting).values(key="station_id", value=owner))
    return adopted


# ---- the county -------------------------------------------------------------------------------------------------


def init_county(store: Store, name: str, server_url: str | None = None) -> Identity:
    name = name.strip()
    if not name:
        raise SyncError("请用 --name 给出县名，例如 --name 会泽县。", "Give the county's name with --name.")
    with store.engine.connect().execution_options(write=True) as conn, conn.begin():
        existing = load_identity(conn)
        if existing is not None:
            what = f"县级数据库（{existing.name}）" if existing.role == COUNTY else f"工作站（{existing.name}）"
            what_en = f"a county database ({existing.name})" if existing.role == COUNTY else "an enrolled station"
            raise AlreadyEnrolled(
                f"“{store.path}”已经是{what}，不能再次初始化。", f"“{store.path}” is already {what_en}."
            )
        keys = KeyPairs.generate()
        public = keys.public()
        county_id = f"county-{uuid.uuid4().hex[:12]}"
        conn.execute(
            insert(SyncIdentity).values(
                id=county_id,
                role=COUNTY,
                name=name,
                county_id=county_id,
                county_name=name,
                enc_private=keys.enc_private,
                sign_private=keys.sign_private,
                county_enc_public=public.enc,
                county_sign_public=public.sign,
                sites=[],
                server_url=None if server_url is None else server_address(server_url),
                package_id=None,
                created_at=utc_now(),
            )
        )
        save_state(conn, State(0, 0, 0, 1, None, None))
        _adopt_provisional(conn, county_id)
        stamp_local_changes(conn)
        identity = load_identity(conn)
    assert identity is not None
    return identity


def package_name(station_name: str) -> str:
    """The station's name as a file name Windows accepts (者海镇工作站 → 者海镇工作站.anju-station)."""
    return safe_file_name(station_name, "station")


@dataclass
class Enrolment:
    station_id: str
    station_name: str
    sites: list[str]
    passphrase: str
    path: Path


def enrol_station(store: Store, station_name: str, site_codes: list[str], out: Path, actor: str) -> Enrolment:
    station_name = station_name.strip()
    codes = list(dict.fromkeys(c.strip() for c in site_codes if c.strip()))
    if not station_name:
        raise SyncError("请用 --station 给出工作站名称。", "Give the station's name with --station.")
    if not codes:
        raise SyncError(
            "请用 --sites 给出该工作站服务的安置点编码，用逗号分隔。", "List the station's site codes with --sites."
        )
    out = Path(out)
    if out.is_dir():  # the stick itself (`--out E:\`), as `anju sync export --out` takes it: name the file
        out = out / (package_name(station_name) + PACKAGE_SUFFIX)
    elif out.suffix.lower() != PACKAGE_SUFFIX:  # the station's file dialog lists only packages: never a bare name
        out = out.with_name(out.name + PACKAGE_SUFFIX)
    if out.exists():
        raise SyncError(
            f"“{out}”已存在。为免覆盖另一个工作站的登记包，请换一个文件名。",
            f"“{out}” already exists. Pick another file name so another station's package is not overwritten.",
        )
    if not out.parent.is_dir():
        raise SyncError(
            f"文件夹“{out.parent}”不存在。请确认U盘已插好，或选择一个已有的文件夹。",
            f"The folder “{out.parent}” does not exist. Check that the USB stick is plugged in, or pick an existing "
            "folder.",
        )
    # The package is named once the station is recorded: a record the disk refuses leaves no package behind for
    # a station the county does not know (its batches would all be refused), nor a name a retry would refuse.
    with staged() as staging, store.engine.connect().execution_options(write=True) as conn, conn.begin():
        county = require_county(conn, store)
        if conn.execute(select(SyncStation.id).where(SyncStation.name == station_name)).first():
            raise SyncError(
                f"已有名为“{station_name}”的工作站。请换一个名称（例如加上乡镇名）。如果就是这个工作站的登记包或"
                "口令丢失了（或登记时被中断，没有看到口令），请先停用它（县级 → 工作站 → 停用工作站，或 "
                f"anju county revoke {station_name} --reason 登记包丢失），再用同一名称重新登记。",
                f"A station named “{station_name}” is already enrolled. Choose another name. If this is that "
                "station and its package or passphrase is lost (or the enrolment was interrupted before it showed "
                "the passphrase), revoke it first (County → Stations → Revoke, or anju county revoke "
                f"{station_name} --reason …), then enrol it again under the same name.",
            )
        stamp_local_changes(conn)
        site_table = CODECS["sites"].table
        site_ids = [r.id for r in conn.execute(select(site_table.c.id).where(site_table.c.deleted_at.is_(None)))]
        sites = load(conn, "sites", site_ids)
        known = {row["code"] for row in sites.values()}
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise SyncError(
                f"本县没有编码为 {'、'.join(unknown)} 的安置点。已有的安置点：{'、'.join(sorted(known)) or '（无）'}。"
                "请先用 anju county site 添加安置点。",
                f"No site with code {', '.join(unknown)} in this county. Known sites: "
                f"{', '.join(sorted(known)) or '(none)'}. Add sites first with anju county site.",
            )
        keys = KeyPairs.generate()
        public = keys.public()
        station_id = f"station-{uuid.uuid4().hex[:12]}"
        package_id = uuid.uuid4().hex
        now = utc_now()
        payload = {
            "format": PACKAGE_FORMAT,
            "package_id": package_id,
            "station_id": station_id,
            "station_name": station_name,
            "county_id": county.id,
            "county_name": county.name,
            "site_codes": codes,
            "sites": [{"rev": row["rev"], "data": row_json(row)} for row in sites.values()],
            "enc_private": _b64(keys.enc_private),
            "sign_private": _b64(keys.sign_private),
            "county_enc_public": _b64(county.county_enc_public),
            "county_sign_public": _b64(county.county_sign_public),
            "server_url": county.server_url,
            "issued_at": now,
            # Only a program that makes the station keys of its own accepts it: an older one would sign with the
            # package's keys, which any copy of the package holds (`sync.versions`).
            "schema": file_schema(own_keys=True),
            "app_version": APP_VERSION,
        }
        passphrase = new_passphrase()
        conn.execute(
            insert(SyncStation).values(
                id=station_id,
                name=station_name,
                sites=codes,
                enc_public=public.enc,
                sign_public=public.sign,
                package_sign_public=public.sign,  # checks the keys the station makes of its own (sync.station_keys)
                package_id=package_id,
                enrolled_at=now,
                enrolled_by=actor,
            )
        )
        staging.write(out, seal_package(payload, passphrase))  # inside the transaction: no file, no station
    return Enrolment(station_id, station_name, codes, passphrase, out)


# ---- the station -------------------------------------------------------------------------------------------------


@dataclass
class Accepted:
    station_id: str
    station_name: str
    county_name: str
    sites: list[str]
    adopted: int
    replaced: str | None  # the station id this database had before (--force)
    #: False when the county's program is older than stations' own keys: the station signs with the package's
    #: keys (`sync.versions.knows_own_keys`), and a copy of the package is the station until it is enrolled again
    own_keys: bool = True


def accept_package(store: Store, path: Path, passphrase: str, *, force: bool = False) -> Accepted:
    path = Path(path)
    package = open_package(read_file(path), passphrase, path.name)
    try:
        station_id = str(package["station_id"])
        county_id = str(package["county_id"])
        sites = [ReturnRecord("sites", "", int(s["rev"]), str(s["data"])) for s in package["sites"]]
        sites = [ReturnRecord("sites", r.row()["id"], r.rev, r.data) for r in sites]
    except (KeyError, TypeError, ValueError):
        raise AlteredFile(path.name, "登记包内容不完整", "the package is incomplete") from None
    if is_newer(str(package.get("schema"))):
        writer = package.get("app_version")
        raise NewerSchema(
            path.name,
            str(package.get("schema")),
            writer if isinstance(writer, str) else None,
            upgrade_zh="本工作站",
            upgrade_en="this station",
        )
    with store.unit_of_work("enrol", source="remote", origin=county_id) as uow:
        conn = uow.session.connection()
        existing = load_identity(conn)
        _check_may_accept(store, existing, package, force)
        _check_sites(conn, {r.record_id for r in sites}, path.name)
        state = load_state(conn)
        if existing is None or existing.county_id != county_id:
            state = State(0, 0, 0, 1, None, None)  # a new county has none of this station's changes yet
        else:
            if existing.id != station_id:
                state.next_batch = 1  # the county already holds what the old identity sent; numbering restarts
            if set(existing.sites) != set(package["site_codes"]):
                state.county_rev = 0  # other sites now: the next return file brings the whole new scope
        # Keys of its own, introduced with the package's key, which is not kept: a copy of the package is not this
        # station (`sync.station_keys`). The same package is never accepted twice here (`_check_may_accept`).
        # A county whose program predates them could not open a batch that introduces them: the station keeps the
        # package's keys, as one enrolled before them does, until the county, upgraded, enrols it again.
        own_keys = knows_own_keys(str(package.get("schema")))
        package_keys = KeyPairs(_unb64(package["enc_private"]), _unb64(package["sign_private"]))
        own, intro = introduce(station_id, package_keys.sign_private) if own_keys else (package_keys, None)
        conn.execute(delete(SyncIdentity))
        conn.execute(
            insert(SyncIdentity).values(
                id=station_id,
                role=STATION,
                name=str(package["station_name"]),
                county_id=county_id,
                county_name=str(package["county_name"]),
                enc_private=own.enc_private,
                sign_private=own.sign_private,
                package_enc_private=package_keys.enc_private if own_keys else None,
                keys_intro=intro,
                county_enc_public=_unb64(package["county_enc_public"]),
                county_sign_public=_unb64(package["county_sign_public"]),
                sites=list(package["site_codes"]),
                server_url=package.get("server_url"),
                package_id=str(package["package_id"]),
                created_at=utc_now(),
            )
        )
        save_state(conn, state)
        adopted = _adopt_provisional(conn, station_id)
        apply_records(uow, sites, pending_fields(conn, state.acked_seq))
    return Accepted(
        station_id,
        str(package["station_name"]),
        str(package["county_name"]),
        list(package["site_codes"]),
        adopted,
        existing.id if existing else None,
        own_keys,
    )


def _check_may_accept(store: Store, existing: Identity | None, package: dict[str, Any], force: bool) -> None:
    if existing is None:
        return
    if existing.role == COUNTY:
        raise AlreadyEnrolled(
            f"“{store.path}”是县级数据库，不能导入工作站登记包。请在工作站的数据库上导入。",
            f"“{store.path}” is the county database; accept the package on the station's database.",
        )
    if existing.package_id == package.get("package_id"):
        raise AlreadyEnrolled(
            f"此登记包已于 {local_time(existing.created_at)} 导入，本站为“{existing.name}”。无需再次导入。",
            f"This package was already accepted on {local_time(existing.created_at)}; this station is "
            f"“{existing.name}”. Nothing to do.",
        )
    if not force:
        raise AlreadyEnrolled(
            f"本数据库已登记为“{existing.county_name}”的工作站“{existing.name}”。再导入一个登记包会改变工作站"
            "身份，已有数据的来源会对不上。只有县里重新登记了本站时才这样做：加上 --force。",
            f"This database is already station “{existing.name}” of {existing.county_name}. Another package would "
            "change the station's identity under its existing data. Only if the county enrolled this station "
            "again, add --force.",
        )


def _check_sites(conn: Connection, package_sites: set[str], name: str) -> None:
    table = CODECS["sites"].table
    strangers = conn.execute(
        select(table.c.code).where(table.c.id.not_in(package_sites), table.c.deleted_at.is_(None))
    ).all()
    if strangers:
        codes = "、".join(sorted(r.code for r in strangers))
        raise SyncError(
            f"本数据库里有县里没有的安置点（{codes}），其中的住户无法并入县里的数据。未导入登记包。"
            "请在新的空数据库上导入登记包；或请县里先添加这些安置点并重新登记。",
            f"This database holds sites the county does not have ({codes}); their households could not join the "
            "county's data. The package was not accepted. Accept it on a new, empty database, or have the county "
            "add these sites and enrol again.",
        )
