"""Accounts of the web workbench: one per person, per database. An account's name is its
coder id, so codings made in the browser belong to the same coder as ``--as NAME``."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from concierto.model.base import Base

ROLES: tuple[str, ...] = ("admin", "coder", "viewer")
"""Viewers read; coders also code and write memos; admins also manage users and the codebook."""


class Account(Base):
    """A person who may log in to the workbench, with an argon2 password hash and a role."""

    __tablename__ = "account"
    __table_args__ = (CheckConstraint("role IN ('admin', 'coder', 'viewer')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str]
    disabled: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[str] = mapped_column(String(32))
