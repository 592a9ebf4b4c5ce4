"""Listing pages, posts and easy read pages drawn from frames (hooks/scf_mkdocs/frames.py): every page byte for
byte what Jinja draws, whatever the titles and summaries hold; a frame that fails its check is
not used; and the work is counted: Jinja draws a framed template only for each key's checked
pages and each menu's first page."""
from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config

import scf_mkdocs.frames
from scf_mkdocs.frames import Frames
from site_project import NOW, REPO, Project

# What escaping changes, non-ASCII letters, and words around them (one line, no control characters).
PIECES = ["&", "<", ">", '"', "'", "é", "Zoë", "中文", "&amp;", " ", "care", "O'Brien"]
words = st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join).map(lambda s: f"A{s}Z")


def _site(project: Project, name: str = "Ann Author", summary: str = "A short summary.", title: str = "Post") -> Project:
    project.settings["per_page"] = 2  # many listing pages from a few posts
    authors = {"authors": [{"key": "ann-author", "name": name, "role": name, "bio": name},
                           {"key": "bob-writer", "name": "Bob Writer", "role": "Researcher", "bio": "Bob."}]}
    project.write("data/authors.yml", yaml.safe_dump(authors, allow_unicode=True))
    for n in range(1, 13):
        project.post(f"2024-{n % 3 + 4:02d}-{n:02d}-post-{n}", title=f"{title} {n}", summary=summary,
                     authors=["ann-author"] if n % 4 else ["bob-writer"],
                     categories=["Campaigning"] if n % 2 else ["Gatherings"],
                     body=f"Words about care, number {n}.\n\n<!-- more -->\n\n## {title} {n}\n\nMore words.\n")
    for n in range(1, 6):  # easy read versions of some posts: framed too
        project.write(f"easyread/posts/2024-{n % 3 + 4:02d}-{n:02d}-post-{n}.md",
                      f"---\ntitle: {json.dumps(f'{title} {n}')}\nsummary: {json.dumps(summary)}\n---\n\n"
                      "![A house](:material-home:)\nWe all need a home.\n")
    # As deep as a post's page, outside the menu, but sharing blog/ with the menu's addresses:
    # its menu's links differ from a post's.
    project.write("docs/blog/notes/a/b.md", "---\ntitle: Notes\nsummary: Notes.\n---\n\nText.\n")
    project.save_config()
    return project


def _build(project: Project, site: str, monkeypatch: pytest.MonkeyPatch, *, frames: bool = True,
           menus: bool = True) -> tuple[dict[str, bytes], list[Frames]]:
    """Build in this process; every file made, and the build's Frames. `frames=False`: every page
    through Jinja; `menus=False`: every page draws its own menu (no menu drawn once per key)."""
    made: list[Frames] = []
    draw = Frames.draw

    def recorded(self: Frames, *args, **kwargs):
        if self not in made:
            made.append(self)
        return draw(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setenv("SCF_NOW", NOW)
        patch.setattr(Frames, "draw", recorded)
        if not frames:
            patch.setattr(scf_mkdocs.frames, "FRAMED", {})
        config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.root / site))
        for hook in config.hooks.values():  # MkDocs loads the adapter once per config: patch that copy
            if not menus:
                patch.setattr(hook.OneBuild, "nav_key", lambda self, page: None)
        mkdocs_build.build(config)
    root = project.root / site
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}, made


def _listings(files: dict[str, bytes]) -> list[str]:
    return [name for name, data in files.items() if b'class="scf-blog-nav"' in data]


def test_frames_draw_every_page_as_jinja_does_and_count_the_work(project, monkeypatch):
    _site(project)
    plain, unframed = _build(project, "plain", monkeypatch, frames=False, menus=False)
    assert unframed[0].renders == unframed[0].spliced == 0  # no page had a frame key
    framed, made = _build(project, "framed", monkeypatch)
    assert framed == plain
    frames = made[0]
    listings = _listings(framed)
    assert len(listings) > 15, listings
    assert frames.spliced >= 15 and not frames.fallbacks
    # Jinja draws a framed template only for the first two pages of each key (checked) and
    # for a page whose menu is not drawn yet; every other listing, post and easy read page is spliced.
    depths = {name.count("/") for name in listings}  # a menu is drawn once per depth (no listing shares folders with the menu's beyond blog/)
    assert frames.renders <= 2 * len(frames.frames) + frames.new_menus
    assert frames.new_menus <= len(depths)
    posts, easy_read = 12, 5 + 1  # and the easy read index, made by the build
    assert frames.renders + frames.spliced == len(listings) - 4 + posts + easy_read  # the menu's four listings are not framed


@settings(max_examples=4, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=words, summary=words, title=words)
def test_titles_and_summaries_that_need_escaping(tmp_path_factory, monkeypatch, name, summary, title):
    # The author's name is a listing's title and is in its description; posts' titles and
    # summaries are in the listings' teasers. The schema refuses tags in these fields.
    name, summary, title = (re.sub(r"<(?=[a-zA-Z/!])", "< ", s) for s in (name, summary, title))
    project = _site(Project(tmp_path_factory.mktemp("frames") / "project"), name, summary, title)
    plain, _ = _build(project, "plain", monkeypatch, frames=False)
    framed, made = _build(project, "framed", monkeypatch)
    assert framed == plain
    assert made[0].spliced > 0 and not made[0].fallbacks
    author = framed["blog/author/ann-author/page/2/index.html"].decode()
    assert f"<title>{_escaped(name)} (page 2 of" in author
    post = framed["2024/05/04/post-4/index.html"].decode()
    assert f"<title>{_escaped(title)} 4 - " in post and "<h2 id=" in post
    easy = framed["easy-read/2024/05/04/post-4/index.html"].decode()
    assert f"<title>{_escaped(title)} 4 - " in easy and "We all need a home." in easy


def _escaped(text: str) -> str:
    from markupsafe import escape
    return str(escape(text))


def test_a_frame_that_fails_its_check_is_not_used(project, monkeypatch):
    _site(project)
    plain, _ = _build(project, "plain", monkeypatch, frames=False)
    real = scf_mkdocs.frames._derived

    def wrong(template, context):
        frame = real(template, context)
        if frame is not None:
            frame.literals[-1] += "<!-- not what Jinja draws -->"
        return frame

    monkeypatch.setattr(scf_mkdocs.frames, "_derived", wrong)
    framed, made = _build(project, "framed", monkeypatch)
    assert framed == plain
    frames = made[0]
    assert frames.spliced == 0 and frames.fallbacks == set(frames.frames) and frames.frames


@pytest.mark.parametrize("printed", [
    '{% if page %}<meta name="scf-test" content="{{ page.title | tojson }}">{% endif %}',  # a part in a form not spliced
    '{% if page %}<meta name="scf-test" content="{{ page.url }}">{% endif %}',  # a value of each page, neither a part nor in the key
])
def test_a_page_printed_otherwise_is_drawn_by_jinja(project, monkeypatch, printed):
    _site(project)
    overrides = project.root / "overrides"
    shutil.copytree(REPO / "overrides", overrides)
    head = overrides / "partials/scf-head.html"  # in the listings' frame
    head.write_text(head.read_text(encoding="utf-8") + printed + "\n", encoding="utf-8")
    main = overrides / "main.html"  # in the posts' frame (the head is drawn alone for each post)
    text = main.read_text(encoding="utf-8")
    main.write_text(text.replace('<span id="scf-content" tabindex="-1"></span>',
                                 '<span id="scf-content" tabindex="-1"></span>' + printed), encoding="utf-8")
    project.config["theme"]["custom_dir"] = str(overrides)
    project.save_config()
    plain, _ = _build(project, "plain", monkeypatch, frames=False)
    framed, made = _build(project, "framed", monkeypatch)
    assert framed == plain
    assert made[0].spliced == 0 and made[0].fallbacks


def test_the_front_matter_the_templates_read_is_in_the_key_or_a_part():
    """A frame is the same for every page of its key: front matter a template reads must be
    in the key (THEME_META) or spliced (VALUES). Material's templates and ours, read for
    `page.meta.X` (an upgrade of Material that reads more fails here)."""
    from scf_mkdocs.material_html import material_folder

    read: set[str] = set()
    for folder in (material_folder() / "templates", REPO / "overrides"):
        for template in folder.rglob("*.html"):
            found = re.findall(r"page\.meta\.(\w+)|page\.meta\[[\"'](\w+)", template.read_text(encoding="utf-8"))
            read |= {dotted or indexed for dotted, indexed in found}
    assert "title" in read and "hide" in read
    assert read <= {*scf_mkdocs.frames.VALUES, *scf_mkdocs.frames.THEME_META}, read
