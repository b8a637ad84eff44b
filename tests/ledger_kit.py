"""A small society in text, for rule tests that keep their ledger in the docstring.

``errors_of(doc)`` loads ``HEADER + doc`` with the real Beancount loader and the real jjn plugin
(named in the header), and returns the error messages. ``HEADER`` is a compliant society
registered 2024-03-15 whose seed fund is complete, so each test adds only what it is about.
Its register holds no clear ID numbers: each person's pseudonym is ``idcodes.id_hash`` under
``TEST_SECRET`` (the rules never need the key; they compare pseudonyms).
"""

from __future__ import annotations

import hashlib
import inspect
import textwrap

from beancount import loader

TEST_SECRET = hashlib.sha256(b"jjn-ledger tests").digest()

PROFILE = """
option "operating_currency" "CNY"
{PLUGINS}

2024-03-15 custom "jjn-society" "示例县仁和镇桃园村“救急难”互助社"
  county: "示例县"
  township: "仁和镇"
  village: "桃园村"
  registration: "登记"
  credit-code: "51349900MJB0000015"
  registered: 2024-03-15
2024-03-15 custom "jjn-officer" "社长"
  name: "李建国"
  household: "H01"
2024-03-15 custom "jjn-officer" "出纳"
  name: "李红"
  household: "H03"
2024-03-16 custom "jjn-recipient" "P001"
  name: "王秀英"
  id-hash: "sk56:sxc22qzdu73sw2yiwjxb4jsnj4"
  id-masked: "3499**********0024"
  id-check: "通过"
  household: "H11"
  hukou: "本村户籍"
  status: "低保"
2024-03-16 custom "jjn-recipient" "P002"
  name: "赵志强"
  id-hash: "sk56:ylcdz67jku7tdrumxyhecvnjpa"
  id-masked: "3499**********0035"
  id-check: "通过"
  household: "H12"
  hukou: "本村户籍"
  status: "防止返贫监测对象"
2024-03-16 custom "jjn-recipient" "P003"
  name: "孙桂兰"
  id-hash: "sk56:foyvw5yggpikwcfznyl7hdtnxe"
  id-masked: "3499**********004X"
  id-check: "通过"
  household: "H03"
  hukou: "本村户籍"
  status: "低保边缘"

2024-03-15 open Assets:1001-现金 CNY
2024-03-15 open Assets:1002-银行存款:01-基本户 CNY
2024-03-15 open Assets:1201-存货:01-捐赠物资 CNY
2024-03-15 open Income:4401-政府补助收入:01-县级财政补助 CNY
2024-03-15 open Income:4101-捐赠收入:01-村集体经济支持 CNY
2024-03-15 open Income:4101-捐赠收入:02-社会捐赠 CNY
2024-03-15 open Income:4101-捐赠收入:04-实物捐赠 CNY
2024-03-15 open Income:4901-其他收入:01-利息收入 CNY
2024-03-15 open Expenses:5101-业务活动成本:01-补充救助 CNY
2024-03-15 open Expenses:5101-业务活动成本:02-应急救助 CNY
2024-03-15 open Expenses:5201-管理费用:01-银行手续费 CNY
2024-03-15 open Expenses:5201-管理费用:02-公示印刷费 CNY
2024-03-15 open Expenses:5401-其他费用 CNY
"""

SEED = """
2024-03-18 * "示例县财政局" "县级财政一次性补助"
  document: "示财社〔2024〕9号"
  fund-line: "2080299 其他民政管理事务支出"
  Assets:1002-银行存款:01-基本户   10000.00 CNY
  Income:4401-政府补助收入:01-县级财政补助
2024-03-20 * "桃园村股份经济合作社" "村集体支持"
  donor: "桃园村股份经济合作社"
  channel: "银行转账"
  Assets:1002-银行存款:01-基本户   10000.00 CNY
  Income:4101-捐赠收入:01-村集体经济支持
2024-03-22 * "张三" "社会捐赠"
  donor: "张三"
  channel: "银行转账"
  Assets:1002-银行存款:01-基本户   10000.00 CNY
  Income:4101-捐赠收入:02-社会捐赠
2024-03-25 * "" "从银行提取备用金"
  Assets:1001-现金   3000.00 CNY
  Assets:1002-银行存款:01-基本户
"""

HEADER = PROFILE + SEED


# An aid payment to P001 that every rule accepts; ``memo`` is appended to its narration and
# ``posting`` to its aid posting (metadata lines), for the tests of texts in the books (R11).
AID_WITH = """
2024-04-02 * "王秀英" "补充救助：住院{memo}"
  recipient: "P001"
  cause: "重大疾病"
  matter: "2024-04-住院"
  source: "申请"
  accepted: 2024-04-01
  investigated: 2024-04-01
  approved: 2024-04-02
  Expenses:5101-业务活动成本:01-补充救助   300.00 CNY{posting}
  Assets:1001-现金
"""


# The rules these tests examine. Rules about time and process (R6 deadlines, R10 notices, R17
# sealed months) have their own test ledgers that carry the dates and notices they need.
PLUGINS = (
    "r01_society",
    "r02_seed_fund",
    "r03_subsidy_source",
    "r04_donations",
    "r05_aid_record",
    "r07_aid_caps",
    "r08_referrals",
    "r08b_no_pay",
    "r09_petty_cash",
    "r11_register",
    "r12_dedicated_books",
    "r14_officer_households",
)


def with_plugins(text: str, config: str = "", plugins: tuple[str, ...] = PLUGINS) -> str:
    lines = "\n".join(f'plugin "jjn_ledger.plugins.{p}" "{config}"' for p in plugins)
    return textwrap.dedent(text).replace("{PLUGINS}", lines)


def load(text: str, config: str = "", plugins: tuple[str, ...] = PLUGINS) -> list[str]:
    """Error messages of a full ledger text, loaded with the jjn rule plugins."""
    _, errors, _ = loader.load_string(with_plugins(text, config, plugins))
    return [e.message for e in errors]


def errors_of(
    doc: str, header: str = HEADER, config: str = "", plugins: tuple[str, ...] = PLUGINS
) -> list[str]:
    return load(header + textwrap.dedent(doc), config, plugins)


def doc_errors(config: str = "", header: str = HEADER) -> list[str]:
    """Errors of the calling test function's docstring appended to the header."""
    frame = inspect.currentframe()
    assert frame is not None and frame.f_back is not None
    caller = frame.f_back.f_globals[frame.f_back.f_code.co_name]
    return errors_of(inspect.getdoc(caller) or "", header, config)


def rules(messages: list[str]) -> list[str]:
    """Just the rule ids of the messages, e.g. ["R7", "R7"]."""
    return [m[1 : m.index(" ")] if m.startswith("[") else "?" for m in messages]
