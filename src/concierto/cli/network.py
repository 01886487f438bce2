"""The network measures' rows and columns live in :mod:`concierto.api.network_rows`; this name
stays for the CLI modules that import them."""

from concierto.api.network_rows import (
    ALL_GROUPS,
    actor_columns,
    actor_rows,
    brokerage_columns,
    brokerage_rows,
    brokered_path_columns,
    brokered_path_rows,
    component_columns,
    component_rows,
    ei_columns,
    ei_rows,
    network_columns,
    network_rows,
)

__all__ = [
    "ALL_GROUPS",
    "actor_columns",
    "actor_rows",
    "brokerage_columns",
    "brokerage_rows",
    "brokered_path_columns",
    "brokered_path_rows",
    "component_columns",
    "component_rows",
    "ei_columns",
    "ei_rows",
    "network_columns",
    "network_rows",
]
