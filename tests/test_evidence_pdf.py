"""The evidence pack's PDF laid out for print: the example's PDF for each framework within 30
pages (it was over 100), no page holding only a small card, no line running off the page, a
page number and a running header on every page. Speed is a benchmark
(benchmarks/evidence_pdf.py), not a test."""

from __future__ import annotations

import io
import os
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from compliance.cli.main import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
FRAMEWORKS = ("gdpr", "hipaa", "iso27001", "pci-dss", "soc2")
MAX_PAGES = 30
# a page other than the last is filled at least this far down: a finding (the largest block
# kept whole) that does not fit leaves much less than half a page empty
MIN_FILL = 0.6


def _weasyprint_works() -> bool:
    try:
        import weasyprint  # noqa: F401  (needs Pango)
    except (ImportError, OSError):
        return False
    return True


@pytest.fixture(autouse=True)
def _needs_weasyprint():
    if not _weasyprint_works():
        if os.environ.get("CI"):
            pytest.fail("WeasyPrint is missing in CI: pip install '.[pdf]'")
        pytest.skip("WeasyPrint is not installed (pip install '.[pdf]')")


def pdf_of(tmp: Path, source: Path, *frameworks: str) -> bytes:
    chosen = [arg for fw in frameworks for arg in ("--framework", fw)]
    out = tmp / "pack.zip"
    result = CliRunner().invoke(main, ["evidence", str(source), *chosen, "--pdf", "-q",
                                       "--no-cache", "--timestamp", "1700000000", "-o",
                                       str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out) as archive:
        return archive.read("index.pdf")


def pages_of(pdf: bytes):
    """Each page: (width, height, [(x0, y0, x1, y1, text) of each line of text])."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine

    def lines(element):
        if isinstance(element, LTTextLine):
            yield element
        elif isinstance(element, LTTextContainer) or hasattr(element, "__iter__"):
            for child in element:
                yield from lines(child)

    pages = []
    # all_texts: the lines inside forms too (the page numbers of a joined PDF)
    for page in extract_pages(io.BytesIO(pdf), laparams=LAParams(all_texts=True)):
        found = [(*line.bbox, line.get_text().strip()) for line in lines(page)]
        pages.append((page.width, page.height, [f for f in found if f[4]]))
    return pages


@pytest.fixture(scope="module", params=FRAMEWORKS)
def example_pdf(request, tmp_path_factory):
    pdf = pdf_of(tmp_path_factory.mktemp(request.param), EXAMPLES, request.param)
    return request.param, pages_of(pdf)


def test_example_pdf_is_laid_out_for_print(example_pdf):
    framework, pages = example_pdf
    assert 2 <= len(pages) <= MAX_PAGES, (framework, len(pages))
    for number, (width, height, lines) in enumerate(pages, 1):
        # the running header (repository and commit, the section) and the page number
        assert any(text == f"page {number} of {len(pages)}" for *_, text in lines), number
        assert any("scanned 2023-11-14" in text for *_, text in lines), number
        body = [line for line in lines if 0.06 * height < line[1] < 0.94 * height]
        # no line of text runs past the right edge of the page
        widest = max(line[2] for line in lines)
        assert widest <= width - 20, (framework, number, widest)
        if number < len(pages):  # no near-empty page (a small card alone on it)
            lowest = min(line[1] for line in body)
            fill = (0.94 * height - lowest) / (0.88 * height)
            assert fill >= MIN_FILL, (framework, number, round(fill, 2))


def test_pdf_opens_with_the_severity_summary(example_pdf):
    _, pages = example_pdf
    first = " ".join(text for *_, text in pages[0][2]).lower()
    for part in ("findings by severity and status", "critical", "commit", "branch",
                 "time of the scan", "control catalog"):
        assert part in first, part


def test_a_long_line_in_an_excerpt_is_wrapped_not_cut(tmp_path):
    tree = tmp_path / "tree"
    tree.mkdir()
    words = " ".join(f"word{n:02d}" for n in range(18))  # 150 characters: cut at 160
    (tree / "api.tf").write_text(
        'resource "aws_api_gateway_method" "open" {\n'
        '  rest_api_id   = "abc"\n'
        '  resource_id   = "def"\n'
        f"  # wrapstart {words} wrapend\n"
        '  http_method   = "GET"\n'
        '  authorization = "NONE"\n'
        "}\n")
    pages = pages_of(pdf_of(tmp_path, tree, "soc2"))
    lines = [(page, line) for page, (width, _, found) in enumerate(pages) for line in found]
    start = [line for _, line in lines if "wrapstart" in line[4]]
    end = [line for _, line in lines if "wrapend" in line[4]]
    assert start and end
    # the 150-character line continues on the next line of the page, within the page
    assert end[0][1] < start[0][1]
    assert "wrapend" not in start[0][4]
    assert all(line[2] <= pages[0][0] - 20 for line in start + end)


# --- an index of several frameworks: laid out in two parts at once, joined (outputs/pdf.py) ---

@pytest.fixture(scope="module")
def every_framework_pdf(tmp_path_factory):
    """The example's pack as `evidence --pdf` writes it by default: every framework."""
    return pdf_of(tmp_path_factory.mktemp("all"), EXAMPLES)


def test_the_joined_pdf_numbers_and_heads_every_page_as_one_document(every_framework_pdf):
    pages = pages_of(every_framework_pdf)
    assert len(pages) > MAX_PAGES  # five frameworks: long enough to have been cut in two
    for number, (width, height, lines) in enumerate(pages, 1):
        numbers = [text for *_, text in lines if text.startswith("page ")]
        assert numbers == [f"page {number} of {len(pages)}"], number  # drawn once, in place
        assert any("scanned 2023-11-14" in text for *_, text in lines), number
        assert max(line[2] for line in lines) <= width - 20, number
    # the second part opens with a framework's heading, under its own running section head
    starts = [n for n, (_, height, lines) in enumerate(pages)
              if any(text.startswith("SOC 2") and y0 > 0.9 * height
                     for _, y0, _, _, text in lines)]
    assert starts


def test_links_reach_their_findings_across_the_two_parts(every_framework_pdf):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(every_framework_pdf))
    texts = [page.extract_text() for page in reader.pages]
    destinations = reader.named_destinations
    findings = {name: reader.get_destination_page_number(dest)
                for name, dest in destinations.items() if name[1:].isdigit()}
    assert len(findings) > 50
    for name, page in findings.items():  # each finding's anchor on the page that shows it
        assert any(line.startswith(f"{name} ") for line in texts[page].splitlines()), name
    linked = {str(annotation.get_object()["/Dest"])
              for page in reader.pages for annotation in page.get("/Annots") or ()
              if "/Dest" in annotation.get_object()}
    assert linked <= destinations.keys()  # no link to nowhere
    first_part_end = min(n for n, text in enumerate(texts) if "SOC 2" in text.split("\n")[0])
    early = {str(annotation.get_object()["/Dest"])
             for page in reader.pages[:first_part_end] for annotation in page.get("/Annots") or ()
             if "/Dest" in annotation.get_object()}
    # links from the first part's requirements to findings laid out by the second part
    assert any(findings.get(name, -1) >= first_part_end for name in early)


def test_the_outline_is_one_documents(every_framework_pdf):
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(every_framework_pdf))
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [item.title for item in top] == ["Compliance evidence"]
    sections = [item.title for item in reader.outline[1] if not isinstance(item, list)]
    assert [title.split()[0] for title in sections[:7]] == [
        "Scope", "GDPR", "HIPAA", "ISO/IEC", "PCI", "SOC", "Controls"]


def _one_method(tmp_path: Path) -> Path:
    """A tree with one failing resource: a short index, cut in two when MIN_SPLIT_BYTES is 0."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "api.tf").write_text('resource "aws_api_gateway_method" "open" {\n'
                                 '  rest_api_id = "a"\n  resource_id = "b"\n'
                                 '  http_method = "GET"\n  authorization = "NONE"\n}\n')
    return tree


def test_two_frameworks_give_the_same_bytes_with_a_helper_or_without(tmp_path, monkeypatch):
    from compliance.outputs import pdf
    from compliance.processes import forked

    monkeypatch.setattr(pdf, "MIN_SPLIT_BYTES", 0)  # so short an index is cut in two too
    joins = tmp_path / "joins"  # each join noted, by the layout's helper or here
    join = pdf._joined
    monkeypatch.setattr(pdf, "_joined", lambda *args: (
        joins.open("a").write(f"{os.getpid()}\n"), join(*args))[1])
    tree = _one_method(tmp_path)
    shared = pdf_of(tmp_path / "a", tree, "gdpr", "soc2")
    assert pdf_of(tmp_path / "b", tree, "gdpr", "soc2") == shared  # reproducible
    monkeypatch.setattr(forked, "_fork_safe", lambda: False)  # no helper: all here
    assert pdf_of(tmp_path / "c", tree, "gdpr", "soc2") == shared
    assert len(joins.read_text().split()) == 3  # each of them laid out in two parts
    pages = pages_of(shared)
    assert [text for *_, text in pages[-1][2] if text.startswith("page ")] == [
        f"page {len(pages)} of {len(pages)}"]


@pytest.mark.parametrize("dying", ["_laid_out_counted", "_numbers_once_counted"])
def test_a_helper_that_dies_leaves_its_part_to_the_main_process(tmp_path, monkeypatch, dying):
    """The second part's helper dying before it counts its pages (so the numbers' helper gets
    no count either), or the numbers' helper dying: the same PDF, made here."""
    from compliance.outputs import pdf

    monkeypatch.setattr(pdf, "MIN_SPLIT_BYTES", 0)
    tree = _one_method(tmp_path)
    whole = pdf_of(tmp_path / "a", tree, "gdpr", "soc2")
    monkeypatch.setattr(pdf, dying, lambda *args: os._exit(1))  # in the helper it runs in
    assert pdf_of(tmp_path / "b", tree, "gdpr", "soc2") == whole


def test_a_part_that_fails_here_ends_the_helpers_too(tmp_path, monkeypatch):
    """An error while this process lays out its part is the user's to see, and the helpers
    laying out the rest are ended and reaped rather than left running."""
    from compliance.outputs import pdf
    from compliance.processes import forked

    monkeypatch.setattr(pdf, "MIN_SPLIT_BYTES", 0)
    html = ("<html><head></head>\n<body>\n<main>\n"
            '<section class="framework" id="a">\n<p>one</p>\n</section>\n'
            '<section class="framework" id="b">\n<p>two</p>\n</section>\n'
            "</main>\n</body></html>\n")
    closed = []
    close = forked.Ahead.close
    monkeypatch.setattr(forked.Ahead, "close", lambda self: closed.append(self) or close(self))

    def failing(markup: str):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(pdf, "_rendered", failing)
    with pytest.raises(RuntimeError, match="layout failed"):
        pdf.render_pdf(html, datetime(2023, 11, 14, tzinfo=timezone.utc))
    if forked._fork_safe():
        assert len({id(helper) for helper in closed}) == 2  # the second part's, the numbers'


def test_the_cyclic_collector_is_paused_while_laying_out_and_restored_after(monkeypatch):
    """Laying out with the collector paused costs a fifth less CPU; afterwards it is as it
    was, after an error too (a library caller's own pause is not undone)."""
    import gc

    from compliance.outputs import pdf

    seen = []
    laid_out = pdf._rendered
    monkeypatch.setattr(pdf, "_rendered", lambda markup: (seen.append(gc.isenabled()),
                                                          laid_out(markup))[1])
    html = "<html><head></head>\n<body><main><p>one</p></main></body></html>\n"
    moment = datetime(2023, 11, 14, tzinfo=timezone.utc)
    assert gc.isenabled()
    assert pdf.render_pdf(html, moment).startswith(b"%PDF")
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        pdf.render_pdf(html, moment)
        assert not gc.isenabled()
    finally:
        gc.enable()

    def failing(markup: str):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(pdf, "_rendered", failing)
    with pytest.raises(RuntimeError, match="layout failed"):
        pdf.render_pdf(html, moment)
    assert gc.isenabled()


def test_the_pdf_is_laid_out_by_a_helper_started_before_the_scan(tmp_path, monkeypatch):
    """`evidence --pdf` forks the layout's helper before it scans (it imports WeasyPrint
    meanwhile): the helper makes the PDF, the same bytes as this process makes without it,
    and is reaped; a helper that dies leaves the PDF to this process."""
    from compliance.outputs import pdf
    from compliance.processes import forked

    if not forked._fork_safe():
        pytest.skip("no helper can be forked here (another thread runs)")
    monkeypatch.setattr(pdf, "MIN_SPLIT_BYTES", 0)
    made_by = tmp_path / "made-by"
    render = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda html, moment: (
        made_by.open("a").write(f"{os.getpid()}\n"), render(html, moment))[1])
    started = []
    start = pdf.LayoutAhead.start.__func__
    monkeypatch.setattr(pdf.LayoutAhead, "start", classmethod(
        lambda cls: started.append(1) or start(cls)))
    order = []  # the pack's other members are made while the helper lays the PDF out
    from compliance.outputs import json_report

    for owner, name in ((pdf.LayoutAhead, "send"), (pdf.LayoutAhead, "result"),
                        (json_report, "render")):
        monkeypatch.setattr(owner, name, (lambda original, name: lambda *args: (
            order.append(name), original(*args))[1])(getattr(owner, name), name))
    tree = _one_method(tmp_path)
    ahead = pdf_of(tmp_path / "a", tree, "gdpr", "soc2")
    assert started == [1] and order == ["send", "render", "result"]
    pids = made_by.read_text().split()
    assert len(pids) == 1 and pids[0] != str(os.getpid())  # made by the helper alone
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # reaped
    monkeypatch.setattr(pdf.LayoutAhead, "start", classmethod(lambda cls: None))
    assert pdf_of(tmp_path / "b", tree, "gdpr", "soc2") == ahead
    monkeypatch.setattr(pdf.LayoutAhead, "start", classmethod(start))
    monkeypatch.setattr(pdf, "_layout_when_sent", lambda *args: os._exit(1))  # it dies
    assert pdf_of(tmp_path / "c", tree, "gdpr", "soc2") == ahead


def test_a_layout_helper_never_sent_an_index_ends(tmp_path):
    """The scan failed: the helper is ended and reaped, nothing left running."""
    from compliance.outputs import pdf
    from compliance.processes import forked

    if not forked._fork_safe():
        pytest.skip("no helper can be forked here (another thread runs)")
    ahead = pdf.LayoutAhead.start()
    assert ahead is not None
    ahead.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)
    assert not ahead.send("<p>late</p>", datetime(2023, 11, 14, tzinfo=timezone.utc))


def test_weasyprint_without_its_libraries_is_a_clear_error(monkeypatch):
    """WeasyPrint installed, Pango missing: its import raises OSError; the user reads what
    is missing, not a traceback."""
    import types

    from compliance.outputs import pdf

    broken = types.ModuleType("weasyprint")

    def missing(name):
        raise OSError("cannot load library 'libpango-1.0-0'")

    broken.__getattr__ = missing
    monkeypatch.setitem(sys.modules, "weasyprint", broken)
    with pytest.raises(pdf.PdfError, match="libpango"):
        pdf.render_pdf("<p>x</p>", datetime(2023, 11, 14, tzinfo=timezone.utc))


def test_a_process_forked_later_does_not_hold_the_layout_back(tmp_path):
    """The index is read by its length, not to the end of the pipe: a helper forked after
    the layout's (the scan's cache writer) keeps the pipe's other end open until it ends."""
    import signal
    import time

    from compliance.outputs import pdf
    from compliance.processes import forked

    if not forked._fork_safe():
        pytest.skip("no helper can be forked here (another thread runs)")
    ahead = pdf.LayoutAhead.start()
    assert ahead is not None
    lingering = os.fork()
    if lingering == 0:  # pragma: no cover - holds every inherited descriptor for a minute
        time.sleep(60)
        os._exit(0)
    try:
        started = time.perf_counter()
        assert ahead.send("<html><body><p>one</p></body></html>",
                          datetime(2023, 11, 14, tzinfo=timezone.utc))
        assert ahead.result().startswith(b"%PDF")
        assert time.perf_counter() - started < 30
    finally:
        os.kill(lingering, signal.SIGKILL)
        os.waitpid(lingering, 0)
        ahead.close()
