"""The ``fengong`` command line: a thin layer over the library, one module per command group.

Each command opens the inputs, calls one library function and turns fengong's errors into a clean
message (exit 0 done, 1 an input problem, 2 a usage problem). Heavy imports happen inside commands
so that ``fengong --help`` stays instant.

* :mod:`~fengong.cli.common` — the app, the options every command shares, inputs and answers;
* :mod:`~fengong.cli.corpus` — ``build``, ``doctor``;
* :mod:`~fengong.cli.export` — ``export …``;
* :mod:`~fengong.cli.questions` — ``sparql``, ``workload``, ``unit``, ``official``, ``deadlines``,
  ``coordination``;
* :mod:`~fengong.cli.neo4j` — ``neo4j …``;
* :mod:`~fengong.cli.viz` — ``map``, ``site``, ``synth``.
"""
from __future__ import annotations

from fengong.cli import corpus, export, neo4j, questions, viz  # noqa: F401 - they register the commands
from fengong.cli.common import app

__all__ = ["app", "main"]


def main() -> None:
    app()
