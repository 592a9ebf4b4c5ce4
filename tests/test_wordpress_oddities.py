"""Every oddity of a WordPress export (a tab inside a URL scheme, a year-1 date, control
characters, a marked section in a body...) becomes a reported item or a `file:line` message
from the importer, never an internal error, and what it writes passes the site's checks."""
from __future__ import annotations

import datetime as dt
import shutil
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scf.content.model import read_site
from scf.content.problems import ContentError
from scf.content.settings import read_settings
from scf.integrations.wordpress import Options, import_wordpress
from site_project import Project
from wordpress_site import make_site

NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)
HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Old</title><link>https://old.example</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:author><wp:author_login>ann</wp:author_login><wp:author_display_name>Ann Author</wp:author_display_name></wp:author>
<wp:author><wp:author_login>odd</wp:author_login><wp:author_display_name>Odd\u2028One \u202e&#x85;</wp:author_display_name></wp:author>
"""
# XML 1.0 can carry neither these nor lone surrogates: an export never holds them as text.
XML_TEXT = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\ufffe\uffff",
                         min_codepoint=1).filter(lambda c: c in "\t\n\r" or ord(c) >= 0x20)
ODD_TEXT = st.one_of(st.text(XML_TEXT, max_size=30), st.sampled_from([
    "", " ", "ht\ttp://old.example/2020/01/02/a/", "java\tscript:alert(1)", "https://old.example/?p=5",
    "https://old.example/a b/", "//evil.example/", "/\\evil.example/", "https://old.example/*",
    "0001-01-01 00:00:00", "0000-00-00 00:00:00", "9999-12-31 23:59:59", "2020-02-30 10:00:00",
    "-0001-11-30 00:00:00", "2020-01-02T03:04:05+25:00", "<![if !supportLists]>x<![endif]>", "<![x y]>",
    "\u202eevil", "a\u2028b", "\x85", "&#1;", "<script>alert(1)</script>", "[caption]x", "[gallery ids=\"a\"]",
    "<ul>" * 40 + "x", "<blockquote>" * 300 + "x", "**" * 50 + "x", "    " * 40 + "- deep"]))


def item(fields: dict) -> str:
    def tag(name: str) -> str:
        return f"<{name}>{escape(fields[name])}</{name}>"
    cats = "".join(f'<category domain="category" nicename="{escape(n, {chr(34): "&quot;"})}">{escape(n)}</category>'
                   for n in fields["categories"])
    return ("<item>" + "".join(tag(n) for n in ("title", "link", "dc:creator", "guid", "content:encoded",
                                                 "excerpt:encoded", "wp:post_id", "wp:post_date",
                                                 "wp:post_date_gmt", "wp:post_name", "wp:status",
                                                 "wp:post_type", "wp:post_parent"))
            + cats + "</item>")


FIELDS = st.fixed_dictionaries({
    "title": ODD_TEXT, "link": ODD_TEXT, "dc:creator": st.sampled_from(["ann", "", "nobody", "a\tb", "odd"]),
    "guid": ODD_TEXT, "content:encoded": ODD_TEXT, "excerpt:encoded": ODD_TEXT,
    "wp:post_id": st.sampled_from(["1", "2", "", "x", "9" * 23]),
    "wp:post_date": st.one_of(ODD_TEXT, st.just("2020-05-06 07:08:09")),
    "wp:post_date_gmt": st.one_of(ODD_TEXT, st.just("2020-05-06 06:08:09")),
    "wp:post_name": ODD_TEXT, "wp:status": st.sampled_from(["publish", "publish", "draft", ""]),
    "wp:post_type": st.sampled_from(["post", "post", "page"]), "wp:post_parent": st.sampled_from(["0", "1", ""]),
    "categories": st.lists(ODD_TEXT, max_size=2),
})


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return make_site(Project(tmp_path_factory.mktemp("wp")))


@settings(deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(items=st.lists(FIELDS, min_size=1, max_size=3))
def test_an_odd_export_is_reported_never_an_internal_error(base, tmp_path_factory, items):
    root = tmp_path_factory.mktemp("odd")
    shutil.copytree(base.root, root, dirs_exist_ok=True)
    export = root / "export.xml"
    export.write_text(HEAD + "".join(item(f) for f in items) + "</channel></rss>", encoding="utf-8")
    try:
        import_wordpress(root, export, Options(pages=True))
    except ContentError as error:
        assert error.problems and all(p.file and p.message for p in error.problems)
        return
    settings_, problems = read_settings(root)
    site, found = read_site(settings_, NOW)
    # What the importer wrote is content like any other: every value passes the schema.
    assert not [p for p in problems + found if p.file.startswith(("posts/", "docs/", "data/"))], \
        "\n".join(map(str, found))


@pytest.mark.parametrize("field, value", [("link", "ht\ttp://old.example/2020/01/02/a/"),
                                          ("wp:post_date_gmt", "0001-01-01 00:00:00"),
                                          ("wp:post_date", "0001-01-01 00:00:00")])
def test_regression_a_tab_in_a_scheme_and_a_year_1_date(base, tmp_path, field, value):
    shutil.copytree(base.root, tmp_path, dirs_exist_ok=True)
    fields = {"title": "A post", "link": "https://old.example/2020/01/02/a/", "dc:creator": "ann",
              "guid": "https://old.example/?p=1", "content:encoded": "Words.", "excerpt:encoded": "",
              "wp:post_id": "1", "wp:post_date": "2020-01-02 10:00:00", "wp:post_date_gmt": "",
              "wp:post_name": "a", "wp:status": "publish", "wp:post_type": "post", "wp:post_parent": "0",
              "categories": ["News"], field: value}
    export = tmp_path / "export.xml"
    export.write_text(HEAD + item(fields) + "</channel></rss>", encoding="utf-8")
    try:
        report = import_wordpress(tmp_path, export, Options())
    except ContentError as error:
        assert all(p.file == str(export) for p in error.problems)
        assert any("date" in p.message for p in error.problems)
        return
    assert report.written
    settings_, _ = read_settings(tmp_path)
    assert read_site(settings_, NOW)[1] == []
    written = (tmp_path / report.written[0]).read_text(encoding="utf-8")
    assert "date: 2020-01-02 10:00:00" in written  # the local date, when the UTC one is out of range
    if field == "link":  # a tab is no part of an address (browsers and urllib drop it)
        assert "original_url: http://old.example/2020/01/02/a/" in written


def test_regression_two_items_with_one_label_and_one_guid(base, tmp_path):
    """Two items alike but for their date have the same label: the guid stays the first file's."""
    shutil.copytree(base.root, tmp_path, dirs_exist_ok=True)
    fields = {"title": "", "link": "", "dc:creator": "ann", "guid": "000", "content:encoded": "",
              "excerpt:encoded": "", "wp:post_id": "1", "wp:post_date": "",
              "wp:post_date_gmt": "2020-05-06 06:08:09", "wp:post_name": "", "wp:status": "publish",
              "wp:post_type": "post", "wp:post_parent": "0", "categories": []}
    export = tmp_path / "export.xml"
    export.write_text(HEAD + item(fields) + item({**fields, "wp:post_date": "2020-05-06 07:08:09"})
                      + "</channel></rss>", encoding="utf-8")
    report = import_wordpress(tmp_path, export, Options())
    assert len(report.written) == 2 and len(report.duplicate_guids) == 1
    settings_, _ = read_settings(tmp_path)
    assert read_site(settings_, NOW)[1] == []
