"""Formula injection: text from the books never becomes a formula in any jjn workbook."""

import openpyxl
import pytest
from test_report_kit import register
from typer.testing import CliRunner

from jjn_ledger.cli import app
from jjn_ledger.reports.xlsx import safe_text

runner = CliRunner()


@pytest.mark.parametrize("text", ["=1+1", "+86 138", "-2+3", "@SUM(A1)", "\t=x"])
def test_dangerous_first_characters_get_an_apostrophe(text):
    assert safe_text(text) == "'" + text


@pytest.mark.parametrize("text", ["张三", "1+1=2", "'=already", ""])
def test_ordinary_text_is_left_alone(text):
    assert safe_text(text) == text


def test_payees_names_and_narrations_from_the_books_stay_text(society_copy, tmp_path):
    folder = society_copy("xihe")
    month = folder / "books" / "2025-03.beancount"
    text = month.read_text("utf-8")
    assert '"社会捐赠"' in text
    month.write_text(
        text.replace('* "匿名" "社会捐赠"', '* "=HYPERLINK(1)" "@SUM(A1)"', 1).replace(
            '"社会捐赠"', '"-1+2"', 1
        ),
        "utf-8",
    )
    people = folder / "people.beancount"
    name = register(folder)["P001"]["name"]
    people.write_text(people.read_text("utf-8").replace(f'name: "{name}"', 'name: "+cmd"'), "utf-8")
    outputs = []
    for kind in ("statements", "filing"):
        for period in ("2025-03", "2025-01", "2025-06", "2025-09", "2025-11"):
            out = tmp_path / f"{kind}-{period}.xlsx"
            result = runner.invoke(app, ["report", kind, str(folder), period, "-o", str(out)])
            assert result.exit_code == 0, result.output
            outputs.append(out)
    seen = 0
    for out in outputs:
        for ws in openpyxl.load_workbook(out).worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert cell.data_type != "f", (out.name, ws.title, cell.coordinate)
                    if isinstance(cell.value, str):
                        assert cell.value[:1] not in "=+-@", (out.name, cell.value)
                        seen += cell.value.startswith(("'=", "'+", "'-", "'@"))
    assert seen >= 1
