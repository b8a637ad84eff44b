"""Beancount's own error messages, in Chinese for the people who read them.

A treasurer whose cash count does not match sees Beancount's "Balance failed for …"; jjn shows
the common ones in Chinese (the original English follows in brackets, so a developer can still
search for it). Rule messages are already Chinese and pass through unchanged.
"""

from __future__ import annotations

import re

_ACCOUNT_HINT = (
    "科目名称无效：{0}（每一级须以数字或英文大写字母开头，例如 Assets:1002-银行存款:01-基本户）"
)

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"Balance failed for '([^']+)': expected (\S+ \S+) != accumulated (\S+ \S+) "
            r"\((\S+) (too much|too little)\)"
        ),
        "余额核对不符：{0} 应为 {1}，账上累计为 {2}（{word} {3}）",
    ),
    (re.compile(r"Transaction does not balance: (.*)"), "借贷不平衡：{0}"),
    (re.compile(r"Invalid reference to unknown account '([^']+)'"), "使用了未开设的科目：{0}"),
    (
        re.compile(r"Invalid reference to inactive account '([^']+)'"),
        "使用了已关闭或尚未开设的科目：{0}",
    ),
    (re.compile(r"Duplicate open directive for (.*)"), "科目重复开设：{0}"),
    (
        re.compile(r"Duplicate balance assertion with different amounts"),
        "同一天对同一科目有两个不同的余额核对",
    ),
    (re.compile(r"Invalid currency (\S+) for account '([^']+)'"), "科目 {1} 不能使用币种 {0}"),
    (re.compile(r'File glob "([^"]+)" does not match any files'), "找不到包含的账本文件：{0}"),
    (
        re.compile(r"Invalid token: '(.*)'"),
        "无法识别“{0}”：文字（收付款人、摘要、元数据）须加英文双引号，标签和链接只能用英文字母、"
        "数字",
    ),
    (re.compile(r"Invalid account name: (.*)"), _ACCOUNT_HINT),
    (re.compile(r"Invalid (?:leaf|root) account name: '?([^']*)'?"), _ACCOUNT_HINT),
    (re.compile(r"ValueError: month must be in 1\.\.12"), "日期无效：月份应在 1 至 12 之间"),
    (re.compile(r"ValueError: day is out of range for month"), "日期无效：该月没有这一天"),
    (re.compile(r"ValueError: year (\S+) is out of range"), "日期无效：年份 {0} 超出范围"),
    (re.compile(r"Invalid option: '([^']*)'"), "未知的选项（option）：{0}"),
    (re.compile(r"Option '([^']*)' may not be set"), "选项（option）{0} 不能在账本中设置"),
    (re.compile(r"Error for option '([^']*)': (.*)"), "选项（option）{0} 的值有误：{1}"),
    (re.compile(r'File does not exist: "([^"]+)"'), "找不到文件：{0}"),
    (re.compile(r'Error importing "([^"]+)"'), "无法加载插件 {0}（插件须是已安装的 Python 包）"),
    (re.compile(r"Unused Pad entry"), "pad 补差条目没有用上（其后缺少对应的余额核对）"),
    (re.compile(r"Only UTF-8 encoded files are supported"), "账本文件须为 UTF-8 编码"),
    (re.compile(r"Invalid string for amount: '([^']*)'"), "金额写法无效：{0}"),
    (re.compile(r"Price is zero: (.*)"), "价格不能为零：{0}"),
    (re.compile(r"Unbalanced pushed tag: '([^']*)'"), "pushtag {0} 没有对应的 poptag"),
    (re.compile(r"Attempting to pop absent tag: '([^']*)'"), "poptag {0} 之前没有 pushtag"),
    (re.compile(r"No position matches"), "找不到可以冲减的持仓（成本不符）"),
    (re.compile(r"syntax error, unexpected (\w+)(?:, expecting (.*))?"), "{syntax}"),
)

# Beancount's grammar tokens, as a treasurer would call them.
_TOKENS = {
    "EOL": "行尾",
    "EOF": "文件结尾",
    "end of file": "文件结尾",
    "INDENT": "缩进",
    "STRING": "带英文双引号的文字",
    "NUMBER": "数字",
    "CURRENCY": "币种（如 CNY）",
    "ACCOUNT": "科目",
    "DATE": "日期",
    "TAG": "标签",
    "LINK": "链接",
    "KEY": "元数据名",
    "FLAG": "标记（* 或 !）",
    "HASH": "#",
    "AT": "@",
    "ATAT": "@@",
    "COLON": "冒号",
    "COMMA": "逗号",
    "PLUS": "+",
    "MINUS": "-",
    "LPAREN": "(",
    "RPAREN": ")",
    "LCURL": "{",
    "RCURL": "}",
    "BOOL": "TRUE/FALSE",
    "NONE": "NULL",
    "TILDE": "~",
    "PIPE": "|",
    "ASTERISK": "*",
    "SLASH": "/",
}


def _syntax(unexpected: str, expecting: str | None) -> str:
    said = _TOKENS.get(unexpected, unexpected)
    text = f"语法错误：此处不应出现{said}"
    if expecting:
        wanted = [_TOKENS.get(t.strip(), t.strip()) for t in expecting.split(" or ")]
        text += f"，应为：{'、'.join(dict.fromkeys(wanted))}"
    return text


NOT_UTF8 = (
    "文件不是 UTF-8 编码（可能被旧编辑器存成了 GBK）："
    "请“另存为 UTF-8”或用 iconv -f gbk -t utf-8 转换"
)
_PLUGIN = re.compile(r'Error (importing|applying plugin) "([^"]+)": (.*)', re.DOTALL)


def _plugin_failure(message: str) -> str | None:
    """A plugin that could not be imported or crashed, without Beancount's embedded traceback.

    Beancount puts the whole Python traceback into the message; a treasurer needs the plugin's
    name and the last line (the exception), not the stack.
    """
    if "UnicodeDecodeError: 'utf-8' codec can't decode" in message:
        return NOT_UTF8
    m = _PLUGIN.match(message)
    if not m:
        return None
    lines = [ln.strip() for ln in m.group(3).splitlines() if ln.strip()]
    last = lines[-1] if lines else ""
    if m.group(1) == "importing":
        why = f"找不到插件模块 {m.group(2)}" if "ModuleNotFoundError" in last else "插件无法加载"
        return f"{why}：请检查 main.beancount 中的 plugin 行的名称（插件“{m.group(2)}”）"
    return f"插件“{m.group(2)}”运行出错，账本未按它检查（{last.split(':', 1)[0]}）"


def in_chinese(message: str) -> str:
    """The Chinese form of a Beancount message; jjn's own (``[R7 …]``, ``[配置]``) unchanged.

    A message no pattern knows still opens in Chinese, with Beancount's text in brackets, so a
    reader never gets English alone; a plugin failure loses Beancount's embedded traceback.
    """
    if message.startswith("["):
        return message
    plugin = _plugin_failure(message)
    if plugin is not None:
        return plugin
    first, _, rest = message.partition("\n")
    first = first.removesuffix(": Traceback (most recent call last):")
    tail = f"\n{rest}" if rest and "Traceback" not in message else ""  # no traceback for users
    for pattern, template in _PATTERNS:
        m = pattern.search(first)
        if m:
            groups = m.groups()
            if template == "{syntax}":
                return f"{_syntax(groups[0], groups[1])}（Beancount：{first}）{tail}"
            last = groups[-1] if groups else ""
            word = {"too much": "多", "too little": "少"}.get(last or "", "")
            text = template.format(*groups, word=word)
            return f"{text}（Beancount：{first}）{tail}"
    return f"账本有误（Beancount：{first}）{tail}"
