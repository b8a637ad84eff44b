"""The county pages' data, without a server: the table's filters, sort, pages and totals, the
picture per township, person search and the R16 duplicates, on the sample county.

Expected values come from what the sample generator planted (``sample.SAMPLE``,
``sample.CROSS_SOCIETY_DUPLICATE``) and from the sample's text, not from the code under test.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from test_fava_views import EMERG, SUPP, aid_txns

from jjn_ledger import sample
from jjn_ledger.county import engine
from jjn_ledger.ledger import county_secret
from jjn_ledger.serve import county_glance, person_search
from jjn_ledger.serve.county_table import CountyRow, Query, select
from jjn_ledger.serve.identity import Role, User
from jjn_ledger.serve.people_index import SocietyPeople, people_of

PLANTED = {s.slug: sample.VIOLATIONS[s.violation] for s in sample.SAMPLE if s.violation}


@pytest.fixture(scope="module")
def rows(request: pytest.FixtureRequest) -> list[CountyRow]:
    county = Path(request.config.rootpath) / "ledgers" / "sample-county"
    return [
        CountyRow(i, s.slug, s.name, f"/fava/{s.slug}/", "", s)
        for i, s in enumerate(engine.summaries(county), start=1)
    ]


@pytest.fixture(scope="module")
def index(request: pytest.FixtureRequest) -> Iterator[list[SocietyPeople]]:
    county = Path(request.config.rootpath) / "ledgers" / "sample-county"
    yield [people_of(county / s.slug) for s in sample.SAMPLE]


def test_rule_filter_lists_exactly_the_planted_societies(rows):
    for rule in set(PLANTED.values()):
        sel = select(rows, Query(rule=rule))
        assert {r.slug for r in sel.kept} == {s for s, r in PLANTED.items() if r == rule}
    problems = select(rows, Query(status="有问题"))
    assert {r.slug for r in problems.kept} == set(PLANTED)
    assert {r.slug for r in select(rows, Query(status="合规")).kept} == {
        s.slug for s in sample.SAMPLE if not s.violation
    }
    xihe = next(r for r in rows if r.slug == "xihe")
    assert [x.text for x in xihe.rules] == ["R7 救助标准与频次：1 个错误"]


def test_township_filter_sort_pages_and_totals(rows, sample_county):
    towns = {s.slug: s.township for s in sample.SAMPLE}
    sel = select(rows, Query(township="仁和镇"))
    assert {r.slug for r in sel.kept} == {s for s, t in towns.items() if t == "仁和镇"}
    expected = {}
    for r in rows:
        txns = list(aid_txns(sample_county / r.slug))
        expected[r.slug] = sum((t.amount_to(SUPP) + t.amount_to(EMERG) for t in txns), Decimal(0))
    by_aid = select(rows, Query(sort="aid", order="desc"))
    amounts = [expected[r.slug] for r in by_aid.kept]
    assert amounts == sorted(expected.values(), reverse=True)
    assert by_aid.totals.aid_amount == sum(expected.values())
    assert by_aid.totals.societies == 9 and by_aid.totals.with_problems == len(PLANTED)
    paged = select(rows, Query(per=25, page=1))
    assert paged.pages == 1 and len(paged.page_rows) == 9
    many = [CountyRow(i, f"s{i}", f"第{i}村", "", "", rows[i % 9].summary) for i in range(1, 301)]
    sel = select(many, Query(page=6))
    assert sel.pages == 6 and [r.index for r in sel.page_rows] == list(range(251, 301))
    assert len(select(many, Query(per=0)).page_rows) == 300
    assert select(many, Query(page=99)).query.page == 6  # past the end: the last page
    assert Query.of({"per": "7", "status": "乱写", "sort": "x"}) == Query()


def test_glance_per_township(rows):
    g = county_glance.glance(rows)
    towns = {t.name: t for t in g.townships}
    assert set(towns) == {s.township for s in sample.SAMPLE}
    for name, town in towns.items():
        mine = [s for s in sample.SAMPLE if s.township == name]
        assert town.societies == len(mine)
        assert town.by_status["有问题"] == sum(1 for s in mine if s.violation)
        assert town.seed_ok == sum(1 for s in mine if s.violation != "seed_short")
    assert len(g.months) == 12 and g.months[-1] == "2026-10"
    bars = [s for s in g.shapes if s.kind == "rect" and "月" not in s.text and "-" in s.text]
    assert len(bars) == 12 * len(towns)  # one bar a month a township
    assert max(s.h for s in bars) == pytest.approx(26)


def test_person_search_finds_the_cross_village_duplicate_in_both_societies(index):
    (a_slug, a_key), (b_slug, b_key) = sample.CROSS_SOCIETY_DUPLICATE
    name, id_number, _ = sample.twin(a_slug, a_key)
    secret = county_secret.read(
        Path(__file__).parent.parent / "ledgers" / "sample-county"
    )  # books hold pseudonyms: search by the hash
    assert person_search.search(index, id_number).found == []  # no key, no match
    by_id = person_search.search(index, id_number, secret=secret)
    assert by_id.by == "身份证号码" and len(by_id.found) == 1
    (found,) = by_id.found
    assert {(e.person.slug, e.person.key) for e in found.entries} == {
        (a_slug, a_key),
        (b_slug, b_key),
    }
    assert found.aided_by == 2 and all(e.aid for e in found.entries)
    by_name = person_search.search(index, name)
    assert found in by_name.found and by_name.by == "姓名"
    bad = id_number[:-1] + "0"
    assert person_search.search(index, bad, secret=secret).found == []  # bad check digit
    assert person_search.search(index, "不存在的人").found == []


def test_duplicates_page_lists_the_planted_pair_and_scopes_by_role(index):
    (a_slug, _), (b_slug, _) = sample.CROSS_SOCIETY_DUPLICATE
    pairs = person_search.duplicates(index)
    # the planted person, paid by both societies in 2025: the same matter (Jan/May 脑出血住院,
    # each treasurer's month in front) and the same cause 28 days apart (probable)
    assert [{p.a.slug, p.b.slug} for p in pairs] == [{a_slug, b_slug}] * 2
    assert {p.year for p in pairs} == {2025} and person_search.duplicates(index, 2024) == []
    assert sorted(p.why.endswith("（疑似）") for p in pairs) == [False, True]
    town = next(s.township for s in sample.SAMPLE if s.slug == b_slug)
    township = User("t", "乡镇用户", Role.TOWNSHIP, town)
    assert len(person_search.duplicates(index, user=township)) == 2
    other = User("o", "其他社出纳", Role.TREASURER, "nanshan")
    assert person_search.duplicates(index, user=other) == []
    name = sample.twin(a_slug, "P004")[0]
    elsewhere = next(s.township for s in sample.SAMPLE if s.township not in {town, "仁和镇"})
    outsider = User("x", "外乡镇", Role.TOWNSHIP, elsewhere)
    assert person_search.search(index, name, outsider).found == []
    assert person_search.search(index, name, township).found


def test_the_index_holds_no_clear_id_number(index):
    import pickle

    from jjn_ledger.ledger.idcodes import has_standalone_id_number

    for society in index:
        assert not any(hasattr(c, "id_number") for c in society.cases.cases)
        assert not has_standalone_id_number(repr(society))
        assert pickle.dumps(society)  # travels between processes as it is
