"""Sessions, CSRF tokens and the login rate limit.

A session is a signed cookie (itsdangerous) holding the user name, or none before login, and
a random CSRF token: every state-changing request must send that token back, as the form field
``csrf_token`` or the header ``X-CSRF-Token``. The signing key lives in the server process (or
``CONCIERTO_SECRET``), so sessions end when the server restarts unless that variable is set.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field

from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "concierto_session"
SESSION_SECONDS = 12 * 3600
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


@dataclass(frozen=True)
class SessionData:
    """What the cookie carries: who is logged in (None before login) and the CSRF token."""

    user: str | None
    csrf: str

    @staticmethod
    def fresh(user: str | None = None) -> SessionData:
        """A new session with a new CSRF token (a login always gets a new one)."""
        return SessionData(user, secrets.token_urlsafe(32))


class SessionSigner:
    """Signs and checks session cookies."""

    def __init__(self, secret: bytes) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="concierto-session")

    def dump(self, data: SessionData) -> str:
        """The cookie value for ``data``."""
        return str(self._serializer.dumps({"u": data.user, "c": data.csrf}))

    def load(self, cookie: str | None) -> SessionData | None:
        """The session in ``cookie``, or None if absent, forged, malformed or expired."""
        if not cookie:
            return None
        try:
            raw = self._serializer.loads(cookie, max_age=SESSION_SECONDS)
        except BadSignature:
            return None
        if not isinstance(raw, dict) or not isinstance(raw.get("c"), str):
            return None
        user = raw.get("u")
        return SessionData(user if isinstance(user, str) else None, raw["c"])


def csrf_matches(expected: str, given: str | None) -> bool:
    """Constant-time comparison of the session's token with the one the request sent."""
    return bool(given) and hmac.compare_digest(expected.encode(), (given or "").encode())


@dataclass
class LoginLimiter:
    """At most ``attempts`` failed logins per ``seconds`` for one address and for one name."""

    attempts: int = 5
    seconds: float = 60.0
    _failures: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and now - times[0] > self.seconds:
            times.popleft()
        return times

    def blocked(self, address: str, name: str) -> bool:
        """True when the address or the name has used up its attempts."""
        now = time.monotonic()
        with self._lock:
            return any(
                len(self._recent(key, now)) >= self.attempts
                for key in (f"ip:{address}", f"user:{name}")
            )

    def failed(self, address: str, name: str) -> None:
        """Record a failed attempt."""
        now = time.monotonic()
        with self._lock:
            for key in (f"ip:{address}", f"user:{name}"):
                self._recent(key, now).append(now)

    def succeeded(self, name: str) -> None:
        """A good login clears the name's failures."""
        with self._lock:
            self._failures.pop(f"user:{name}", None)
