"""Statement layouts as data: which columns a bank's or an app's export has, in a TOML profile.

Banks name the same column a dozen ways (交易日期, 记账日期, 记账日; 余额, 联机余额, 本次余额)
and carry money three ways: separate 收入/支出 columns, one signed 金额, or an amount with a
借/贷 flag. A layout profile says which, so a new bank is a new file, not new code::

    name = "交通银行 借记卡交易明细"
    kind = "bank"
    amount = "flag"                 # split (收入/支出) | signed (一列带正负号) | flag (金额+借贷)
    date_formats = ["%Y-%m-%d"]     # optional; the usual Chinese formats otherwise
    markers = []                    # optional: text that must appear above the header
    end = []                        # optional: a row starting so ends the table (with the defaults)

    [columns]                       # role = [header names]; every role here must be present
    date = ["交易日期"]
    amount = ["交易金额"]
    direction = ["借贷"]

    [optional]                      # roles used when present
    balance = ["余额"]
    counterparty = ["对方户名"]

    [flags]                         # amount = "flag" only: how the flag column says in / out
    income = ["贷"]
    expense = ["借"]

Profiles are read from the package (``jjn_ledger/data/layouts/``), then from the ``layouts/``
folder of the county and of the society (the same file name replaces the packaged one), so a
county adds its 农商银行's layout by dropping a file beside its ledgers. The profile used for a
file is the one whose required columns all appear in one of its first 40 rows and that
recognises the most columns there; a file no profile fits gets a message listing the columns
found and the command that writes a profile to fill in (``jjn import layout``).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from .errors import ImportFileError
from .tables import Rows

HEADER_SEARCH_ROWS = 40
LAYOUTS_FOLDER = "layouts"
# Rows that end a table in every layout: the apps' rulers, the banks' footers.
END_MARKERS = (
    "----",
    "以上数据",
    "以上信息",
    "说明",
    "注：",
    "注:",
    "温馨提示",
    "备注：",
    "打印",
)
Kind = Literal["bank", "wechat", "alipay", "donations", "aid"]
KIND_LABELS: dict[str, str] = {
    "bank": "银行流水",
    "wechat": "微信支付账单",
    "alipay": "支付宝账单",
    "donations": "捐赠登记表",
    "aid": "救助发放登记表",
}
ROLES: dict[str, tuple[str, ...]] = {
    "bank": (
        "date",
        "time",
        "summary",
        "income",
        "expense",
        "amount",
        "direction",
        "balance",
        "counterparty",
        "counter_account",
        "txid",
        "remark",
        "currency",
    ),
    "wechat": (
        "time",
        "type",
        "counterparty",
        "goods",
        "direction",
        "amount",
        "method",
        "status",
        "txid",
        "merchant_id",
        "remark",
    ),
    "donations": ("date", "donor", "channel", "amount", "receipt", "restricted", "purpose"),
    "aid": (
        "date",
        "recipient",
        "category",
        "amount",
        "cause",
        "matter",
        "accepted",
        "investigated",
        "approved",
        "form",
        "source",
        "advance",
        "fund",  # 资金来源: the restricted fund an aid is paid from (`jjn record aid --fund`)
    ),
}
ROLES["alipay"] = (*ROLES["wechat"], "account_no")
AMOUNT_ROLES = {
    "split": ("income", "expense"),
    "signed": ("amount",),
    "flag": ("amount", "direction"),
}


class Layout(BaseModel):
    """One layout profile, as read from its TOML file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    kind: Kind
    amount: Literal["split", "signed", "flag"] = "split"
    date_formats: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()
    end: tuple[str, ...] = ()
    columns: dict[str, tuple[str, ...]]
    optional: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    flags: dict[Literal["income", "expense"], tuple[str, ...]] = Field(default_factory=dict)
    source: str = ""

    @model_validator(mode="after")
    def _roles_known(self) -> Layout:
        allowed = ROLES[self.kind]
        unknown = [r for r in (*self.columns, *self.optional) if r not in allowed]
        if unknown:
            raise ValueError(f"未知的列角色 {'、'.join(unknown)}，可用：{'、'.join(allowed)}")
        if self.kind == "bank":
            missing = [r for r in ("date", *AMOUNT_ROLES[self.amount]) if r not in self.columns]
            if missing:
                raise ValueError(
                    f'amount = "{self.amount}" 需要在 [columns] 中写明 {"、".join(missing)}'
                )
            flags = self.flags
            if self.amount == "flag" and not (flags.get("income") and flags.get("expense")):
                raise ValueError('amount = "flag" 需要 [flags] 中的 income 和 expense')
        return self

    def all_columns(self) -> dict[str, tuple[tuple[str, ...], bool]]:
        """role -> (header names, required)."""
        out = {role: (names, True) for role, names in self.columns.items()}
        out.update({r: (n, False) for r, n in self.optional.items() if r not in out})
        return out


@dataclass(frozen=True)
class Found:
    """A layout matched against a file: the header's position and each role's column."""

    layout: Layout
    header_pos: int  # index into the rows
    header_line: int
    index: dict[str, int]
    header: tuple[str, ...]


def clean_header(value: object) -> str:
    return re.sub(r"\s+", "", "" if value is None else str(value))


def match(layout: Layout, cells: Sequence[object]) -> dict[str, int] | None:
    """Column indexes when ``cells`` is a header row with every required column of ``layout``."""
    names: dict[str, int] = {}
    for i, cell in enumerate(cells):
        names.setdefault(clean_header(cell), i)
    found: dict[str, int] = {}
    for role, (headers, required) in layout.all_columns().items():
        index = next((names[clean_header(h)] for h in headers if clean_header(h) in names), None)
        if index is not None and index not in found.values():
            found[role] = index
        elif required:
            return None
    return found


def find(layouts: Iterable[Layout], rows: Rows) -> Found | None:
    """The layout that fits ``rows`` best: its header found, the most columns recognised."""
    best: Found | None = None
    head = rows[:HEADER_SEARCH_ROWS]
    for layout in layouts:
        for pos, (lineno, cells) in enumerate(head):
            index = match(layout, cells)
            if index is None:
                continue
            if layout.markers and not _has_marker(layout.markers, head[:pos]):
                break
            found = Found(layout, pos, lineno, index, tuple(clean_header(c) for c in cells))
            if best is None or len(index) >= len(best.index):  # ties: the county's own wins
                best = found
            break
    return best


def _has_marker(markers: Sequence[str], rows: Rows) -> bool:
    texts = " ".join(str(c) for _, cells in rows for c in cells if c is not None)
    return any(m in texts for m in markers)


def ends_table(layout: Layout, first_cell: str) -> bool:
    """A row that ends the table: a ruler, a footer note."""
    return any(first_cell.startswith(m) for m in (*END_MARKERS, *layout.end))


# --- loading ---------------------------------------------------------------------------------


def packaged_files() -> list[tuple[str, str]]:
    folder = resources.files("jjn_ledger.data").joinpath(LAYOUTS_FOLDER)
    return sorted(
        (entry.name, entry.read_text("utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )


def load_layouts(kinds: Sequence[str], dirs: Sequence[Path] = ()) -> list[Layout]:
    """Every profile of these kinds: packaged ones, replaced or added to by ``dirs`` in order."""
    texts = {name: (text, f"内置格式 {name}") for name, text in packaged_files()}
    for folder in dirs:
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                texts[path.name] = (_read(path), str(path))
    out = []
    for name, (text, source) in texts.items():
        layout = parse_layout(text, source or name)
        if layout.kind in kinds:
            out.append(layout)
    return out


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportFileError(str(path), f"格式文件无法读取（{type(exc).__name__}）") from None


def parse_layout(text: str, source: str) -> Layout:
    """A profile from TOML text; a bad one is a Chinese error naming the file."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ImportFileError(source, f"格式文件不是有效的 TOML（{exc}）") from None
    try:
        return Layout.model_validate({**raw, "source": source})
    except ValidationError as exc:
        problems = "；".join(_problem(e) for e in exc.errors())
        raise ImportFileError(source, f"格式文件有误：{problems}") from None


def _problem(err: object) -> str:
    info = err if isinstance(err, dict) else {}
    where = ".".join(str(p) for p in info.get("loc", ()))
    ctx = info.get("ctx") or {}
    if isinstance(ctx.get("error"), Exception):
        return f"{where + '：' if where else ''}{ctx['error']}"
    if info.get("type") == "missing":
        return f"缺少 {where}"
    if info.get("type") == "extra_forbidden":
        return f"不认识的设置 {where}"
    return f"{where} 的值“{info.get('input')}”无效"


def layout_dirs(folder: Path) -> list[Path]:
    """Where a society's own profiles are: its county's ``layouts/``, then its own."""
    return [folder.parent / LAYOUTS_FOLDER, folder / LAYOUTS_FOLDER]
