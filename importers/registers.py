"""The treasurer's Excel registers: donations (捐赠登记) and aid paid (救助发放登记).

Treasurers already keep these sheets; ``jjn import template`` hands out blank ones with the same
headers and drop-down lists (``jjn_ledger.reports.register_templates``). Every row passes a
pydantic model with the policy in force as context (channels, causes, forms), and a bad row is
reported as ``工作表“捐赠登记”第 5 行“金额”列：…``. One bad row fails the whole workbook: a
register is imported completely or not at all, so the books never hold half of a month.

Cells are read as what they are: a formula or a text starting with = + - @ is text, never
computed (``tables.xlsx_sheets``), so ``=1+1`` in 金额 is an error, not 2.

A donations row ``2026-12-02 | 周建国 | 现金 | 300 | 皖捐2026000101 | 否 |`` becomes::

    2026-12-02 * "周建国" "社会捐赠"
      import-id: "donations-…"
      donor: "周建国"
      channel: "现金"
      receipt: "皖捐2026000101"
      Assets:1001-现金   300.00 CNY
      Income:4101-捐赠收入:02-社会捐赠

An aid row becomes the aid transaction of docs/architecture.md (recipient, cause, matter,
source, accepted, investigated, approved), paid from cash, bank or stock by its 发放方式.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from beancount.core import data
from pydantic import (
    BaseModel,
    ConfigDict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from jjn_ledger.ledger import hygiene
from jjn_ledger.ledger.chart import Chart
from jjn_ledger.ledger.messages import error_text
from jjn_ledger.ledger.models import valid_matter
from jjn_ledger.ledger.policy import Policy, default_policy
from jjn_ledger.ledger.vocabulary import RECIPIENT, AidCategory
from jjn_ledger.write import render as writer

from .common import (
    Extraction,
    ImportFileError,
    ImportIds,
    JjnImporter,
    Row,
    layout_rows,
    parse_amount,
    parse_date,
    text,
)
from .layout_help import likely_header
from .layouts import KIND_LABELS, Found, Layout, find, load_layouts
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
CATEGORIES = {c.value: c.chart_key for c in AidCategory}
SOURCES = ("申请", "主动发现")
YES_NO = ("是", "否")
# Where the money of each channel / aid form sits (chart keys, never account names).
CHANNEL_ACCOUNT = {
    "现金": "cash",
    "银行转账": "bank",
    "微信": "wallet",
    "支付宝": "wallet",
    "实物": "inventory",
    "公开募捐": "bank",
}
FORM_ACCOUNT = {"现金": "cash", "转账": "bank", "实物": "inventory"}


def _choice(value: str, allowed: Sequence[str]) -> str:
    if value not in allowed:
        raise ValueError(f"“{value}”无效，应为：{'、'.join(allowed)}")
    return value


def _policy(info: ValidationInfo) -> Policy:
    context = info.context or {}
    found = context.get("policy")
    return found if isinstance(found, Policy) else default_policy()


class _RegisterRow(BaseModel):
    """Base: cells in, typed values out; every message Chinese."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    date: datetime.date
    amount: Decimal

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: object) -> datetime.date:
        day = parse_date(value)
        if day is None:
            raise ValueError("必须填写日期")
        return day

    @field_validator("amount", mode="before")
    @classmethod
    def _amount(cls, value: object) -> Decimal:
        number = parse_amount(value)
        if number is None:
            raise ValueError("必须填写金额")
        if number <= 0:
            raise ValueError(f"金额应大于 0，实为 {number}")
        return number


class DonationRow(_RegisterRow):
    """One row of 捐赠登记."""

    donor: str
    channel: str
    receipt: str | None = None
    restricted: bool = False
    purpose: str | None = None

    @field_validator("donor", mode="before")
    @classmethod
    def _donor(cls, value: object) -> str:
        name = text(value)
        if not name:
            raise ValueError("必须填写捐赠人，不愿具名的写“匿名”")
        return name

    @field_validator("channel", mode="before")
    @classmethod
    def _channel(cls, value: object, info: ValidationInfo) -> str:
        return _choice(text(value), _policy(info).donation.channels)

    @field_validator("receipt", "purpose", mode="before")
    @classmethod
    def _optional_text(cls, value: object) -> str | None:
        return text(value) or None

    @field_validator("restricted", mode="before")
    @classmethod
    def _yes_no(cls, value: object) -> bool:
        return _choice(text(value) or "否", YES_NO) == "是"

    @model_validator(mode="after")
    def _purpose_of_restricted(self) -> DonationRow:
        if self.restricted and not self.purpose:
            raise ValueError("定向捐赠须在“用途”列写明捐赠人指定的用途")
        return self


class AidRow(_RegisterRow):
    """One row of 救助发放登记."""

    recipient: str
    category: AidCategory
    cause: str
    matter: str
    accepted: datetime.date | None = None
    investigated: datetime.date | None = None
    approved: datetime.date | None = None
    form: str
    source: Literal["申请", "主动发现"] | None = None
    advance: bool = False
    fund: str | None = None

    @field_validator("accepted", "investigated", "approved", mode="before")
    @classmethod
    def _procedure_date(cls, value: object) -> datetime.date | None:
        return parse_date(value)

    @field_validator("advance", mode="before")
    @classmethod
    def _advance(cls, value: object) -> bool:
        return _choice(text(value) or "否", YES_NO) == "是"

    @model_validator(mode="after")
    def _procedure_in_order(self) -> AidRow:
        """As ``jjn record aid``: all three dates, in order, unless paid first (先行救助, R6)."""
        steps = [("受理日期", self.accepted), ("调查日期", self.investigated)]
        steps += [("审批日期", self.approved), ("日期", self.date)]
        if not self.advance:
            missing = [name for name, day in steps[:3] if day is None]
            if missing:
                raise ValueError(
                    f"须填写{'、'.join(missing)}；紧急情况先发放的，“先行救助”列选“是”，调查和审批日期可以后补"
                )
        known = [(name, day) for name, day in steps if day is not None]
        for (first, a), (then, b) in itertools.pairwise(known):
            if a > b:
                raise ValueError(
                    f"{first}（{a}）晚于{then}（{b}）：办理顺序应为受理、调查、审批、发放"
                )
        return self

    @field_validator("recipient", mode="before")
    @classmethod
    def _recipient(cls, value: object) -> str:
        key = text(value)
        if not key:
            raise ValueError("必须填写救助对象编号（如 P001）")
        return key

    @field_validator("category", mode="before")
    @classmethod
    def _category(cls, value: object) -> str:
        return _choice(text(value), tuple(CATEGORIES))

    @field_validator("cause", mode="before")
    @classmethod
    def _cause(cls, value: object, info: ValidationInfo) -> str:
        return _choice(text(value), _policy(info).aid.causes)

    @field_validator("matter", mode="before")
    @classmethod
    def _matter(cls, value: object) -> str:
        matter = text(value)
        if not valid_matter(matter):
            raise ValueError("必须填写救助事项（如“2026-12-车祸受伤”），用于同一事项一年一次的核对")
        return matter

    @field_validator("form", mode="before")
    @classmethod
    def _form(cls, value: object, info: ValidationInfo) -> str:
        return _choice(text(value), _policy(info).aid.forms)

    @field_validator("source", mode="before")
    @classmethod
    def _source(cls, value: object) -> str | None:
        raw = text(value)
        return _choice(raw, SOURCES) if raw else None


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
        names = _recipient_names(existing)
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
        build = self._donation if donations else self._aid
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
            out.entries.append(build(record, row, ids[found.layout.kind], names))  # type: ignore[arg-type]
        return errors

    def _donation(
        self, rec: DonationRow, row: Row, ids: ImportIds, names: dict[str, str]
    ) -> data.Transaction:
        acc = self.chart.account
        debit = acc(CHANNEL_ACCOUNT[rec.channel]) if rec.channel in CHANNEL_ACCOUNT else acc("bank")
        if rec.restricted:
            credit, label = acc("donation_restricted"), "定向捐赠"
        elif rec.channel == "实物":
            credit, label = acc("donation_in_kind"), "实物捐赠"
        else:
            credit, label = acc("donation"), "社会捐赠"
        narration = f"{label}：{rec.purpose}" if rec.purpose else label
        import_id = (
            ids.make(rec.receipt, rec.amount)
            if rec.receipt
            else ids.make(rec.date, rec.donor, rec.amount, rec.channel)
        )
        txn = writer.transaction(
            rec.date, rec.donor, narration, [(debit, rec.amount), (credit, None)]
        )
        meta = row.meta(
            import_id=import_id,
            donor=rec.donor,
            channel=rec.channel,
            receipt=rec.receipt,
            # as ``jjn record``: an in-kind gift names its item, a cash gift its purpose
            item=rec.purpose if label == "实物捐赠" else None,
            purpose=None if label == "实物捐赠" else rec.purpose,
        )
        return txn._replace(meta=meta)

    def _aid(
        self, rec: AidRow, row: Row, ids: ImportIds, names: dict[str, str]
    ) -> data.Transaction:
        acc = self.chart.account
        expense = acc(CATEGORIES[rec.category])
        paid_from = acc(FORM_ACCOUNT.get(rec.form, "cash"))
        txn = writer.transaction(
            rec.date,
            names.get(rec.recipient),
            f"{rec.category}：{rec.matter}",
            [(expense, rec.amount), (paid_from, None)],
        )
        meta = row.meta(
            import_id=ids.make(rec.date, rec.recipient, rec.amount, rec.matter),
            recipient=rec.recipient,
            cause=rec.cause,
            matter=rec.matter,
            source=rec.source,
            accepted=rec.accepted,
            investigated=rec.investigated,
            approved=rec.approved,
            advance=True if rec.advance else None,
            fund=rec.fund or None,
        )
        return txn._replace(meta=meta)


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


def _recipient_names(existing: Sequence[data.Directive]) -> dict[str, str]:
    """Names from the ledger's register, so an aid entry reads "王秀英", not only "P001"."""
    names = {}
    for entry in existing:
        if isinstance(entry, data.Custom) and entry.type == RECIPIENT and entry.values:
            name = entry.meta.get("name")
            if isinstance(name, str):
                names[str(entry.values[0].value)] = name
    return names
