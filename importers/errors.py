"""The importers' failures: a file that cannot be imported as a whole, with a fixed message.

``ImportFileError`` is also a ``beangulp.exceptions.Error``: beangulp's command line (and so
``import.py identify|extract|archive``) prints such an error's message under the file name,
where any other exception would be printed as "Exception in importer code" and a traceback.
"""

from __future__ import annotations

from pathlib import Path

from beangulp import exceptions

from jjn_ledger.errors import JjnError


class ImportFileError(JjnError, exceptions.Error):  # type: ignore[misc]
    """A file that cannot be imported as a whole; nothing of it is written."""

    exit_code = 2

    def __init__(self, filename: str, message: str, lineno: int | None = None) -> None:
        where = Path(filename).name + (f" 第 {lineno} 行" if lineno else "")
        JjnError.__init__(self, f"{where}：{message}")
        self.args = (self.message,)
        self.filename = filename
        self.lineno = lineno

    def __str__(self) -> str:
        return self.message
