"""The official statement layouts (``data/statement_layouts.toml``) and how a line gets its figure.

A form is a list of lines in print order, each with its 行次 and one way to be filled (codes,
roles, chart keys, a sum of other lines, or a named figure). Keeping the forms as data means a
county that receives the official 2024 forms corrects a title or a 行次 without a release, and
the tests compare the printed statements with this same data line by line.

``evaluate`` fills a form from a function that gives the figure of one line; sums are taken in
row order, so a total always equals the lines it names — the printed form is consistent by
construction, and the tests check it against an independent computation anyway.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict

Kind = Literal["activity", "balance", "cashflow"]
T = TypeVar("T")


class Line(BaseModel):
    """One line of an official form."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    row: int | None = None
    codes: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    sum: tuple[int, ...] = ()
    figure: str | None = None
    bold: bool = False
    verified: bool = True

    @property
    def heading(self) -> bool:
        return self.row is None


class Form(BaseModel):
    """A form: its code (会民非0N表), title, and lines (the balance sheet has two sides)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    title: str
    verified: bool
    lines: tuple[Line, ...] = ()
    assets: tuple[Line, ...] = ()
    liabilities: tuple[Line, ...] = ()

    @property
    def all_lines(self) -> tuple[Line, ...]:
        return self.lines + self.assets + self.liabilities

    def unverified_rows(self) -> list[int]:
        """行次 not checked against the official form (all of them when the form is not)."""
        return [
            ln.row
            for ln in self.all_lines
            if ln.row is not None and not (self.verified and ln.verified)
        ]

    def note(self) -> str | None:
        """The statement's note on what is unverified, or None when everything is."""
        rows = self.unverified_rows()
        if not rows:
            return None
        if not self.verified:
            return (
                f"注：本表格式与行次依据二手资料编制，尚未与官方{self.code}核对，"
                "待县级财政部门确认后以官方表样为准。"
            )
        listed = "、".join(str(r) for r in rows)
        return f"注：第 {listed} 行的行次尚未与官方表样核对（本互助社不使用这些项目）。"


@cache
def _raw() -> dict[str, dict[str, dict[str, object]]]:
    text = resources.files("jjn_ledger").joinpath("data/statement_layouts.toml")
    raw = tomllib.loads(text.read_text("utf-8"))
    form = raw["form"]
    assert isinstance(form, dict)
    return form


@cache
def form(standard: str, kind: Kind) -> Form:
    """The layout of one statement under one standard ("2004" or "2026")."""
    return Form.model_validate(_raw()[standard][kind])


def standards() -> list[str]:
    return sorted(_raw())


def evaluate(
    lines: Sequence[Line], value: Callable[[Line], T], add: Callable[[T, T, int], T], zero: T
) -> dict[int, T]:
    """Figures by 行次: ``value`` for a line that is filled from the books, sums of other lines.

    ``add(total, part, sign)`` adds (sign 1) or subtracts (sign -1) a part; a sum may name a
    line printed later on the form (资产总计 names 长期投资合计), so sums are resolved on demand.
    """
    by_row = {ln.row: ln for ln in lines if ln.row is not None}
    out: dict[int, T] = {}

    def figure(row: int) -> T:
        if row not in out:
            ln = by_row[row]
            if ln.sum:
                total = zero
                for part in ln.sum:
                    total = add(total, figure(abs(part)), 1 if part > 0 else -1)
                out[row] = total
            else:
                out[row] = value(ln)
        return out[row]

    for row in by_row:
        figure(row)
    return out
