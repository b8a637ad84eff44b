"""Every workbook printed as a township officer prints it: LibreOffice to A4 PDF, then read back.

Each workbook jjn writes is rendered headless by LibreOffice (Debian's libreoffice-calc-nogui)
and checked with the PDF's own text (poppler's pdftotext): the page count is the one expected,
each page's footer reads "第 i 页，共 N 页" whole on one line, every sheet's title is whole on
one line, every header cell of every sheet is printed, and no word is printed smaller than
8 pt (the county workbook used to shrink to about 6 pt). One page of each report is saved as a
PNG under tests/artifacts/ (pdftoppm) to be looked at.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
from cli_kit import ok

pytestmark = pytest.mark.slow

SOFFICE = shutil.which("soffice")
needs_office = pytest.mark.skipif(
    SOFFICE is None or shutil.which("pdftotext") is None,
    reason="LibreOffice/poppler not installed (scripts/dev.py test installs them)",
)

# Workbook → expected pages: one page per sheet unless said otherwise.
EXPECTED_PAGES = {
    "statements-2025": 5,  # 业务活动表, 资产负债表, 现金流量表, 现金日记账, 银行存款日记账
    "statements-2026": 5,
    "notice": 2,  # the notice, and its 核验码 (QR) sheet for the township to check
    "filing": None,  # set from the sheets below (one page each)
    "half-year": None,
    "county": 4,  # 资金情况, 救助与监督, 跨村重复救助, 进展情况表
    "template-donations": 2,  # the register (20 ruled lines) and 填写说明
    "template-aid": 2,
    "vouchers": None,  # one 记账凭证 per page: as many as the month's vouchers
    "changeover": 2,  # 科目余额表, 新旧科目对照
    "audit": 8,  # 抽查样本 runs over 4 pages (its header repeated), then one page per sheet
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, request):
    """All workbooks, built by the CLI from (a copy of) the sample county, rendered to PDF."""
    if SOFFICE is None:
        pytest.skip("LibreOffice not installed")
    root = tmp_path_factory.mktemp("render")
    sample = Path(__file__).resolve().parent.parent / "ledgers" / "sample-county"
    county = root / "county"
    shutil.copytree(sample, county)
    taoyuan = county / "taoyuan"
    out = root / "xlsx"
    out.mkdir()
    jobs = {
        "statements-2025": ["report", "statements", str(taoyuan), "2025-03"],
        "statements-2026": ["report", "statements", str(taoyuan), "2026-03"],
        "notice": ["report", "notice", str(taoyuan), "2025-03"],
        "filing": ["report", "filing", str(taoyuan), "2025-03"],
        "half-year": ["report", "half-year", str(taoyuan), "2025-H1"],
        "county": ["report", "county", str(county), "2026-03", "--no-cache"],
        "vouchers": ["report", "vouchers", str(taoyuan), "2026-09"],
    }
    ok(["voucher", "number", str(taoyuan), "2026-09"])
    for name, args in jobs.items():
        ok([*args, "-o", str(out / f"{name}.xlsx")])
    for year in ("2024", "2025"):
        ok(["report", "close-books", str(taoyuan), year])
    ok(["report", "changeover", str(taoyuan), "-o", str(out / "changeover.xlsx")])
    ok(["report", "audit", str(county), "2025", "-o", str(out / "audit.xlsx")])
    ok(["import", "template", str(out / "template-donations.xlsx"), "--kind", "donations"])
    ok(["import", "template", str(out / "template-aid.xlsx"), "--kind", "aid"])
    pdf = root / "pdf"
    profile = root / "lo-profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdf),
            *sorted(str(p) for p in out.glob("*.xlsx")),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out, pdf


def _pages(pdf: Path, mode: str = "-layout") -> list[str]:
    """Text per page: ``-layout`` keeps lines as printed, ``-raw`` keeps each cell together."""
    text = subprocess.run(
        ["pdftotext", mode, str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _word_heights(pdf: Path) -> list[tuple[str, float]]:
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    root = ET.fromstring(re.sub(r"<!DOCTYPE[^>]*>", "", html).replace("&nbsp;", " "))
    out = []
    for word in root.iter("{http://www.w3.org/1999/xhtml}word"):
        out.append((word.text or "", float(word.get("yMax", 0)) - float(word.get("yMin", 0))))
    return out


def _titles_and_headers(path: Path) -> tuple[list[str], list[str]]:
    wb = openpyxl.load_workbook(path)
    titles, headers = [], []
    for ws in wb.worksheets:
        first = ws.cell(1, 1).value
        merged = any(str(r).startswith("A1:") for r in ws.merged_cells.ranges)
        if isinstance(first, str) and merged:  # a title across the sheet
            titles.append(first)
        rows = ws.print_title_rows
        if rows:
            top, bottom = (int(x.replace("$", "")) for x in rows.split(":"))
            for r in range(top, bottom + 1):
                headers += [
                    str(c.value) for c in ws[r] if c.value is not None and str(c.value).strip()
                ]
    return titles, headers


@needs_office
@pytest.mark.parametrize("name", sorted(EXPECTED_PAGES))
def test_printed_pages_are_whole(rendered, name, artifacts):
    out, pdf_dir = rendered
    pdf = pdf_dir / f"{name}.pdf"
    pages = _pages(pdf)
    sheets = openpyxl.load_workbook(out / f"{name}.xlsx").sheetnames
    expected = EXPECTED_PAGES[name] or len(sheets)
    if name == "vouchers":  # one 记账凭证 per page
        wb = openpyxl.load_workbook(out / f"{name}.xlsx")
        expected = sum(
            1
            for ws in wb.worksheets
            for row in ws.iter_rows(values_only=True)
            if row[0] == "记账凭证"
        )
    assert len(pages) == expected, (name, len(pages), sheets)
    for i, page in enumerate(pages, start=1):
        lines = [_squash(line) for line in page.splitlines() if line.strip()]
        assert f"第{i}页，共{expected}页" in lines, (name, i, lines[-3:])
    titles, headers = _titles_and_headers(out / f"{name}.xlsx")
    page_lines = [_squash(line) for page in pages for line in page.splitlines()]
    everything = _squash("".join(_pages(pdf, "-raw")))
    for title in titles:
        assert _squash(title) in page_lines, (name, "title not on one line", title)
    for header in headers:
        assert _squash(header) in everything, (name, "header missing", header)
    small = [(w, h) for w, h in _word_heights(pdf) if w.strip() and h < 8.0]
    assert not small, (name, small[:5])
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "60",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(artifacts / f"print-{name}"),
        ],
        check=True,
    )
    assert (artifacts / f"print-{name}.png").stat().st_size > 1000
