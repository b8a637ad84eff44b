"""Setting a society up: its folder of books, its profile, and its recipient register.

``jjn society new`` writes the same layout as the sample generator (``layout``): the profile is
validated by ``models.SocietyProfile`` first (R1: the name is rebuilt from county, township and
village, never typed; the credit code's check character is verified), then every file is
written in one ``safewrite.commit_text``, which loads the new books with the rules before
anything lands. A brand-new society has no seed fund yet; R2 is silent until its deadline, and
for a society registered long ago (moving its books into jjn) the R2 finding is an overdue one,
which does not block writes (``rulebook.Rule.blocks_writes``): it is the true state of the books
until the founding money is recorded.

``jjn society person add`` appends a ``jjn-recipient`` (validated by ``models.Recipient``: the
GB 11643 check character) to ``people.beancount``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from pathlib import Path

from beancount.core import data

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger import layout
from jjn_ledger.ledger.chart import load_chart
from jjn_ledger.ledger.models import Officer, Recipient, SocietyProfile, society_name
from jjn_ledger.ledger.society import read_profile
from jjn_ledger.ledger.vocabulary import OFFICER, RECIPIENT, SOCIETY
from jjn_ledger.record.money import validate
from jjn_ledger.write import render as writer
from jjn_ledger.write.safe import WriteResult, commit_text, commit_to_file


def parse_officer(text: str) -> Officer:
    """``"社长=李建国:H01"`` → an ``Officer`` (role, name, household)."""
    role, sep, rest = text.partition("=")
    name, sep2, household = rest.partition(":")
    if not sep or not sep2:
        raise JjnError(f"负责人“{text}”格式不对，应为 职务=姓名:户号，例如 社长=李建国:H01")
    return validate(
        Officer, {"role": role.strip(), "name": name.strip(), "household": household.strip()}
    )


def build_profile(
    county: str,
    township: str,
    village: str,
    registration: str,
    registered: str | datetime.date,
    credit_code: str | None = None,
    custodian: str | None = None,
    public_fundraising: bool = False,
    widen_hukou: bool = False,
) -> SocietyProfile:
    return validate(
        SocietyProfile,
        {
            "name": society_name(county, township, village),
            "county": county,
            "township": township,
            "village": village,
            "registration": registration,
            "credit_code": credit_code,
            "registered": registered,
            "custodian": custodian,
            "public_fundraising": public_fundraising or None,
            "widen_hukou": widen_hukou or None,
        },
    )


def society_entries(profile: SocietyProfile, officers: Sequence[Officer]) -> list[data.Directive]:
    fields = profile.model_dump(by_alias=True, exclude={"name"}, exclude_defaults=True)
    fields["registered"] = profile.registered
    fields["registration"] = profile.registration
    out: list[data.Directive] = [writer.custom(profile.registered, SOCIETY, [profile.name], fields)]
    out += [
        writer.custom(
            profile.registered, OFFICER, [o.role], {"name": o.name, "household": o.household}
        )
        for o in officers
    ]
    return out


def society_files(profile: SocietyProfile, officers: Sequence[Officer]) -> dict[Path, str]:
    """Every file of a new society, relative to its folder."""
    header = f"; {profile.name}\n\n"
    chart = load_chart(profile.standard)
    opens = [writer.open_account(profile.registered, a.account) for a in chart.accounts]
    first = layout.month_file(Path(), profile.registered.year, profile.registered.month)
    return {
        Path(layout.MAIN): layout.main_text(profile.name),
        Path(layout.SOCIETY): header + writer.render(society_entries(profile, officers)),
        Path(layout.ACCOUNTS): header + writer.render(opens),
        Path(layout.PEOPLE): f"; {profile.name} 救助对象档案（一人一档）\n",
        first: f"; {profile.registered:%Y-%m} 月账目\n",
    }


def create(folder: Path, profile: SocietyProfile, officers: Sequence[Officer]) -> WriteResult:
    """Write a new society into ``folder``, which must not exist or be empty."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise JjnError(f"文件夹 {folder} 已存在且不为空，不能在这里新建互助社账本")
    return commit_text(folder, society_files(profile, officers))


def add_person(
    folder: Path,
    person: Recipient,
    date: datetime.date,
    meta: Mapping[str, object] | None = None,
) -> WriteResult:
    """Add one person to the register (``people.beancount``); ``meta``: who recorded it."""
    book = read_profile(folder)
    if person.key in book.recipients:
        raise JjnError(f"救助对象编号 {person.key} 已登记（{book.recipients[person.key].name}）")
    holder = book.holder_of(person.id_number)
    if holder is not None:
        raise JjnError(
            f"这个身份证号码已登记为救助对象 {holder}（{book.recipients[holder].name}）："
            "同一人只能登记一次，请使用原编号"
        )
    fields = person.model_dump(by_alias=True, exclude={"key"})
    entry = writer.custom(date, RECIPIENT, [person.key], {**fields, **(meta or {})})
    return commit_to_file(folder, Path(layout.PEOPLE), [entry])


def describe(book_profile: SocietyProfile, officers: Sequence[Officer], people: int) -> str:
    """The profile as the treasurer reads it (``jjn society show``)."""
    p = book_profile
    lines = [
        f"名称：{p.name}",
        f"所在地：{p.county} {p.township} {p.village}",
        f"登记方式：{p.registration}（{p.registered} 起）",
    ]
    if p.credit_code:
        lines.append(f"统一社会信用代码：{p.credit_code}")
    if p.custodian:
        lines.append(f"资金代管：{p.custodian}")
    lines.append(f"公开募捐资格：{'有' if p.public_fundraising else '无'}")
    lines.append(f"会计制度：{p.standard} 版")
    for o in officers:
        lines.append(f"{o.role}：{o.name}（户号 {o.household}）")
    lines.append(f"登记的救助对象：{people} 人")
    return "\n".join(lines)
