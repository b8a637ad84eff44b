"""一人一档 (R11): for each recipient, the aid received, the referrals, and the papers on file.

Beancount's ``document`` directive belongs to an account, not to a person, so a person's papers
live in a folder of their own beside the books::

    documents/P001/申请表.pdf
    documents/P001/身份证复印件.jpg
    documents/P001/入户调查记录-2025-03.pdf

A file counts as a kind when its name starts with that kind. The kinds expected of every file
are policy data (``[dossier] documents``). A missing paper is not an error in the books (the
money is right or wrong regardless); it is a list for the treasurer to complete before an
inspection.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from beancount.core import data

from jjn_ledger.errors import JjnError, printable
from jjn_ledger.ledger.formats import yuan
from jjn_ledger.ledger.profile import Book
from jjn_ledger.ledger.transactions import aid_payments

DOCUMENTS = "documents"


@dataclass(frozen=True)
class AidLine:
    date: datetime.date
    category: str
    amount: Decimal
    matter: str


@dataclass
class Dossier:
    """One person's file: what they received and which papers are present or missing."""

    key: str
    name: str
    status: str
    aid: list[AidLine] = field(default_factory=list)
    referrals: list[tuple[datetime.date, str]] = field(default_factory=list)
    present: dict[str, list[str]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((a.amount for a in self.aid), Decimal(0))


def papers(folder: Path, key: str, kinds: Sequence[str]) -> dict[str, list[str]]:
    """The files in ``documents/<key>/`` by kind (a file named after no kind is ignored)."""
    place = folder / DOCUMENTS / key
    found: dict[str, list[str]] = {}
    if not place.is_dir():
        return found
    for path in sorted(place.iterdir()):
        if not path.is_file() or path.name.startswith("."):
            continue
        kind = next((k for k in kinds if path.name.startswith(k)), None)
        if kind:
            found.setdefault(kind, []).append(printable(path.name))  # shown, never opened
    return found


def build(
    folder: Path, book: Book, entries: Sequence[data.Directive], person: str | None = None
) -> list[Dossier]:
    """Every person's file (or only ``person``'s): the book in force, the entries, the folder.

    The kinds of paper expected come from the policy in force (a county may change the list),
    so the caller hands in the society's book rather than this module reading one of its own.
    """
    if person is not None and person not in book.recipients:
        raise JjnError(f"救助对象 {person} 未在救助对象档案中登记")
    kinds = book.policy.dossier.documents
    files = {
        key: Dossier(key, r.name, r.status)
        for key, r in book.recipients.items()
        if person in (None, key)
    }
    for pay in aid_payments(entries, book.chart):
        if pay.recipient in files:
            files[pay.recipient].aid.append(
                AidLine(pay.date, pay.category, pay.amount, pay.matter or "")
            )
    for ref in book.referrals:
        if ref.recipient in files:
            files[ref.recipient].referrals.append((ref.date, ref.service))
    for pf in files.values():
        pf.present = papers(folder, pf.key, kinds)
        pf.missing = [k for k in kinds if k not in pf.present]
    return list(files.values())


def render(files: Sequence[Dossier]) -> str:
    """The dossiers as text for the terminal."""
    out = []
    for pf in files:
        out.append(f"■ {pf.key} {pf.name}（{pf.status}）")
        if pf.aid:
            out.append(f"  救助 {len(pf.aid)} 次，合计 {yuan(pf.total)}：")
            out += [f"    {a.date} {a.category} {yuan(a.amount)}  {a.matter}" for a in pf.aid]
        else:
            out.append("  尚未救助")
        for day, service in pf.referrals:
            out.append(f"  转介服务：{day} {service}")
        have = "、".join(pf.present) or "无"
        out.append(f"  已有材料：{have}")
        out.append(f"  缺少材料：{'、'.join(pf.missing) or '无'}")
    complete = sum(1 for pf in files if not pf.missing)
    out.append(f"\n共 {len(files)} 人，材料齐全 {complete} 人。")
    return "\n".join(out)
