"""Read one HTML page into a document: its article text as units, its metadata, and the
furniture that was left out, each piece with its rule.

trafilatura finds the main content and the metadata (title, date, author, site name, canonical
URL). Its XML output keeps the page's structure, so this module works on *elements*, not on
strings with "- " or "|" glued on: every paragraph, sub-heading, quote, list item and table
cell becomes one line of text. Structure decides what is furniture here, where a line alone
cannot tell: a run of short link-like list items before the headline (breadcrumbs), a table
row of short cells (a navigation bar), an English line that only repeats the URL slug, the
headline printed again in the body. Everything a single line shows (share bars, ad labels,
tag lines, footers) is left to the line rules of :mod:`translate_summarize.text.clean`, which every
input goes through. As there, losing an article sentence is worse than keeping a stray line,
so every structural rule is capped by length and needs the short, unfinished shape of
furniture.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from translate_summarize.record import Document, Removal
from translate_summarize.text import script

# Any character of the Devanagari block: a line holding one is Hindi, not English furniture.
_DEVANAGARI = re.compile(f"[{script.BLOCK}]")

# A unit is "short" (link-like, a label) when it has no sentence end and at most this many words.
_SHORT_WORDS = 5
_SHORT_CHARS = 50
_TERMINATOR = re.compile(r"[।॥.?!]")
_UNIT_TAGS = {"p", "head", "item", "cell", "quote"}
_BLOCK_TAGS = _UNIT_TAGS | {"list", "table", "row"}


@dataclass
class Unit:
    """One block of text from the page: its text and the element kind it came from."""

    text: str
    kind: str
    group: int = 0
    """Units of one list or one table row share a group number."""
    block: int = 0
    """Lines of one element (split at ``<lb/>``) share a block number."""
    link: bool = False
    """All its text is link text: the stuff of menus and breadcrumb trails."""


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
        include_links=True,  # link-only items and cells are how menus and trails show
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
    for child in main:
        yield from _child_units(child, counter, 0, 0)


def _child_units(child, counter: dict[str, int], group: int, block: int) -> Iterator[Unit]:
    """Units of one element. Lists and table rows open a group; a cell or item opens a block
    that its paragraphs share."""
    if child.tag in ("list", "row"):
        counter["group"] += 1
        group = counter["group"]
    if child.tag not in _UNIT_TAGS:
        for grandchild in child:
            yield from _child_units(grandchild, counter, group, block)
        return
    counter["block"] += 1
    block = counter["block"] if child.tag in ("cell", "item") else block
    if any(c.tag in _BLOCK_TAGS for c in child):
        yield from _mixed_units(child, counter, group, block)
        return
    link = _is_link(child)
    for text in _text_lines(child):
        yield Unit(text=text, kind=child.tag, group=group, block=block, link=link)


def _mixed_units(element, counter: dict[str, int], group: int, block: int) -> Iterator[Unit]:
    """A cell or item holding blocks: its loose text ("Latest News" before the paragraphs of a
    menu cell) becomes units of its own between them, so no text is lost."""
    loose: list[tuple[str, bool]] = [(element.text or "", False)]
    for child in element:
        if child.tag in _BLOCK_TAGS:
            yield from _loose_units(loose, element.tag, group, block)
            yield from _child_units(child, counter, group, block)
            loose = []
        elif child.tag != "lb":
            loose.append(("".join(child.itertext()), child.tag == "ref"))
        loose.append((child.tail or "", False))
    yield from _loose_units(loose, element.tag, group, block)


def _loose_units(parts: list[tuple[str, bool]], kind: str, group: int, block: int):
    text = " ".join("".join(part for part, _ in parts).split())
    if text and not _is_separator(text):
        link = all(is_ref for part, is_ref in parts if part.strip())
        yield Unit(text=text, kind=kind, group=group, block=block, link=link)


def _is_link(element) -> bool:
    """All the element's text is inside links (``<ref>``): a menu entry, not prose."""
    own = (element.text or "") + "".join(c.tail or "" for c in element)
    return any(c.tag == "ref" for c in element) and _is_separator(own)


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
        if (
            unit.kind == "item"
            and unit.link
            and _is_crumb(unit.text)
            and _is_trail(units, unit.group)
        ):
            found[index] = "breadcrumb"
    return found


def _is_crumb(text: str) -> bool:
    return len(text) <= 30 and len(text.split()) <= 3 and not _TERMINATOR.search(text)


def _is_trail(units: list[Unit], group: int) -> bool:
    items = [u for u in units if u.group == group and u.kind == "item"]
    crumbs = [_is_crumb(u.text) and u.link for u in items]
    return sum(crumbs) >= 2 and all(crumbs[:-1])


def _nav_rows(units: list[Unit]) -> dict[int, str]:
    """Table rows of three or more cells, every one a short link: a navigation bar in a table
    layout. A data table's cells are not links, and its digits keep a row anyway."""
    return {
        index: "nav_row"
        for index, unit in enumerate(units)
        if unit.kind == "cell" and _is_nav_row([u for u in units if u.group == unit.group])
    }


def _english_menus(units: list[Unit]) -> dict[int, str]:
    """In a page whose text has Devanagari: a list or a cell of two or more English links of
    crumb length ("Latest News", "Trending", "Video Gallery"), the English menu of a Hindi
    page. An English sentence, a Hindi item or plain text in the block keeps the block."""
    if not any(_DEVANAGARI.search(u.text) for u in units if u.kind == "p"):
        return {}
    blocks: dict[tuple[str, int], list[int]] = {}
    for index, unit in enumerate(units):
        key = ("group", unit.group) if unit.kind == "item" else ("block", unit.block)
        blocks.setdefault(key, []).append(index)
    found: dict[int, str] = {}
    for indices in blocks.values():
        block = [units[i] for i in indices]
        if len(block) >= 2 and all(
            u.link and _is_crumb(u.text) and _is_latin(u.text) for u in block
        ):
            found.update(dict.fromkeys(indices, "menu"))
    return found


def _is_latin(text: str) -> bool:
    return not _DEVANAGARI.search(text) and any(c.isascii() and c.isalpha() for c in text)


def _is_nav_row(cells: list[Unit]) -> bool:
    return (
        len(cells) >= 3
        and all(u.link and _is_short(u.text) for u in cells)
        and not any(ch.isdigit() for u in cells for ch in u.text)
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
    if _DEVANAGARI.search(text) or len(text) > 200:
        return False
    words = re.findall(r"[a-z0-9]+", text.lower())
    return len(words) >= 3 and all(word in slug for word in words)
