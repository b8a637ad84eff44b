"""The society's people: its officers and its register of recipients.

Names are drawn from the shared random source; ID numbers are fictitious (address code 3499xx,
no such prefecture) and go only to the county's clear-number register — the books hold the
pseudonym under the county key (``SAMPLE_SECRET``), the masked number and its check verdict.
"""

from __future__ import annotations

import datetime
import zlib

from beancount.core import data

from jjn_ledger.ledger.chart import load_chart
from jjn_ledger.ledger.idcodes import id_hash, id_verdict, make_id_number, mask_id_number
from jjn_ledger.ledger.policy import default_policy
from jjn_ledger.ledger.vocabulary import OFFICER, RECIPIENT
from jjn_ledger.record import id_register
from jjn_ledger.sample.base import Base
from jjn_ledger.sample.specs import (
    CROSS_SOCIETY_DUPLICATE,
    SAMPLE,
    SAMPLE_SECRET,
    STATUSES_EMERG,
    STATUSES_SUPP,
)
from jjn_ledger.write import render as writer


class People(Base):
    """Officers and recipients (``recipients`` also fills ``people``, ``clear``, ``register``)."""

    def officers(self) -> list[data.Directive]:
        d = self.spec.registered
        out: list[data.Directive] = []
        for i, role in enumerate(["社长", "秘书长", "出纳", "会计", "监事"], start=1):
            out.append(
                writer.custom(
                    d, OFFICER, [role], {"name": self.person_name(), "household": f"H{i:02d}"}
                )
            )
        return out

    def recipients(self) -> list[data.Directive]:
        out: list[data.Directive] = []
        self.people = []
        # 3499xx: no such prefecture, so no generated ID can be a real person's.
        region = f"3499{zlib.crc32(self.spec.slug.encode()) % 90 + 10:02d}"
        for i in range(1, self.spec.recipients + 1):
            key = f"P{i:03d}"
            status = self.rng.choice(STATUSES_SUPP if i % 2 else STATUSES_EMERG)
            birth = datetime.date(1940, 1, 1) + datetime.timedelta(days=self.rng.randrange(25000))
            seq = f"{self.rng.randrange(1000):03d}"
            id_number = make_id_number(f"{region}{birth:%Y%m%d}{seq}")
            household = f"H{10 + i:02d}"
            if self.spec.violation == "officer_household" and i == 2:
                household = "H03"  # the cashier's household
            name = self.person_name()
            if (self.spec.slug, key) == CROSS_SOCIETY_DUPLICATE[1]:
                name, id_number, status = twin(*CROSS_SOCIETY_DUPLICATE[0])
            self.people.append((key, name, status))
            pseudonym = id_hash(id_number, SAMPLE_SECRET)
            self.clear[key] = id_register.ClearId(name, id_number, pseudonym)
            out.append(
                writer.custom(
                    self.spec.registered + datetime.timedelta(days=i),
                    RECIPIENT,
                    [key],
                    {
                        "name": name,
                        "id-hash": pseudonym,
                        "id-masked": mask_id_number(id_number),
                        "id-check": id_verdict(id_number),
                        "household": household,
                        "hukou": "本村户籍" if i % 5 else "共同生活家庭成员本村户籍",
                        "status": status,
                    },
                )
            )
        self.register = out
        return out

    def pick(self) -> tuple[str, str, str]:
        """A random recipient; never the planted officer-household one (P002 there)."""
        pool = self.people
        if self.spec.violation == "officer_household":
            pool = [p for p in self.people if p[0] != "P002"]
        return self.rng.choice(pool)


def twin(slug: str, key: str) -> tuple[str, str, str]:
    """Name, ID number and status of one sample recipient, regenerated from its society's seed."""
    spec = next(s for s in SAMPLE if s.slug == slug)
    gen = People(spec, load_chart(), default_policy())
    gen.officers()
    meta = next(
        e.meta for e in gen.recipients() if isinstance(e, data.Custom) and e.values[0].value == key
    )
    return meta["name"], gen.clear[key].id_number, meta["status"]
