"""The sealed envelope every sync file travels in (USB stick or HTTP): a lost stick leaks nothing, and a forged,
altered or cut-short file is refused before anything in it is used.

Layout (integers big-endian)::

    magic            8   b"ANJUSEAL"
    format           1   2 with the sender's keys, 1 without (as every file was before stations had keys)
    kind             1   1 = station batch, 2 = county return file
    schema           1+n the oldest schema revision whose program reads the file (`sync.versions`; ASCII)
    sender           1+n sender id (length, UTF-8)
    recipient        1+n recipient id (length, UTF-8)
    sender's keys    1+n a station's own public keys and their introduction (`sync.station_keys`), or nothing
    ephemeral key   32   X25519 public key made for this file only
    nonce           12   AES-GCM nonce
    payload length   8   length of the ciphertext
    ---------------- header ends
    ciphertext       n   AES-256-GCM(zlib(payload)), the header as associated data; key = HKDF-SHA256 over
                         X25519(ephemeral, recipient's key)
    signature       64   Ed25519 by the sender over header + ciphertext
    crc32            4   over everything before it

The CRC is not security (the signature is): it tells accidental damage apart from a wrong recipient or an
unknown sender, so a flipped bit on a worn stick is reported as damage, not as "sent by a stranger".
Checks run in that order — shape, length, CRC, kind, recipient, sender, signature — and only then is the
payload decrypted.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from .errors import (
    AlteredFile,
    NewerFormat,
    NotAnjuFile,
    TruncatedFile,
    UnknownStation,
    WrongKind,
    WrongRecipient,
    WrongSender,
)
from .keys import ed25519_private, ed25519_public, x25519_private, x25519_public, x25519_public_raw

MAGIC = b"ANJUSEAL"
FORMAT = 2
FORMATS = (1, 2)
KIND_BATCH = 1
KIND_RETURN = 2
KIND_NAMES = {
    KIND_BATCH: ("工作站批次文件", "a station batch file"),
    KIND_RETURN: ("县里的回执文件", "a county return file"),
}
SIGNATURE_LEN = 64
CRC_LEN = 4
HKDF_INFO = b"anju-envelope-1"
ZLIB_LEVEL = 6
_FIXED = len(MAGIC) + 2  # magic, format, kind
_HEADER_MAX = _FIXED + 4 * (1 + 255) + 32 + 12 + 8  # the longest a header can be


@dataclass(frozen=True)
class Header:
    kind: int
    schema: str
    sender: str
    recipient: str
    ephemeral: bytes
    nonce: bytes
    payload_len: int
    size: int  # bytes of header
    sender_keys: bytes = b""  # a station's own keys and their introduction (`sync.station_keys`)

    @property
    def total(self) -> int:
        return self.size + self.payload_len + SIGNATURE_LEN + CRC_LEN


def _short(value: str | bytes) -> bytes:
    raw = value.encode("utf-8") if isinstance(value, str) else value
    if len(raw) > 255:
        raise ValueError(f"header field too long: {value!r}")
    return bytes([len(raw)]) + raw


def _derive_key(shared: bytes, ephemeral: bytes, recipient_public: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient_public, info=HKDF_INFO).derive(shared)


def seal(
    payload: bytes,
    *,
    kind: int,
    schema: str,
    sender: str,
    sender_sign_private: bytes,
    recipient: str,
    recipient_enc_public: bytes,
    sender_keys: bytes = b"",
) -> bytes:
    """Compress, encrypt for the recipient and sign ``payload``; ``sender_keys`` is a station's introduction."""
    ephemeral_key = X25519PrivateKey.generate()
    ephemeral = x25519_public_raw(ephemeral_key.public_key())
    key = _derive_key(ephemeral_key.exchange(x25519_public(recipient_enc_public)), ephemeral, recipient_enc_public)
    nonce = os.urandom(12)
    compressed = zlib.compress(payload, ZLIB_LEVEL)
    ciphertext_len = len(compressed) + 16  # GCM appends a 16-byte tag
    header = b"".join(
        [
            MAGIC,
            bytes([FORMAT if sender_keys else 1, kind]),
            _short(schema),
            _short(sender),
            _short(recipient),
            _short(sender_keys) if sender_keys else b"",
            ephemeral,
            nonce,
            struct.pack(">Q", ciphertext_len),
        ]
    )
    ciphertext = AESGCM(key).encrypt(nonce, compressed, header)
    signed = header + ciphertext
    sealed = signed + ed25519_private(sender_sign_private).sign(signed)
    return sealed + struct.pack(">I", zlib.crc32(sealed))


def _looks_like_magic(prefix: bytes) -> bool:
    """A magic a few bits away from ours is our file damaged, not a stranger's file."""
    if len(prefix) < len(MAGIC):
        return MAGIC.startswith(prefix)
    return sum(bin(a ^ b).count("1") for a, b in zip(prefix, MAGIC, strict=True)) <= 3


def read_header(data: bytes, name: str) -> Header:
    """Parse the header; refuse what is not ours, cut short, or not whole."""
    later = data[: len(MAGIC)] == MAGIC and len(data) > _FIXED + CRC_LEN and data[len(MAGIC)] > FORMAT
    if later and not _crc_holds(data):
        raise AlteredFile(name, "校验和不符", "checksum mismatch")  # a flipped format byte, not a later program
    header = _parse_header(data, name)
    if len(data) < header.total:
        raise TruncatedFile(name, len(data), header.total)
    if len(data) > header.total:
        raise AlteredFile(name, "文件末尾多出数据", "extra bytes at the end")
    if not _crc_holds(data):
        raise AlteredFile(name, "校验和不符", "checksum mismatch")
    return header


def _crc_holds(data: bytes) -> bool:
    (crc,) = struct.unpack(">I", data[-CRC_LEN:])
    return bool(zlib.crc32(memoryview(data)[:-CRC_LEN]) == crc)  # a view: no copy of a file of many MiB


def peek_header(prefix: bytes | bytearray, name: str) -> Header | None:
    """The header from the first bytes of a sealed file as they arrive (an upload, see `sync.server`), or None
    while they are too few to hold it. Refuses what is not ours as `read_header` would; what follows the header
    (its length, the checksum) is left to `read_header` once the file is whole."""
    if len(prefix) < len(MAGIC):
        return None  # a magic a bit or two off is damage, not a stranger's file: wait for all of it
    try:
        return _parse_header(bytes(prefix[:_HEADER_MAX]), name)
    except TruncatedFile:
        return None


def _parse_header(data: bytes, name: str) -> Header:
    """The header at the start of ``data``, whatever follows it."""
    if not data:
        raise TruncatedFile(name, 0, None)
    if not _looks_like_magic(data[: len(MAGIC)]):
        raise NotAnjuFile(name)
    if len(data) < _FIXED:
        raise TruncatedFile(name, len(data), None)
    if data[: len(MAGIC)] != MAGIC:
        raise AlteredFile(name, "文件标识被改动", "the file signature bytes were changed")
    version = data[len(MAGIC)]
    if version > FORMAT:  # a later Anju's envelope (`read_header` told a damaged format byte apart)
        raise NewerFormat(name, version)
    if version not in FORMATS or data[len(MAGIC) + 1] not in KIND_NAMES:
        raise AlteredFile(name, "格式版本或文件类型无法识别", "unknown format version or file kind")
    pos = _FIXED
    fields: list[str] = []
    try:
        for _ in range(3):
            length = data[pos]
            raw = data[pos + 1 : pos + 1 + length]
            if len(raw) < length:
                raise IndexError
            fields.append(raw.decode("utf-8"))
            pos += 1 + length
        sender_keys = b""
        if version >= 2:
            length = data[pos]
            sender_keys = data[pos + 1 : pos + 1 + length]
            if len(sender_keys) < length:
                raise IndexError
            pos += 1 + length
        ephemeral = data[pos : pos + 32]
        nonce = data[pos + 32 : pos + 44]
        (payload_len,) = struct.unpack(">Q", data[pos + 44 : pos + 52])
        pos += 52
    except (IndexError, struct.error):
        raise TruncatedFile(name, len(data), None) from None
    except UnicodeDecodeError:
        raise AlteredFile(name, "文件头无法解读", "the header cannot be read") from None
    return Header(
        data[len(MAGIC) + 1], fields[0], fields[1], fields[2], ephemeral, nonce, payload_len, pos, sender_keys
    )


def open_sealed(
    data: bytes,
    name: str,
    *,
    kind: int,
    me: str,
    my_role: str,
    my_enc_private: bytes,
    sender_key: Callable[[Header], bytes | None],
    older_enc_private: bytes | None = None,
) -> tuple[Header, bytes]:
    """Verify and open a sealed file addressed to ``me``; returns its header and the payload.

    ``sender_key`` gives the Ed25519 public key of the header's sender if this database knows it, or None (it may
    refuse the header itself, raising). ``older_enc_private`` opens a file sealed for a key ``me`` had before
    (a station's package key, see `sync.station_keys`).
    """
    header = read_header(data, name)
    if header.kind != kind:
        got_zh, got_en = KIND_NAMES[header.kind]
        want_zh, want_en = KIND_NAMES[kind]
        raise WrongKind(name, expected_zh=want_zh, expected_en=want_en, got_zh=got_zh, got_en=got_en)
    if header.recipient != me:
        raise WrongRecipient(name, header.recipient, me, my_role)
    public = sender_key(header)
    if public is None:
        if my_role == "county":
            raise UnknownStation(name, header.sender)
        raise WrongSender(name, header.sender)
    signed = data[: header.size + header.payload_len]
    try:
        ed25519_public(public).verify(data[len(signed) : len(signed) + SIGNATURE_LEN], signed)
    except InvalidSignature:
        raise AlteredFile(name, "签名不符", "the signature does not match") from None
    for enc_private in (my_enc_private, older_enc_private):
        if enc_private is None:
            continue
        private = x25519_private(enc_private)
        recipient_public = x25519_public_raw(private.public_key())
        key = _derive_key(private.exchange(x25519_public(header.ephemeral)), header.ephemeral, recipient_public)
        try:
            compressed = AESGCM(key).decrypt(header.nonce, data[header.size : len(signed)], data[: header.size])
            return header, zlib.decompress(compressed)
        except (InvalidTag, zlib.error):
            continue
    # Signed by a known sender yet undecryptable: sealed with keys this database does not hold.
    raise AlteredFile(name, "无法用本机密钥解密", "it cannot be decrypted with this database's keys")
