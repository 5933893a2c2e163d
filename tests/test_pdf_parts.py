"""How an index of several frameworks is cut in two for the PDF (outputs/pdf.py): at a
section, near the middle, each part a whole document that carries the page head's title and
empty anchors for the ids it links to in the other part. (The joined PDF itself:
test_evidence_pdf.py.)"""

import pytest

from compliance.outputs import pdf
from compliance.outputs.pdf import split_index


@pytest.fixture(autouse=True)
def _short_indexes_are_cut_too(monkeypatch):
    monkeypatch.setattr(pdf, "MIN_SPLIT_BYTES", 0)

HEAD = ("<!doctype html>\n<html><head><style>@page { @bottom-right { content: counter(page) } }"
        "</style>\n</head>\n<body>\n<header class=\"page-head\"><div class=\"inner\">\n"
        "<h1>Compliance evidence</h1>\n<p class=\"running-title\">main, scanned today</p>\n"
        "</div></header>\n<main>\n")
TAIL = "</main>\n<footer>the end</footer>\n</body>\n</html>\n"


def section(ident: str, words: int, links: tuple[str, ...] = (), kind: str = "") -> str:
    attrs = f' class="{kind}"' if kind else ""
    refs = "".join(f'<a href="#{target}">{target}</a>' for target in links)
    return (f'<section{attrs} id="{ident}">\n<h2>{ident}</h2>\n<p>{"word " * words}</p>'
            f"{refs}\n</section>\n")


def index(*sections: str) -> str:
    return HEAD + "".join(sections) + TAIL


def test_one_framework_is_one_part_as_it_was():
    html = index(section("summary", 10), section("fw-gdpr", 500, kind="framework"),
                 section("findings", 500))
    [part] = split_index(html)
    assert part.html == html and not part.placeholders


def test_several_frameworks_are_cut_at_the_section_that_halves_the_text():
    sections = [section("summary", 10), section("fw-gdpr", 100, kind="framework"),
                section("fw-soc2", 400, kind="framework"), section("findings", 500)]
    first, second = split_index(index(*sections))
    assert "fw-soc2" in first.html and "findings" not in first.html  # 510 words | 500
    assert second.html.count("<section") == 1 and 'id="findings"' in second.html
    # each part is a whole document: the head (with the page number left to the joining),
    # the first with the page head, the second with its title line only, laid out flat
    for part in (first, second):
        assert part.html.startswith("<!doctype html>") and part.html.rstrip().endswith("</html>")
        assert "@bottom-right { content: none }" in part.html
    assert "<h1>Compliance evidence</h1>" in first.html
    assert "<h1>" not in second.html and "main, scanned today" in second.html
    assert "<footer>the end</footer>" in second.html and "<footer>" not in first.html


def test_a_part_holds_empty_anchors_for_what_it_links_to_in_the_other():
    sections = [section("fw-gdpr", 300, links=("F1", "F2", "fw-soc2", "nowhere"),
                        kind="framework"),
                section("fw-soc2", 300, links=("F2", "fw-gdpr"), kind="framework"),
                section("findings", 200) .replace("</p>", '</p><p id="F1"></p><p id="F2"></p>')]
    first, second = split_index(index(*sections))
    assert 'id="fw-soc2"' in second.html
    assert first.placeholders == {"F1", "F2", "fw-soc2"}  # not "nowhere": nobody holds it
    assert second.placeholders == {"fw-gdpr"}
    assert '<div id="fw-gdpr"></div>' in second.html
    assert first.html.count('id="F1"') == 1  # the empty anchor, the finding being elsewhere


def test_an_index_that_is_not_the_packs_is_left_whole():
    html = "<html><body><section class=\"framework\">a</section>" \
           "<section class=\"framework\">b</section></body></html>"  # no <main>
    assert [part.html for part in split_index(html)] == [html]


def test_an_id_written_escaped_is_named_as_the_pdf_names_it():
    sections = [section("fw-gdpr", 300, links=("a&amp;b",), kind="framework"),
                section("fw-soc2", 300, kind="framework").replace(
                    "</p>", '</p><p id="a&amp;b"></p>')]
    first, _ = split_index(index(*sections))
    assert first.placeholders == {"a&b"}
    assert '<div id="a&amp;b"></div>' in first.html


def test_a_short_index_of_several_frameworks_is_left_whole(monkeypatch):
    monkeypatch.setattr(pdf, "MIN_SPLIT_BYTES", 128 * 1024)
    html = index(section("fw-gdpr", 300, kind="framework"),
                 section("fw-soc2", 300, kind="framework"))
    assert [part.html for part in split_index(html)] == [html]
