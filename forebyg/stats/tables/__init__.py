"""Statistics tables with disclosure control: the interface the pages, exports and API use.

    build_tables(scope, keys=None, quarters=None) -> list[StatTable]
    catalogue() -> list[TableSpec]
    publish(scope, quarters=None) -> Publication  (tables and outcomes from one extract)

A table's numbers are Cells: `cell.display` is the number, "<5" (a hidden count of 1-4) or
"x" (a count of 5 or more hidden so that a "<5" cannot be worked out); see suppression.py.
"""

from collections.abc import Sequence

from forebyg.stats.scope import StatScope
from forebyg.stats.suppression import Cell
from forebyg.stats.tables.catalogue import TableSpec, catalogue
from forebyg.stats.tables.publication import Publication, StatTable, publish


def build_tables(
    scope: StatScope,
    *,
    keys: Sequence[str] | None = None,
    quarters: tuple[str, str] | None = None,
) -> list[StatTable]:
    """The tables of `scope` (all, or those with `keys`), from one consistently suppressed
    publication: asking for fewer tables never changes how the others are suppressed."""
    return publish(scope, quarters=quarters).tables(keys)


__all__ = [
    "Cell",
    "Publication",
    "StatTable",
    "TableSpec",
    "build_tables",
    "catalogue",
    "publish",
]
