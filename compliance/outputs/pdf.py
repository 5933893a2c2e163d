"""index.pdf: the evidence pack's index laid out for print by WeasyPrint, and an index of
several frameworks laid out in two parts at once.

WeasyPrint lays out a document's pages one after the other in one process, and the index of
every framework (what `evidence --pdf` writes by default) took about twice the time of one
framework's. So an index with more than one framework section is cut in two before the
section where its text is halved (`split_index`); each part is a whole document with the
same head, the second starting on a new page with its section's heading. The second part is
laid out by a forked helper while this process lays out the first (one after the other where
no helper can be had: the same parts, the same bytes), and pypdf joins them (`_joined`):

- the page numbers ("page 3 of 47") are the one thing a part cannot know: the parts leave
  that margin box empty, and it is drawn over each page from a document of as many blank
  pages with the same head, so the same rule in the same font (laid out by a third helper
  from the page counts the parts send once laid out, while they are drawn);
- a link to the other part (a requirement to its finding) is kept by an empty anchor of the
  same name at the end of the part that links (WeasyPrint drops links to nowhere), and the
  joined document's named destinations are those of the part that holds each element;
- the second part's outline entries go under the first part's title, as one document's;
- the running title (`string-set` on the page head) is set in the second part by a copy of
  the head's title line laid out with no height.
"""

from __future__ import annotations

import html as markup
import io
import os
import re
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable

from compliance.processes.collector import collector_off

# the index's top-level sections start a line (reports/evidence.html.j2)
_SECTION = re.compile(r"(?m)^(?=<section[ >])")
_FRAMEWORK = '<section class="framework"'
_ID = re.compile(r'\bid="([^"]+)"')
_LINK = re.compile(r'href="#([^"]+)"')
_RUNNING_TITLE = re.compile(r'<p class="running-title">.*?</p>', re.S)
# what the parts and the page numbers' document change in the index's own @page rule
_NO_PAGE_NUMBER = "<style>@page { @bottom-right { content: none } }</style>\n</head>"
_ONLY_PAGE_NUMBER = ("<style>@page { background: none; @top-left { content: none } "
                     "@top-right { content: none } @bottom-left { content: none } } "
                     "html, body { background: none !important }</style>\n</head>")
IDENTIFIER = b"compliance-evidence"
# Below this much index, laying it out whole takes about what two parts and their joining
# take (the join is ~0.5 s; the example's five frameworks, 628 kB, took 6.7-8.1 s whole)
MIN_SPLIT_BYTES = 128 * 1024


class PdfError(Exception):
    """A PDF that can't be made; the message is meant for users."""


@dataclass(frozen=True)
class Part:
    html: str
    placeholders: frozenset[str]  # the ids of empty anchors standing for the other part's


class LayoutAhead:
    """A helper forked before the scan that imports WeasyPrint (0.5-0.7 s) while the scan
    runs, then lays out the index once it is sent (`send`), the parts' helpers forked from
    it, and hands its PDF back (`result`). The import then costs the PDF nothing where the
    scan leaves a processor idle (a small repository's), and half of it where both are busy.
    Where the helper could not import WeasyPrint (`send` is False) or gave nothing (`result`
    is None) the PDF is made here (`pdf_later`)."""

    def __init__(self, helper: Any, sending: int):
        self._helper, self._sending = helper, sending

    @classmethod
    def start(cls) -> LayoutAhead | None:
        """The helper, forked now; None where no helper can be had (render here)."""
        from compliance.processes.forked import ahead, helper_count, roomy_pipe

        # room for the example's index: it is sent at once, the helper ready or not
        receiving, sending = roomy_pipe()
        helper = ahead(lambda: _layout_when_sent(receiving, sending), helper_count(None))
        os.close(receiving)
        if helper is None:
            os.close(sending)
            return None
        return cls(helper, sending)

    def send(self, html: str, timestamp: datetime) -> bool:
        """Hand the helper the index to lay out (`result` gives its PDF); False when it has
        ended (it could not import WeasyPrint): the PDF is then made here."""
        if self._sending < 0:
            return False
        try:
            index = html.encode("utf-8", "surrogatepass")
            with os.fdopen(self._sending, "wb") as pipe:
                self._sending = -1
                pipe.write(int(timestamp.timestamp()).to_bytes(_STAMP, "big", signed=True)
                           + len(index).to_bytes(_STAMP, "big") + index)
        except OSError:
            self.close()
            return False
        return True

    def result(self) -> bytes | None:
        """The PDF `render_pdf(html, timestamp)` gives for what was sent, laid out by the
        helper; None when it gave nothing (it died)."""
        return self._helper.result()

    def close(self) -> None:
        """End the helper unused (the scan failed), or reap it."""
        if self._sending >= 0:
            os.close(self._sending)
            self._sending = -1
        self._helper.close()


# bytes of the pack's timestamp (seconds), then of the index's length, before the index sent
# to LayoutAhead: the helper reads that many, not up to the end of the pipe (a helper forked
# later, the cache writer, may hold its other end open for a while)
_STAMP = 8


def _layout_when_sent(receiving: int, sending: int) -> bytes | None:  # pragma: no cover
    """In the LayoutAhead helper: import WeasyPrint and lay out a line of text (its fonts
    found), then wait for the index and make its PDF; None when WeasyPrint can't be had or
    nothing was sent (the scan failed)."""
    os.close(sending)
    try:
        import pypdf  # noqa: F401
        from weasyprint import HTML

        HTML(string="<p>compliance <b>evidence</b> <code>index</code></p>",
             base_url=None).render().write_pdf()
    except Exception:  # noqa: BLE001 - the main process tries, and says what is missing
        return None
    with os.fdopen(receiving, "rb") as pipe:
        head = pipe.read(2 * _STAMP)
        if len(head) < 2 * _STAMP:
            return None  # nothing sent: the scan failed
        index = pipe.read(int.from_bytes(head[_STAMP:], "big"))
    moment = datetime.fromtimestamp(int.from_bytes(head[:_STAMP], "big", signed=True),
                                    timezone.utc)
    return render_pdf(index.decode("utf-8", "surrogatepass"), moment)


def pdf_later(html: str, timestamp: datetime, ahead: LayoutAhead | None = None
              ) -> Callable[[], bytes]:
    """`render_pdf(html, timestamp)`, begun now by `ahead` when it is given and can (this
    process is free meanwhile: the pack's other members are made while the PDF is laid out),
    its bytes once the callable returned is called; made then, here, otherwise."""
    if ahead is not None and ahead.send(html, timestamp):
        return lambda: ahead.result() or render_pdf(html, timestamp)
    return lambda: render_pdf(html, timestamp)


def render_pdf(html: str, timestamp: datetime) -> bytes:
    """index.pdf of `html` (the pack's index.html), reproducible for the same `timestamp`."""
    try:
        from weasyprint import HTML  # noqa: F401  (and Pango under it)
    except ImportError:
        raise PdfError("the PDF needs WeasyPrint: pip install 'compliance[pdf]'") from None
    except OSError as exc:  # installed, but a library under it (Pango) could not be loaded
        raise PdfError(f"the PDF needs WeasyPrint, which could not load a library it uses "
                       f"({exc}); see https://doc.courtbouillon.org/weasyprint/stable/"
                       "first_steps.html") from None
    # fontTools stamps each subset font's `head.modified` with the time of writing unless
    # SOURCE_DATE_EPOCH is set: pin it to the pack's timestamp so the PDF is reproducible.
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(timestamp.timestamp()))
    # WeasyPrint's boxes are hundreds of thousands of objects, freed by reference counting
    # once written: the cyclic collector's passes over them while they are laid out cost a
    # fifth of the CPU (3.5-3.8 s instead of 4.3-5.1 s for half the example's index), for
    # 11 MB of garbage in cycles kept until it runs again (the helpers inherit the pause)
    try:
        with collector_off():
            return _made(html)
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def _made(html: str) -> bytes:
    """The PDF of `html`: laid out whole, or in two parts and joined (module docstring)."""
    parts = split_index(html)
    if len(parts) == 1:
        return _laid_out(html)
    try:
        import pypdf  # noqa: F401
    except ImportError:
        raise PdfError("the PDF needs pypdf: pip install 'compliance[pdf]'") from None
    with ExitStack() as helpers:  # a helper not read from (an error here) is ended
        return _joined(parts, *_both_laid_out(parts, html, helpers))


def _laid_out(html: str) -> bytes:
    return _written(_rendered(html))


def _rendered(html: str) -> Any:
    """The document's pages laid out (their count is known), not yet drawn."""
    from weasyprint import HTML

    # no base URL: the page is self-contained and nothing outside it may be fetched
    return HTML(string=html, base_url=None).render()


def _written(document: Any) -> bytes:
    return document.write_pdf(pdf_identifier=IDENTIFIER, uncompressed_pdf=False)


def split_index(html: str) -> list[Part]:
    """The index as one part, or as two when it holds more than one framework section and is
    long enough to gain from it: cut before the section that best halves the sections' text."""
    start, end = html.find("<main>"), html.rfind("</main>")
    if not 0 <= html.find("<body>") < start or end < start \
            or html.count(_FRAMEWORK) < 2 or len(html) < MIN_SPLIT_BYTES:
        return [Part(html, frozenset())]
    inner = html[start + len("<main>"):end]
    pieces = _SECTION.split(inner)
    lead, sections = pieces[0], pieces[1:]
    sizes = [len(section) for section in sections]
    total = sum(sizes)
    cut = min(range(1, len(sections)),
              key=lambda at: abs(total - 2 * sum(sizes[:at])))
    first = "".join(sections[:cut])
    second = "".join(sections[cut:])
    head, body = html[:start], html[end:]  # up to <main>; from </main> (the footer)
    title = _RUNNING_TITLE.search(head)
    first_anchors = _placeholders(first, second)
    second_anchors = _placeholders(second, first)
    no_number = head.replace("</head>", _NO_PAGE_NUMBER, 1)
    page_head = no_number[:no_number.find("<body>") + len("<body>")]
    carried = (f'\n<header class="page-head" style="height: 0; overflow: hidden; border: 0; '
               f'padding: 0; margin: 0">{title.group(0)}</header>\n') if title else "\n"
    return [
        Part(no_number + "<main>" + lead + first + _anchors(first_anchors)
             + "</main>\n</body>\n</html>\n", first_anchors),
        Part(page_head + carried + "<main>\n" + second + _anchors(second_anchors) + body,
             second_anchors),
    ]


def _placeholders(part: str, other: str) -> frozenset[str]:
    """The ids `part` links to that only `other` holds (as names: unescaped, as the anchors
    in the PDF are named)."""
    def names(found: list[str]) -> set[str]:
        return {markup.unescape(text) for text in found}

    return frozenset((names(_LINK.findall(part)) - names(_ID.findall(part)))
                     & names(_ID.findall(other)))


def _anchors(names: frozenset[str]) -> str:
    if not names:
        return ""
    return ('<div class="pdf-anchors">'
            + "".join(f'<div id="{markup.escape(name)}"></div>' for name in sorted(names))
            + "</div>\n")


def _both_laid_out(parts: list[Part], html: str, stack: ExitStack
                   ) -> tuple[bytes, Callable[[], bytes], Callable[[], bytes]]:
    """The first part's PDF, and how to have the second's and the page numbers': where
    helpers can be had, one lays out the second part while this process lays out the first,
    and another lays out the page numbers as soon as both parts' pages are counted (each
    process sends its count once its pages are laid out, before drawing them), so that the
    numbers are ready when the parts are; here otherwise, or when a helper gave nothing."""
    from compliance.processes.forked import ahead, helper_count

    helpers = helper_count(None)
    counts, counting = os.pipe()
    numbers = ahead(lambda: _numbers_once_counted(html, counts, counting), helpers)
    second = ahead(lambda: _laid_out_counted(parts[1].html, counts, counting), helpers)
    for helper in (numbers, second):
        if helper is not None:
            stack.callback(helper.close)  # (after `result`, closing again does nothing)
    os.close(counts)
    try:
        document = _rendered(parts[0].html)
        if numbers is not None:  # (no reader otherwise)
            _tell(counting, len(document.pages))
    finally:
        os.close(counting)  # the numbers' helper sees the end when no part will count
    first = _written(document)

    def second_pdf() -> bytes:
        handed = second.result() if second is not None else None
        return handed if handed is not None else _laid_out(parts[1].html)

    def numbers_pdf(count: int) -> bytes:
        handed = numbers.result() if numbers is not None else None
        return handed if handed is not None else _laid_out(_numbers_html(html, count))

    return first, second_pdf, numbers_pdf


_COUNT = 4  # bytes of a part's page count on the pipe (one write: never interleaved)


def _tell(counting: int, pages: int) -> None:
    """Send a part's page count to the numbers' helper; if that helper is gone (a broken
    pipe), the numbers are laid out here later."""
    try:
        os.write(counting, pages.to_bytes(_COUNT, "big"))
    except OSError:
        pass


def _laid_out_counted(html: str, counts: int, counting: int) -> bytes:  # pragma: no cover
    """In the second part's helper: lay it out, count its pages to the numbers' helper,
    draw it."""
    os.close(counts)
    try:
        document = _rendered(html)
        _tell(counting, len(document.pages))
    finally:
        os.close(counting)
    return _written(document)


def _numbers_once_counted(html: str, counts: int, counting: int
                          ) -> bytes | None:  # pragma: no cover
    """In the numbers' helper: wait for both parts' page counts, then lay out the page
    numbers; None when a part ended without counting (its process died)."""
    os.close(counting)
    received = b""
    while len(received) < 2 * _COUNT:
        chunk = os.read(counts, 2 * _COUNT - len(received))
        if not chunk:
            return None
        received += chunk
    total = sum(int.from_bytes(received[at:at + _COUNT], "big") for at in (0, _COUNT))
    return _laid_out(_numbers_html(html, total))


def _joined(parts: list[Part], first: bytes, second: Callable[[], bytes],
            numbers: Callable[[int], bytes]) -> bytes:
    """One PDF of the parts' pages, as if laid out as one document (module docstring); the
    first part is read while the second is still being laid out."""
    from pypdf import PdfReader, PdfWriter

    readers = [PdfReader(io.BytesIO(first))]
    # the first part whole (its outline, names, metadata, language and file identifier)
    writer = PdfWriter(clone_from=readers[0])
    readers.append(PdfReader(io.BytesIO(second())))
    offsets = [0, len(writer.pages)]
    writer.append(readers[1], import_outline=False)
    _named_destinations(writer, parts, readers, offsets)
    _outline(writer, readers, offsets)
    _page_numbers(writer, numbers(len(writer.pages)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _named_destinations(writer: Any, parts: list[Part], readers: list[Any],
                        offsets: list[int]) -> None:
    """Each name where its element is: a part's own anchors, not its placeholders."""
    from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject, NameObject,
                               NumberObject, TextStringObject)

    found: dict[str, ArrayObject] = {}
    for part, reader, offset in zip(parts, readers, offsets):
        for name, destination in reader.named_destinations.items():
            if name in part.placeholders or name in found:
                continue  # two anchors of one name: the first wins, as WeasyPrint does
            page = writer.pages[offset + reader.get_destination_page_number(destination)]
            found[name] = ArrayObject([page.indirect_reference, NameObject("/XYZ"),
                                       FloatObject(destination.left or 0),
                                       FloatObject(destination.top or 0), NumberObject(0)])
    names = ArrayObject()
    for name in sorted(found):
        names += [TextStringObject(name), found[name]]
    catalog_names = DictionaryObject({NameObject("/Dests"): DictionaryObject(
        {NameObject("/Names"): names})})
    writer.root_object[NameObject("/Names")] = catalog_names


def _outline(writer: Any, readers: list[Any], offsets: list[int]) -> None:
    """One outline: the first part's, and the second's under its last top-level entry (the
    title; the second part has no title of its own)."""
    from pypdf.generic import Fit, NameObject

    writer.root_object.pop(NameObject("/Outlines"), None)  # the clone's, made again here

    def add(reader: Any, offset: int, items: list[Any], under: Any) -> Any:
        last = None
        for item in items:
            if isinstance(item, list):
                add(reader, offset, item, last if last is not None else under)
                continue
            last = writer.add_outline_item(
                title=item.title, page_number=offset + reader.get_destination_page_number(item),
                parent=under, fit=Fit.xyz(item.left, item.top, item.zoom))
        return last

    title = add(readers[0], offsets[0], readers[0].outline, None)
    add(readers[1], offsets[1], readers[1].outline, title)


def _numbers_html(html: str, count: int) -> str:
    """`count` blank pages with the index's head (its @page rule, fonts and colours) and
    nothing in their margins but the page number."""
    head = html[:html.find("<body>")].replace("</head>", _ONLY_PAGE_NUMBER, 1)
    blank = '<div style="break-after: page"></div>' * (count - 1) + "<div></div>"
    return f"{head}<body>{blank}</body></html>"


def _page_numbers(writer: Any, numbers_pdf: bytes) -> None:
    """"page N of M" over each page, from `_numbers_html`'s PDF: each of its pages becomes a
    form drawn after the page's own content (which is left as it is, compressed and unread),
    in the page's default coordinates."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    numbers = PdfReader(io.BytesIO(numbers_pdf))

    def stream(data: bytes) -> Any:
        made = DecodedStreamObject()
        made.set_data(data)
        return writer._add_object(made)

    name = NameObject("/PageNumber")
    # the page's content wrapped in q/Q: whatever state it leaves, the form sees the default
    save, restore, draw = stream(b"q\n"), stream(b"\nQ\n"), stream(b"q /PageNumber Do Q\n")
    for page, number in zip(writer.pages, numbers.pages):
        form = DecodedStreamObject()
        form.set_data(number.get_contents().get_data())
        form.update({NameObject("/Type"): NameObject("/XObject"),
                     NameObject("/Subtype"): NameObject("/Form"),
                     NameObject("/BBox"): ArrayObject(number.mediabox),
                     NameObject("/Resources"): number["/Resources"].clone(writer)})
        # WeasyPrint's pages share one resource dictionary: each page gets its own, with
        # its own number
        resources = DictionaryObject(page["/Resources"].get_object())
        held_forms = resources.get(NameObject("/XObject"))
        forms = DictionaryObject(held_forms.get_object() if held_forms is not None else {})
        forms[name] = writer._add_object(form.flate_encode())
        resources[NameObject("/XObject")] = forms
        page[NameObject("/Resources")] = resources
        contents = page.raw_get("/Contents")  # a reference: a stream can't be held directly
        held = contents.get_object()
        own = list(held) if isinstance(held, ArrayObject) else [contents]
        page[NameObject("/Contents")] = ArrayObject([save, *own, restore, draw])
