"""The arguments every ``jjn`` command shares, defined once: societies, counties, months.

A society is named by its folder or by its ``main.beancount`` — the file ``bean-check`` and
``fava`` are given — so ``jjn check S/main.beancount`` and ``jjn report notice S/main.beancount``
mean the society ``S``. The mapping happens here, at the command line's boundary, so no command
below has to know the two spellings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

MAIN = "main.beancount"  # ledger.layout.MAIN, spelled here so `jjn --help` imports nothing heavy


def society_path(path: Path) -> Path:
    """A society's ``main.beancount`` names its folder."""
    return path.parent if path.name == MAIN and path.is_file() else path


Society = Annotated[
    Path,
    typer.Argument(
        help="互助社账本文件夹（含 main.beancount），或其 main.beancount", callback=society_path
    ),
]
County = Annotated[
    Path, typer.Argument(help="县文件夹（包含多个互助社账本文件夹）", callback=society_path)
]
SocietyOrCounty = Annotated[
    Path,
    typer.Argument(
        help="互助社账本文件夹（或其 main.beancount），或包含多个互助社的县文件夹",
        callback=society_path,
    ),
]
Month = Annotated[str, typer.Argument(help="月份 YYYY-MM，例如 2025-03")]
