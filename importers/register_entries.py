"""The entries a checked register row becomes: a donation, or an aid payment with its file.

A donations row ``2026-12-02 | 周建国 | 现金 | 300 | 皖捐2026000101 | 否 |`` becomes::

    2026-12-02 * "周建国" "社会捐赠"
      import-id: "donations-…"
      donor: "周建国"
      channel: "现金"
      receipt: "皖捐2026000101"
      Assets:1001-现金   300.00 CNY
      Income:4101-捐赠收入:02-社会捐赠

An aid row becomes the aid transaction of docs/architecture.md (recipient, cause, matter,
source, accepted, investigated, approved), paid from cash, bank or stock by its 发放方式, the
payee being the recipient's name from the ledger's register. The rows were checked by their
models (``importers.register_rows``); nothing here can fail.
"""

from __future__ import annotations

from collections.abc import Sequence

from beancount.core import data

from jjn_ledger.ledger.chart import Chart
from jjn_ledger.ledger.vocabulary import RECIPIENT
from jjn_ledger.write import render as writer

from .identity import ImportIds
from .register_rows import CATEGORIES, AidRow, DonationRow
from .rows import Row

# Where the money of each channel / aid form sits (chart keys, never account names).
CHANNEL_ACCOUNT = {
    "现金": "cash",
    "银行转账": "bank",
    "微信": "wallet",
    "支付宝": "wallet",
    "实物": "inventory",
    "公开募捐": "bank",
}
FORM_ACCOUNT = {"现金": "cash", "转账": "bank", "实物": "inventory"}


def donation_entry(chart: Chart, rec: DonationRow, row: Row, ids: ImportIds) -> data.Transaction:
    """A gift into the account of its channel, as restricted, in-kind or general donation."""
    acc = chart.account
    debit = acc(CHANNEL_ACCOUNT[rec.channel]) if rec.channel in CHANNEL_ACCOUNT else acc("bank")
    if rec.restricted:
        credit, label = acc("donation_restricted"), "定向捐赠"
    elif rec.channel == "实物":
        credit, label = acc("donation_in_kind"), "实物捐赠"
    else:
        credit, label = acc("donation"), "社会捐赠"
    narration = f"{label}：{rec.purpose}" if rec.purpose else label
    import_id = (
        ids.make(rec.receipt, rec.amount)
        if rec.receipt
        else ids.make(rec.date, rec.donor, rec.amount, rec.channel)
    )
    txn = writer.transaction(rec.date, rec.donor, narration, [(debit, rec.amount), (credit, None)])
    meta = row.meta(
        import_id=import_id,
        donor=rec.donor,
        channel=rec.channel,
        receipt=rec.receipt,
        # as ``jjn record``: an in-kind gift names its item, a cash gift its purpose
        item=rec.purpose if label == "实物捐赠" else None,
        purpose=None if label == "实物捐赠" else rec.purpose,
    )
    return txn._replace(meta=meta)


def aid_entry(
    chart: Chart, rec: AidRow, row: Row, ids: ImportIds, names: dict[str, str]
) -> data.Transaction:
    """Aid paid by its 发放方式 to the expense of its category, with the case's metadata."""
    acc = chart.account
    expense = acc(CATEGORIES[rec.category])
    paid_from = acc(FORM_ACCOUNT.get(rec.form, "cash"))
    txn = writer.transaction(
        rec.date,
        names.get(rec.recipient),
        f"{rec.category}：{rec.matter}",
        [(expense, rec.amount), (paid_from, None)],
    )
    meta = row.meta(
        import_id=ids.make(rec.date, rec.recipient, rec.amount, rec.matter),
        recipient=rec.recipient,
        cause=rec.cause,
        matter=rec.matter,
        source=rec.source,
        accepted=rec.accepted,
        investigated=rec.investigated,
        approved=rec.approved,
        advance=True if rec.advance else None,
        fund=rec.fund or None,
    )
    return txn._replace(meta=meta)


def recipient_names(existing: Sequence[data.Directive]) -> dict[str, str]:
    """Names from the ledger's register, so an aid entry reads "王秀英", not only "P001"."""
    names = {}
    for entry in existing:
        if isinstance(entry, data.Custom) and entry.type == RECIPIENT and entry.values:
            name = entry.meta.get("name")
            if isinstance(name, str):
                names[str(entry.values[0].value)] = name
    return names
