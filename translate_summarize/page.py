"""Read one HTML page into a document: its article text as units, its metadata, and the
furniture that was left out, each piece with its rule.

trafilatura finds the main content and the metadata (title, date, author, site name, canonical
URL). Its XML output keeps the page's structure, so this module works on *elements*, not on
strings with "- " or "|" glued on: every paragraph, sub-heading, quote, list item and table
cell becomes one line of text. Structure decides what is furniture here, where a line alone
cannot tell: a run of short link-like list items before the headline (breadcrumbs), a table
row of short cells (a navigation bar), an English line that only repeats the URL slug, the
headline printed again in the body. Everything a single line shows (share bars, ad labels,
tag lines, footers) is left to the line rules of :mod:`translate_summarize.clean`, which every
input goes through. As there, losing an article sentence is worse than keeping a stray line,
so every structural rule is capped by length and needs the short, unfinished shape of
furniture.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from translate_summarize.record import Document, Removal

# A unit is "short" (link-like, a label) when it has no sentence end and at most this many words.
_SHORT_WORDS = 5
_SHORT_CHARS = 50
_TERMINATOR = re.compile(r"[।॥.?!]")
_UNIT_TAGS = {"p", "head", "item", "cell", "quote"}


@dataclass
class Unit:
    """One block of text from the page: its text and the element kind it came from."""

    text: str
    kind: str
    group: int = 0
    """Units of one list or one table row share a group number."""
    block: int = 0
    """Lines of one element (split at ``<lb/>``) share a block number."""


@dataclass
class Page:
    """What :func:`read_page` found: the article lines, title, metadata and removals."""

    lines: list[str] = field(default_factory=list)
    title: str | None = None
    meta: dict[str, str | None] = field(default_factory=dict)
    removed: list[Removal] = field(default_factory=list)


def document_from_html(data: bytes, doc_id: str, source: str) -> Document:
    """A :class:`Document` from the bytes of one page; failed (with a reason) if no text."""
    doc = Document(id=doc_id, source=source)
    try:
        page = read_page(data)
    except ImportError:
        doc.fail("reading .html needs trafilatura: pip install 'translate_summarize[html]'")
        return doc
    except Exception as exc:  # noqa: BLE001 - a broken page fails alone
        doc.fail(f"cannot extract text from {source}: {exc}")
        return doc
    if not page.lines:
        doc.fail(f"no article text found in {source}")
        return doc
    doc.text, doc.title, doc.meta = "\n".join(page.lines), page.title, page.meta
    doc.url = page.meta.get("canonical_url")
    doc.removed.extend(page.removed)
    return doc


def read_page(data: bytes | str) -> Page:
    """Extract the article of one HTML page (see the module docstring)."""
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(
        data,
        output_format="xml",
        include_tables=True,
        include_comments=False,
        include_links=False,
        include_images=False,
        favor_recall=True,
        with_metadata=True,
    )
    page = Page()
    if not xml:
        return page
    root = etree.fromstring(xml.encode("utf-8"))
    page.meta = _meta(root)
    main = root.find("main")
    units = list(_units(main)) if main is not None else []
    page.title, units = _headline(units, root.get("title"))
    page.lines = _keep(units, page, _slug_words(page.meta.get("canonical_url")))
    return page


def _meta(root) -> dict[str, str | None]:
    def get(name: str) -> str | None:
        value = (root.get(name) or "").strip()
        return value or None

    return {
        "date": get("date"),
        "author": get("author"),
        "site": get("sitename"),
        "canonical_url": get("url"),
    }


def _units(main) -> Iterator[Unit]:
    """The text blocks of trafilatura's ``<main>``, in document order, one per element."""
    counter = {"group": 0, "block": 0}
    yield from _walk(main, counter, group=0, block=0)


def _walk(element, counter: dict[str, int], group: int, block: int) -> Iterator[Unit]:
    """Units under ``element``. Lists and table rows open a group; a cell or item opens a
    block that its paragraphs share. Text an element holds beside its child blocks (a cell's
    "Latest News" before its paragraphs) is a unit of its own, never lost."""
    for child in element:
        if child.tag in ("list", "row"):
            counter["group"] += 1
            yield from _walk(child, counter, counter["group"], block)
        elif child.tag in _UNIT_TAGS:
            counter["block"] += 1
            inner = counter["block"] if child.tag in ("cell", "item") else block
            if any(c.tag in _UNIT_TAGS or c.tag in ("list", "table") for c in child):
                yield from _own_text(child, counter, group, inner)
            else:
                for text in _text_lines(child):
                    yield Unit(text=text, kind=child.tag, group=group, block=inner)
        elif child.tag != "lb":
            yield from _walk(child, counter, group, block)
        if child.tail and child.tail.strip() and element.tag in _UNIT_TAGS:
            text = " ".join(child.tail.split())
            yield Unit(text=text, kind=element.tag, group=group, block=block)


def _own_text(element, counter: dict[str, int], group: int, block: int) -> Iterator[Unit]:
    if element.text and element.text.strip():
        yield Unit(text=" ".join(element.text.split()), kind=element.tag, group=group, block=block)
    yield from _walk(element, counter, group, block)


def _text_lines(element) -> list[str]:
    """The element's text; a ``<lb/>`` inside it is a line break of its own."""
    parts: list[str] = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        else:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return [line for line in lines if line and not _is_separator(line)]


def _is_separator(text: str) -> bool:
    """A cell or item of only pipes, bullets and dashes: table or menu decoration."""
    return not any(char.isalnum() for char in text)


def _headline(units: list[Unit], title: str | None) -> tuple[str | None, list[Unit]]:
    """The headline: the first heading before any paragraph, else the page title. Later units
    that repeat it are removed by :func:`_keep` (the body starting with the headline again)."""
    for index, unit in enumerate(units):
        if unit.kind == "p" and _TERMINATOR.search(unit.text):
            break
        if unit.kind == "head" and len(unit.text) <= 200:
            return unit.text, units[:index] + units[index + 1 :]
    return ((title or "").strip() or None), units


def _keep(units: list[Unit], page: Page, slug: set[str]) -> list[str]:
    """Drop the structural furniture, recording each removal; return the kept lines."""
    drop = _breadcrumbs(units) | _nav_rows(units) | _english_menus(units)
    kept: list[str] = []
    for index, unit in enumerate(units):
        rule = drop.get(index) or _line_rule(unit.text, page.title, slug)
        if rule:
            page.removed.append(Removal(line=unit.text, rule=rule))
        else:
            kept.append(unit.text)
    return kept


def _line_rule(text: str, title: str | None, slug: set[str]) -> str | None:
    if title and _same(text, title):
        return "duplicate_title"
    if slug and _repeats_slug(text, slug):
        return "url_slug"
    return None


def _is_short(text: str) -> bool:
    return (
        len(text) <= _SHORT_CHARS
        and len(text.split()) <= _SHORT_WORDS
        and not _TERMINATOR.search(text)
    )


def _breadcrumbs(units: list[Unit]) -> dict[int, str]:
    """Items of a list before the first finished paragraph, where two or more items are
    crumbs (at most three words, no sentence end) and only the last may be longer (the trail
    ends in the headline, which the headline rules handle). A list of longer items (a summary
    box of points) is never a trail."""
    found: dict[int, str] = {}
    for index, unit in enumerate(units):
        if unit.kind in ("p", "quote") and _TERMINATOR.search(unit.text):
            break
        if unit.kind == "item" and _is_crumb(unit.text) and _is_trail(units, unit.group):
            found[index] = "breadcrumb"
    return found


def _is_crumb(text: str) -> bool:
    return len(text) <= 30 and len(text.split()) <= 3 and not _TERMINATOR.search(text)


def _is_trail(units: list[Unit], group: int) -> bool:
    items = [u.text for u in units if u.group == group and u.kind == "item"]
    crumbs = [_is_crumb(text) for text in items]
    return sum(crumbs) >= 2 and all(crumbs[:-1])


def _nav_rows(units: list[Unit]) -> dict[int, str]:
    """Table rows of three or more cells, every one short: a navigation bar in a table
    layout. A row with a digit is data (a score, a result table) and stays, and a row of one
    or two cells (a layout cell holding the article) is never touched."""
    return {
        index: "nav_row"
        for index, unit in enumerate(units)
        if unit.kind == "cell" and _is_nav_row([u.text for u in units if u.group == unit.group])
    }


def _english_menus(units: list[Unit]) -> dict[int, str]:
    """In a page whose text has Devanagari: a list, row or line-broken block of two or more
    English crumbs ("Latest News", "Trending", "Video Gallery"), the English menu of a Hindi
    page. An English sentence or a Hindi item in the block keeps the whole block."""
    if not any(re.search("[\u0900-\u097f]", u.text) for u in units if u.kind == "p"):
        return {}
    blocks: dict[tuple[str, int], list[int]] = {}
    for index, unit in enumerate(units):
        key = ("group", unit.group) if unit.kind == "item" else ("block", unit.block)
        blocks.setdefault(key, []).append(index)
    found: dict[int, str] = {}
    for indices in blocks.values():
        texts = [units[i].text for i in indices]
        if len(texts) >= 2 and all(_is_crumb(t) and _is_latin(t) for t in texts):
            found.update(dict.fromkeys(indices, "menu"))
    return found


def _is_latin(text: str) -> bool:
    return not re.search("[\u0900-\u097f]", text) and any(c.isascii() and c.isalpha() for c in text)


def _is_nav_row(cells: list[str]) -> bool:
    return (
        len(cells) >= 3
        and all(_is_short(text) for text in cells)
        and not any(ch.isdigit() for text in cells for ch in text)
    )


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _same(a: str, b: str) -> bool:
    return bool(_norm(a)) and _norm(a) == _norm(b)


def _slug_words(url: str | None) -> set[str]:
    """Lower-case words of the last path segment of the URL ("samastipur-police-caught-2")."""
    if not url:
        return set()
    path = url.split("?")[0].split("#")[0].rstrip("/")
    last = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return {w for w in re.split(r"[-_]+", last.lower()) if w}


def _repeats_slug(text: str, slug: set[str]) -> bool:
    """A Latin-only line of three or more words, all from the URL slug: the English slug
    headline some portals print above the Hindi one."""
    if re.search("[\u0900-\u097f]", text) or len(text) > 200:
        return False
    words = re.findall(r"[a-z0-9]+", text.lower())
    return len(words) >= 3 and all(word in slug for word in words)
