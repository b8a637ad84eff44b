"""WeChat Pay bill export (微信支付账单明细, CSV): money received becomes donations.

The export starts with ``微信支付账单明细`` and about fifteen lines of notes; the header is
``交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注``.
A received transfer or red packet (当前状态 已存入零钱/已收钱) is a donation through channel
``微信`` into the ``wallet`` account; its 交易单号 is its identity. What is not booked is
explained in ``jjn_ledger.importers.paybill``.

Before::

    2026-12-03 10:12:13,转账,张**,/,收入,¥200.00,/,已存入零钱,100005…,/,/

After::

    2026-12-03 * "张**" "社会捐赠"
      import-id: "wechat-…"
      donor: "张**"
      channel: "微信"
      Assets:1009-其他货币资金:01-网络收款   200.00 CNY
      Income:4101-捐赠收入:02-社会捐赠
"""

from __future__ import annotations

from .paybill import PayBillImporter


class WeChatImporter(PayBillImporter):
    """微信支付账单明细（CSV 或 XLSX）。"""

    kind = "wechat"
    channel = "微信"
    success_states = (
        "已存入零钱",
        "已收钱",
        "已到账",
        "已收款",
        "朋友已收钱",
        "支付成功",
        "已转账",
    )
