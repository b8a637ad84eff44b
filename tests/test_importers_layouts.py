"""Layouts as data (``importers.layouts``), and the readers behind them (XLSX, XLS, PDF).

A county adds a layout by dropping a profile into its ``layouts/`` folder; an unknown layout
is named with its columns and the command that writes a profile; the profile that command
writes, once checked, imports the file. The readers are tested on real files made here: an
XLSX whose ``<dimension>`` lies, an ``.xls`` written by the real file of a bank, and text PDFs
laid out like the real bank CSVs (no real bank PDF was available to test), which must give
the same entries as those CSVs.
"""

from __future__ import annotations

import csv
import os
import shutil
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from cli_kit import fails, ok

from jjn_ledger.importers.bank import BankImporter
from jjn_ledger.importers.common import ImportFileError
from jjn_ledger.importers.layouts import load_layouts, parse_layout
from jjn_ledger.importers.tables import table_rows

ROOT = Path(__file__).resolve().parent.parent
REAL = Path(os.environ.get("JJN_REALWORLD_DIR", ROOT.parent / "shared" / "realworld" / "importers"))
DATA = Path(__file__).parent / "data" / "import"

RURAL_CSV = """XX农村信用合作联社对公账户明细
户名：示例县仁和镇桃园村“救急难”互助社
交易日,业务摘要,借贷标记,发生额,账户余额,对方单位,凭证号
2026-12-03,转账存入,收,500.00,30500.00,刘德华,NX001
2026-12-05,结息,收,12.30,30512.30,,NX002
2026-12-08,转账支出,付,800.00,29712.30,王秀英,NX003
打印日期：2026-12-31
"""
RURAL_PROFILE = """name = "XX农信社对公账户明细"
kind = "bank"
amount = "flag"
end = ["打印日期"]

[columns]
date = ["交易日"]
amount = ["发生额"]
direction = ["借贷标记"]
balance = ["账户余额"]

[optional]
summary = ["业务摘要"]
counterparty = ["对方单位"]
txid = ["凭证号"]

[flags]
income = ["收"]
expense = ["付"]
"""


def _rural(tmp_path: Path) -> Path:
    path = tmp_path / "对公明细.csv"
    path.write_bytes(RURAL_CSV.encode("gbk"))
    return path


def test_every_packaged_profile_is_valid() -> None:
    kinds = ["bank", "wechat", "alipay", "donations", "aid"]
    names = {layout.name for layout in load_layouts(kinds)}
    assert len(names) == 9 and all(names)


def test_an_unknown_layout_lists_its_columns_and_the_command(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError) as caught:
        BankImporter().parse(str(_rural(tmp_path)))
    message = str(caught.value)
    assert "找不到银行流水的表头" in message
    assert (
        "第 3 行的列是：交易日、业务摘要、借贷标记、发生额、账户余额、对方单位、凭证号" in message
    )
    assert "jjn import layout 对公明细.csv" in message


def test_a_county_profile_makes_the_layout_known(tmp_path: Path) -> None:
    county = tmp_path / "county"
    (county / "layouts").mkdir(parents=True)
    (county / "layouts" / "nongxin.toml").write_text(RURAL_PROFILE, "utf-8")
    importer = BankImporter(layout_dirs=[county / "layouts"])
    statement = _rural(tmp_path)
    assert importer.identify(str(statement)) and not BankImporter().identify(str(statement))
    found = importer.parse(str(statement))
    booked = [(e.date.isoformat(), e.postings[0].units.number, e.payee) for e in found.entries]
    assert booked[:2] == [
        ("2026-12-03", 500, "刘德华"),
        ("2026-12-05", Decimal("12.30"), "开户银行"),
    ]
    assert [p.lineno for p in found.unknown] == [6]  # the transfer out needs a person
    assert found.layout == "XX农信社对公账户明细"


def test_the_layout_command_writes_a_profile_that_imports(tmp_path: Path) -> None:
    statement = _rural(tmp_path)
    target = tmp_path / "layouts" / "nongxin.toml"
    target.parent.mkdir()
    out = ok(["import", "layout", str(statement), "--out", str(target)])
    assert "已生成银行流水的格式文件" in out
    profile = parse_layout(target.read_text("utf-8"), str(target))
    assert profile.amount == "flag"
    assert profile.columns["direction"] == ("借贷标记",)
    assert profile.optional["balance"] == ("账户余额",)
    assert profile.optional["counterparty"] == ("对方单位",)
    # The treasurer fills in how the flag column says in and out (the skeleton guesses 借/贷).
    text = target.read_text("utf-8").replace('income = ["贷"]', 'income = ["收"]')
    target.write_text(text.replace('expense = ["借"]', 'expense = ["付"]'), "utf-8")
    found = BankImporter(layout_dirs=[target.parent]).parse(str(statement))
    assert len(found.entries) == 2 and len(found.unknown) == 1
    assert "文件已存在" in fails(["import", "layout", str(statement), "--out", str(target)])


def test_a_broken_profile_is_named(tmp_path: Path) -> None:
    folder = tmp_path / "layouts"
    folder.mkdir()
    (folder / "bad.toml").write_text(
        'name = "x"\nkind = "bank"\namount = "signed"\n[columns]\ndate = ["日期"]\n', "utf-8"
    )
    with pytest.raises(
        ImportFileError, match=r"bad\.toml：格式文件有误：.*需要在 \[columns\] 中写明 amount"
    ):
        BankImporter(layout_dirs=[folder]).parse(str(DATA / "statement.csv"))


def test_xlsx_whose_dimension_says_a1_is_read_whole(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    with (DATA / "statement.csv").open(encoding="utf-8-sig") as handle:
        for cells in csv.reader(handle):
            sheet.append(cells)
    made = tmp_path / "made.xlsx"
    book.save(made)
    lying = tmp_path / "dimension.xlsx"
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(lying, "w") as dst:
        for item in src.infolist():
            raw = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                start = raw.index(b"<dimension ")
                end = raw.index(b"/>", start) + 2
                raw = raw[:start] + b'<dimension ref="A1"/>' + raw[end:]
            dst.writestr(item, raw)
    assert len(table_rows(lying)) == len(table_rows(DATA / "statement.csv"))
    csv_found = BankImporter(skip_unknown=True).parse(str(DATA / "statement.csv"))
    xlsx_found = BankImporter(skip_unknown=True).parse(str(lying))
    assert len(xlsx_found.entries) == len(csv_found.entries) > 3


@pytest.mark.skipif(not REAL.is_dir(), reason="the real export files are not available")
def test_an_xls_under_a_csv_name_is_still_read(tmp_path: Path) -> None:
    renamed = tmp_path / "statement.csv"
    shutil.copyfile(REAL / "bank-ccb-debit.xls", renamed)
    found = BankImporter().parse(str(renamed))
    assert [p.lineno for p in found.unknown] == [7, 8, 9, 10, 11, 12]  # footer row 13 ends it


# --- PDF --------------------------------------------------------------------------------------


def _pdf_like(source: Path, target: Path, *, rows_per_page: int = 8) -> Path:
    """A text PDF laid out like the bank's CSV: title lines, a ruled table over pages, footer."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cjk", fontName="STSong-Light", fontSize=10)
    rows = [[c.strip() for c in cells] for _, cells in table_rows(source)]
    header_at = next(i for i, r in enumerate(rows) if len([c for c in r if c]) > 3)
    header, body = rows[header_at], [r for r in rows[header_at + 1 :] if any(r)]
    story: list[object] = [Paragraph(" ".join(c for c in r if c), style) for r in rows[:header_at]]
    for start in range(0, len(body), rows_per_page):
        page = [
            header,
            *[r + [""] * (len(header) - len(r)) for r in body[start : start + rows_per_page]],
        ]
        table = Table([[c[:18] for c in r] for r in page])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), "STSong-Light", 6),
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ]
            )
        )
        story += [table, PageBreak()]
    story.append(Paragraph("以上数据仅供参考，具体内容请以柜台为准", style))
    SimpleDocTemplate(str(target), pagesize=landscape(A4)).build(story)
    return target


@pytest.mark.skipif(not REAL.is_dir(), reason="the real export files are not available")
@pytest.mark.parametrize("name", ["bank-boc-debit.csv", "bank-bocom-debit.csv"])
def test_a_pdf_statement_books_what_its_csv_books(name: str, tmp_path: Path) -> None:
    pdf = _pdf_like(REAL / name, tmp_path / "statement.pdf")
    assert BankImporter().identify(str(pdf))
    from_csv = BankImporter(skip_unknown=True).parse(str(REAL / name))
    from_pdf = BankImporter(skip_unknown=True).parse(str(pdf))

    def booked(found: object) -> list[tuple[object, ...]]:
        return [
            (e.date, e.postings[0].units.number, e.payee, e.postings[1].account)
            for e in found.entries  # type: ignore[attr-defined]
        ]

    assert booked(from_pdf) == booked(from_csv) and booked(from_csv)
    assert len(from_pdf.unknown) == len(from_csv.unknown)


def test_a_pdf_without_text_is_refused_in_chinese(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    blank = tmp_path / "scan.pdf"
    page = canvas.Canvas(str(blank))
    page.rect(100, 100, 200, 200)
    page.save()
    with pytest.raises(ImportFileError, match="PDF 中没有可读取的文字（可能是扫描件）"):
        BankImporter().parse(str(blank))
