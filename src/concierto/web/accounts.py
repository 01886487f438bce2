"""Accounts in the store: add, list, change password, disable, and check a login.

Passwords are hashed with argon2 (argon2-cffi's defaults). An account's name is a coder id
(same rules as ``--as``): codings made in the browser are that coder's."""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from concierto.evidence.errors import EvidenceError, UnknownReferenceError
from concierto.evidence.store import KEY_PATTERN, ensure_coder, now
from concierto.i18n import _
from concierto.model import Account
from concierto.model.accounts import ROLES
from concierto.model.coding import CONSENSUS_CODER, SYSTEM_CODER

MIN_PASSWORD = 8
_hasher = PasswordHasher()


class AccountError(EvidenceError):
    """Bad account input (name, role, password); nothing is changed."""


@dataclass(frozen=True)
class User:
    """Who is logged in: the account's name (their coder id) and role."""

    name: str
    role: str

    @property
    def can_code(self) -> bool:
        """Coders and admins code and write memos."""
        return self.role in ("admin", "coder")

    @property
    def is_admin(self) -> bool:
        """Admins manage users and the codebook."""
        return self.role == "admin"


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(
            _("the password must have at least {n} characters").format(n=MIN_PASSWORD)
        )


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(
            _("unknown role {role!r}; choose one of {roles}").format(
                role=role, roles=", ".join(ROLES)
            )
        )


def account_by_name(session: Session, name: str) -> Account:
    """The account ``name``, or an error naming it."""
    row = session.scalar(select(Account).where(Account.name == name))
    if row is None:
        raise UnknownReferenceError(_("unknown user {name!r}").format(name=name))
    return row


def add_account(session: Session, name: str, role: str, password: str) -> Account:
    """Create the account ``name`` (and its coder, if new) with ``role``; the consensus and
    system coders are not people and get no account."""
    if not KEY_PATTERN.match(name) or name in (CONSENSUS_CODER, SYSTEM_CODER):
        raise AccountError(_("invalid user name {name!r}").format(name=name))
    _check_role(role)
    _check_password(password)
    if session.scalar(select(Account).where(Account.name == name)) is not None:
        raise AccountError(_("a user {name!r} already exists").format(name=name))
    ensure_coder(session, name)
    row = Account(
        name=name, role=role, password_hash=_hasher.hash(password), created_at=now()
    )
    session.add(row)
    session.flush()
    return row


def set_password(session: Session, name: str, password: str) -> Account:
    """Replace the password of ``name``."""
    _check_password(password)
    row = account_by_name(session, name)
    row.password_hash = _hasher.hash(password)
    session.flush()
    return row


def set_disabled(session: Session, name: str, disabled: bool = True) -> Account:
    """Disable (or enable again) ``name``: a disabled account cannot log in."""
    row = account_by_name(session, name)
    row.disabled = disabled
    session.flush()
    return row


def set_role(session: Session, name: str, role: str) -> Account:
    """Give ``name`` another role."""
    _check_role(role)
    row = account_by_name(session, name)
    row.role = role
    session.flush()
    return row


def list_accounts(session: Session) -> list[Account]:
    """Every account, by name."""
    return list(session.scalars(select(Account).order_by(Account.name)))


def active_admins(session: Session) -> int:
    """How many admins can log in (the server needs one)."""
    return (
        session.scalar(
            select(func.count())
            .select_from(Account)
            .where(Account.role == "admin", Account.disabled.is_(False))
        )
        or 0
    )


def authenticate(session: Session, name: str, password: str) -> User | None:
    """The user ``name`` if ``password`` is theirs and the account is enabled, else None.

    A wrong name costs a hash too, so timing does not tell which names exist."""
    row = session.scalar(select(Account).where(Account.name == name))
    if row is None:
        _hasher.hash(password)
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if row.disabled:
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        row.password_hash = _hasher.hash(password)
    return User(row.name, row.role)


def current_user(session: Session, name: str) -> User | None:
    """The enabled account ``name`` as a :class:`User` (None if gone or disabled): a session
    cookie is only as good as the account behind it."""
    row = session.scalar(select(Account).where(Account.name == name))
    if row is None or row.disabled:
        return None
    return User(row.name, row.role)
