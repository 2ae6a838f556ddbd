"""Encrypted backups: a backup on a USB stick that is lost yields nothing to whoever finds it.

A backup written to a place the 站长 chooses holds every household's ID numbers, phone numbers and health records
and the station's private keys, so it is sealed. One random content key encrypts the file; that key is wrapped
twice:

- by a key derived (scrypt) from a passphrase the 站长 chooses, kept nowhere;
- for an enrolled station, also to the county's public key (X25519, as `sync.envelope` seals files for the county),
  which the station already holds. The county sees all of a station's data anyway, so this shows it nothing new,
  and a station that forgot its passphrase, on the day its laptop died, still gets its data back: the county
  clerk opens the backup with the county's key (``anju county open-backup``). A county's own backup, and an
  unenrolled station's, have the passphrase only (a county's key is inside the very database backed up).

The content is streamed in chunks, never held in memory whole (a county database can be 500 MB). Each chunk is
AES-256-GCM with its index and whether it is the last in the nonce, and a hash of the header as associated data:
a chunk moved, dropped, altered, or a file cut short after any chunk, is refused.

Layout (integers big-endian)::

    magic        8   b"ANJUBKUP"
    format       1   1
    header len   4
    header       n   JSON (UTF-8): schema revision, the Anju version that made it, whose database (role, id,
                     name; for the refusal of another station's backup before any passphrase is asked), chunk
                     size, the two wrapped keys
    crc32        4   over everything before it: damage to the header is told apart from a wrong passphrase
    chunks           flag 1 (0, or 1 for the last) + length 4 + AES-256-GCM ciphertext
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import unicodedata
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from .errors import StoreError
from .version import APP_VERSION

MAGIC = b"ANJUBKUP"
FORMAT = 1
SUFFIX = ".anju-backup"
CHUNK = 1 << 20  # 1 MiB of the database per chunk
#: 128 MiB and about half a second once per backup or restore; a guess costs a thief as much.
SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P = 17, 8, 1
MIN_PASSPHRASE_LENGTH = 8
_PREFIX = struct.Struct(">8sBI")  # magic, format, header length
_RECORD = struct.Struct(">BI")  # last-chunk flag, ciphertext length
_TAG = 16
_HEADER_MAX = 64 * 1024
_COUNTY_INFO = b"anju-backup-county-1"
_PASSPHRASE_AAD = b"anju-backup-passphrase-1"


class WrongBackupPassphrase(StoreError):
    """The passphrase does not open this backup (the user may type it again)."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"口令不对，打不开备份“{name}”。请检查大小写和输入法（中文/英文），再输入一次；"
            "忘记口令时，已登记的工作站可请县里用县级密钥打开这份备份（anju county open-backup）。",
            f"Wrong passphrase for backup “{name}”. Check capitals and the input method, then type it again; a "
            "station that forgot it can ask the county to open the backup with the county's key "
            "(anju county open-backup).",
        )


class DamagedBackup(StoreError):
    """The file is cut short or altered: nothing in it is used."""

    def __init__(self, name: str, zh: str, en: str) -> None:
        super().__init__(
            f"加密备份“{name}”已损坏（{zh}），没有恢复，数据库没有改变。请选择另一个备份。",
            f"Encrypted backup “{name}” is damaged ({en}); nothing was restored and the database was not changed. "
            "Pick another backup.",
        )


@dataclass(frozen=True)
class Whose:
    """Whose database a backup is: its sync identity, and the county key it is wrapped to (a station's)."""

    role: str
    id: str
    name: str
    county_id: str = ""
    county_name: str = ""
    county_enc_public: bytes = b""


@dataclass(frozen=True)
class BackupHeader:
    revision: str | None
    whose: Whose | None
    made_at: str
    chunk: int
    passphrase: dict[str, Any]
    county: dict[str, Any] | None
    raw: bytes  # prefix + JSON, what every chunk is bound to
    size: int  # bytes before the first chunk
    app_version: str | None = None  # the Anju that made it (named when a program too old to restore it refuses)

    @property
    def county_can_open(self) -> bool:
        return self.county is not None


def is_sealed_backup(path: Path) -> bool:
    """Whether ``path`` starts like an encrypted backup (a magic a few bits off is one damaged)."""
    try:
        with open(path, "rb") as f:
            start = f.read(len(MAGIC))
    except OSError:
        return False
    return len(start) == len(MAGIC) and sum(bin(a ^ b).count("1") for a, b in zip(start, MAGIC, strict=True)) <= 3


def passphrase_strength(passphrase: str, minimum: int = MIN_PASSPHRASE_LENGTH) -> int:
    """0 too short, 1 weak, 2 fair, 3 strong: what the 站长 is shown while typing, from the length and the kinds
    of characters (lower, upper, digits, other; a Chinese character counts as other and as two). ``minimum`` is
    the shortest that is not "too short": a login password's (`forms.accounts.MIN_PASSWORD_LENGTH`) is shorter."""
    if len(passphrase) < minimum:
        return 0
    kinds = sum(
        (
            any(c.islower() for c in passphrase),
            any(c.isupper() for c in passphrase),
            any(c.isdigit() for c in passphrase),
            any(not c.isascii() or not c.isalnum() for c in passphrase),
        )
    )
    if len(set(passphrase)) <= 3:  # "aaaaaaaa", "12121212"
        return 1
    length = sum(2 if not c.isascii() else 1 for c in passphrase)
    score = length + 3 * kinds
    return 3 if score >= 22 else 2 if score >= 16 else 1


def check_new_passphrase(passphrase: str, again: str) -> None:
    """Refuse a passphrase too short, or typed differently twice."""
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise StoreError(
            f"备份口令至少要 {MIN_PASSPHRASE_LENGTH} 个字符。没有备份。",
            f"The backup passphrase needs at least {MIN_PASSPHRASE_LENGTH} characters. Nothing was backed up.",
        )
    if passphrase != again:
        raise StoreError(
            "两次输入的备份口令不一致，没有备份。请重新输入。",
            "The two passphrases differ; nothing was backed up. Type them again.",
        )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: Any) -> bytes:
    return base64.b64decode(str(text).encode("ascii"), validate=True)


def _passphrase_key(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    text = unicodedata.normalize("NFC", passphrase)  # the same characters typed on another laptop's IME
    return Scrypt(salt=salt, length=32, n=2**log2_n, r=r, p=p).derive(text.encode("utf-8"))


def _county_key(shared: bytes, ephemeral: bytes, county_public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + county_public, info=_COUNTY_INFO).derive(shared)


def _public_raw(key: X25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def _nonce(index: int, last: bool) -> bytes:
    return struct.pack(">Q3xB", index, 1 if last else 0)


def seal_file(
    plain: Path, out: BinaryIO, passphrase: str, *, revision: str | None, whose: Whose | None, made_at: str
) -> None:
    """Write ``plain`` (a checked copy of a database) to ``out`` encrypted, chunk by chunk."""
    content_key = AESGCM.generate_key(bit_length=256)
    salt, nonce = os.urandom(16), os.urandom(12)
    kek = _passphrase_key(passphrase, salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P)
    header: dict[str, Any] = {
        "revision": revision,
        "app_version": APP_VERSION,
        "whose": None if whose is None else {"role": whose.role, "id": whose.id, "name": whose.name},
        "made_at": made_at,
        "chunk": CHUNK,
        "passphrase": {
            "kdf": "scrypt",
            "log2_n": SCRYPT_LOG2_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "salt": _b64(salt),
            "nonce": _b64(nonce),
            "key": _b64(AESGCM(kek).encrypt(nonce, content_key, _PASSPHRASE_AAD)),
        },
        "county": None,
    }
    if whose is not None and whose.county_enc_public:
        ephemeral_key = X25519PrivateKey.generate()
        ephemeral = _public_raw(ephemeral_key.public_key())
        county_public = whose.county_enc_public
        wrap = _county_key(
            ephemeral_key.exchange(X25519PublicKey.from_public_bytes(county_public)), ephemeral, county_public
        )
        county_nonce = os.urandom(12)
        header["county"] = {
            "id": whose.county_id,
            "name": whose.county_name,
            "ephemeral": _b64(ephemeral),
            "nonce": _b64(county_nonce),
            "key": _b64(AESGCM(wrap).encrypt(county_nonce, content_key, _COUNTY_INFO)),
        }
    body = json.dumps(header, ensure_ascii=False, sort_keys=True).encode("utf-8")
    raw = _PREFIX.pack(MAGIC, FORMAT, len(body)) + body
    out.write(raw + struct.pack(">I", zlib.crc32(raw)))
    aad = hashlib.sha256(raw).digest()
    aead = AESGCM(content_key)
    with open(plain, "rb") as f:
        index = 0
        chunk = f.read(CHUNK)
        while True:
            following = f.read(CHUNK)  # read one ahead: the last chunk is marked as the last
            last = not following
            sealed = aead.encrypt(_nonce(index, last), chunk, aad)
            out.write(_RECORD.pack(1 if last else 0, len(sealed)) + sealed)
            if last:
                return
            chunk, index = following, index + 1


def read_backup_header(path: Path) -> BackupHeader:
    """The header of an encrypted backup; refuses a file cut short or altered before it."""
    name = Path(path).name
    with open(path, "rb") as f:
        prefix = f.read(_PREFIX.size)
        if len(prefix) < _PREFIX.size:
            raise DamagedBackup(name, "文件不完整", "the file is cut short")
        magic, fmt, length = _PREFIX.unpack(prefix)
        if magic == MAGIC and fmt > FORMAT:  # a later Anju's layout: not damage, and nothing to read here
            raise StoreError(
                f"备份“{name}”由更新版本的安居做成（备份格式 {fmt}），本机的安居 {APP_VERSION} 读不了，没有恢复，"
                "现在的数据库没有改动。请先把本机的安居升级到最新版本，再恢复这个备份。",
                f"Backup “{name}” was made by a newer Anju (backup format {fmt}), which this computer's Anju "
                f"{APP_VERSION} cannot read. Nothing was restored and the current database is unchanged. Please "
                "upgrade Anju on this computer to the latest version, then restore it.",
            )
        if magic != MAGIC or fmt != FORMAT or length > _HEADER_MAX:
            raise DamagedBackup(name, "文件头被改动或格式无法识别", "its header was altered or its format is unknown")
        body = f.read(length)
        crc = f.read(4)
    if len(body) < length or len(crc) < 4:
        raise DamagedBackup(name, "文件不完整", "the file is cut short")
    raw = prefix + body
    if zlib.crc32(raw) != struct.unpack(">I", crc)[0]:
        raise DamagedBackup(name, "文件头校验和不符", "the header's checksum does not match")
    try:
        data = json.loads(body)
        whose = data["whose"]
        kdf = data["passphrase"]
        if not (10 <= int(kdf["log2_n"]) <= 22 and 1 <= int(kdf["r"]) <= 32 and 1 <= int(kdf["p"]) <= 16):
            raise ValueError(kdf)
        return BackupHeader(
            revision=data["revision"],
            whose=None if whose is None else Whose(str(whose["role"]), str(whose["id"]), str(whose["name"])),
            made_at=str(data["made_at"]),
            chunk=int(data["chunk"]),
            passphrase=kdf,
            county=data["county"],
            raw=raw,
            size=len(raw) + 4,
            app_version=data["app_version"] if isinstance(data.get("app_version"), str) else None,
        )
    except (ValueError, KeyError, TypeError):
        raise DamagedBackup(name, "文件头无法解读", "its header cannot be read") from None


def key_from_passphrase(header: BackupHeader, passphrase: str, name: str) -> bytes:
    """The content key, unwrapped with the passphrase; `WrongBackupPassphrase` when it does not open it."""
    slot = header.passphrase
    try:
        salt, nonce, wrapped = _unb64(slot["salt"]), _unb64(slot["nonce"]), _unb64(slot["key"])
    except (KeyError, ValueError):
        raise DamagedBackup(name, "文件头无法解读", "its header cannot be read") from None
    kek = _passphrase_key(passphrase, salt, int(slot["log2_n"]), int(slot["r"]), int(slot["p"]))
    try:
        return AESGCM(kek).decrypt(nonce, wrapped, _PASSPHRASE_AAD)
    except InvalidTag:  # the header's checksum was right: the passphrase, not damage
        raise WrongBackupPassphrase(name) from None


def key_from_county(header: BackupHeader, county_enc_private: bytes, name: str) -> bytes | None:
    """The content key, unwrapped with the county's private key; None when the backup is not wrapped to it."""
    slot = header.county
    if slot is None:
        return None
    try:
        ephemeral, nonce, wrapped = _unb64(slot["ephemeral"]), _unb64(slot["nonce"]), _unb64(slot["key"])
    except (KeyError, ValueError):
        raise DamagedBackup(name, "文件头无法解读", "its header cannot be read") from None
    private = X25519PrivateKey.from_private_bytes(county_enc_private)
    county_public = _public_raw(private.public_key())
    wrap = _county_key(private.exchange(X25519PublicKey.from_public_bytes(ephemeral)), ephemeral, county_public)
    try:
        return AESGCM(wrap).decrypt(nonce, wrapped, _COUNTY_INFO)
    except InvalidTag:
        return None


class BackupReadFailed(OSError):
    """Reading the backup file failed (its drive: a scratched CD, a failing stick), the system's error as it is:
    told apart from writing what the backup is opened into, which `open_file` lets through as its own OSError."""


def _chunks(path: Path, header: BackupHeader, content_key: bytes) -> Iterator[bytes]:
    try:
        yield from _read_chunks(path, header, content_key)
    except OSError as exc:  # raised here by a read of ``path`` only: what is read is written outside this generator
        raise BackupReadFailed(exc.errno, exc.strerror, str(path)) from exc


def _read_chunks(path: Path, header: BackupHeader, content_key: bytes) -> Iterator[bytes]:
    name = path.name
    aead = AESGCM(content_key)
    aad = hashlib.sha256(header.raw).digest()
    with open(path, "rb") as f:
        f.seek(header.size)
        index = 0
        while True:
            record = f.read(_RECORD.size)
            if not record:
                raise DamagedBackup(name, "文件被截短，缺少结尾", "the file was cut short: its end is missing")
            if len(record) < _RECORD.size:
                raise DamagedBackup(name, "文件被截短", "the file was cut short")
            flag, length = _RECORD.unpack(record)
            if flag > 1 or length > header.chunk + _TAG:
                raise DamagedBackup(name, f"第 {index + 1} 块被改动", f"chunk {index + 1} was altered")
            sealed = f.read(length)
            if len(sealed) < length:
                raise DamagedBackup(name, "文件被截短", "the file was cut short")
            try:
                yield aead.decrypt(_nonce(index, flag == 1), sealed, aad)
            except InvalidTag:
                raise DamagedBackup(name, f"第 {index + 1} 块被改动", f"chunk {index + 1} was altered") from None
            if flag == 1:
                if f.read(1):
                    raise DamagedBackup(name, "文件末尾多出数据", "extra bytes at the end")
                return
            index += 1


def open_file(path: Path, header: BackupHeader, content_key: bytes, out: BinaryIO) -> None:
    """Decrypt the backup at ``path`` into ``out``, chunk by chunk; `DamagedBackup` (and ``out`` to be thrown
    away) when any chunk is altered, missing or out of place, `BackupReadFailed` when ``path`` could not be read."""
    for chunk in _chunks(Path(path), header, content_key):
        out.write(chunk)
