"""Excel registers: blank templates, filled back in, and rows that must be refused."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data
from openpyxl import load_workbook

from jjn_ledger.importers.common import ImportFileError
from jjn_ledger.importers.registers import (
    AID_COLUMNS,
    AID_SHEET,
    DONATION_COLUMNS,
    DONATIONS_SHEET,
    INSTRUCTIONS_SHEET,
    RegisterImporter,
)
from jjn_ledger.ledger.chart import load_chart
from jjn_ledger.ledger.policy import default_policy, policy_from_config
from jjn_ledger.reports.register_templates import TemplateExists, write_template
from jjn_ledger.write import render as writer

CHART = load_chart()
D = datetime.datetime


def _fill(path: Path, rows: list[tuple[object, ...]], *, as_text: tuple[str, ...] = ()) -> Path:
    """Fill rows below the header, as a treasurer would in Excel."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            cell = sheet.cell(row=r, column=c, value=value)
            if cell.coordinate in as_text:
                cell.data_type = "s"
    book.save(path)
    return path


def test_template_has_headers_dropdowns_frozen_row_and_instructions(tmp_path: Path) -> None:
    path = write_template(tmp_path, "donations")
    assert path.name == "捐赠登记表.xlsx"
    book = load_workbook(path)
    sheet = book[DONATIONS_SHEET]
    assert [c.value for c in sheet[1]] == [h for h, _ in DONATION_COLUMNS.values()]
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 16
    lists = {
        str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"
    }
    assert lists["C2:C1001"] == '"' + ",".join(default_policy().donation.channels) + '"'
    assert lists["F2:F1001"] == '"是,否"'
    notes = book[INSTRUCTIONS_SHEET]
    assert notes["A2"].value == "日期"
    assert "匿名" in notes["B3"].value


def test_aid_template_lists_follow_the_policy_in_force(tmp_path: Path) -> None:
    policy = policy_from_config("{'aid': {'causes': ['重大疾病', '意外事故', '自然灾害', '其他']}}")
    path = write_template(tmp_path / "aid.xlsx", "aid", policy)
    sheet = load_workbook(path)[AID_SHEET]
    assert [c.value for c in sheet[1]] == [h for h, _ in AID_COLUMNS.values()]
    lists = [v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"]
    assert '"补充救助,应急救助"' in lists
    assert '"重大疾病,意外事故,自然灾害,其他"' in lists
    assert '"现金,转账,实物"' in lists


def test_template_never_overwrites(tmp_path: Path) -> None:
    path = write_template(tmp_path, "aid")
    before = path.read_bytes()
    with pytest.raises(TemplateExists, match="文件已存在"):
        write_template(tmp_path, "aid")
    assert path.read_bytes() == before


def test_filled_donations_template_round_trips(tmp_path: Path) -> None:
    path = _fill(
        write_template(tmp_path, "donations"),
        [
            (D(2026, 11, 10), "周建国", "现金", 300, "皖捐2026000101", "否", None),
            (D(2026, 11, 14), "爱心企业", "银行转账", 2000.5, None, "是", "用于大病救助"),
            (D(2026, 11, 15), "=cmd|' /C calc'!A0", "微信", 10, None, None, None),
        ],
        as_text=("B4",),
    )
    entries = RegisterImporter().extract(str(path), [])
    assert [(e.date, e.payee, e.postings[0].units.number) for e in entries] == [
        (datetime.date(2026, 11, 10), "周建国", Decimal("300.00")),
        (datetime.date(2026, 11, 14), "爱心企业", Decimal("2000.50")),
        (datetime.date(2026, 11, 15), "=cmd|' /C calc'!A0", Decimal("10.00")),
    ]
    cash, restricted, wechat = entries
    assert cash.meta["receipt"] == "皖捐2026000101"
    assert cash.postings[0].account == CHART.account("cash")
    assert restricted.postings[1].account == CHART.account("donation_restricted")
    assert restricted.narration == "定向捐赠：用于大病救助"
    assert wechat.postings[0].account == CHART.account("wallet")
    assert [e.meta["lineno"] for e in entries] == [2, 3, 4]


def test_filled_aid_template_round_trips_with_names_from_the_register(tmp_path: Path) -> None:
    path = _fill(
        write_template(tmp_path, "aid"),
        [
            (
                D(2026, 11, 16),
                "P003",
                "补充救助",
                400,
                "重大疾病",
                "2026-11-尿毒症透析",
                D(2026, 11, 13),
                D(2026, 11, 13),
                D(2026, 11, 16),
                "现金",
                "申请",
            ),
        ],
    )
    person = writer.custom(
        datetime.date(2024, 3, 18), "jjn-recipient", ["P003"], {"name": "刘海燕"}
    )
    (entry,) = RegisterImporter().extract(str(path), [person])
    assert isinstance(entry, data.Transaction)
    assert entry.payee == "刘海燕"
    assert entry.narration == "补充救助：2026-11-尿毒症透析"
    assert {k: entry.meta[k] for k in ("recipient", "cause", "matter", "source")} == {
        "recipient": "P003",
        "cause": "重大疾病",
        "matter": "2026-11-尿毒症透析",
        "source": "申请",
    }
    assert entry.meta["approved"] == datetime.date(2026, 11, 16)
    assert [p.account for p in entry.postings] == [
        CHART.account("aid_supplementary"),
        CHART.account("cash"),
    ]


def test_bad_rows_name_sheet_row_and_column_and_nothing_is_imported(tmp_path: Path) -> None:
    path = _fill(
        write_template(tmp_path, "donations"),
        [
            (D(2026, 11, 10), "周建国", "现金", 300, None, "否", None),  # fine
            (D(2026, 11, 10), None, "现金", "=100*3", None, "否", None),
            ("11月10日", "王五", "支付宝转账", 50, None, "否", None),
            (D(2026, 11, 12), "赵六", "现金", -5, None, "否", None),
            (D(2026, 11, 12), "钱七", "现金", 20, None, "是", None),
        ],
    )
    with pytest.raises(ImportFileError) as caught:
        RegisterImporter().parse(str(path))
    lines = str(caught.value).splitlines()
    assert lines[0] == "捐赠登记表.xlsx：登记表有 6 处错误，未导入任何记录："
    assert lines[1:] == [
        "  工作表“捐赠登记”第 3 行“捐赠人”列：必须填写捐赠人，不愿具名的写“匿名”",
        "  工作表“捐赠登记”第 3 行“金额”列：“=100*3”不是金额",
        "  工作表“捐赠登记”第 4 行“日期”列：“11月10日”不是日期（应如 2026-12-03）",
        "  工作表“捐赠登记”第 4 行“渠道”列：“支付宝转账”无效，"
        "应为：现金、银行转账、微信、支付宝、实物、公开募捐",
        "  工作表“捐赠登记”第 5 行“金额”列：金额应大于 0，实为 -5.00",
        "  工作表“捐赠登记”第 6 行：定向捐赠须在“用途”列写明捐赠人指定的用途",
    ]


def test_bad_aid_rows(tmp_path: Path) -> None:
    path = _fill(
        write_template(tmp_path, "aid"),
        [
            (
                D(2026, 11, 16),
                "P003",
                "临时救助",
                400,
                "生病",
                "",
                D(2026, 11, 13),
                None,
                D(2026, 11, 16),
                "微信",
                "上门",
            ),
        ],
    )
    with pytest.raises(ImportFileError) as caught:
        RegisterImporter().parse(str(path))
    text = str(caught.value)
    for column, message in [
        ("救助类别", "“临时救助”无效，应为：补充救助、应急救助"),
        ("致困原因", "“生病”无效，应为：重大疾病、意外事故、其他"),
        ("救助事项", "必须填写救助事项"),
        ("发放方式", "“微信”无效，应为：现金、转账、实物"),
        ("救助来源", "“上门”无效，应为：申请、主动发现"),
    ]:
        assert f"工作表“救助发放登记”第 2 行“{column}”列：{message}" in text


def test_a_workbook_without_register_headers(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["姓名", "电话"])
    book.save(tmp_path / "other.xlsx")
    assert not RegisterImporter().identify(str(tmp_path / "other.xlsx"))
    with pytest.raises(ImportFileError, match="找不到“捐赠登记”或“救助发放登记”的表头"):
        RegisterImporter().parse(str(tmp_path / "other.xlsx"))


AID_ROW = (D(2026, 11, 16), "P003", "应急救助", 400, "意外事故", "2026-11-车祸受伤")


def test_procedure_dates_are_required_in_order_unless_paid_first(tmp_path: Path) -> None:
    path = _fill(
        write_template(tmp_path, "aid"),
        [
            (*AID_ROW, D(2026, 11, 13), None, None, "现金"),
            (*AID_ROW, D(2026, 11, 13), D(2026, 11, 17), D(2026, 11, 16), "现金"),
        ],
    )
    with pytest.raises(ImportFileError) as caught:
        RegisterImporter().parse(str(path))
    assert str(caught.value).splitlines()[1:] == [
        "  工作表“救助发放登记”第 2 行：须填写调查日期、审批日期；紧急情况先发放的，"
        "“先行救助”列选“是”，调查和审批日期可以后补",
        "  工作表“救助发放登记”第 3 行：调查日期（2026-11-17）晚于审批日期（2026-11-16）："
        "办理顺序应为受理、调查、审批、发放",
    ]


def test_aid_paid_first_is_marked_advance(tmp_path: Path) -> None:
    path = _fill(
        write_template(tmp_path, "aid"),
        [(*AID_ROW, D(2026, 11, 16), None, None, "现金", "主动发现", "是")],
    )
    (entry,) = RegisterImporter().extract(str(path), [])
    assert entry.meta["advance"] is True
    assert "investigated" not in entry.meta and "approved" not in entry.meta


def test_aid_to_someone_not_in_the_register(tmp_path: Path) -> None:
    path = _fill(
        write_template(tmp_path, "aid"),
        [
            (
                *AID_ROW[:1],
                "P099",
                *AID_ROW[2:],
                D(2026, 11, 16),
                D(2026, 11, 16),
                D(2026, 11, 16),
                "现金",
            )
        ],
    )
    person = writer.custom(
        datetime.date(2024, 3, 18), "jjn-recipient", ["P003"], {"name": "刘海燕"}
    )
    with pytest.raises(ImportFileError, match="“对象编号”列：救助对象 P099 未在救助对象档案中登记"):
        RegisterImporter().parse(str(path), [person])


# --- the treasurer's own books: columns mapped once, by a profile -------------------------------

OWN_PROFILE = """name = "桃园村捐款台账"
kind = "donations"

[columns]
date = ["收款日期"]
donor = ["姓名/单位"]
channel = ["收款方式"]
amount = ["金额（元）"]

[optional]
receipt = ["收据编号"]
purpose = ["备注"]
"""


def _own_book(path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "2026年捐款"
    sheet.append(["桃园村互助社捐款台账（2026 年）"])
    sheet.append(["序号", "收款日期", "姓名/单位", "收款方式", "金额（元）", "收据编号", "备注"])
    sheet.append([1, "2026-12-02", "周建国", "现金", 300, "皖捐2026000101", None])
    sheet.append([2, "2026-12-04", "匿名", "微信", 50, None, None])
    sheet.append([None, "合计", None, None, 350, None, None])
    book.save(path)
    return path


def test_own_register_is_refused_with_its_columns_and_the_command(tmp_path: Path) -> None:
    own = _own_book(tmp_path / "捐款台账.xlsx")
    with pytest.raises(ImportFileError) as caught:
        RegisterImporter().parse(str(own))
    message = str(caught.value)
    assert (
        "第 2 行的列是：序号、收款日期、姓名/单位、收款方式、金额（元）、收据编号、备注" in message
    )
    assert "jjn import layout 捐款台账.xlsx --kind donations" in message


def test_own_register_imports_once_its_columns_are_mapped(tmp_path: Path) -> None:
    own = _own_book(tmp_path / "捐款台账.xlsx")
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "taizhang.toml").write_text(OWN_PROFILE, "utf-8")
    found = RegisterImporter(layout_dirs=[layouts]).parse(str(own))
    assert [(e.payee, e.meta["channel"], e.postings[0].units.number) for e in found.entries] == [
        ("周建国", "现金", Decimal("300.00")),
        ("匿名", "微信", Decimal("50.00")),
    ]
    assert found.entries[0].meta["receipt"] == "皖捐2026000101"
    assert found.layout == "桃园村捐款台账"


def test_own_register_errors_name_its_own_columns(tmp_path: Path) -> None:
    own = _own_book(tmp_path / "捐款台账.xlsx")
    book = load_workbook(own)
    book.active["D4"] = "银联"
    book.save(own)
    layouts = tmp_path / "layouts"
    layouts.mkdir()
    (layouts / "taizhang.toml").write_text(OWN_PROFILE, "utf-8")
    with pytest.raises(ImportFileError, match="工作表“2026年捐款”第 4 行“收款方式”列：“银联”无效"):
        RegisterImporter(layout_dirs=[layouts]).parse(str(own))
