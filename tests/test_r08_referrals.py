"""R8 referral services (000 §二(四): 转介服务为辅……心理疏导、资源链接、能力提升、社会融入).

``jjn record referral`` refuses an unregistered person and an unknown service; a referral
written by hand is judged the same way on the books.
"""

from ledger_kit import errors_of, rules


def referral(person="P001", service="心理疏导"):
    return f'\n2024-05-02 custom "jjn-referral" "{person}" "{service}"\n'


def test_a_referral_of_a_registered_person_passes_and_has_no_limit():
    assert errors_of(referral() + referral() + referral(service="资源链接")) == []


def test_a_referral_of_an_unregistered_person_fails():
    errs = errors_of(referral(person="P099"))
    assert rules(errs) == ["R8"] and "P099 未在救助对象档案中登记" in errs[0]


def test_an_unknown_service_fails():
    errs = errors_of(referral(service="代办低保"))
    assert rules(errs) == ["R8"] and "代办低保" in errs[0]


def test_the_command_and_the_rule_agree_on_an_unregistered_person(society_copy, digest):
    """Refused by ``jjn record referral``; written by hand, ``jjn check`` finds it too."""
    from cli_kit import fails, runner

    from jjn_ledger.cli import app

    folder = society_copy("taoyuan")
    before = digest(folder)
    args = ["--person", "P999", "--service", "心理疏导", "--date", "2026-11-03"]
    message = fails(["record", "referral", str(folder), *args])
    assert "P999" in message and digest(folder) == before
    people = folder / "people.beancount"
    people.write_text(people.read_text("utf-8") + referral(person="P999"), "utf-8")
    out = runner.invoke(app, ["check", str(folder)])
    assert out.exit_code == 1
    assert "[R8 转介服务] 转介服务对象 P999 未在救助对象档案中登记" in out.output
