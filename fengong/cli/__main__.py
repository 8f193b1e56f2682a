"""``python -m fengong.cli``: the same as the ``fengong`` command."""

from fengong.cli import main

main()
