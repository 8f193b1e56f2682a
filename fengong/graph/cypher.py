"""Cypher over the graph loaded into Neo4j (:mod:`fengong.graph.neo4j`), answers as pandas DataFrames.

The named queries (``fengong/graph/queries/cypher/<name>.cypher``) answer the same questions as
the pandas functions and the named SPARQL queries — workload per unit and year, one unit's
responsibilities, co-assignment pairs — with the same columns. Values travel as Cypher
parameters (``$year``, ``$unit``), never pasted into the text, so a hostile value stays a value.

A named query's leading ``//`` comment lines say what it answers and its parameters; a parameter
marked ``(optional)`` there defaults to null when not given (``$year IS NULL OR t.year = $year``):

>>> "RESPONSIBLE_FOR" in named_cypher("workload")
True
>>> optional_parameters(named_cypher("co_assignment"))
{'year': None}
>>> optional_parameters(named_cypher("responsibilities"))
{}

With a driver (:func:`fengong.graph.neo4j.connect`) and the graph loaded::

    run_cypher(driver, "workload", year=2023)        # year, unit, name, collective, responsible, …
    run_cypher(driver, "responsibilities", unit=find_unit(kg, "区发展改革委"))
    run_cypher(driver, "MATCH (u:Fengong:Unit {name: $name}) RETURN u.id AS id", name="区财政局")
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

__all__ = ["NAMED_CYPHER", "named_cypher", "optional_parameters", "run_cypher"]

NAMED_CYPHER = ("workload", "responsibilities", "co_assignment")

_OPTIONAL = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)\s*\(optional\)")


def named_cypher(name: str) -> str:
    """The text of one of fengong's named Cypher queries (``fengong/graph/queries/cypher/<name>.cypher``).

    >>> named_cypher("responsibilities").startswith("//")
    True
    >>> named_cypher("nope")
    Traceback (most recent call last):
    ValueError: no named Cypher query 'nope'; choose one of workload, responsibilities, co_assignment
    """
    from importlib import resources

    if name not in NAMED_CYPHER:
        raise ValueError(f"no named Cypher query {name!r}; choose one of {', '.join(NAMED_CYPHER)}")
    return resources.files("fengong.graph.queries").joinpath("cypher", f"{name}.cypher").read_text(encoding="utf-8")


def optional_parameters(query: str) -> dict[str, None]:
    """The parameters the query's leading ``//`` comment lines mark ``(optional)``, each defaulting to None."""
    header = []
    for line in query.lstrip().splitlines():
        if not line.lstrip().startswith("//"):
            break
        header.append(line)
    return {name: None for name in _OPTIONAL.findall("\n".join(header))}


def run_cypher(driver, name_or_text: str, database: str = "neo4j", **params: Any) -> pd.DataFrame:
    """Run a named query (``"workload"``, ``"responsibilities"``, ``"co_assignment"``) or Cypher text.

    ``params`` are sent as Cypher parameters (``year=2023`` is ``$year``); optional parameters of
    the query's header that are not given are sent as null. Returns one column per returned key,
    in the query's order, also when there are no rows.
    """
    query = named_cypher(name_or_text) if name_or_text in NAMED_CYPHER else name_or_text
    parameters = {**optional_parameters(query), **params}
    records, _, keys = driver.execute_query(query, parameters_=parameters, database_=database)
    return pd.DataFrame([list(r.values()) for r in records], columns=list(keys))
