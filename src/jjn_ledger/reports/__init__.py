"""Workbooks that ``jjn report`` prints: one module per report, shared styling in ``xlsx``.

``notice`` (R10 monthly notice), ``filing`` (monthly filing, R13 half-year report),
``statements`` + ``journals`` (R17 statutory statements and cash/bank journals, figures from
``accounts``), ``closing`` (year-end entries), ``county_book`` (county sheet and R15 progress
table, from ``jjn_ledger.county.engine`` summaries), ``audit`` (R14/R16 spot checks). Every workbook
opens in Excel and WPS and prints on A4 (``xlsx.Sheet.finish``).
"""
