"""Alipay bill export (支付宝交易明细, CSV in GBK): money received becomes donations.

The export has a block of 导出信息 and 特别提示 lines, then the header
``交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,
商家订单号,备注`` (with a trailing comma). A received payment (交易状态 交易成功, 收/支 收入)
is a donation through channel ``支付宝`` into the ``wallet`` account; its 交易订单号 is its
identity. What is not booked is explained in ``jjn_ledger.importers.paybill``.

Before::

    2026-12-05 09:01:02,转账红包,李**,li***@163.com,转账,收入,100.00,,交易成功,2026…,,,

After::

    2026-12-05 * "李**" "社会捐赠（转账）"
      import-id: "alipay-…"
      donor: "李**"
      channel: "支付宝"
      Assets:1009-其他货币资金:01-网络收款   100.00 CNY
      Income:4101-捐赠收入:02-社会捐赠
"""

from __future__ import annotations

from .paybill import PayBillImporter


class AlipayImporter(PayBillImporter):
    """支付宝交易明细（CSV）。"""

    kind = "alipay"
    channel = "支付宝"
    success_states = ("交易成功", "已收入", "收款成功")
    income_values = ("收入",)
