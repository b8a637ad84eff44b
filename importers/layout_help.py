"""What a treasurer gets for a file no layout fits: the columns found, and a profile to fill in.

``unknown_layout`` is the error: it names the row that looks like the header, lists its
columns, and gives the command (``jjn import layout FILE``) that writes a profile. The profile
``skeleton`` guesses each column's role from its name (余额 → balance, 借贷 → direction…) and
the amount model from the roles found, so the treasurer (or the county's IT person) only checks
it, fills in what is missing and drops it into the county's ``layouts/`` folder.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from .errors import ImportFileError
from .layouts import HEADER_SEARCH_ROWS, KIND_LABELS, ROLES, clean_header
from .tables import Rows

_NUMBERISH = re.compile(r"^[-+¥￥]?[\d,.:/\s年月日-]+$")
# (role, words in a header that suggest it), first match wins for a column.
BANK_GUESSES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("direction", ("借贷", "收支", "借/贷", "收/付", "收付")),
    ("balance", ("余额",)),
    ("income", ("收入", "贷方", "存入", "转入")),
    ("expense", ("支出", "借方", "支取", "取出", "转出")),
    ("amount", ("金额", "发生额")),
    ("date", ("日期", "记账日", "交易日")),
    ("time", ("时间",)),
    ("counterparty", ("户名", "对方名称", "对手", "对方单位", "交易对方", "对方账户名称")),
    ("counter_account", ("账号", "卡号")),
    ("txid", ("流水", "序号", "凭证号", "日志号", "交易号")),
    ("summary", ("摘要", "交易类型", "交易名称", "业务类型")),
    ("remark", ("附言", "备注", "用途")),
    ("currency", ("币",)),
)


def likely_header(rows: Rows) -> tuple[int, list[str]] | None:
    """The row among the first ones with the most cells that are words, not numbers."""
    best: tuple[int, list[str]] | None = None
    for lineno, cells in rows[:HEADER_SEARCH_ROWS]:
        names = [clean_header(c) for c in cells]
        words = [n for n in names if n and not _NUMBERISH.match(n)]
        if len(words) >= 2 and (best is None or len(words) > len([n for n in best[1] if n])):
            best = (lineno, names)
    if best is None:
        return None
    lineno, names = best
    while names and not names[-1]:
        names.pop()
    return lineno, names


def unknown_layout(filename: str, rows: Rows, kind: str, known: int) -> ImportFileError:
    """The error for a file whose header no profile of ``kind`` recognises."""
    label = KIND_LABELS[kind]
    header = likely_header(rows)
    if header is None:
        found = f"文件前 {HEADER_SEARCH_ROWS} 行中没有像表头的一行（各列名称）"
    else:
        lineno, names = header
        found = f"第 {lineno} 行的列是：{'、'.join(n or '（空）' for n in names)}"
    name = Path(filename).name
    option = "" if kind == "bank" else f" --kind {kind}"
    return ImportFileError(
        filename,
        f"找不到{label}的表头：已知的 {known} 种格式都不符合。{found}。\n"
        f"如果这是另一种格式，请运行 jjn import layout {name}{option} 生成格式文件，"
        "按文件中的说明填写后放到县账本文件夹（或互助社文件夹）的 layouts/ 下，再重新导入。",
    )


def guess_roles(names: Sequence[str], kind: str) -> dict[str, str]:
    """role -> header name, guessed from the words of the header."""
    out: dict[str, str] = {}
    if kind != "bank":
        for name in names:
            role = next((r for r in ROLES[kind] if r == name), None)
            if role:
                out[role] = name
        return out
    for name in names:
        for role, words in BANK_GUESSES:
            if role not in out and any(w in name for w in words):
                out[role] = name
                break
    return out


def skeleton(path: Path, rows: Rows, kind: str) -> str:
    """A profile (TOML text) for the file at ``path``, roles guessed, to be checked by a person."""
    header = likely_header(rows)
    if header is None:
        raise ImportFileError(
            str(path), f"文件前 {HEADER_SEARCH_ROWS} 行中没有像表头的一行，无法生成格式文件"
        )
    lineno, names = header
    roles = guess_roles([n for n in names if n], kind)
    if "income" in roles and "expense" in roles:
        model = "split"
    elif "amount" in roles and "direction" in roles:
        model = "flag"
    else:
        model = "signed"
    required = {"date", *(("income", "expense") if model == "split" else ("amount",))}
    if model == "flag":
        required.add("direction")
    lines = [
        f"# 格式文件：由 jjn import layout 根据 {path.name} 第 {lineno} 行的表头生成，"
        "请核对后使用。",
        f"# 表头各列：{'、'.join(n for n in names if n)}",
        "# 每个“角色 = [列名]”说明哪一列是什么；同一角色可写多个列名（不同版本的叫法）。",
        f"# 可用的角色：{'、'.join(ROLES[kind])}",
        "",
        f'name = "{path.stem}"',
        f'kind = "{kind}"',
    ]
    if kind == "bank":
        lines += [
            f'amount = "{model}"  # split：收入、支出分两列；signed：一列金额带正负号；'
            "flag：金额一列加借贷标志一列",
            'date_formats = ["%Y-%m-%d", "%Y%m%d", "%Y/%m/%d"]',
        ]
    lines += ["", "[columns]  # 必须有的列"]
    lines += [f'{r} = ["{n}"]' for r, n in roles.items() if r in required]
    lines += ["", "[optional]  # 有就用的列"]
    lines += [f'{r} = ["{n}"]' for r, n in roles.items() if r not in required]
    if kind == "bank" and model == "flag":
        lines += [
            "",
            "[flags]  # 借贷标志列中表示收入、支出的字",
            'income = ["贷"]',
            'expense = ["借"]',
        ]
    return "\n".join(lines) + "\n"
