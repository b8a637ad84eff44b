"""The treasurer's Excel registers: donations (捐赠登记) and aid paid (救助发放登记).

Treasurers already keep these sheets; ``jjn import template`` hands out blank ones with the same
headers and drop-down lists (``jjn_ledger.reports.register_templates``). This module finds the
register sheets of a workbook by their headers (the template's, or a treasurer's own through a
layout of kind ``donations`` or ``aid``) and reports every bad row as
``工作表“捐赠登记”第 5 行“金额”列：…``. Every row passes its pydantic model
(``importers.register_rows``) with the policy in force as context (channels, causes, forms),
and becomes its entry (``importers.register_entries``). One bad row fails the whole workbook: a
register is imported completely or not at all, so the books never hold half of a month.

Cells are read as what they are: a formula or a text starting with = + - @ is text, never
computed (``tables.xlsx_sheets``), so ``=1+1`` in 金额 is an error, not 2.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from beancount.core import data
from pydantic import ValidationError

from jjn_ledger.ledger import hygiene
from jjn_ledger.ledger.chart import Chart
from jjn_ledger.ledger.messages import error_text
from jjn_ledger.ledger.policy import Policy, default_policy

from .common import Extraction, ImportFileError, JjnImporter
from .identity import ImportIds
from .layout_help import likely_header
from .layouts import KIND_LABELS, Found, Layout, find, load_layouts
from .register_entries import aid_entry, donation_entry, recipient_names
from .register_rows import AidRow, DonationRow
from .rows import Row, layout_rows
from .tables import is_xlsx, sheets, sniff

DONATIONS_SHEET = "捐赠登记"
AID_SHEET = "救助发放登记"
INSTRUCTIONS_SHEET = "填写说明"

# field -> (header, required in the header row); the one definition of both registers,
# shared with the blank templates.
DONATION_COLUMNS: dict[str, tuple[str, bool]] = {
    "date": ("日期", True),
    "donor": ("捐赠人", True),
    "channel": ("渠道", True),
    "amount": ("金额", True),
    "receipt": ("票据号", False),
    "restricted": ("是否定向", False),
    "purpose": ("用途", False),
}
AID_COLUMNS: dict[str, tuple[str, bool]] = {
    "date": ("日期", True),
    "recipient": ("对象编号", True),
    "category": ("救助类别", True),
    "amount": ("金额", True),
    "cause": ("致困原因", True),
    "matter": ("救助事项", True),
    "accepted": ("受理日期", True),
    "investigated": ("调查日期", True),
    "approved": ("审批日期", True),
    "form": ("发放方式", True),
    "source": ("救助来源", False),
    "advance": ("先行救助", False),
    "fund": ("资金来源", False),  # the restricted fund spent (定向捐赠), as `jjn record aid --fund`
}


def template_layout(kind: Literal["donations", "aid"]) -> Layout:
    """The layout of the blank template (``jjn import template``): the one built in."""
    spec = DONATION_COLUMNS if kind == "donations" else AID_COLUMNS
    return Layout(
        name=f"{KIND_LABELS[kind]}（jjn 模板）",
        kind=kind,
        columns={f: (h,) for f, (h, required) in spec.items() if required},
        optional={f: (h,) for f, (h, required) in spec.items() if not required},
    )


def register_layouts(dirs: Sequence[Path] = ()) -> list[Layout]:
    """The templates' layouts, then the treasurers' own (``layouts/*.toml`` of kind
    ``donations`` or ``aid``), which map their column names to the template's fields."""
    return [
        template_layout("donations"),
        template_layout("aid"),
        *load_layouts(["donations", "aid"], dirs),
    ]


def _messages(
    exc: ValidationError, sheet: str, row: Row, spec: dict[str, tuple[str, bool]]
) -> list[str]:
    """Each pydantic error as ``工作表“…”第 N 行“列”列：…``."""
    order = list(spec)

    def column_order(err: Any) -> int:
        field = str(err["loc"][0]) if err["loc"] else ""
        return order.index(field) if field in order else len(order)

    out = []
    for err in sorted(exc.errors(), key=column_order):
        field = str(err["loc"][0]) if err["loc"] else ""
        where = f"工作表“{sheet}”第 {row.lineno} 行"
        if field in spec:
            where += f"“{spec[field][0]}”列"
        out.append(f"{where}：{error_text(err)}")
    return out


class RegisterImporter(JjnImporter):
    """出纳的捐赠登记表和救助发放登记表（Excel）。"""

    kind = "register"
    account_key = "cash"

    def __init__(
        self,
        chart: Chart | None = None,
        *,
        policy: Policy | None = None,
        skip_unknown: bool = False,
        layout_dirs: Sequence[Path] = (),
        say: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__(chart, skip_unknown=skip_unknown, layout_dirs=layout_dirs, say=say)
        self.policy = policy or default_policy()

    def identify(self, filepath: str) -> bool:
        path = Path(filepath)
        if sniff(path) not in ("xlsx", "xls"):
            return False
        try:
            found = sheets(path)
        except ImportFileError:
            return False
        layouts = register_layouts(self.layout_dirs)
        return any(find(layouts, rows[:10]) for _, rows in found)

    def collect(self, filepath: str, existing: Sequence[data.Directive] = ()) -> Extraction:
        path = Path(filepath)
        if sniff(path) not in ("xlsx", "xls") and not is_xlsx(path):
            raise ImportFileError(
                filepath, "登记表应为 Excel 文件（.xlsx），请用 jjn import template 生成的模板"
            )
        names = recipient_names(existing)
        out = Extraction()
        errors: list[str] = []
        ids = {"donations": ImportIds("donations"), "aid": ImportIds("aid")}
        layouts = register_layouts(self.layout_dirs)
        workbook = sheets(path)
        matched = False
        for sheet, rows in workbook:
            found = find(layouts, rows[:10])
            if found is None:
                continue
            matched = True
            out.layout = found.layout.name
            errors += self._sheet(filepath, sheet, rows, found, ids, names, out)
        if not matched:
            raise _no_register(filepath, workbook)
        if errors:
            listing = "\n".join(f"  {m}" for m in errors)
            raise ImportFileError(
                filepath, f"登记表有 {len(errors)} 处错误，未导入任何记录：\n{listing}"
            )
        out.entries.sort(key=lambda e: e.date)
        return out

    def _sheet(
        self,
        filepath: str,
        sheet: str,
        rows: list[tuple[int, list[object]]],
        found: Found,
        ids: dict[str, ImportIds],
        names: dict[str, str],
        out: Extraction,
    ) -> list[str]:
        """Book one sheet's rows into ``out``; the errors of its bad rows."""
        errors: list[str] = []
        donations = found.layout.kind == "donations"
        spec = _spec(found)
        model = DonationRow if donations else AidRow
        kind_ids = ids[found.layout.kind]
        for row in layout_rows(filepath, rows, found, complete=False):
            hidden = [
                f"工作表“{sheet}”第 {row.lineno} 行：{problem}"
                for v in row.cells.values()
                if isinstance(v, str) and (problem := hygiene.text_problem(v))
            ]
            if hidden:
                errors.extend(hidden)
                continue
            try:
                record = model.model_validate(row.cells, context={"policy": self.policy})
            except ValidationError as exc:
                errors.extend(_messages(exc, sheet, row, spec))
                continue
            if isinstance(record, AidRow) and names and record.recipient not in names:
                errors.append(
                    f"工作表“{sheet}”第 {row.lineno} 行“{spec['recipient'][0]}”列：救助对象 "
                    f"{record.recipient} 未在救助对象档案中登记，请先用 jjn society "
                    "person add 登记"
                )
                continue
            out.entries.append(
                donation_entry(self.chart, record, row, kind_ids)
                if isinstance(record, DonationRow)
                else aid_entry(self.chart, record, row, kind_ids, names)
            )
        return errors


def _spec(found: Found) -> dict[str, tuple[str, bool]]:
    """field -> (the header this workbook uses for it, required), for error messages."""
    columns = found.layout.all_columns()
    order = DONATION_COLUMNS if found.layout.kind == "donations" else AID_COLUMNS
    return {
        role: (found.header[i] if i < len(found.header) else role, columns[role][1])
        for role in order
        if (i := found.index.get(role)) is not None
    }


def _no_register(
    filepath: str, workbook: list[tuple[str, list[tuple[int, list[object]]]]]
) -> ImportFileError:
    """No sheet has a register header: list what the first sheet has, and how to map it."""
    seen = ""
    for sheet, rows in workbook:
        header = likely_header(rows[:10])
        if header is not None:
            seen = (
                f"工作表“{sheet}”第 {header[0]} 行的列是：{'、'.join(n for n in header[1] if n)}。"
            )
            break
    return ImportFileError(
        filepath,
        f"找不到“{DONATIONS_SHEET}”或“{AID_SHEET}”的表头，"
        f"请用 jjn import template 生成的模板。{seen}\n"
        f"如果这是您自己的登记表，请运行 jjn import layout {Path(filepath).name} --kind donations"
        "（救助发放登记用 --kind aid）生成列对照文件，填写后放到县账本文件夹（或互助社文件夹）"
        "的 layouts/ 下，再重新导入。",
    )
