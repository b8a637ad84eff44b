"""The register of clear ID numbers: the one place a society's recipients' numbers are kept.

The books carry a pseudonym (``idcodes.id_hash``) and a masked number; the clear number is
needed only where the 一人一档 papers are needed — to fill in a form, to check a card at the
door — so it lives with the county's private files, outside every society folder and never
served (``ledger.county_secret``)::

    示例县/.jjn-county/ids/taoyuan.json      (mode 0600)

    {"format": 1, "society": "taoyuan",
     "people": {"P001": {"name": "王秀英", "id-number": "3499…", "id-hash": "k7qa:…"}}}

Entries are only ever added (a person's number is never silently replaced: a correction is a
new register key in the books, as on paper). Writing is atomic (``private_files.write_private``),
so a killed command leaves the old register or the new one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jjn_ledger.errors import JjnError
from jjn_ledger.ledger import county_secret
from jjn_ledger.ledger.private_files import write_private

IDS = "ids"
FORMAT = 1


@dataclass(frozen=True)
class ClearId:
    """One person's clear number, with the name and pseudonym it was registered under."""

    name: str
    id_number: str
    id_hash: str


class BadRegister(JjnError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"身份证登记簿 {path} 无法读取（文件已损坏）：请从备份恢复后再操作")


def path_of(society: Path) -> Path:
    """Where a society's clear-number register is kept."""
    return county_secret.office_of(society) / IDS / f"{society.resolve().name}.json"


def read(society: Path) -> dict[str, ClearId]:
    """Register key → clear number of one society (empty when it has no register yet)."""
    path = path_of(society)
    try:
        raw = json.loads(path.read_text("utf-8"))
        people = raw["people"]
        return {
            str(key): ClearId(str(p["name"]), str(p["id-number"]), str(p["id-hash"]))
            for key, p in people.items()
        }
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise BadRegister(path) from None


def add(society: Path, people: Mapping[str, ClearId]) -> Path:
    """Add people to the register; the same entry again is a no-op, a different one refused."""
    known = read(society)
    for key, person in people.items():
        if key in known and known[key] != person:
            raise JjnError(
                f"身份证登记簿中 {key} 已登记为另一人或另一号码：不能覆盖，请核对后使用新的编号"
            )
    merged = {**known, **people}
    body = {
        "format": FORMAT,
        "society": society.resolve().name,
        "people": {
            key: {"name": p.name, "id-number": p.id_number, "id-hash": p.id_hash}
            for key, p in sorted(merged.items())
        },
    }
    path = path_of(society)
    write_private(path, json.dumps(body, ensure_ascii=False, indent=1) + "\n")
    return path
