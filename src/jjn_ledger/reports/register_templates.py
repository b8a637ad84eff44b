"""Blank Excel registers for the treasurer: the donations register and the aid register.

The templates are the other half of ``jjn_ledger.importers.registers``: the same headers (one
definition, imported from there), drop-down lists filled from the policy in force (channels,
aid categories, causes, forms), so that what a treasurer can pick is what the importer and the
rules accept. A frozen header row, widths that fit the Chinese headers, date and amount
formats, and a 填写说明 sheet that says what each column means and the caps in force. Both
sheets print on A4 (landscape, one page wide, 20 ruled blank lines on the register).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from jjn_ledger.errors import JjnError
from jjn_ledger.importers.register_rows import CATEGORIES, SOURCES, YES_NO
from jjn_ledger.importers.registers import (
    AID_COLUMNS,
    AID_SHEET,
    DONATION_COLUMNS,
    DONATIONS_SHEET,
    INSTRUCTIONS_SHEET,
)
from jjn_ledger.ledger.policy import Policy, default_policy
from jjn_ledger.ledger.profile import Book

Kind = Literal["donations", "aid"]
ROWS = 1000  # rows that carry the drop-downs and formats
FILENAMES: dict[str, str] = {"donations": "捐赠登记表.xlsx", "aid": "救助发放登记表.xlsx"}
DATE_FIELDS = ("date", "accepted", "investigated", "approved")
TEXT_FIELDS = ("donor", "receipt", "purpose", "recipient", "matter")
WIDTHS = {"donor": 16, "receipt": 16, "purpose": 24, "matter": 22, "recipient": 10}


class TemplateExists(JjnError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            f"文件已存在：{path}。为免覆盖已填写的登记表，请换一个文件名或先移走原文件"
        )


def _funds() -> tuple[str, ...]:
    """The restricted funds an aid may be paid from, by the names a treasurer uses."""
    from jjn_ledger.ledger.chart import load_chart

    chart = load_chart()
    return tuple(
        a.sub.split("-", 1)[-1]
        for a in chart.accounts
        if a.restricted and a.root == "Income" and a.sub
    )


@dataclass(frozen=True)
class Standards:
    """What a society's register may offer: its channels and the caps in force (R4, R7)."""

    channels: tuple[str, ...]
    supplementary_cap: Decimal
    emergency_cap: Decimal
    decision: str | None  # the decision that raised the caps, if any


def standards_for(policy: Policy, book: Book | None, day: datetime.date | None = None) -> Standards:
    """The policy's defaults, or — for a society — its raised caps and only the channels it
    may use: a society without 公开募捐资格 is not offered a public channel (R4)."""
    channels = policy.donation.channels
    if book is None:
        aid = policy.aid
        return Standards(channels, aid.supplementary_cap, aid.emergency_cap, None)
    if not (book.profile and book.profile.public_fundraising):
        public = set(policy.donation.public_channels)
        channels = tuple(c for c in channels if c not in public)
    caps = book.caps_on(day or datetime.date.today())
    return Standards(channels, caps.supplementary, caps.emergency, caps.decision)


def _choices(kind: Kind, policy: Policy, std: Standards) -> dict[str, tuple[str, ...]]:
    if kind == "donations":
        return {"channel": std.channels, "restricted": YES_NO}
    return {
        "category": tuple(CATEGORIES),
        "cause": policy.aid.causes,
        "form": policy.aid.forms,
        "source": SOURCES,
        "advance": YES_NO,
        "fund": _funds(),
    }


def _instructions(kind: Kind, policy: Policy, std: Standards) -> list[tuple[str, str]]:
    aid = policy.aid
    raised = f"（依据{std.decision}提标）" if std.decision else "；提标须有会员大会或理事会决议"
    if kind == "donations":
        return [
            ("日期", "收到捐赠的日期，如 2026-12-03"),
            ("捐赠人", "捐赠人姓名或单位名称；不愿具名的写“匿名”"),
            ("渠道", "从下拉列表选择：" + "、".join(std.channels)),
            ("金额", "人民币元，最多两位小数；实物捐赠填写凭据价值或公允价值"),
            ("票据号", "开具了公益事业捐赠票据的，填写票据号"),
            ("是否定向", "捐赠人指定用途的选“是”，并在“用途”列写明用途"),
            ("用途", "定向捐赠的指定用途；实物捐赠可写物品名称和数量；其他可不填"),
            ("注意", "每行一笔；不要合并单元格；以 = + - @ 开头的内容按文字处理，不会计算"),
        ]
    return [
        ("日期", "救助款物发放的日期"),
        ("对象编号", "救助对象档案中的编号（如 P001），须先在档案中登记"),
        (
            "救助类别",
            f"补充救助（每人每次最多 {std.supplementary_cap} 元）或应急救助"
            f"（每人每次最多 {std.emergency_cap} 元）{raised}",
        ),
        ("金额", "人民币元，最多两位小数"),
        ("致困原因", "从下拉列表选择：" + "、".join(aid.causes)),
        ("救助事项", "如“2026-12-车祸受伤”；同一事项同一年度只救助一次"),
        ("受理日期", "受理申请或主动发现的日期"),
        ("调查日期", "入户调查的日期（受理后 1 个工作日内）"),
        ("审批日期", "审批的日期（发放应在审批后 1 个工作日内）"),
        ("发放方式", "从下拉列表选择：" + "、".join(aid.forms) + "；原则上发放现金"),
        ("救助来源", "申请或主动发现，可不填"),
        (
            "先行救助",
            "紧急情况先发放、调查和审批后补的选“是”（调查、审批日期可暂不填）；否则可不填",
        ),
        (
            "资金来源",
            "动用限定性资金的选择："
            + "、".join(_funds())
            + "（按限定用途转为非限定性净资产）；否则不填",
        ),
        ("注意", "每行一笔；不要合并单元格；以 = + - @ 开头的内容按文字处理，不会计算"),
    ]


PRINTED_ROWS = 20  # blank lines a printed register offers (one A4 page, landscape)


def _print_setup(ws: Any, ncols: int, nrows: int) -> None:
    """A printed blank register: landscape A4, one page wide, ruled lines, the page footer."""
    from openpyxl.styles import Border, Side
    from openpyxl.utils import get_column_letter

    from jjn_ledger.reports import xlsx

    thin = Side(style="thin", color="000000")
    for row in ws.iter_rows(min_row=1, max_row=nrows, max_col=ncols):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            if cell.row > 1 and ws.title != INSTRUCTIONS_SHEET:
                ws.row_dimensions[cell.row].height = 18
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = xlsx.SIDE
    ws.page_margins.top, ws.page_margins.bottom = xlsx.TOP, xlsx.BOTTOM
    ws.page_margins.header, ws.page_margins.footer = xlsx.HEADER, xlsx.FOOTER
    ws.row_dimensions[1].height = 24  # the header row: 11-pt bold text, never cut at the top
    ws.print_title_rows = "1:1"
    ws.print_area = f"A1:{get_column_letter(ncols)}{nrows}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 10


def template_path(target: Path, kind: Kind) -> Path:
    """A folder (existing, or any name not ending in .xlsx) gets the standard file name."""
    is_file = target.suffix.lower() == ".xlsx" and not target.is_dir()
    return target if is_file else target / FILENAMES[kind]


def write_template(
    target: Path, kind: Kind, policy: Policy | None = None, book: Book | None = None
) -> Path:
    """Write a blank register; never overwrite an existing file. Returns the path written.

    With a society's ``book`` the register knows that society: its caps as raised by its
    decisions, and only the donation channels it may use."""
    from openpyxl import Workbook

    from jjn_ledger.reports import xlsx

    pol = policy or (book.policy if book else default_policy())
    std = standards_for(pol, book)
    path = template_path(target, kind)
    if path.exists():
        raise TemplateExists(path)
    spec = DONATION_COLUMNS if kind == "donations" else AID_COLUMNS
    choices = _choices(kind, pol, std)

    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = DONATIONS_SHEET if kind == "donations" else AID_SHEET
    for index, (field, (header, required)) in enumerate(spec.items(), 1):
        _column(sheet, index, field, header, _validation(field, header, required, choices))
    sheet.freeze_panes = "A2"
    notes = _notes_sheet(wb, _instructions(kind, pol, std))
    _print_setup(sheet, len(spec), PRINTED_ROWS + 1)
    _print_setup(notes, 2, notes.max_row)
    return xlsx.save(wb, path, kind=f"template-{kind}")


def _head(cell: Any) -> None:
    """The look of a header cell: bold on light blue."""
    from openpyxl.styles import Font, PatternFill

    cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")


def _column(sheet: Any, index: int, field: str, header: str, check: Any) -> None:
    """One column of the register: its header, width, drop-down or check, and cell format."""
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(index)
    cell = sheet.cell(row=1, column=index, value=header)
    _head(cell)
    cell.alignment = Alignment(horizontal="center")
    sheet.column_dimensions[letter].width = WIDTHS.get(field, max(10, 2 * len(header) + 3))
    if check is not None:
        check.add(f"{letter}2:{letter}{ROWS + 1}")
        sheet.add_data_validation(check)
    number_format = _number_format(field)
    if number_format:
        for row in range(2, ROWS + 2):
            sheet.cell(row=row, column=index).number_format = number_format


def _validation(
    field: str, header: str, required: bool, choices: dict[str, tuple[str, ...]]
) -> Any:
    """What Excel accepts in a column: a drop-down, a date, an amount above 0, or anything."""
    if field in choices:
        return _check(
            "list",
            '"' + ",".join(choices[field]) + '"',
            "无效的选项",
            f"“{header}”请从下拉列表中选择",
            allow_blank=not required,
        )
    if field in DATE_FIELDS:
        return _check(
            "date",
            "DATE(2000,1,1)",
            "无效的日期",
            f"“{header}”请填写日期，如 2026-12-03",
            operator="greaterThan",
        )
    if field == "amount":
        return _check(
            "decimal", "0", "无效的金额", "金额请填写大于 0 的数字（元）", operator="greaterThan"
        )
    return None


def _check(
    kind: str,
    formula: str,
    title: str,
    error: str,
    *,
    operator: str | None = None,
    allow_blank: bool = False,
) -> Any:
    """A data validation that refuses a wrong entry with a Chinese message."""
    from openpyxl.worksheet.datavalidation import DataValidation

    return DataValidation(
        type=kind,
        operator=operator,
        formula1=formula,
        allow_blank=allow_blank,
        showErrorMessage=True,
        errorTitle=title,
        error=error,
    )


def _number_format(field: str) -> str | None:
    if field in DATE_FIELDS:
        return "yyyy-mm-dd"
    if field == "amount":
        return "0.00"
    if field in TEXT_FIELDS:
        return "@"
    return None


def _notes_sheet(wb: Any, instructions: list[tuple[str, str]]) -> Any:
    """The 填写说明 sheet: what each column means, and the caps in force."""
    notes = wb.create_sheet(INSTRUCTIONS_SHEET)
    notes.append(["列", "填写说明"])
    for head in notes[1]:
        _head(head)
    for name, text in instructions:
        notes.append([name, text])
    notes.column_dimensions["A"].width = 12
    notes.column_dimensions["B"].width = 90
    notes.freeze_panes = "A2"
    return notes
