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
    """Run the command line with one error style: usage errors print as ``error: …`` lines with a
    hint, like every other error, and exit 2 (typer would draw a box around them)."""
    import sys

    import typer

    from fengong.errors import FengongError

    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        print("aborted", file=sys.stderr)
        sys.exit(1)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except typer.exceptions.TyperException as e:  # a usage problem: unknown option, bad choice, missing argument
        ctx = getattr(e, "ctx", None)
        where = f" (see `{ctx.command_path} --help`)" if ctx is not None else ""
        message = e.format_message() if hasattr(e, "format_message") else str(e)
        print(f"error: {message}{where}", file=sys.stderr)
        sys.exit(getattr(e, "exit_code", 2))
    except FengongError as e:  # a library error no command turned into a message: still no traceback
        print(f"error: {e}", file=sys.stderr)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
