"""Writing generated societies to disk: the county office, the books, the 一人一档 papers.

``main`` is ``python -m jjn_ledger.sample TARGET`` (the sample county, or with ``--societies N``
the benchmark villages).
"""

from __future__ import annotations

import argparse
import datetime
from collections.abc import Sequence
from pathlib import Path

from beancount.core import data

from jjn_ledger.ledger import anchors, county_secret, layout
from jjn_ledger.ledger.chart import load_chart
from jjn_ledger.ledger.models import society_name
from jjn_ledger.ledger.policy import default_policy
from jjn_ledger.record import anchoring, id_register
from jjn_ledger.sample.generator import Generator
from jjn_ledger.sample.specs import SAMPLE, SAMPLE_SECRET, SocietySpec, bulk_specs
from jjn_ledger.write import render as writer


def write_county_office(county: Path) -> None:
    """The sample county's private folder: its (public) key and an empty anchor register."""
    county.mkdir(parents=True, exist_ok=True)
    if not county_secret.secret_path(county).exists():
        county_secret.create(county, SAMPLE_SECRET)
    elif county_secret.read(county) != SAMPLE_SECRET:
        raise SystemExit(f"{county} 已有另一个县级密钥：示例县只能生成到新文件夹或示例县文件夹")
    anchors.path_of(county).write_text("", "utf-8")


def write_society(folder: Path, spec: SocietySpec, documents: bool = True) -> Path:
    """Generate one society's books into ``folder`` (created); returns its main file.

    ``documents``: also the people's 一人一档 papers (placeholders) under ``documents/``. The
    clear ID numbers go to the county register beside it (``folder``'s parent), whose key
    must be the sample's: ``write_county_office`` first.
    """
    policy = default_policy()
    gen = Generator(spec, load_chart(), policy)
    parts = gen.generate()
    id_register.path_of(folder).unlink(missing_ok=True)
    id_register.add(folder, gen.clear)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / layout.BOOKS).mkdir(exist_ok=True)
    title = society_name(spec.county, spec.township, spec.village)
    (folder / layout.MAIN).write_text(layout.main_text(title), "utf-8")
    header = f"; {title}\n\n"
    (folder / layout.SOCIETY).write_text(header + writer.render(parts["society"]), "utf-8")
    (folder / layout.ACCOUNTS).write_text(header + writer.render(parts["accounts"]), "utf-8")
    (folder / layout.PEOPLE).write_text(header + writer.render(parts["people"]), "utf-8")
    by_month: dict[tuple[int, int], list[data.Directive]] = {}
    for entry in sorted(parts["books"], key=data.entry_sortkey):
        by_month.setdefault((entry.date.year, entry.date.month), []).append(entry)
    for (y, m), month_entries in by_month.items():
        layout.month_file(folder, y, m).write_text(writer.render(month_entries), "utf-8")
    if documents:
        write_documents(folder, spec, gen, policy.dossier.documents)
    return folder / layout.MAIN


# 一人一档 papers (R11): most aided people have every kind on file; every fourth misses one, in
# turn one of these; people never aided have only the application-stage papers.
DOCUMENTS = "documents"  # reports.dossier.DOCUMENTS: the folder beside the books
MISSING_IN_TURN = ("入户调查记录", "领款凭证", "公示记录", "困难证明")
APPLICATION_STAGE = ("申请表", "身份证复印件", "困难证明", "入户调查记录")


def write_documents(folder: Path, spec: SocietySpec, gen: Generator, kinds: Sequence[str]) -> None:
    """``documents/<key>/<kind>.txt`` placeholders: what a kept 一人一档 looks like.

    Placeholders say they are samples and hold no name or ID number; a real file is a scan.
    """
    aided = {
        e.meta.get("recipient")
        for e in gen.st.entries
        if isinstance(e, data.Transaction) and "recipient" in e.meta
    }
    title = society_name(spec.county, spec.township, spec.village)
    for i, (key, _, _) in enumerate(gen.people, start=1):
        if key in aided:
            missing = MISSING_IN_TURN[(i // 4) % len(MISSING_IN_TURN)] if i % 4 == 0 else None
            present = [k for k in kinds if k != missing]
        else:
            present = [k for k in kinds if k in APPLICATION_STAGE]
        place = folder / DOCUMENTS / key
        place.mkdir(parents=True, exist_ok=True)
        for kind in present:
            text = f"示例文件（不是真实材料）：{title} 救助对象 {key} 的{kind}。\n"
            (place / f"{kind}.txt").write_text(text, "utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="生成示例互助社账本（确定性）")
    parser.add_argument("target", type=Path)
    parser.add_argument("--societies", type=int, default=0, help="生成 N 个合规的基准账本")
    parser.add_argument("--aid-per-month", type=float, default=1.5)
    args = parser.parse_args(argv)
    specs = list(SAMPLE) if not args.societies else bulk_specs(args.societies, args.aid_per_month)
    write_county_office(args.target)
    for spec in specs:
        write_society(args.target / spec.slug, spec)
    _anchor_notices(args.target, [args.target / spec.slug for spec in specs])


def _anchor_notices(county: Path, folders: Sequence[Path]) -> None:
    """Anchor every sample notice, in date order, as the county would have on the day."""
    from beancount.parser import parser

    found: list[tuple[datetime.date, int, anchoring.Event]] = []
    for order, folder in enumerate(folders):
        entries = [
            e
            for f in sorted((folder / layout.BOOKS).glob("*.beancount"))
            for e in parser.parse_file(str(f))[0]
        ]
        for e in entries:
            event = anchoring.event_of(folder, e)
            if event is not None and event.kind == "notice":
                found.append((e.date, order, event))
    for day, _, event in sorted(found, key=lambda f: (f[0], f[1])):
        anchoring.append(county, [event], at=f"{day}T09:00:00+08:00")
    Path(f"{anchors.path_of(county)}.lock").unlink(missing_ok=True)  # the append's lock file
