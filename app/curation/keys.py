"""API keys: created once (the secret shown once), only a SHA-256 hash stored, checked in
constant time; and an in-process limiter slowing clients that keep sending wrong keys.

A key reads `acip_<prefix>_<secret>`: the prefix (8 hex digits, public, shown by
`acip keys list`) finds the row, the SHA-256 of the whole key is compared with
`hmac.compare_digest`. The secret has 256 bits of entropy, so one unsalted hash is enough.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import KEY_ROLES, ApiKey

KEY_PATTERN = re.compile(r"acip_([0-9a-f]{8})_[A-Za-z0-9_-]{43}")
ROLE_RANK = {"editor": 1, "admin": 2}


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewKey:
    id: int
    name: str
    role: str
    key: str  # shown once, never stored
    expires_on: date | None


def create_key(session: Session, name: str, role: str = "editor",
               expires_on: date | None = None) -> NewKey:
    """A new key; ValueError for a bad role or a name already taken."""
    name = name.strip()
    if not name or len(name) > 100:
        raise ValueError("the name must be 1 to 100 characters")
    if role not in KEY_ROLES:
        raise ValueError(f"unknown role {role!r}: use {' or '.join(KEY_ROLES)}")
    if session.scalar(select(ApiKey.id).where(ApiKey.name == name)) is not None:
        raise ValueError(f"a key named {name!r} exists already")
    while True:
        prefix = secrets.token_hex(4)
        if session.scalar(select(ApiKey.id).where(ApiKey.prefix == prefix)) is None:
            break
    key = f"acip_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiKey(name=name, role=role, prefix=prefix, key_hash=hash_key(key),
                 expires_on=expires_on)
    session.add(row)
    session.flush()
    return NewKey(row.id, name, role, key, expires_on)


def list_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))


def revoke_key(session: Session, key_id: int) -> ApiKey | None:
    """Revoke key `key_id` (again: no change); None if there is no such key."""
    row = session.get(ApiKey, key_id)
    if row is not None and row.revoked_at is None:
        row.revoked_at = datetime.now(UTC)
        session.flush()
    return row


class KeyRejected(Exception):
    """Why a presented key does not authenticate (never containing the key)."""


def verify_key(session: Session, presented: str, today: date | None = None) -> ApiKey:
    """The key's row, or KeyRejected: unknown, wrong, revoked or expired."""
    match = KEY_PATTERN.fullmatch(presented)
    # hash even when the format is wrong: every failure costs the same
    digest = hash_key(presented)
    row = session.scalar(select(ApiKey).where(ApiKey.prefix == match.group(1))) if match else None
    stored = row.key_hash if row is not None else "0" * 64
    if not hmac.compare_digest(digest, stored) or row is None:
        raise KeyRejected("the API key is not valid")
    if row.revoked_at is not None:
        raise KeyRejected("the API key has been revoked")
    if row.expires_on is not None and row.expires_on < (today or datetime.now(UTC).date()):
        raise KeyRejected(f"the API key expired on {row.expires_on.isoformat()}")
    return row


class FailureLimiter:
    """Failed authentications per client in a sliding window: after `max_failures` within
    `window_s` seconds, the client is refused (429) until the oldest of them leaves the
    window. In-process: each worker counts its own clients."""

    def __init__(self, max_failures: int, window_s: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.max_failures = max_failures
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: float) -> deque[float]:
        times = self._failures.get(client)
        if times is None:
            return deque()
        while times and times[0] <= now - self.window_s:
            times.popleft()
        if not times:
            del self._failures[client]
        return times

    def retry_after(self, client: str) -> int | None:
        """Seconds the client must wait, or None if it may try."""
        with self._lock:
            now = self.clock()
            times = self._recent(client, now)
            if len(times) < self.max_failures:
                return None
            return max(1, int(times[0] + self.window_s - now + 0.999))

    def failed(self, client: str) -> None:
        with self._lock:
            now = self.clock()
            times = self._recent(client, now)
            times.append(now)
            self._failures[client] = times
            if len(self._failures) > 100_000:  # bound the memory a flood can take
                oldest = min(self._failures, key=lambda c: self._failures[c][-1])
                del self._failures[oldest]
