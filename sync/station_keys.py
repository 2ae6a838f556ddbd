"""A station's own keys, and how the county comes to trust them: a package is not the station.

An enrolment package carries key pairs, and a package with its passphrase can be accepted on any number of
computers. Were the package's keys the station's, every such copy could sign batches as the station and open the
county's return files, which hold every household of the station's sites. So a station makes key pairs of its own
when it accepts its package (`introduce`), signs its own public keys with the package's Ed25519 key (the
introduction) and forgets that key. Every batch it sends carries the introduction in its envelope header
(`StationKeys`), and is signed with its own key.

The county checks the introduction against the package key it recorded at enrolment, and trusts the first keys
introduced: it pins them (`pin`), seals the station's return files for them, and from then on refuses a batch
that introduces other keys (`StationCopy`), whoever signed it. A copy that gets there first is pinned instead, and
the real station is refused: the county then learns of the copy, and enrols the station again.

A station enrolled before this existed has no introduction: it signs with the package's key, and the county,
having pinned nothing for it, checks that key as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from sqlalchemy import Connection, update

from forms.journal import utc_now
from forms.sync_records import SyncStation

from .envelope import Header
from .errors import AlteredFile, StationCopy, StationRevoked
from .keys import KeyPairs, PublicKeys, ed25519_private, ed25519_public

#: What an introduction signs, before the station id and the two public keys.
_CONTEXT = b"anju-station-keys-1\x00"
_KEY = 32
_SIGNATURE = 64


@dataclass(frozen=True)
class StationKeys:
    """A station's own public keys and their introduction, as a batch's envelope header carries them."""

    sign_public: bytes
    enc_public: bytes
    intro: bytes  # Ed25519 by the package's key over `_CONTEXT`, the station id and the two keys

    def encode(self) -> bytes:
        return self.sign_public + self.enc_public + self.intro

    @classmethod
    def decode(cls, raw: bytes) -> StationKeys | None:
        if len(raw) != 2 * _KEY + _SIGNATURE:
            return None
        return cls(raw[:_KEY], raw[_KEY : 2 * _KEY], raw[2 * _KEY :])

    def introduced_by(self, package_sign_public: bytes, station_id: str) -> bool:
        try:
            ed25519_public(package_sign_public).verify(
                self.intro, _signed(station_id, self.sign_public, self.enc_public)
            )
        except InvalidSignature:
            return False
        return True


def _signed(station_id: str, sign_public: bytes, enc_public: bytes) -> bytes:
    return _CONTEXT + station_id.encode("utf-8") + b"\x00" + sign_public + enc_public


def introduce(station_id: str, package_sign_private: bytes) -> tuple[KeyPairs, bytes]:
    """Key pairs of the station's own, and their introduction signed with the package's key."""
    own = KeyPairs.generate()
    public = own.public()
    intro = ed25519_private(package_sign_private).sign(_signed(station_id, public.sign, public.enc))
    return own, intro


def presented(station_id: str, own: KeyPairs, intro: bytes | None) -> bytes:
    """What the station's batches carry in their envelope header: its keys and their introduction (nothing for a
    station enrolled before stations had keys of their own)."""
    if intro is None:
        return b""
    public: PublicKeys = own.public()
    return StationKeys(public.sign, public.enc, intro).encode()


def signing_key(station: Any, header: Header, name: str) -> bytes:
    """The Ed25519 key the county checks a batch from ``station`` (its `SyncStation` row) with.

    A revoked station is refused (`StationRevoked`). A batch introducing keys must introduce them with the
    package's key, and, once the station has keys pinned, introduce those very keys (else `StationCopy`). A batch
    introducing none is checked with the package's key, as batches were before stations had keys of their own,
    unless the station's own keys are pinned.
    """
    if station.revoked_at is not None:
        raise StationRevoked(name, station.name, station.revoked_at[:10], station.revoked_reason or "")
    keys = StationKeys.decode(header.sender_keys) if header.sender_keys else None
    if header.sender_keys and keys is None:
        raise AlteredFile(name, "工作站密钥的格式不对", "the station keys in the header are malformed")
    if keys is None:
        if station.pinned_at is not None:
            raise StationCopy(name, station.name)
        return bytes(station.sign_public)
    if not keys.introduced_by(bytes(station.package_sign_public or station.sign_public), header.sender):
        raise AlteredFile(name, "工作站密钥不是用登记包介绍的", "its station keys were not introduced by the package")
    if station.pinned_at is not None and (keys.sign_public, keys.enc_public) != (
        bytes(station.sign_public),
        bytes(station.enc_public),
    ):
        raise StationCopy(name, station.name)
    return keys.sign_public


def pin(conn: Connection, header: Header) -> bool:
    """Trust the keys a verified batch introduced, if the station has none pinned yet; whether it pinned them."""
    keys = StationKeys.decode(header.sender_keys) if header.sender_keys else None
    if keys is None:
        return False
    pinned = conn.execute(
        update(SyncStation)
        .where(SyncStation.id == header.sender, SyncStation.pinned_at.is_(None))
        .values(sign_public=keys.sign_public, enc_public=keys.enc_public, pinned_at=utc_now())
    )
    return bool(pinned.rowcount)
