"""Checking the keyword choices of API calls (``view=``, ``layer=``): a bad value raises
:class:`InputError` naming the argument and the choices, as the CLI does for its options."""

from __future__ import annotations

from collections.abc import Iterable

from concierto.api.errors import InputError
from concierto.i18n import _


def choose(name: str, value: str, choices: Iterable[str]) -> str:
    """``value`` when it is one of ``choices``; otherwise an :class:`InputError`."""
    allowed = tuple(choices)
    if value not in allowed:
        raise InputError(
            _("{name}={value!r} is not one of {choices}").format(
                name=name, value=value, choices=", ".join(allowed)
            )
        )
    return value
