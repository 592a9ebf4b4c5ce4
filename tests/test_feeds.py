"""Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 that subscribers can trust (issue #4).

One real `mkdocs build` of a small fixture site checks the files, their contents and
the pages that announce them; the rules that need several builds (stable ids, stable
bytes) call SiteBuild and the feed writer directly, which is much faster.
"""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import feedparser
import markdown
import pytest
import yaml
from lxml import etree

from scf.build import SiteBuild
from scf.content.problems import ContentError
from scf.outputs import feeds
from scf.outputs.writer import Writer
from scf.views.easyread_rows import RowsExtension
from site_project import NOW, REPO, THEME, Project

SITE = "https://example.org/"
NAME = "Test site"
CATEGORY_SLUGS = ["campaigning", "research-and-framing", "gatherings"]
FOLDERS = ["", *(f"blog/category/{slug}/" for slug in CATEGORY_SLUGS), "easy-read/"]
XML_FEEDS = [folder + name for folder in FOLDERS for name in ("feed.xml", "atom.xml")]
JSON_FEEDS = [folder + "feed.json" for folder in FOLDERS]
OLD = {"feed/": "feed.xml", "feed/atom/": "atom.xml",
       **{f"category/{slug}/feed/": f"blog/category/{slug}/feed.xml" for slug in CATEGORY_SLUGS}}
ID = "tag:socialcarefuture.org.uk,2026:"
WORDPRESS_GUID = "https://socialcarefuture.blog/?p=123"
EASY_ROW = "![A house](:material-home:)\n"


def make_site(root: Path, *, title: str = "Care & support at home", date: str = "2024-05-01",
              category: str = "Campaigning", name: str = NAME, url: str = SITE, cap: int = 20) -> Project:
    """The fixture: published posts in summer and winter, a draft, a scheduled post, a post
    from the old blog with its guid, a post with a relative link and image, easy read versions."""
    project = Project(root)
    shutil.copytree(REPO / "docs/assets", root / "docs/assets", dirs_exist_ok=True)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config.update(site_name=name, site_url=url, nav=[{"Home": "index.md"}, {"Subscribe": "subscribe.md"},
                                                    {"Blog": ["blog/index.md"]}])
    config["theme"]["custom_dir"] = str(REPO / "overrides")
    config["hooks"] = [str(REPO / "hooks/scf_mkdocs/adapter.py")]
    project.config = config
    project.settings.update(page_types=["home", "subscribe"], feed_items=cap)
    project.write("docs/index.md", f"---\ntitle: \"{name}\"\nsummary: The home page.\ntype: home\n---\n\nWelcome.\n")
    shutil.copy(REPO / "docs/subscribe.md", root / "docs/subscribe.md")
    project.post("2024-05-01-care-at-home", title=title, date=date, updated="2024-06-01",
                 categories=[category, "Gatherings"],
                 body="See [the home page](../docs/index.md) and ![People talking](talk.png).\n\n"
                      "<!-- more -->\n\nMore about care & support.\n")
    project.write("posts/talk.png", (REPO / "docs/assets/images/social-card.png").read_bytes())
    project.post("2024-07-02-summer", date="2024-07-02T09:30:00", authors=["ann-author", "bob-writer"],
                 categories=["Research and framing"], summary="Summer time.")
    project.post("2024-12-10-winter", date="2024-12-10T18:00:00", summary="Winter time.")
    project.post("2020-01-01-from-wordpress", date="2020-01-01", guid=WORDPRESS_GUID)
    project.post("2024-08-01-draft", date="2024-08-01", draft=True)
    project.post("2026-12-01-scheduled", date="2026-12-01")
    project.write("easyread/index.md", "---\ntitle: Easy read\nsummary: Easy read pages.\nstandalone: true\n---\n\n"
                  f"{EASY_ROW}These pages are easy to read.\n")
    project.write("easyread/posts/2024-05-01-care-at-home.md",
                  f"---\ntitle: Care at home\nsummary: Help at home.\n---\n\n{EASY_ROW}We want help at home.\n")
    project.write("easyread/posts/2024-08-01-draft.md",
                  f"---\ntitle: Not yet\nsummary: Not yet.\n---\n\n{EASY_ROW}This is not out yet.\n")
    project.save_config()
    return project


def write_feeds(root: Path, out: Path, *, name: str = NAME, url: str = SITE, serving: bool = False,
                now: str = NOW) -> SiteBuild:
    """Build the feeds without MkDocs: the model, each page's HTML, then the feed writer."""
    build = SiteBuild(root, site_url=url, site_name=name, serving=serving, now=dt.datetime.fromisoformat(now),
                      theme=THEME)
    for doc in build.site.documents:
        # The easy read rows' blocks need their extension, as the builder's converter has it.
        build.content(doc.src_uri, markdown.markdown(build.markdown(doc.src_uri, doc.body),
                                                     extensions=[RowsExtension()]))
    Writer(build.registry, out).write(feeds.outputs(build.feeds, build.site, build.rendered))
    return build


def feed_files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.suffix in (".xml", ".json") and p.name != "sitemap.xml"}


def ids(out: Path) -> dict[str, list[str]]:
    """Every feed's own id and its items' ids, in every format (RSS guid, Atom id, JSON id)."""
    found = {}
    for path in XML_FEEDS:
        parsed = feedparser.parse(out / path)
        found[path] = [parsed.feed.get("id", "")] + [e.id for e in parsed.entries]
    for path in JSON_FEEDS:
        found[path] = [e["id"] for e in json.loads((out / path).read_text())["items"]]
    return found


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture site, built once by the real `mkdocs build`."""
    project = make_site(tmp_path_factory.mktemp("feeds") / "project")
    return project.build()


def parse(site: Path, path: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((site / path).read_bytes())
    assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
    return parsed


# -- formats and contents --------------------------------------------------------------------

@pytest.mark.parametrize("path", XML_FEEDS + list(OLD))
def test_every_xml_feed_parses_cleanly(site, path):
    parsed = parse(site, path if path.endswith(".xml") else path + "index.xml")
    assert parsed.version == ("atom10" if "atom" in path else "rss20")


@pytest.mark.parametrize("path", JSON_FEEDS)
def test_every_json_feed_is_json_feed_1_1(site, path):
    data = json.loads((site / path).read_text(encoding="utf-8"))
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == SITE + path and data["title"] and data["home_page_url"].startswith(SITE)
    for item in data["items"]:
        assert isinstance(item["id"], str) and item["url"].startswith(SITE) and item["title"]
        assert item["content_html"] and item["summary"] and item["authors"] and item["tags"]
        for key in ("date_published", "date_modified"):
            assert dt.datetime.fromisoformat(item[key]).utcoffset() is not None


def test_site_feed_has_published_posts_newest_first(site):
    expected = [ID + "posts/2024-12-10-winter", ID + "posts/2024-07-02-summer",
                ID + "posts/2024-05-01-care-at-home", WORDPRESS_GUID]
    for path in ("feed.xml", "atom.xml"):
        assert [e.id for e in parse(site, path).entries] == expected
    assert [i["id"] for i in json.loads((site / "feed.json").read_text())["items"]] == expected
    everything = b"".join(feed_files(site).values())
    assert b"draft" not in everything and b"scheduled" not in everything and b"Not yet" not in everything


def test_items_carry_everything_a_reader_shows(site):
    rss, atom = parse(site, "feed.xml"), parse(site, "atom.xml")
    item = next(e for e in rss.entries if e.id.endswith("care-at-home"))
    entry = next(e for e in atom.entries if e.id.endswith("care-at-home"))
    for e in (item, entry):
        assert e.title == "Care & support at home" and e.title_detail.type == "text/plain"
        assert e.link == SITE + "2024/05/01/care-at-home/"
        assert e.summary == "A short summary."
        assert [t.term for t in e.tags] == ["Campaigning", "Gatherings"]
        assert e.author == "Ann Author"
        html = e.content[0].value
        assert "More about care &amp; support." in html and "<!-- more -->" not in html
        assert f'href="{SITE}"' in html  # the link to the home page
        assert f'src="{SITE}posts/talk.png"' in html
    summer = next(e for e in atom.entries if e.id.endswith("summer"))
    assert [a.name for a in summer.authors] == ["Ann Author", "Bob Writer"]
    assert summer.authors[0].href == SITE + "blog/author/ann-author/"


def test_every_link_and_image_in_every_feed_is_absolute(site):
    for path in XML_FEEDS:
        for entry in parse(site, path).entries:
            for target in re.findall(r'(?:href|src)="([^"]*)"', entry.content[0].value):
                assert target.startswith(SITE), (path, entry.id, target)
    for path in JSON_FEEDS:
        for item in json.loads((site / path).read_text())["items"]:
            for target in re.findall(r'(?:href|src)="([^"]*)"', item["content_html"]):
                assert target.startswith(SITE), (path, item["id"], target)


def test_dates_are_london_time_with_the_right_offset(site):
    rss = (site / "feed.xml").read_text(encoding="utf-8")
    assert "<pubDate>Wed, 01 May 2024 00:00:00 +0100</pubDate>" in rss  # summer: BST
    assert "<pubDate>Tue, 10 Dec 2024 18:00:00 +0000</pubDate>" in rss  # winter: GMT
    # The feed's own date is the newest item's, never the build's.
    assert "<lastBuildDate>Tue, 10 Dec 2024 18:00:00 +0000</lastBuildDate>" in rss
    atom = (site / "atom.xml").read_text(encoding="utf-8")
    assert "<published>2024-05-01T00:00:00+01:00</published>" in atom
    assert "<updated>2024-06-01T00:00:00+01:00</updated>" in atom
    assert "<updated>2024-12-10T18:00:00+00:00</updated>" in atom
    item = next(i for i in json.loads((site / "feed.json").read_text())["items"] if i["id"].endswith("summer"))
    assert item["date_published"] == item["date_modified"] == "2024-07-02T09:30:00+01:00"


@pytest.mark.parametrize("path", XML_FEEDS)
def test_no_empty_none_or_invalid_elements(site, path):
    root = etree.fromstring((site / path).read_bytes())
    for element in root.iter():
        text = (element.text or "").strip()
        assert text or len(element) or element.attrib, (path, element.tag)
        assert text != "None" and "None" not in element.attrib.values(), (path, element.tag)
    tags = {etree.QName(e).localname for e in root.iter()}
    if root.tag == "rss":
        channel = root[0]
        assert all(channel.findtext(t) for t in ("title", "link", "description"))
        assert "image" not in tags and "author" not in tags  # RSS <author> must be an email: dc:creator instead
        for item in channel.iter("item"):
            assert item.find("guid").get("isPermaLink") == "false"
            assert item.find("{http://purl.org/dc/elements/1.1/}creator") is not None
    else:
        atom = "{http://www.w3.org/2005/Atom}"
        for entry in [root, *root.iter(atom + "entry")]:
            assert all(entry.findtext(atom + t) for t in ("id", "title", "updated"))


@pytest.mark.parametrize("path", XML_FEEDS + JSON_FEEDS)
def test_self_link_is_the_served_address(site, path):
    if path.endswith(".json"):
        assert json.loads((site / path).read_text())["feed_url"] == SITE + path
    else:
        [link] = [link for link in parse(site, path).feed.links if link.rel == "self"]
        assert link == {"href": SITE + path, "rel": "self", "type": feeds.ATOM.type if "atom" in path else feeds.RSS.type}


def test_category_feeds_hold_only_their_posts(site):
    expected = {"campaigning": ["winter", "care-at-home", "from-wordpress"],
                "research-and-framing": ["summer"], "gatherings": ["care-at-home"]}
    for slug, names in expected.items():
        for name in ("feed.xml", "atom.xml"):
            parsed = parse(site, f"blog/category/{slug}/{name}")
            assert [e.link.rstrip("/").rsplit("/", 1)[1] for e in parsed.entries] == names
            assert parsed.feed.link == SITE + f"blog/category/{slug}/"


def test_easy_read_feed_links_to_easy_read_pages_with_their_text(site):
    for name in ("feed.xml", "atom.xml"):
        parsed = parse(site, f"easy-read/{name}")
        [entry] = parsed.entries  # the draft's easy read version is left out
        assert entry.link == SITE + "easy-read/2024/05/01/care-at-home/"
        assert entry.id == ID + "easyread/posts/2024-05-01-care-at-home"
        assert entry.title == "Care at home"
        assert "We want help at home." in entry.content[0].value
        assert "care &amp; support" not in entry.content[0].value


# -- the old blog's feed addresses -------------------------------------------------------------

def test_old_feed_addresses_serve_the_feed_on_github_pages(site):
    """GitHub Pages serves a folder's index.xml when it has no index.html (jekyll/jekyll#2040)."""

    class GitHubPages(http.server.SimpleHTTPRequestHandler):
        def send_head(self):
            folder = Path(self.translate_path(self.path))
            if self.path.endswith("/") and not (folder / "index.html").exists() and (folder / "index.xml").exists():
                self.path += "index.xml"
            return super().send_head()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GitHubPages, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        for old, new in OLD.items():
            served = feedparser.parse(f"http://127.0.0.1:{server.server_port}/{old}")
            assert served.bozo == 0 and served.status == 200, old
            assert [e.id for e in served.entries] == [e.id for e in parse(site, new).entries]
            assert [link.href for link in served.feed.links if link.rel == "self"] == [SITE + old]
    finally:
        server.shutdown()


def test_hosts_with_redirect_rules_send_old_feed_addresses_on(site):
    rules = [line.split() for line in (site / "_redirects").read_text(encoding="utf-8").splitlines()[1:]]
    sent = [(old, new) for old, new, status in rules if old.endswith(("/feed/", "/feed/atom/")) and status == "301"]
    assert sent == [(f"/{old}", f"/{new}") for old, new in OLD.items()]
    for _old, new in sent:
        assert (site / new.lstrip("/")).is_file()


# -- pages that announce the feeds ----------------------------------------------------------------

def alternates(site: Path, url: str) -> dict[str, str]:
    html = (site / url / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<link rel="alternate" type="([^"]+)" title="([^"]+)" href="([^"]+)">', html)
    for kind, _, href in links:  # each points at a real file of that format
        target = (site / url / href).resolve()
        assert target.is_file() and kind in (feeds.RSS.type, feeds.ATOM.type, feeds.JSON.type)
    return {title: str((site / url / href).resolve().relative_to(site)) for _, title, href in links}


def test_every_page_announces_the_site_feeds(site):
    site_feeds = {f"{NAME} (RSS)": "feed.xml", f"{NAME} (Atom)": "atom.xml", f"{NAME} (JSON Feed)": "feed.json"}
    for url in ("", "2024/05/01/care-at-home/", "blog/", "subscribe/"):
        assert alternates(site, url) == site_feeds


def test_category_and_easy_read_pages_also_announce_their_own(site):
    found = alternates(site, "blog/category/gatherings/")
    assert found[f"{NAME}: Gatherings (RSS)"] == "blog/category/gatherings/feed.xml"
    assert found[f"{NAME}: Gatherings (Atom)"] == "blog/category/gatherings/atom.xml"
    assert found[f"{NAME}: Gatherings (JSON Feed)"] == "blog/category/gatherings/feed.json"
    found = alternates(site, "easy-read/2024/05/01/care-at-home/")
    assert found[f"{NAME}: Easy read (RSS)"] == "easy-read/feed.xml" and len(found) == 6


def test_subscribe_page_lists_every_feed_with_its_address(site):
    html = (site / "subscribe/index.html").read_text(encoding="utf-8")
    listed = set(re.findall(r"<code>(https://example\.org/[^<]*)</code>", html))
    assert listed == {SITE + path for path in XML_FEEDS + JSON_FEEDS}
    for heading in ("All posts", "Campaigning", "Research and framing", "Gatherings", "Easy read"):
        assert f"<h3>{heading}</h3>" in html


# -- identity and stable bytes -----------------------------------------------------------------------

def test_ids_survive_changes_to_title_date_category_site_name_and_address(tmp_path):
    before = make_site(tmp_path / "a")
    # A new time on the same day: a new day must also be in the file name (posts/YYYY-MM-DD-...).
    after = make_site(tmp_path / "b", title="A new title", date="2024-05-01T18:45:00", category="Research and framing",
                      name="Renamed network", url="https://new.example.net/blog-site/")
    write_feeds(before.root, tmp_path / "out-a")
    write_feeds(after.root, tmp_path / "out-b", name="Renamed network", url="https://new.example.net/blog-site/")
    old, new = ids(tmp_path / "out-a"), ids(tmp_path / "out-b")
    for path in ("feed.xml", "atom.xml", "feed.json", "easy-read/feed.xml"):
        assert old[path] == new[path] and any("care-at-home" in i for i in old[path]), path
    # The post moved to another category: it keeps its id in the feed it joined.
    moved = ID + "posts/2024-05-01-care-at-home"
    assert moved in old["blog/category/campaigning/feed.xml"]
    assert moved in new["blog/category/research-and-framing/feed.xml"]
    changed = feedparser.parse(tmp_path / "out-b/feed.xml")
    assert "A new title" in [e.title for e in changed.entries]  # the change did reach the feed
    assert changed.feed.link.startswith("https://new.example.net/blog-site/")


def test_two_builds_give_byte_identical_feeds(tmp_path):
    project = make_site(tmp_path / "p")
    write_feeds(project.root, tmp_path / "one")
    write_feeds(project.root, tmp_path / "two", now="2026-11-24T08:00:00+00:00")  # a day later: no new post
    one, two = feed_files(tmp_path / "one"), feed_files(tmp_path / "two")
    assert len(one) == 3 * len(FOLDERS) + len(OLD) and one == two


def test_real_builds_give_byte_identical_feeds(site, tmp_path):
    again = make_site(tmp_path / "project").build()
    assert feed_files(again) == feed_files(site)


def test_feeds_never_show_drafts_or_scheduled_posts_under_serve(tmp_path):
    project = make_site(tmp_path / "p")
    build = write_feeds(project.root, tmp_path / "out", serving=True)
    assert any(p.draft for p in build.site.posts) and any(p.scheduled for p in build.site.posts)
    assert ids(tmp_path / "out")["feed.xml"][1:] == [p.feed_id for p in build.site.published_posts]
    assert len(ids(tmp_path / "out")["easy-read/feed.xml"]) == 2  # the feed's id and one item


def test_feeds_are_capped_at_feed_items(tmp_path):
    project = make_site(tmp_path / "p", cap=2)
    write_feeds(project.root, tmp_path / "out")
    found = ids(tmp_path / "out")
    assert found["feed.xml"][1:] == [ID + "posts/2024-12-10-winter", ID + "posts/2024-07-02-summer"]
    assert len(found["feed.json"]) == 2


def test_two_posts_with_one_guid_are_reported(tmp_path):
    project = make_site(tmp_path / "p")
    project.post("2024-09-01-copy", date="2024-09-01", guid=WORDPRESS_GUID)
    with pytest.raises(ContentError) as error:
        SiteBuild(project.root, site_url=SITE, now=dt.datetime.fromisoformat(NOW), theme=THEME)
    [problem] = [p for p in error.value.problems if "feed id" in p.message]
    assert problem.file == "posts/2024-09-01-copy.md" and problem.line == 7
    assert "posts/2020-01-01-from-wordpress.md" in problem.message and "guid" in problem.fix


@pytest.mark.parametrize("page, feed", [("docs/feed.md", "All posts"), ("docs/feed/atom.md", "All posts"),
                                        ("docs/category/campaigning/feed.md", "Campaigning")])
def test_a_page_at_an_old_feed_address_is_reported(tmp_path, page, feed):
    project = make_site(tmp_path / "p")
    project.write(page, "---\ntitle: Feed\nsummary: A page where a feed is.\n---\n\nText.\n")
    with pytest.raises(ContentError) as error:
        SiteBuild(project.root, site_url=SITE, now=dt.datetime.fromisoformat(NOW), theme=THEME)
    [problem] = error.value.problems
    assert problem.file == page and feed in problem.message and "rename" in problem.fix


def test_a_feed_makes_only_the_items_it_holds(project, monkeypatch):
    """Each feed holds the newest `feed_items` posts: only those become items (2,000 posts,
    20 items a feed), and each category's are still its newest."""
    project.settings["feed_items"] = 2
    project.save_config()
    for day in range(1, 9):
        project.post(f"2024-03-{day:02d}-post-{day}", categories=["Campaigning" if day % 4 else "Gatherings"])
    made: list[str] = []
    item = feeds.Item
    monkeypatch.setattr(feeds, "Item", lambda document, post: made.append(document.source) or item(document, post))
    site = SiteBuild(project.root, site_url=SITE, now=dt.datetime.fromisoformat(NOW), theme=THEME)
    chosen = {key: [i.post.source for i in feed.items] for key, feed in site.feeds.items()}
    assert chosen["blog"] == ["posts/2024-03-08-post-8.md", "posts/2024-03-07-post-7.md"]
    assert chosen["category/gatherings"] == ["posts/2024-03-08-post-8.md", "posts/2024-03-04-post-4.md"]
    assert chosen["category/campaigning"] == ["posts/2024-03-07-post-7.md", "posts/2024-03-06-post-6.md"]
    assert len(made) == 6
