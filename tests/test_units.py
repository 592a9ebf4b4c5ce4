"""Unit tests of the pure modules: addresses (scf.pages.links), the blog's listings (scf.views.blog) and
the preview's page keys (scf.redraw). Fast, and without MkDocs: the model is read
from a small project's files, nothing is built."""
from __future__ import annotations

import dataclasses
import datetime as dt
import types

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scf.content.model import load_site, page_url
from scf.content.settings import load_settings
from scf.pages.links import absolute_urls, broken_links, rebase_html, rebase_markdown_links, relative_url
from scf.redraw import Shows, digest, page_keys, text_digest
from scf.views import blog

NOW = dt.datetime(2026, 11, 23, 12, tzinfo=dt.UTC)


# -- addresses -------------------------------------------------------------------------------

@pytest.mark.parametrize("src_uri, url", [
    ("index.md", ""), ("vision.md", "vision/"), ("blog/index.md", "blog/"),
    ("blog/page/2/index.md", "blog/page/2/"), ("easy-read/2024/05/01/one.md", "easy-read/2024/05/01/one/"),
])
def test_a_markdown_file_is_served_from_a_folder(src_uri, url):
    assert page_url(src_uri) == url


@pytest.mark.parametrize("target, here, link", [
    ("vision/", "2024/05/01/one/", "../../../../vision/"),
    ("blog/", "blog/", "./"),
    ("blog/page/2/", "blog/", "page/2/"),
    ("assets/card.png", "2024/05/01/one/", "../../../../assets/card.png"),
])
def test_relative_url_between_site_paths(target, here, link):
    assert relative_url(target, here) == link


def test_markdown_links_follow_the_file_to_its_new_place():
    paths = {"docs/vision.md": "vision.md", "posts/2024-05-02-two.md": "2024/05/02/two.md"}
    markdown = ("See [the vision](../docs/vision.md#aims), [two][2], [away](https://example.org/) "
                "and [here](#top).\n\n[2]: 2024-05-02-two.md\n")
    rebased = rebase_markdown_links(markdown, "posts/2024-05-01-one.md", "2024/05/01/one.md", paths)
    assert "[the vision](../../../vision.md#aims)" in rebased
    assert "[2]: ../02/two.md" in rebased
    assert "(https://example.org/)" in rebased and "(#top)" in rebased


def test_broken_links_name_the_line_and_skip_code_and_other_sites():
    body = "Fine [link](../docs/vision.md).\n\n`[code](gone.md)`\n\n[gone](missing.md) and [web](https://x.org/a.md)\n"
    problems = broken_links("posts/2024-05-01-one.md", body, 5, {"docs/vision.md": "vision.md"})
    assert [(p.line, "posts/missing.md" in p.message) for p in problems] == [(9, True)]


def test_html_links_move_between_pages_and_become_absolute_for_feeds():
    html = '<a href="../two/">Two</a> <img src="card.png"> <a href="https://x.org/">x</a>'
    assert rebase_html(html, "2024/05/01/one/", "blog/") == (
        '<a href="../2024/05/01/two/">Two</a> <img src="../2024/05/01/one/card.png"> <a href="https://x.org/">x</a>')
    assert absolute_urls(html, "https://example.org/2024/05/01/one/") == (
        '<a href="https://example.org/2024/05/01/two/">Two</a> '
        '<img src="https://example.org/2024/05/01/one/card.png"> <a href="https://x.org/">x</a>')


# -- the blog's listings ---------------------------------------------------------------------

@pytest.fixture
def site(tmp_path):
    from site_project import Project

    project = Project(tmp_path / "project")
    project.settings["per_page"] = 2
    for n, (day, category, author) in enumerate([
            ("2024-01-10", "Campaigning", "ann-author"), ("2024-01-20", "Gatherings", "bob-writer"),
            ("2024-02-05", "Campaigning", "ann-author"), ("2023-12-24", "Campaigning", "ann-author")], 1):
        project.post(f"{day}-post-{n}", title=f"Post {n}", date=day, categories=[category], authors=[author])
    project.save_config()
    return load_site(load_settings(project.root), NOW)


def test_listings_paginate_newest_first_with_links_between_pages(site):
    pages = [listing for listing in blog.listings(site) if listing.kind == "blog"]
    assert [(p.src_uri, p.url, [post.title for post in p.posts]) for p in pages] == [
        ("blog/index.md", "blog/", ["Post 3", "Post 2"]),
        ("blog/page/2/index.md", "blog/page/2/", ["Post 1", "Post 4"])]
    assert (pages[0].previous, pages[0].next, pages[1].previous, pages[1].next) == (
        None, "blog/page/2/index.md", "blog/index.md", None)
    assert [p.title for p in pages] == ["Blog", "Blog (page 2 of 2)"]


def test_listings_by_category_author_month_and_year(site):
    found = {listing.src_uri: listing for listing in blog.listings(site)}
    assert [p.title for p in found["blog/category/campaigning/index.md"].posts] == ["Post 3", "Post 1"]
    assert [p.title for p in found["blog/author/bob-writer/index.md"].posts] == ["Post 2"]
    assert [p.title for p in found["2024/01/index.md"].posts] == ["Post 2", "Post 1"]
    assert found["2024/index.md"].groups == [("February 2024", "2024/02/index.md", 1),
                                             ("January 2024", "2024/01/index.md", 2)]
    assert found["blog/categories/index.md"].groups[0] == ("Campaigning", "blog/category/campaigning/index.md", 3)
    assert ("Gatherings", "blog/category/gatherings/index.md", 1) in found["blog/categories/index.md"].groups
    assert not found["blog/category/research-and-framing/index.md"].posts  # listed, and empty


def test_neighbours_are_the_next_posts_by_date_and_the_newest_sharing_a_category(site):
    near = blog.neighbours(site, limit=1)
    post_1 = next(p for p in site.posts if p.title == "Post 1")
    assert (near[id(post_1)].newer.title, near[id(post_1)].older.title) == ("Post 2", "Post 4")
    assert [p.title for p in near[id(post_1)].related] == ["Post 3"]


# -- the preview's page keys -----------------------------------------------------------------

def _keys(site, **changed_text) -> dict[str, str]:
    build = types.SimpleNamespace(site=site, serving=True, listings=blog.listings(site), symbol_files={},
                                  neighbours=blog.neighbours(site), made_from=None,
                                  documents={doc.src_uri: doc for doc in site.documents})
    text = {doc.src_uri: text_digest(doc) for doc in site.documents}
    text.update({uri: digest(value) for uri, value in changed_text.items()})
    return page_keys(build, text)


def test_page_keys_change_only_for_the_pages_that_show_the_changed_text(site):
    before = _keys(site)
    post_2 = next(p for p in site.posts if p.title == "Post 2")
    after = _keys(site, **{post_2.src_uri: "a new text"})
    changed = {uri for uri in before if before[uri] != after[uri]}
    assert post_2.src_uri == "2024/01/20/post-2.md"
    listings = {"blog/index.md", "blog/category/gatherings/index.md", "blog/author/bob-writer/index.md",
                "2024/01/index.md"}  # the listings it is on
    assert changed == {"2024/01/20/post-2.md", *listings}  # its neighbours show only its title
    assert "blog/page/2/index.md" not in changed and "2023/12/index.md" not in changed

    post_2.title = "A new title"
    retitled = _keys(site, **{post_2.src_uri: "a new text"})
    changed = {uri for uri in before if before[uri] != retitled[uri]}
    assert changed == {"2024/01/20/post-2.md", *listings,
                       "2024/02/05/post-3.md", "2024/01/10/post-1.md"}  # its newer and older neighbours


def test_a_change_of_structure_changes_every_key(site):
    before = _keys(site)
    post_4 = next(p for p in site.posts if p.title == "Post 4")
    site.posts[site.posts.index(post_4)] = dataclasses.replace(post_4, draft=True)
    after = _keys(site)
    assert all(before[uri] != after[uri] for uri in before)


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    from site_project import Project

    project = Project(tmp_path_factory.mktemp("many") / "project")
    project.settings["per_page"] = 2
    for n in range(12):
        project.post(f"2024-01-{n + 10}-post-{n}", title=f"Post {n}", date=f"2024-01-{n + 10}",
                     categories=[["Campaigning", "Gatherings", "Research and framing"][n % 3]],
                     authors=[["ann-author", "bob-writer"][n % 2]])
    project.save_config()
    return load_site(load_settings(project.root), NOW)


@given(data=st.data())
def test_the_keys_made_again_for_the_pages_showing_a_changed_text_are_the_keys_made_anew(many, data):
    """scf.redraw.Shows: while the structure is the same, a rebuild makes again only the keys of
    the pages showing a text (or title) that changed, and those the last build has none of;
    with the others kept, they are every key a full reckoning makes."""
    build = types.SimpleNamespace(site=many, serving=True, listings=blog.listings(many), symbol_files={},
                                  neighbours=blog.neighbours(many), made_from=None,
                                  documents={doc.src_uri: doc for doc in many.documents})
    text = {doc.src_uri: text_digest(doc) for doc in many.documents}
    before = page_keys(build, text, structure="the structure")
    shows = Shows.of(build)
    posts = many.posts
    edited = data.draw(st.lists(st.sampled_from(range(len(posts))), unique=True, max_size=4))
    retitled = data.draw(st.sets(st.sampled_from(edited))) if edited else set()
    dropped = data.draw(st.sets(st.sampled_from(sorted(before)), max_size=3))  # drawn again (`unspliced`)
    titles = {n: posts[n].title for n in retitled}
    try:
        for n in retitled:
            posts[n].title += " (edited)"
        now = {**text, **{posts[n].src_uri: digest("edited", n) for n in edited}}
        last = types.SimpleNamespace(keys={uri: key for uri, key in before.items() if uri not in dropped}, texts=text)
        redo = shows.changed(now, last)
        made = {**last.keys, **page_keys(build, now, structure="the structure", only=redo)}
        assert made == page_keys(build, now, structure="the structure")
        assert len(redo) < len(before) or edited or dropped  # an unchanged site makes no key again
    finally:
        for n, title in titles.items():
            posts[n].title = title


def _listed(listing):
    return (listing.src_uri, listing.title, listing.kind, listing.summary, [id(p) for p in listing.posts],
            listing.number, listing.pages, listing.previous, listing.next, listing.subject, listing.groups)


@given(data=st.data())
def test_views_with_posts_put_in_their_places_are_the_views_made_anew(many, data):
    """blog.Views.replaced (the preview's save of posts that stay in their places): the last
    site's listings and neighbours with the new posts put in are those made from the new site."""
    views = blog.Views.of(many)
    posts, replaced = list(many.posts), {}
    for n in data.draw(st.lists(st.sampled_from(range(len(posts))), unique=True, max_size=4)):
        new = dataclasses.replace(posts[n], title=posts[n].title + " (edited)")
        replaced[id(posts[n])], posts[n] = new, new
    site = dataclasses.replace(many, posts=posts)
    got = views.replaced(replaced)
    assert [_listed(listing) for listing in got.listings] == [_listed(listing) for listing in blog.listings(site)]
    assert {key: (id(near.newer), id(near.older), [id(p) for p in near.related])
            for key, near in got.neighbours.items()} == {
        key: (id(near.newer), id(near.older), [id(p) for p in near.related])
        for key, near in blog.neighbours(site).items()}


@given(cats=st.lists(st.lists(st.sampled_from("abcd"), max_size=3, unique=True), max_size=40),
       limit=st.integers(0, 4))
def test_neighbours_share_related_posts_as_if_each_were_found_alone(cats, limit):
    """A post outside the newest of every category gets its categories' shared related posts."""
    posts = [types.SimpleNamespace(title=f"Post {n}", categories=[types.SimpleNamespace(name=c) for c in names])
             for n, names in enumerate(cats)]
    site = types.SimpleNamespace(posts=posts)
    near = blog.neighbours(site, limit=limit)
    for i, post in enumerate(posts):  # the newest first: the related posts by that order
        shared = {c.name for c in post.categories}
        related = [p for p in posts if p is not post and shared & {c.name for c in p.categories}][:limit]
        assert near[id(post)].related == related
        assert (near[id(post)].newer, near[id(post)].older) == (posts[i - 1] if i else None,
                                                                 posts[i + 1] if i + 1 < len(posts) else None)


@given(st.sampled_from(["/site", "/site/", "relative"]), st.lists(st.text("ab/.é-", min_size=1), max_size=3))
def test_a_files_path_is_made_once_and_is_the_joined_path(root, parts):
    """scf.content.file_reads.path_of: os.path.join, kept; a Path root gives the same text."""
    import os
    from pathlib import Path

    from scf.content.file_reads import path_of

    rel = "/".join(parts).lstrip("/")
    assert path_of(root, rel) == os.path.join(root, rel)
    assert path_of(Path(root), rel) == os.path.join(Path(root), rel)
    assert path_of(root, rel) is path_of(root, rel)
    assert path_of(Path(root), rel) is path_of(Path(root), rel)  # each reading's settings give a new Path


def test_a_files_path_is_remembered_by_the_roots_text(monkeypatch):
    """Not by the root Path, which pathlib's own Python compares part by part (10,000 a save)."""
    from pathlib import Path, PurePath

    from scf.content.file_reads import path_of

    compared: list[object] = []
    eq = PurePath.__eq__
    monkeypatch.setattr(PurePath, "__eq__", lambda self, other: compared.append(self) or eq(self, other))
    assert path_of(Path("/site"), "posts/a.md") is path_of(Path("/site"), "posts/a.md")
    assert compared == []


@given(st.dictionaries(st.tuples(st.sampled_from("abcdef"), st.sampled_from(["links", "post", "words"])),
                       st.integers(), max_size=12),
       st.sets(st.sampled_from("abcdefg")))
def test_forgetting_files_drops_what_was_made_of_them_and_nothing_else(made, present):
    """scf.content.file_reads.FileReads.forget, by file (a save names 2,000 files, each with
    several things made of it)."""
    from scf.content.file_reads import FileReads

    reads: FileReads[object] = FileReads()
    for (path, what), value in made.items():
        reads.keep(path, what, "key", value)
    reads.forget(present)
    assert {(path, what): reads.kept(path, what, "key") for path, what in made} == {
        (path, what): value if path in present else None for (path, what), value in made.items()}


def test_what_is_made_of_an_object_is_kept_with_it_while_its_key_is_equal():
    """scf.content.file_reads.PerObject: made once per object and key, gone with the object."""
    import gc

    from scf.content.file_reads import PerObject

    class Doc:
        pass

    import weakref
    from dataclasses import dataclass

    @dataclass(eq=False)
    class Post:
        title: str

    made: list[str] = []
    kept, other = PerObject[str](), PerObject[str]()
    doc = Doc()
    assert [kept.get(doc, key, lambda k: made.append(k) or k.upper(), key) for key in "aab"] == ["A", "A", "B"]
    assert made == ["a", "b"]
    assert other.get(doc, "b", str.lower, "Z") == "z"  # each PerObject keeps its own
    assert kept.get(doc, "b", str.lower, "Z") == "B"
    gone = weakref.ref(doc)
    del doc
    gc.collect()
    assert gone() is None  # what is kept goes with the object
    post = Post("A title")  # the model's equality and repr do not see it
    kept.get(post, None, str, 1)
    assert repr(post) == "test_what_is_made_of_an_object_is_kept_with_it_while_its_key_is_equal.<locals>.Post(title='A title')"


def test_what_is_made_of_a_site_is_kept_for_a_site_made_from_it_while_the_changes_give_the_same():
    """scf.content.kept_reading.FromLast: taken again only for a site made from the one it was
    made of, with an equal key, when each changed document gives what its old one gave."""
    from types import SimpleNamespace as Doc

    from scf.content.kept_reading import FromLast, MadeFrom

    a, b, c = Doc(url="a/", title="A"), Doc(url="b/", title="B"), Doc(url="c/", title="C")
    first, bee = Doc(documents=[a, b, c]), Doc(url="b/", title="Bee")
    kept: FromLast[str] = FromLast()

    def url(doc: Doc) -> str:
        return doc.url

    assert kept.get(first, None, url) is None
    kept.keep(first, "made of the first", key=1)
    retitled = Doc(documents=[a, bee, c])
    retitling = [(b, bee)]  # what the kept reading put in the first's places
    assert kept.get(retitled, MadeFrom(first, {}, retitling), url, key=2) is None  # another key
    assert kept.get(retitled, None, url, key=1) is None  # not made from the first (a full reading)
    assert kept.get(retitled, MadeFrom(Doc(documents=[a, b, c]), {}, retitling), url, key=1) is None  # another site
    assert kept.since(MadeFrom(first, {}, retitling), key=1) == "made of the first"  # whatever changed
    assert kept.get(retitled, MadeFrom(first, {}, retitling), url, key=1) == "made of the first"
    see = Doc(url="see/", title="C")  # made from the retitled site, which now has it
    moved = Doc(documents=[a, bee, see])
    assert kept.get(moved, MadeFrom(first, {}, [(c, see)]), url, key=1) is None
    assert kept.since(MadeFrom(first, {}, [(c, see)]), key=1) is None
    assert kept.get(moved, MadeFrom(retitled, {}, [(c, see)]), url, key=1) is None


def test_what_is_made_of_the_whole_site_is_kept_once_while_its_key_is_equal():
    """scf.content.file_reads.LastOne: one value, given again for an equal key; None keeps nothing."""
    from scf.content.file_reads import LastOne

    last: LastOne[str] = LastOne()
    assert last.get("a") is None
    last.keep({"paths": 1}, "A")
    assert last.get({"paths": 1}) == "A" and last.get({"paths": 2}) is None
    last.keep("b", "B")
    assert last.get({"paths": 1}) is None and last.get("b") == "B"
    last.keep("b", None)  # made from a file saved just now: not kept
    assert last.get("b") is None
