"""Checkpoints signed with Ed25519 and written out of the database.

The checkpoint job (`audit_checkpoint --key KEY --file FILE`) signs each
head it records with a private key kept in a file that only that job reads,
and appends one JSON line per chain to the checkpoint file (on storage the
application cannot write: another host, a WORM share, a printed copy).
`verify_audit --checkpoints FILE --public-key KEY.pub` checks every line's
signature and that the database still holds the link each line commits to.
Someone who rewrites the chain and every checkpoint in the database cannot
make the file agree without the private key.
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


@dataclass(frozen=True)
class SignedCheckpoint:
    line: int
    chain: str
    seq: int
    head: str
    at: str
    valid: bool


def payload(chain, seq, head, at):
    return json.dumps({"at": at, "chain": chain, "head": head, "seq": int(seq)}, sort_keys=True, separators=(",", ":"))


def generate_key(path):
    """Write a new private key (mode 0600) to `path` and its public key to `path`.pub; return the public path."""
    key = Ed25519PrivateKey.generate()
    path = Path(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        )
    public = path.with_name(path.name + ".pub")
    public.write_bytes(
        key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    return public


def load_private_key(path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} is not an Ed25519 private key")
    return key


def load_public_key(path) -> Ed25519PublicKey:
    data = Path(path).read_bytes()
    if b"PRIVATE KEY" in data:
        return load_private_key(path).public_key()
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"{path} is not an Ed25519 public key")
    return key


def append_signed(path, key, checkpoints):
    """Append one signed line per checkpoint to the checkpoint file."""
    lines = []
    for checkpoint in checkpoints:
        at = checkpoint.created_at.isoformat() if hasattr(checkpoint.created_at, "isoformat") else str(checkpoint.created_at)
        text = payload(checkpoint.chain, checkpoint.seq, checkpoint.last_hash, at)
        entry = {**json.loads(text), "signature": key.sign(text.encode()).hex()}
        lines.append(json.dumps(entry, sort_keys=True) + "\n")
    with open(path, "a", encoding="utf-8") as out:
        out.write("".join(lines))
        out.flush()
        os.fsync(out.fileno())


def read_signed(path, public_key) -> list[SignedCheckpoint]:
    """Every line of the checkpoint file, with whether its signature holds. Unreadable lines are invalid."""
    found = []
    for number, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            entry = json.loads(raw)
            text = payload(entry["chain"], entry["seq"], entry["head"], entry["at"])
            signature = bytes.fromhex(entry["signature"])
        except (ValueError, KeyError, TypeError):
            found.append(SignedCheckpoint(number, "", 0, "", "", False))
            continue
        try:
            public_key.verify(signature, text.encode())
            valid = True
        except InvalidSignature:
            valid = False
        found.append(SignedCheckpoint(number, entry["chain"], int(entry["seq"]), entry["head"], entry["at"], valid))
    return found
