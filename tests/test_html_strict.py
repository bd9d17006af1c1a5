"""Every page is well-formed HTML with unique ids, in both languages, with and without
keys that are not in the graph.

html5lib is not a dependency, and browsers repair what they are given, so a strict
checker over Python's own ``html.parser``: every element that is opened is closed in
order (void elements excepted), no ``<`` inside a tag (a fragment pasted into an open
tag), no attribute twice in one tag, no id twice in one page.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class StrictChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.stack: list[tuple[str, int]] = []
        self.ids: dict[str, int] = {}

    def where(self) -> str:
        return f"line {self.getpos()[0]}"

    def handle_starttag(self, tag, attrs):
        self._tag(tag, attrs)
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag, attrs):
        self._tag(tag, attrs)
        if tag not in VOID:
            self.problems.append(f"{self.where()}: <{tag}/> is not a void element")

    def _tag(self, tag, attrs):
        raw = self.get_starttag_text() or ""
        if "<" in raw[1:]:
            self.problems.append(f"{self.where()}: '<' inside the tag {raw[:80]!r}")
        names = [name for name, _ in attrs]
        for name in sorted({n for n in names if names.count(n) > 1}):
            self.problems.append(f"{self.where()}: <{tag}> has {name}= twice")
        for name, value in attrs:
            if name == "id":
                if value in self.ids:
                    self.problems.append(
                        f"{self.where()}: id={value!r} again (first on line {self.ids[value]})"
                    )
                else:
                    self.ids[value] = self.getpos()[0]

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append(f"{self.where()}: </{tag}> closes a void element")
            return
        if not self.stack:
            self.problems.append(f"{self.where()}: </{tag}> closes nothing")
            return
        open_tag, line = self.stack.pop()
        if open_tag != tag:
            self.problems.append(
                f"{self.where()}: </{tag}> closes <{open_tag}> opened on line {line}"
            )

    def finish(self) -> list[str]:
        self.close()
        self.problems += [
            f"<{tag}> opened on line {line} is never closed" for tag, line in self.stack
        ]
        return self.problems


def problems_of(html: str) -> list[str]:
    checker = StrictChecker()
    checker.feed(html)
    return checker.finish()


# The README's "What you can do" pages, their variants, and missing keys.
PAGES = [
    "/",
    "/search",
    "/search?q=浙江",
    "/search?q=nothing-matches-this",
    "/node/province:330000",
    "/node/agency:state-council",
    "/path?from=agency:state-council&to=enterprise:ningbo-precision-2025",
    "/path",
    "/preset/policy-tree",
    "/preset/funding-flows",
    "/preset/province",
    "/preset/province?key=province:330000",
    "/preset/enterprise",
    "/preset/enterprise?key=enterprise:ningbo-precision-2025",
    "/view?keys=province:330000,city:330200,city:330100",
    "/view?keys=province:330000&focus=province:330000",
    "/cypher",
    "/cypher?query=MATCH+(p:Province)+RETURN+p.name+LIMIT+3",
    "/cypher?canned=cities_of_province",
    "/cypher?query=MATCH+(n+RETURN+n",
    "/cypher/docs/dialect",
]
MISSING = [
    "/view?keys=province:330000,city:999999",
    "/view?keys=city:999999",
    "/node/city:999999",
    "/path?from=province:330000&to=city:999999",
    "/preset/province?key=province:999999",
    "/preset/enterprise?key=enterprise:no-such-firm",
    "/no-such-page",
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", PAGES + MISSING)
def test_page_is_strict_html_with_unique_ids(client, path, lang):
    if lang == "en":
        client.set_cookie("lang", "en")
    response = client.get(path)
    assert response.status_code in (200, 400, 404), (path, response.status_code)
    assert response.mimetype == "text/html", path
    html = response.get_data(as_text=True)
    assert f'<html lang="{"zh-CN" if lang == "zh" else "en"}">' in html, path
    assert problems_of(html) == [], path


def test_the_view_with_a_missing_key_keeps_its_graph_attributes(client):
    html = client.get("/view?keys=province:330000,city:999999").get_data(as_text=True)
    assert problems_of(html) == []
    assert html.count('id="missing-notice"') == 1
    graph_tag = html[html.index('<div id="graph"') :].split(">", 1)[0]
    assert 'data-focus="' in graph_tag and 'data-layout="' in graph_tag
    assert "city:999999" in html


@pytest.mark.parametrize(
    "html, problem",
    [
        ('<div id="a" <div id="b"></div>', "'<' inside the tag"),
        ('<p class="x" class="y"></p>', "class= twice"),
        ('<p id="a"></p><p id="a"></p>', "id='a' again"),
        ("<div><span></div></span>", "</div> closes <span>"),
        ("<div>", "never closed"),
        ("<br></br>", "closes a void element"),
    ],
)
def test_the_checker_finds_each_fault(html, problem):
    assert any(problem in p for p in problems_of(html)), problems_of(html)


def test_the_checker_passes_good_html():
    assert (
        problems_of('<!doctype html><html><body><p id="a">x<br><img src="y"></p></body></html>')
        == []
    )
