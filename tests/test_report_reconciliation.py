"""The 银行存款余额调节表 names a probable keying error instead of calling it 账实相符.

The books have 刘德华's 500.00 gift on 2024-04-02; the bank's line that day from 刘德华 reads
50.00. Unmatched, the two appear as 未达账项 on both sides and cancel out, so the adjusted
balances agree — which is exactly why the table must not say the books agree with the bank.
"""

from decimal import Decimal

from test_reconcile import DATA, run, sheet_rows, society  # noqa: F401  (society: fixture)

from jjn_ledger.reports.bank_matching import looks_mistyped

D = Decimal


def test_a_bank_line_keyed_as_50_for_500_is_a_probable_keying_error(society, tmp_path, digest):  # noqa: F811
    before = digest(society)
    out = tmp_path / "rec.xlsx"
    statement = DATA / "statement-2024-04-mistyped.csv"
    code, output, _ = run(["reconcile", str(society), str(statement), "2024-04", "-o", str(out)])
    assert code == 1, output
    assert "疑似录入错误" in output and "账实相符" in output  # named, and 账实相符 denied
    assert "不能认定账实相符" in output
    assert "对账单第 6 行" in output and "50.00 元" in output and "500.00 元" in output
    verdict = [r[0] for r in sheet_rows(out) if isinstance(r[0], str) and "疑似录入错误" in r[0]]
    assert verdict and verdict[0].startswith("结论（对账不平）")
    assert digest(society) == before


def test_what_counts_as_one_wrong_keystroke():
    assert looks_mistyped(D("50"), D("500"))
    assert looks_mistyped(D("-300"), D("-30"))
    assert looks_mistyped(D("540"), D("450"))  # two digits swapped
    assert looks_mistyped(D("502"), D("500"))  # one digit wrong
    assert not looks_mistyped(D("500"), D("-500"))  # opposite directions
    assert not looks_mistyped(D("500"), D("1500"))
    assert not looks_mistyped(D("500"), D("500"))
