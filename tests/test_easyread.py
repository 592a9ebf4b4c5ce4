"""Easy read as part of the site: pairing, addresses, head links, rows, words to know,
the "Easy read" index and links that keep readers in easy read."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest

from scf.build import SiteBuild
from scf.content.glossary import load_glossary
from scf.content.problems import ContentError
from scf.views.easyread import Icons
from site_project import NOW, THEME, Project

GLOSSARY = """\
# Words to know
social care: Help for adults to live their lives.
"#socialcarefuture": The name of our network.
campaign: Work to change something.
council: The people who run services in your area.
"""
VISION = """\
---
title: Our vision in easy read
summary: What we want.
---

## What we want

![A person speaking](:material-account-voice:)
We want good social care. Social care helps you.

![Two people holding hands](pictures/hands.png)
We run campaigns. Read [about us](../docs/about.md).
"""
PLEDGE = """\
---
title: Our pledge in easy read
summary: The pledge.
---

![A heart](:octicons-heart-16:)
We made a promise. Read [our vision](../../docs/vision.md).
"""
ALONE = """\
---
title: Help with money
summary: Where to get help.
standalone: true
---

![Coins](symbol:money)
You can get help with money.
"""


def make(root: Path, index: str | None = None) -> Project:
    project = Project(root)
    project.write("data/glossary.yml", GLOSSARY)
    project.write("docs/vision.md", "---\ntitle: Vision\nsummary: Our vision.\n---\n\n"
                  "The vision. See [about](about.md).\n")
    project.write("docs/about.md", "---\ntitle: About\nsummary: About us.\n---\n\nAbout us. "
                  "See [the vision](vision.md) and [the pledge](../posts/2024-05-01-pledge.md).\n")
    project.post("2024-05-01-pledge")
    project.post("2024-06-01-other")
    project.write("easyread/vision.md", VISION)
    project.write("easyread/pictures/hands.png", b"\x89PNG\r\n\x1a\n")
    project.write("easyread/posts/2024-05-01-pledge.md", PLEDGE)
    project.write("easyread/money.md", ALONE)
    if index is not None:
        project.write("easyread/index.md", index)
    project.config["nav"].append({"Easy read": "easy-read/index.md"})
    return project


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    project = make(tmp_path_factory.mktemp("easyread") / "project", index=(
        "---\ntitle: Easy read\nsummary: Easy read pages.\n---\n\n"
        "![An open book](:material-book-open-variant:)\nThese pages are easy to read.\n"))
    project.build()
    return project


def links(html: str) -> list[str]:
    return re.findall(r"<a\b[^>]*>", html)


def href(tag: str) -> str:
    return re.search(r'href="([^"]*)"', tag).group(1)


# -- pairing and addresses -----------------------------------------------------------------

def test_pairing_both_ways_and_addresses(tmp_path):
    project = make(tmp_path / "p")
    project.save_config()
    build = SiteBuild(project.root, now=__import__("datetime").datetime.fromisoformat(NOW), theme=THEME)
    site = build.site
    by_source = {e.source: e for e in site.easy_read}
    vision = next(p for p in site.pages if p.source == "docs/vision.md")
    pledge = next(p for p in site.posts if p.source == "posts/2024-05-01-pledge.md")
    assert by_source["easyread/vision.md"].standard is vision
    assert site.easy_read_for(vision) is by_source["easyread/vision.md"]
    assert by_source["easyread/vision.md"].url == "easy-read/vision/"
    assert by_source["easyread/posts/2024-05-01-pledge.md"].standard is pledge
    assert site.easy_read_for(pledge).url == "easy-read/2024/05/01/pledge/"
    assert by_source["easyread/money.md"].standard is None
    assert by_source["easyread/money.md"].url == "easy-read/money/"
    about = next(p for p in site.pages if p.source == "docs/about.md")
    assert site.easy_read_for(about) is None


def test_head_links_and_switch_both_ways(built):
    standard, easy = built.html("vision"), built.html("easy-read/vision")
    assert '<link rel="alternate" href="../easy-read/vision/" title="Easy read"' in standard
    assert '<a href="../easy-read/vision/" data-scf-keep>Easy read version</a>' in standard
    assert '<link rel="alternate" href="../../vision/" title="Standard version"' in easy
    assert '<a href="../../vision/" data-scf-keep>Standard version</a>' in easy
    post = built.html("easy-read/2024/05/01/pledge")
    assert '<a href="../../../../../2024/05/01/pledge/" data-scf-keep>Standard version</a>' in post
    assert "Easy read version" in built.html("2024/05/01/pledge")
    assert "Easy read version" not in built.html("about")  # no easy read version
    assert "Standard version" not in built.html("easy-read/money")  # stands alone


def test_an_easy_read_file_without_a_standard_page_fails_the_build(tmp_path):
    project = make(tmp_path / "p")
    project.write("easyread/nothing.md", ALONE.replace("standalone: true\n", ""))
    result = project.run("mkdocs", "build", "--strict")
    assert result.returncode != 0
    assert ("easyread/nothing.md:1: this easy read file has no standard version: there is no docs/nothing.md"
            in result.stderr)
    assert "Traceback" not in result.stderr


# -- staying in easy read ----------------------------------------------------------------------

@pytest.mark.parametrize("page", ["easy-read/vision", "easy-read/2024/05/01/pledge", "easy-read/money",
                                  "easy-read"])
def test_every_link_on_an_easy_read_page_stays_in_easy_read(built, page):
    has_easy_read = {"", "vision/", "2024/05/01/pledge/"}  # standard pages with an easy read version
    html = built.html(page)
    for tag in links(html):
        target = urljoin(f"https://example.org/{page}/", href(tag))
        path = target.removeprefix("https://example.org/").split("#")[0]
        if "data-scf-keep" in tag:
            assert "Standard version" in html[html.index(tag):html.index(tag) + len(tag) + 30]
            continue
        assert path not in has_easy_read, f"{tag} leads out of easy read"


def test_links_are_swapped_in_content_and_navigation(built):
    pledge = built.html("easy-read/2024/05/01/pledge")
    assert '<a href="../../../../vision/">our vision</a>' in pledge  # content: easy-read/vision/
    assert 'href="../../../../" class="md-nav__link' in pledge  # navigation: Home -> easy-read/
    vision = built.html("easy-read/vision")
    assert '<a href="../../about/">about us</a>' in vision  # no easy read version: unchanged
    assert 'href="../../blog/"' in vision
    # standard pages are left alone
    assert '<a href="../vision/">the vision</a>' in built.html("about")


# -- rows, pictures, words to know ---------------------------------------------------------

def test_rows_have_the_picture_beside_the_text_with_alt_text(built):
    html = built.html("easy-read/vision")
    rows = re.findall(r'<div class="scf-row">(.*?)</div>\s*</div>', html, re.S)
    assert len(rows) == 2
    picture, text = rows[0].split('<div class="scf-row__text">')
    assert '<svg class="scf-row__icon" role="img" aria-label="A person speaking"' in picture
    assert "We want good" in text
    image = re.search(r'<img alt="Two people holding hands" src="([^"]+)"', rows[1]).group(1)
    assert (built.root / "site/easy-read/vision" / image).resolve() == \
        (built.root / "site/easy-read/pictures/hands.png").resolve()
    assert (built.root / "site/easy-read/pictures/hands.png").exists()


def test_icons_are_read_once(monkeypatch):
    icons, reads = Icons(THEME.icons), []
    original = Path.read_text
    monkeypatch.setattr(Path, "read_text", lambda self, *a, **k: reads.append(self) or original(self, *a, **k))
    for _ in range(3):
        assert icons.svg("material-home").startswith("<svg")
        assert icons.svg("fontawesome-solid-house").startswith("<svg")
    assert icons.svg("material-no-such-icon") is None
    assert len(reads) == 2


def test_words_to_know_are_marked_once_and_explained(built):
    html = built.html("easy-read/vision")
    assert html.count('class="scf-word"') == 2
    assert '<a class="scf-word" href="#scf-word-social-care">social care</a>. Social care helps' in html
    assert '<a class="scf-word" href="#scf-word-campaign">campaigns</a>' in html  # plural
    box = re.search(r'<aside class="scf-words".*?</aside>', html, re.S).group(0)
    assert '<h2 id="scf-words-title">Words to know</h2>' in box
    assert re.findall(r"<dt[^>]*>(.*?)</dt>", box) == ["campaign", "social care"]
    assert "<dd>Help for adults to live their lives.</dd>" in box
    assert "scf-words" not in built.html("easy-read/money")  # uses no listed word


def test_the_easy_read_index_lists_every_easy_read_page(built):
    html = built.html("easy-read")
    assert "These pages are easy to read." in html  # the editors' text stays
    pages = html[html.index('id="scf-easy-read-pages"'):html.index('id="scf-easy-read-posts"')]
    posts = html[html.index('id="scf-easy-read-posts"'):]
    assert re.findall(r'<li><a href="([^"]+)">([^<]+)</a>', pages) == [
        ("money/", "Help with money"), ("vision/", "Our vision in easy read")]
    assert '<li><a href="2024/05/01/pledge/">Our pledge in easy read</a> (1 May 2024)</li>' in posts
    assert "other" not in posts.lower().split("</article>")[0]  # posts without easy read are not listed


def test_the_easy_read_index_is_made_when_there_is_no_index_file(tmp_path):
    project = make(tmp_path / "p")
    project.build()
    html = project.html("easy-read")
    assert "<h1>Easy read</h1>" in html
    assert '<a href="vision/">Our vision in easy read</a>' in html
    assert '<a href="easy-read/" data-scf-keep>Easy read version</a>' in project.html("")


def test_easy_read_css_and_script_load_only_on_easy_read_pages(built):
    for page in ("easy-read/vision", "easy-read"):
        html = built.html(page)
        assert "assets/stylesheets/easy-read.css" in html and "assets/javascripts/listen.js" in html
    for page in ("vision", "about", "", "blog"):
        html = built.html(page)
        assert "easy-read.css" not in html and "listen.js" not in html


# -- errors from the build -------------------------------------------------------------------

def test_lint_errors_fail_the_build_and_warnings_do_not(tmp_path):
    project = make(tmp_path / "p")
    project.write("easyread/vision.md", VISION + "\nWe can't stop now.\n")
    result = project.run("mkdocs", "build", "--strict")
    assert result.returncode != 0
    assert "easyread/vision.md:14: this paragraph has no picture." in result.stderr
    assert "Traceback" not in result.stderr

    project.write("easyread/vision.md", VISION + "\n![A clock](:material-clock:)\nWe can't stop now.\n")
    result = project.run("mkdocs", "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "easyread/vision.md:15: warning: contractions: \"can't\"" in result.stderr


def test_mistakes_in_the_word_list_are_reported_with_their_line(tmp_path):
    path = tmp_path / "data" / "glossary.yml"
    path.parent.mkdir()
    path.write_text("social care: Help.\nadvocacy:\nSocial care: Again.\n", encoding="utf-8")
    words, problems = load_glossary(tmp_path, "data/glossary.yml")
    assert [w.word for w in words] == ["social care"]
    assert [str(p) for p in problems] == [
        "data/glossary.yml:2: the word 'advocacy' has no explanation. "
        "Fix: write 'advocacy: an easy explanation in one or two short sentences'",
        "data/glossary.yml:3: the word 'Social care' is listed twice. Fix: keep one of them"]
    path.write_text("- a list\n- not words\n", encoding="utf-8")
    assert [str(p) for p in load_glossary(tmp_path, "data/glossary.yml")[1]] == [
        "data/glossary.yml:1: the word list must be lines of 'word: explanation'. "
        "Fix: write each hard word, a colon, then its easy explanation on one line"]


def test_a_broken_word_list_stops_the_build(tmp_path):
    project = make(tmp_path / "p")
    project.write("data/glossary.yml", "social care: [unclosed\n")
    project.save_config()
    with pytest.raises(ContentError) as error:
        SiteBuild(project.root, theme=THEME)
    assert error.value.problems[0].file == "data/glossary.yml"


def test_the_scf_command_lints_easy_read_files(tmp_path):
    project = make(tmp_path / "p")
    project.write("easyread/vision.md", VISION + "\nNo picture here.\n")
    result = project.run("scf", "easyread-lint")
    assert result.returncode == 1
    assert "easyread/vision.md:14: error: this paragraph has no picture." in result.stdout
    result = project.run("scf", "easyread-lint", "easyread/money.md")
    assert result.returncode == 0 and result.stdout == ""
