"""Turning validated inputs into entries: money, aid, society set-up, publishing, closing.

Each module validates what a treasurer typed (pydantic) and hands entries to ``write.safe``.
"""
