"""One policy in force: the county's configuration reaches every command, report and page.

The policy is worked out in one place (``ledger.society``). These cases failed while commands
worked it out each their own way: a referral service the county allowed was refused by
``jjn record referral`` although the same directive typed by hand passed ``jjn check``, and a
county's 一人一档 list was ignored by ``jjn society dossier`` and the Fava person page.
"""

from __future__ import annotations

import re
import shutil

from cli_kit import fails, ok

from jjn_ledger.fava_ext import views
from jjn_ledger.ledger.load import load
from jjn_ledger.ledger.society import open_society, read_profile

PLUGIN = 'plugin "jjn_ledger.plugins.rules"'


def with_config(folder, config: str):
    main = folder / "main.beancount"
    text = main.read_text("utf-8")
    text = re.sub(
        r'^plugin "jjn_ledger\.plugins\.rules".*$', f'{PLUGIN} "{config}"', text, flags=re.M
    )
    main.write_text(text, "utf-8")
    return folder


def test_a_referral_service_the_county_allows_is_recorded(society_copy):
    folder = with_config(
        society_copy("taoyuan"),
        "{'aid': {'referral_services': "
        "['心理疏导', '资源链接', '能力提升', '社会融入', '法律援助']}}",
    )
    assert "法律援助" in read_profile(folder).policy.aid.referral_services
    ok(
        [
            "record",
            "referral",
            str(folder),
            "--person",
            "P001",
            "--service",
            "法律援助",
            "--date",
            "2026-03-02",
        ]
    )
    assert "合规" in ok(["check", str(folder)])
    assert "法律援助" in (folder / "people.beancount").read_text("utf-8")


def test_a_service_outside_the_policy_is_still_refused(society_copy):
    folder = society_copy("taoyuan")
    message = fails(
        [
            "record",
            "referral",
            str(folder),
            "--person",
            "P001",
            "--service",
            "法律援助",
            "--date",
            "2026-03-02",
        ]
    )
    assert "法律援助" in message


def test_the_county_dossier_list_is_the_one_listed(society_copy):
    folder = with_config(
        society_copy("taoyuan"), "{'dossier': {'documents': ['申请表', '审批表']}}"
    )
    shutil.rmtree(folder / "documents" / "P001")  # an empty file (the sample keeps one)
    out = ok(["society", "dossier", str(folder), "--person", "P001"])
    assert "缺少材料：申请表、审批表" in out
    assert "身份证复印件" not in out
    society = open_society(folder)
    page = views.person_file(society.loaded.entries, society.loaded.options, "P001", folder=folder)
    assert page is not None and page.documents is not None
    assert [p.kind for p in page.documents] == ["申请表", "审批表"]


def test_a_society_is_named_by_its_main_file_as_bean_check_takes_it(sample_county, tmp_path):
    main = sample_county / "taoyuan" / "main.beancount"
    assert "合规" in ok(["check", str(main)])
    out = tmp_path / "notice.xlsx"
    ok(["report", "notice", str(main), "2026-03", "-o", str(out)])
    assert out.stat().st_size > 0
    assert open_society(main).folder == main.parent
    assert load(main).entries
