"""R17 closing acts judged on the books as ``jjn close``/``jjn reopen`` judge them.

A month is closed after it has ended (a period is closed at its end: 期末结账), and a reopening
states its reason. Written by hand, either breach is an error like the command's refusal.
"""

from ledger_kit import errors_of, rules

PLUGINS = ("r17_sealed",)


def test_a_month_sealed_before_it_ended_fails():
    early = '\n2024-04-20 custom "jjn-seal" "2024-04"\n  digest: "x"\n'
    errs = [m for m in errors_of(early, plugins=PLUGINS) if "尚未结束" in m]
    assert rules(errs) == ["R17"]


def test_a_reopening_without_reason_fails_and_with_one_passes():
    seal = '\n2024-04-02 custom "jjn-seal" "2024-03"\n  digest: "x"\n'
    bare = seal + '2024-04-05 custom "jjn-reopen" "2024-03"\n'
    assert rules(errors_of(bare, plugins=PLUGINS)) == ["R17"]
    with_reason = bare + '  reason: "补记漏记的利息"\n'
    assert errors_of(with_reason, plugins=PLUGINS) == []
