"""Who may see which society, and how much of it (DOMAIN.md, Privacy: who sees what).

Three questions, each answered once here for every page, API call and download:

- ``visible``: may this user open this society at all? A treasurer sees their own society
  (scope = the society's folder key), a township user the societies of their township, an
  officer their county or township, county staff the county.
- ``view``: what the pages may show — everything (the society's own treasurer), full names
  but no ID numbers (township, as on the 备案 filing), or masked names and no ID numbers
  (officers and county staff, full names on a logged request).
- ``route``: what kind of request this is. Raw-source views (Fava's editor, ``/api/source``,
  downloads of ledger files, documents, imports) are for the society's own treasurer only:
  they show the books as written, which no redaction can make safe. One entry's context
  and source (``/api/context``, ``/api/source_slice``: what "查看分录" opens from a rule
  problem) stay open to every reader, redacted like any page: auditors need to see the entry
  a finding points at.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Protocol, TypeVar
from urllib.parse import unquote

from jjn_ledger.ledger import layout
from jjn_ledger.serve.identity import Role, User

FAVA = "/fava"
WORKBENCH = "/workbench"  # serve.workbench.PREFIX
_TOWNSHIP = re.compile(r'^\s+township:\s+"([^"]+)"', re.MULTILINE)


@dataclass(frozen=True)
class Place:
    """A society as the gate sees it: Fava slug, folder key, township, county."""

    slug: str
    key: str  # folder relative to the county folder, e.g. "taoyuan": a treasurer's scope
    township: str
    county: str
    folder: Path


def township_of(folder: Path) -> str:
    profile = folder / layout.SOCIETY
    found = _TOWNSHIP.search(profile.read_text("utf-8")) if profile.is_file() else None
    return found.group(1) if found else ""


def places(county: Path, slugs: Sequence[tuple[str, Path]], county_name: str) -> list[Place]:
    """One ``Place`` per (slug, folder) the server serves."""
    root = county.resolve()
    out = []
    for slug, folder in slugs:
        resolved = folder.resolve()
        key = resolved.relative_to(root).as_posix() if resolved != root else resolved.name
        out.append(Place(slug, key, township_of(folder), county_name, folder))
    return out


def valid_scopes(found: Sequence[Place], role: Role) -> set[str]:
    """The scopes a user of ``role`` may be given in this county."""
    counties = {p.county for p in found}
    townships = {p.township for p in found if p.township}
    if role is Role.TREASURER:
        return {p.key for p in found}
    if role is Role.TOWNSHIP:
        return townships
    if role is Role.OFFICER:
        return counties | townships
    return counties


def visible(user: User, place: Place) -> bool:
    if user.role is Role.TREASURER:
        return user.scope == place.key
    if user.role is Role.TOWNSHIP:
        return user.scope == place.township
    return user.scope in (place.county, place.township)


class View(Enum):
    """How much of a visible society's books a user's pages show."""

    FULL = "full"  # the society's own treasurer: names, ID numbers, raw source
    NAMES = "names"  # full names, ID numbers masked (township)
    MASKED = "masked"  # names and ID numbers masked; names unmasked on a logged request


def view(user: User) -> View:
    if user.role is Role.TREASURER:
        return View.FULL
    if user.role is Role.TOWNSHIP:
        return View.NAMES
    return View.MASKED


def may_unmask(user: User) -> bool:
    """Officers and county staff may ask for a full name, with a reason that is logged."""
    return view(user) is View.MASKED


def reads_access_log(user: User) -> bool:
    return user.role is Role.COUNTY


# --- requests -----------------------------------------------------------------------------


class Kind(Enum):
    OVERVIEW = "overview"  # "/": the county page
    STATIC = "static"  # Fava's JS/CSS: no ledger data
    FAVA_INDEX = "index"  # "/fava/": Fava redirects to its first ledger
    JUMP = "jump"  # "/fava/jump": a redirect back to the referer
    PAGE = "page"  # a society's page, API call or CSV download: redacted per view
    RAW = "raw"  # a society's source, documents, ledger downloads: its treasurer only
    QUERY = "query"  # free queries and name look-ups: could spell out a name piece by piece
    WORKBENCH = "workbench"  # the treasurer's workbench: treasurers only (it checks the society)
    UNKNOWN = "unknown"


RAW_PAGES = ("editor/", "download-journal/", "document/", "statement/", "import/")
RAW_API = frozenset(
    f"api/{name}"
    for name in (
        "source",  # a whole ledger file as written
        "format_source",
        "move",
        "add_entries",
        "add_document",
        "attach_document",
        "document",
        "documents",
        "upload_import_file",
        "extract",
        "imports",
    )
)
# Fava's query shell can print a name or an ID number a few characters at a time, and the
# payee look-ups answer "is there a recipient called X?": no redaction of the answer helps,
# so they are the treasurer's only, like the raw source.
QUERY_PREFIXES = (
    "api/query",
    "query/",
    "download-query/",
    "api/payee_transaction",
    "api/payee_accounts",
    "api/narration_transaction",
)


@dataclass(frozen=True)
class Route:
    kind: Kind
    slug: str = ""
    rest: str = ""


def route(path: str) -> Route:
    """Classify a request path of the county server."""
    fixed = {"/": Kind.OVERVIEW, FAVA: Kind.FAVA_INDEX, FAVA + "/": Kind.FAVA_INDEX}
    if path == WORKBENCH or path.startswith(WORKBENCH + "/"):
        return Route(Kind.WORKBENCH)
    if path in fixed or not path.startswith(FAVA + "/"):
        return Route(fixed.get(path, Kind.UNKNOWN))
    inner = path[len(FAVA) + 1 :]
    if inner.startswith("static/") or inner == "jump":
        return Route(Kind.STATIC if inner != "jump" else Kind.JUMP)
    slug, _, rest = inner.partition("/")
    kind = Kind.PAGE
    if rest.startswith(RAW_PAGES) or rest.rstrip("/") in RAW_API:
        kind = Kind.RAW
    elif rest.startswith(QUERY_PREFIXES):
        kind = Kind.QUERY
    return Route(kind, unquote(slug), rest)


def allowed(user: User, place: Place, kind: Kind) -> bool:
    """Whether ``user`` may make a request of ``kind`` to ``place``."""
    if not visible(user, place):
        return False
    if kind in (Kind.RAW, Kind.QUERY):
        return user.role is Role.TREASURER
    return True


class _Served(Protocol):
    @property
    def slug(self) -> str: ...


T = TypeVar("T", bound=_Served)


def seen_by(user: User | None, found: Sequence[T], places: Sequence[Place]) -> list[T]:
    """The societies of ``found`` that ``user`` may see (all of them without accounts)."""
    if user is None:
        return list(found)
    by_slug = {p.slug: p for p in places}
    return [s for s in found if s.slug in by_slug and visible(user, by_slug[s.slug])]
