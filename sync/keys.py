"""Key pairs: X25519 to receive sealed files, Ed25519 to sign the files one sends.

The county and every station each hold one pair of each. Keys are kept as raw 32-byte strings (in the
``sync_identity`` and ``sync_stations`` tables and in enrolment packages); these helpers turn them back into
`cryptography` objects where they are used.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat


def _private_raw(key: X25519PrivateKey | Ed25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def _public_raw(key: X25519PublicKey | Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


@dataclass(frozen=True)
class PublicKeys:
    enc: bytes  # X25519: others seal files for us with it
    sign: bytes  # Ed25519: others check our signatures with it


@dataclass(frozen=True)
class KeyPairs:
    enc_private: bytes
    sign_private: bytes

    @classmethod
    def generate(cls) -> KeyPairs:
        return cls(_private_raw(X25519PrivateKey.generate()), _private_raw(Ed25519PrivateKey.generate()))

    def public(self) -> PublicKeys:
        return PublicKeys(
            _public_raw(X25519PrivateKey.from_private_bytes(self.enc_private).public_key()),
            _public_raw(Ed25519PrivateKey.from_private_bytes(self.sign_private).public_key()),
        )


def x25519_private(raw: bytes) -> X25519PrivateKey:
    return X25519PrivateKey.from_private_bytes(raw)


def x25519_public(raw: bytes) -> X25519PublicKey:
    return X25519PublicKey.from_public_bytes(raw)


def ed25519_private(raw: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(raw)


def ed25519_public(raw: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(raw)


def x25519_public_raw(key: X25519PublicKey) -> bytes:
    return _public_raw(key)
