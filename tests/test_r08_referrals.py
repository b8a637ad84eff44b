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
