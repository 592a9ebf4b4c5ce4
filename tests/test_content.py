"""The real site has every page the network needs, and every page can be reached from the navigation."""
from __future__ import annotations

import datetime as dt
import posixpath
import re
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
import yaml

from scf.content.model import load_site
from scf.content.settings import load_settings
from site_project import NOW, REPO

REQUIRED_IN_NAV = ["index.md", "vision.md", "csr-letter.md", "theory-of-change.md", "case-studies/index.md",
                   "blog/index.md", "get-involved.md", "about.md", "easy-read/index.md", "accessibility.md"]
EASY_READ_PAGES = ["index.md", "vision.md", "csr-letter.md", "theory-of-change.md", "about.md", "get-involved.md"]
EASY_READ_POSTS = ["whose-social-care-is-it-anyway-call-for-views", "join-us-in-manchester",
                   "talking-about-a-brighter-social-care-future", "whose-social-care-is-it-anyway"]
_HREF = re.compile(r"""<a\s[^>]*?href=["']([^"']+)["']""", re.I)


def nav_files(items) -> list[str]:
    found = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        found += nav_files(value) if isinstance(value, list) else [value]
    return found


@pytest.fixture(scope="module")
def site():
    settings = load_settings(REPO)
    return load_site(settings, dt.datetime.fromisoformat(NOW))


@pytest.fixture(scope="module")
def built(real_site: Path) -> Path:
    return real_site


def html(built: Path, url: str) -> str:
    return (built / url / "index.html").read_text(encoding="utf-8")


def test_the_navigation_has_every_main_page():
    nav = nav_files(yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["nav"])
    assert [page for page in REQUIRED_IN_NAV if page not in nav] == []


def test_the_main_pages_are_written_not_placeholders(site):
    pages = {page.source: page for page in site.pages}
    for name in ("index", "vision", "csr-letter", "theory-of-change", "about", "get-involved", "accessibility",
                 "case-studies/index"):
        page = pages[f"docs/{name}.md"]
        assert "placeholder" not in page.summary.lower() and "being written" not in page.body, name
        assert len(page.body.split()) > 60, name


def test_at_least_six_case_studies_with_place_organisation_and_themes(site):
    studies = [page for page in site.pages if page.type == "case-study"]
    assert len(studies) >= 6
    for study in studies:
        assert study.source.startswith("docs/case-studies/")
        assert study.meta["place"] and study.meta["organisation"], study.source
        assert isinstance(study.meta["themes"], list) and study.meta["themes"], study.source


def test_the_case_studies_index_links_every_study_under_each_of_its_themes(site, built):
    index = html(built, "case-studies")
    sections = re.findall(r'<section class="scf-theme"[^>]*>\s*<h2 id="[^"]+">([^<]+)</h2>(.*?)</section>', index, re.S)
    by_theme = {theme: body for theme, body in sections}
    for study in (page for page in site.pages if page.type == "case-study"):
        slug = study.url[len("case-studies/"):]
        for theme in study.meta["themes"]:
            assert f'href="{slug}"' in by_theme[theme], (study.source, theme)


def test_fourteen_posts_each_with_authors_categories_summary_and_a_break(site):
    assert len(site.published_posts) >= 14
    for post in site.published_posts:
        assert post.authors and post.categories and post.summary and post.meta.get("slug"), post.source
        assert "<!-- more -->" in post.body, post.source
        assert all(a.bio and "placeholder" not in a.bio.lower() for a in post.authors), post.source
    assert not any("test-post" in post.source for post in site.posts)


def test_easy_read_versions_of_the_main_pages_and_four_posts(site):
    paired = {e.standard.source for e in site.easy_read if e.standard}
    assert [p for p in EASY_READ_PAGES if f"docs/{p}" not in paired] == []
    slugs = {e.standard.slug for e in site.easy_read if e.standard is not None and hasattr(e.standard, "slug")}
    assert [s for s in EASY_READ_POSTS if s not in slugs] == []


def test_the_home_page_lists_the_latest_posts_and_leads_to_easy_read(site, built):
    home = html(built, "")
    latest = home.split('id="scf-latest"', 1)[1]
    for post in site.published_posts[:5]:
        assert post.title in latest
    assert site.published_posts[5].title not in latest
    assert 'href="easy-read/"' in home


def test_the_404_page_leads_home_to_the_blog_and_to_easy_read(built):
    page = (built / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in page
    links = set(_HREF.findall(page.split('class="md-content"', 1)[1]))
    assert {"/", "/blog/", "/easy-read/"} <= links


def test_every_page_can_be_reached_from_the_navigation(site, built):
    """Follow links from the pages in the navigation; every page, post and easy read page is found."""
    start = [page[: -len("index.md")] if page.endswith("index.md") else page[:-3] + "/"
             for page in nav_files(yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["nav"])]
    seen, queue = set(start), list(start)
    while queue:
        url = queue.pop()
        path = built / url / "index.html"
        if not path.is_file():
            continue
        for href in _HREF.findall(path.read_text(encoding="utf-8")):
            target = urldefrag(urljoin("/" + url, href)).url
            if "://" in target or not target.endswith("/"):
                continue
            target = posixpath.normpath(target)[1:]
            target = target + "/" if target else ""
            if target not in seen:
                seen.add(target)
                queue.append(target)
    missing = [doc.source for doc in site.documents if doc.url not in seen]
    assert missing == []
