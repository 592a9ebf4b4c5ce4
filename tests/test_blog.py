"""The blog, checked from the built HTML of a small fixture site."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

CATS = ["Campaigning", "Research and framing", "Gatherings"]


def links(html: str) -> list[str]:
    return re.findall(r'href="([^"]+)"', html)


def teaser_titles(html: str) -> list[str]:
    return re.findall(r'<article class="scf-teaser">\s*<h2><a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture(scope="module")
def blog(tmp_path_factory):
    from site_project import Project

    project = Project(tmp_path_factory.mktemp("blog") / "project")
    # 25 posts, one a day in January and February 2024, newest is "Post 25".
    for n in range(1, 26):
        day = f"2024-01-{n:02d}" if n <= 20 else f"2024-02-{n - 20:02d}"
        project.post(f"{day}-post-{n}", title=f"Post {n}", date=day,
                     categories=[CATS[n % 3]], authors=["ann-author" if n % 2 else "bob-writer"],
                     summary=f"Summary of post {n}.")
    project.post("2024-03-01-long-title", title="A title that editors may change", slug="kept",
                 date="2024-03-01", body="Intro with a [link](2024-01-01-post-1.md).\n\n<!-- more -->\n\nHidden.\n",
                 categories=["Campaigning", "Gatherings"])
    project.post("2024-03-02-secret", title="Secret draft", date="2024-03-02", draft=True)
    project.post("2027-01-01-future", title="Future post", date="2027-01-01")
    project.build()
    return project


def test_post_address_is_date_and_slug_from_file_name(blog):
    html = blog.html("2024/01/05/post-5")
    assert "<h1>Post 5</h1>" in html


def test_slug_field_wins_and_title_does_not_move_the_post(project):
    project.post("2024-03-01-long-title", title="First title", slug="kept", date="2024-03-01")
    project.build()
    assert "First title" in project.html("2024/03/01/kept")
    project.post("2024-03-01-long-title", title="A completely new title", slug="kept", date="2024-03-01")
    project.build()
    assert "A completely new title" in project.html("2024/03/01/kept")
    assert [p.name for p in (project.root / "site/2024/03/01").iterdir()] == ["kept"]


def test_post_page_shows_its_details(blog):
    html = blog.html("2024/01/05/post-5")
    assert '<time datetime="2024-01-05T00:00:00+00:00">5 January 2024</time>' in html
    assert '<a href="../../../../blog/author/ann-author/">Ann Author</a>' in html
    assert '<a href="../../../../blog/category/gatherings/">Gatherings</a>' in html
    assert "1 min read" in html
    assert '<meta name="description" content="Summary of post 5.">' in html


def test_summer_dates_use_british_summer_time(project):
    project.post("2024-07-01-summer", date="2024-07-01 09:30")
    project.build()
    assert 'datetime="2024-07-01T09:30:00+01:00"' in project.html("2024/07/01/summer")


def test_newer_older_and_related_posts(blog):
    html = blog.html("2024/01/05/post-5")
    assert 'href="../../04/post-4/" rel="prev">Older post: Post 4' in html
    assert 'href="../../06/post-6/" rel="next">Newer post: Post 6' in html
    related = re.search(r'<section class="scf-related".*?</section>', html, re.S).group(0)
    # Post 5 is in CATS[2] with posts 2, 8, 11, 14, 17, 20, 23 and the "kept" post; newest first.
    assert re.findall(r">([^<]+)</a> <span", related) == ["A title that editors may change", "Post 23", "Post 20"]


def test_blog_index_is_paginated_newest_first(blog):
    first = teaser_titles(blog.html("blog"))
    assert first[:2] == ["A title that editors may change", "Post 25"] and len(first) == 10
    second = teaser_titles(blog.html("blog/page/2"))
    assert second[0] == "Post 16" and len(second) == 10
    third = teaser_titles(blog.html("blog/page/3"))
    assert third[-1] == "Post 1" and len(third) == 6
    assert not (blog.root / "site/blog/page/4").exists()
    assert "Page 2 of 3" in blog.html("blog/page/2")
    assert 'href="../3/" rel="next"' in blog.html("blog/page/2")
    assert 'href="../../" rel="prev"' in blog.html("blog/page/2")


def test_excerpt_up_to_more_or_summary(blog):
    html = blog.html("blog")
    assert "Intro with a" in html and "Hidden." not in html
    assert 'href="../2024/01/01/post-1/"' in html  # the excerpt's link works from the listing
    assert "<p>Summary of post 25.</p>" in html


def test_category_pages_list_only_their_posts(blog):
    html = blog.html("blog/category/gatherings")
    titles = teaser_titles(html)
    assert titles and all(t == "A title that editors may change" or int(t.split()[1]) % 3 == 2 for t in titles)
    overview = blog.html("blog/categories")
    assert 'href="../category/gatherings/">Gatherings</a> (9 posts)' in overview


def test_author_page_has_bio_and_posts(blog):
    html = blog.html("blog/author/bob-writer")
    assert "Bob studies stories." in html and "Researcher" in html
    assert all(int(t.split()[1]) % 2 == 0 for t in teaser_titles(html) if t.startswith("Post"))


def test_archive_by_year_and_month(blog):
    assert "February 2024" in blog.html("blog/archive")
    feb = teaser_titles(blog.html("2024/02"))
    assert feb == ["Post 25", "Post 24", "Post 23", "Post 22", "Post 21"]
    year = blog.html("2024")
    assert "<h1>2024</h1>" in year
    assert 'href="02/">February 2024</a> (5 posts)' in year and 'href="01/">January 2024</a>' in year


def test_listings_link_to_each_other_and_are_in_the_navigation(blog):
    html = blog.html("blog/category/gatherings")
    for target in ("../../", "../../categories/", "../../authors/", "../../archive/"):
        assert f'href="{target}"' in html
    home = blog.html("")
    for target in ("blog/", "blog/categories/", "blog/authors/", "blog/archive/"):
        assert f'href="{target}"' in home


def all_output(site: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in site.rglob("*") if p.is_file() and p.suffix in {".html", ".xml", ".json", ".txt", ""})


def test_drafts_are_absent_everywhere(blog):
    site = blog.root / "site"
    assert not (site / "2024/03/02/secret").exists()
    assert "Secret draft" not in all_output(site) and "/secret/" not in all_output(site)


def test_future_post_appears_on_its_date(blog):
    site = blog.root / "site"
    assert not (site / "2027/01/01/future").exists()
    assert "Future post" not in all_output(site)
    blog.build(now="2027-01-01T00:00:00+00:00")
    assert "Future post" in blog.html("2027/01/01/future")
    assert "Future post" in blog.html("blog")
    blog.build()


def test_serve_shows_drafts_marked(blog, monkeypatch):
    from scf.build import SiteBuild
    from site_project import THEME

    monkeypatch.setenv("SCF_NOW", "2026-11-23T12:00:00+00:00")
    build = SiteBuild(blog.root, serving=True, theme=THEME)
    titles = [p.title for p in build.site.posts]
    assert "Secret draft" in titles and "Future post" in titles
    assert [p.title for p in build.site.published_posts][:1] == ["A title that editors may change"]


def test_serve_marks_drafts_on_the_page(blog):
    import os

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["SCF_NOW"] = "2026-11-23T12:00:00+00:00"
    config = load_config(str(blog.root / "mkdocs.yml"), site_dir=str(blog.root / "served"))
    config.plugins.on_startup(command="serve", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_startup(command="build", dirty=False)
    page = (blog.root / "served/2024/03/02/secret/index.html").read_text()
    assert "Draft: this post is only shown on your computer" in page
    assert "Scheduled: this post will be published on 1 January 2027" in (
        blog.root / "served/2027/01/01/future/index.html").read_text()

