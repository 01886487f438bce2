"""What every API call that computes or lists returns: a :class:`Table` of plain rows, and
for measures a :class:`Result` that also keeps the measure's own result object."""

from __future__ import annotations

import copy
import importlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from concierto.api.errors import MissingDependencyError
from concierto.i18n import _

Row = dict[str, Any]
EVIDENCE_KEYS = ("evidence", "segment_ids", "document_ids")
Columns = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    """Rows with stable keys (``columns`` pairs each key with its label in the current
    language), as the CLI prints them with ``--format json``."""

    title: str
    columns: Columns
    rows: tuple[Mapping[str, Any], ...]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Mapping[str, Any]]:
        return iter(self.rows)

    def __getitem__(self, index: int) -> Mapping[str, Any]:
        return self.rows[index]

    @property
    def keys(self) -> tuple[str, ...]:
        """The column keys, in order."""
        return tuple(key for key, _label in self.columns)

    def to_records(self) -> list[Row]:
        """The rows as a list of new dicts (every column key present; lists copied)."""
        return [{key: copy.deepcopy(row.get(key)) for key in self.keys} for row in self.rows]

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame, one column per key (pandas must be installed)."""
        try:
            pd = importlib.import_module("pandas")
        except ModuleNotFoundError as exc:
            raise MissingDependencyError(
                _("to_frame() needs pandas, which is not installed (pip install pandas)")
            ) from exc
        return pd.DataFrame.from_records(self.to_records(), columns=list(self.keys))

    def column(self, key: str) -> list[Any]:
        """Every row's value of ``key``."""
        if key not in self.keys:
            from concierto.api.errors import InputError

            raise InputError(
                _("no column {key!r}; the columns are {keys}").format(
                    key=key, keys=", ".join(self.keys)
                )
            )
        return [row.get(key) for row in self.rows]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.title!r}: {len(self.rows)} rows x {self.keys}>"


@dataclass(frozen=True, repr=False)
class Result(Table):
    """A measure's rows (``to_records``, ``to_frame``), the measure's own result object
    (``value``), a few whole-result figures (``summary``, e.g. the policy's Metcalfe score) and,
    when the result holds nothing (or part of it does), why, in a sentence (``reason``)."""

    value: Any = None
    summary: Mapping[str, Any] = field(default_factory=dict)
    reason: str | None = None

    @property
    def evidence(self) -> tuple[str, ...]:
        """Every evidence id the rows rest on (their ``evidence``, ``segment_ids`` and
        ``document_ids``), in first-seen order."""
        found: dict[str, None] = {}
        for row in self.rows:
            for key in EVIDENCE_KEYS:
                ids = row.get(key)
                if isinstance(ids, str):
                    found[ids] = None
                elif isinstance(ids, Sequence):
                    found.update(dict.fromkeys(str(item) for item in ids))
        return tuple(found)
