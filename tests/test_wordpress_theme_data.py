"""WordPress's own theme unit test data (tests/fixtures/wordpress/README.md) imports and the
strict build passes with no edit; every old address still answers; nothing is lost unsaid."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from scf.integrations.wordpress import Options, import_wordpress
from scf.integrations.wordpress.html_to_markdown import html_to_markdown, title_text
from site_project import REPO, Project

THEME_DATA = Path(__file__).parent / "fixtures" / "wordpress" / "themeunittestdata.wordpress.xml"
WP = "{https://wordpress.org/export/1.2/}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The theme unit test data imported with --comments into a project with the site's
    Markdown extensions, then built with --strict: (project, report text)."""
    project = Project(tmp_path_factory.mktemp("theme") / "project")
    project.config["markdown_extensions"] = yaml.safe_load((REPO / "mkdocs.yml").read_text())["markdown_extensions"]
    project.write("data/wordpress-categories.yml", "categories: {}\nfallback: Campaigning\n")
    result = project.run("scf", "import-wordpress", str(THEME_DATA), "--comments", "--report", "report.txt")
    assert result.returncode == 0, result.stderr
    check = project.run("scf", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    project.build()
    return project, (project.root / "report.txt").read_text(encoding="utf-8")


def published_posts() -> list[ET.Element]:
    items = ET.parse(THEME_DATA).getroot().iter("item")
    return [i for i in items if i.findtext(f"{WP}post_type") == "post" and i.findtext(f"{WP}status") == "publish"
            and not i.findtext(f"{WP}post_password")]


def resolves(site: Path, path: str) -> bool:
    """The built site answers the path: with the page, or with a page that sends readers to it."""
    page = site / unquote(path).strip("/") / "index.html"
    if not page.is_file():
        return False
    moved = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page.read_text(encoding="utf-8"))
    return not moved or (site / moved[1].strip("/") / "index.html").is_file()


def test_every_published_post_is_there_at_its_old_address(built):
    project, _ = built
    site = project.root / "site"
    posts = published_posts()
    assert len(posts) == 55 and len(list((project.root / "posts").glob("*.md"))) == 55
    for item in posts:
        assert resolves(site, urlsplit(item.findtext("link")).path), item.findtext("link")
    # A dated permalink is kept as it was, even where WordPress's dates disagree with it.
    assert (site / "2018/11/02/block-cover/index.html").is_file()
    assert (site / "2009/09/05/edge-case-no-title/index.html").is_file()
    # An undated one gets a static page (no script) with rel=canonical, and the host rule.
    moved = (site / "wp-6-1-font-size-scale/index.html").read_text(encoding="utf-8")
    assert '<link rel="canonical" href="https://example.org/2023/01/16/wp-6-1-font-size-scale/">' in moved
    assert "<script" not in moved
    assert "/wp-6-1-font-size-scale/ /2023/01/16/wp-6-1-font-size-scale/ 301" in (site / "_redirects").read_text()


def test_no_redirect_rule_for_the_home_page(built):
    project, _ = built
    rules = [line.split() for line in (project.root / "site/_redirects").read_text().splitlines()
             if line and not line.startswith("#")]
    assert rules and all(source != "/" and "?" not in source for source, *_ in rules)
    assert "This page has moved" not in (project.root / "site/index.html").read_text(encoding="utf-8")


def test_the_report_says_what_was_left_out_and_why(built):
    _, report = built
    assert "draft posts: 1" in report and "scheduled posts: 1" in report
    assert "password-protected posts: 1" in report
    assert "'Template: Password Protected (the password is \"enter\")': password-protected: not imported, " \
           "never made public" in report
    assert "'Template: Sticky': sticky on the old blog" in report
    assert "pingbacks and trackbacks (not kept): 4" in report and "approved, kept under their post: 22" in report
    assert "[gallery] in 2 columns" in report
    assert "the 'site-logo' block (WordPress made its content)" in report
    assert "(still on the old site: shown as a link, not as a picture)" in report


def test_markup_survives_into_the_built_page(built):
    project, _ = built
    page = project.html("2013/01/11/markup-html-tags-and-formatting")
    assert "<del>strike out text</del>" in page and "<del>strike-through</del>" in page
    assert "H<sub>2</sub>O" in page and "MC<sup>2</sup>" in page
    assert "<dt>Definition List Title</dt>" in page and "<dd>Definition list division.</dd>" in page
    assert '<ol start="8">' in project.html("2012/01/03/template-comments")
    # The title's markup becomes its text; its entities stay as the characters they were.
    title = yaml.safe_load((project.root / "posts/2013-01-05-title-with-special-characters.md")
                           .read_text(encoding="utf-8").split("---")[1])["title"]
    assert title == "Markup: Title With Special Characters ~`!@#$%^&*()-_=+{}[]/\\;:'\"?,.>"


def test_no_remote_image_is_published(built):
    project, _ = built
    for page in (project.root / "site").rglob("index.html"):
        assert not re.search(r"<img[^>]+src=\"https?://", page.read_text(encoding="utf-8")), page


def test_comments_are_an_archive_without_emails_or_addresses(built):
    project, _ = built
    text = (project.root / "posts/2012-01-03-template-comments.md").read_text(encoding="utf-8")
    assert "## Comments from the old blog" in text and "Comments are closed" in text
    assert re.search(r"\*\*Jane Doe\*\* wrote on \d+ [A-Z][a-z]+ \d{4}:", text)  # name, then the date in words
    export = THEME_DATA.read_text(encoding="utf-8")
    for secret in set(re.findall(r"<wp:comment_(?:author_email|author_IP)>(?:<!\[CDATA\[)?([^<\]]+)", export)):
        assert secret not in text


def mini(tmp_path: Path, items: str) -> Path:
    path = tmp_path / "export.xml"
    path.write_text(f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="https://wordpress.org/export/1.0/">
<channel><wp:wxr_version>1.0</wp:wxr_version>{items}</channel></rss>""", encoding="utf-8")
    return path


def item(n: int, guid: str, title: str = "A post", content: str = "<p>Words.</p>", meta: str = "") -> str:
    return f"""<item><title>{title}</title><link>https://old.example/2020/05/0{n}/post-{n}/</link>
<guid isPermaLink="false">{guid}</guid><dc:creator>ann</dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded><wp:post_id>{n}</wp:post_id>
<wp:post_date>2020-05-0{n} 12:00:00</wp:post_date><wp:post_date_gmt>2020-05-0{n} 11:00:00</wp:post_date_gmt>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type>{meta}</item>"""


def test_a_guid_used_twice_is_kept_once_and_the_site_builds(project, tmp_path):
    project.write("data/wordpress-categories.yml", "categories: {}\nfallback: Campaigning\n")
    project.save_config()
    export = mini(tmp_path, item(1, "https://old.example/?p=1") + item(2, "https://old.example/?p=1"))
    report = import_wordpress(project.root, export, Options())
    first, second = (project.root / "posts/2020-05-01-post-1.md", project.root / "posts/2020-05-02-post-2.md")
    assert "guid: https://old.example/?p=1" in first.read_text() and "guid:" not in second.read_text()
    assert report.duplicate_guids == [("posts/2020-05-02-post-2.md", "https://old.example/?p=1", "post 1 'A post'")]
    assert "Guids used by more than one post" in report.text()
    assert import_wordpress(project.root, export, Options()).written == []  # found again, not doubled
    assert project.run("scf", "check").returncode == 0


def test_footnotes_become_markdown_footnotes_and_a_title_keeps_its_words(project, tmp_path):
    project.write("data/wordpress-categories.yml", "categories: {}\nfallback: Campaigning\n")
    project.save_config()
    notes = '[{"id":"a1","content":"The <em>first</em> note."}]'
    content = '<!-- wp:paragraph --><p>Care<sup data-fn="a1" class="fn"><a href="#a1" id="a1-link">1</a></sup>.</p>' \
              '<!-- /wp:paragraph --><!-- wp:footnotes /-->'
    meta = f"<wp:postmeta><wp:meta_key>footnotes</wp:meta_key><wp:meta_value><![CDATA[{notes}]]></wp:meta_value></wp:postmeta>"
    report = import_wordpress(project.root, mini(tmp_path, item(1, "g1", "About &amp;lt;html&amp;gt;", content, meta)),
                              Options())
    text = (project.root / "posts/2020-05-01-post-1.md").read_text()
    assert "Care[^1]." in text and "[^1]: The *first* note." in text
    assert report.shortcodes == []  # the footnotes block is not "lost": its notes are there
    assert "title: About ‹html>" in text


@pytest.mark.parametrize("html, markdown", [
    ("<p><del>old</del> <s>gone</s> H<sub>2</sub>O E=MC<sup>2</sup> <sup>two words</sup></p>",
     "~~old~~ ~~gone~~ H~2~O E=MC^2^ ^two\\ words^"),
    ("<dl><dt>Term</dt><dd>What it means.</dd></dl>", "Term\n:   What it means."),
    ("<p>~ and ^ are text</p><p>: not a definition</p>", "\\~ and \\^ are text\n\n&#58; not a definition"),
])
def test_html_to_markdown_keeps_what_the_extensions_show(html, markdown):
    assert html_to_markdown(html).markdown.strip() == markdown


def test_a_picture_left_on_the_old_site_becomes_a_link():
    converted = html_to_markdown('<a href="https://old.example/big.jpg"><img src="https://old.example/s.jpg" alt="A">'
                                 '</a><img src="https://old.example/t.jpg">', image_src=lambda src: None)
    assert converted.markdown.strip() == "[Image: A](https://old.example/big.jpg)[Image: t.jpg](https://old.example/t.jpg)"


def test_title_text():
    assert title_text("Title <em>With</em> <b>Mark<sup>up</sup></b>") == "Title With Markup"
    assert title_text("About <html> & more") == "About ‹html> & more"
