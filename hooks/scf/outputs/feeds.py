"""The blog's feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1, for all posts, each category
and the easy read versions of posts.

Which feeds exist and what they hold comes from the content model, once per build;
the text of each item is the HTML the build recorded for the page, with every link
made absolute. Feeds are written once, at the end of the build, and hold nothing that
changes between builds of the same sources (no build time), so hosts can answer 304.
Subscribers know each item by its `feed_id`, which is never the title or the address.
"""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, NamedTuple

from feedgen.feed import FeedGenerator

from scf.content.model import Category, Document, EasyRead, Post, Site
from scf.outputs.writer import Output
from scf.pages.links import absolute_urls
from scf.views.blog import Listing


@dataclass(frozen=True)
class Format:
    file: str  # file name in the feed's folder
    type: str  # media type, for autodiscovery links
    label: str


RSS = Format("feed.xml", "application/rss+xml", "RSS")
ATOM = Format("atom.xml", "application/atom+xml", "Atom")
JSON = Format("feed.json", "application/feed+json", "JSON Feed")
FORMATS = (RSS, ATOM, JSON)

LANGUAGE = "en-GB"


@dataclass(frozen=True)
class Item:
    document: Post | EasyRead  # the page the item links to, whose HTML it carries
    post: Post  # its dates, authors and categories: the post itself, or the one simplified


@dataclass(frozen=True)
class Feed:
    key: str  # e.g. "category/campaigning"
    id: str  # the Atom feed id: a tag: URI from the key, kept when the site moves
    folder: str  # site path of its files: "", "blog/category/campaigning/", "easy-read/"
    home: str  # site path of the page it follows
    name: str  # short, for the Subscribe page: "All posts", "Campaigning", "Easy read"
    title: str
    description: str
    items: list[Item]
    base: str  # the site's address, ending in "/"

    def path(self, fmt: Format) -> str:
        return self.folder + fmt.file

    def address(self, fmt: Format) -> str:
        return self.base + self.path(fmt)

    @property
    def links(self) -> list[dict[str, str]]:
        """One per format, for autodiscovery and the Subscribe page."""
        return [{"title": f"{self.title} ({fmt.label})", "type": fmt.type, "label": fmt.label,
                 "path": self.path(fmt), "address": self.address(fmt)} for fmt in FORMATS]


def site_feeds(site: Site, site_name: str, site_url: str) -> dict[str, Feed]:
    """The site's feeds, worked out once from the model. Their addresses, and the old blog's
    feed addresses, are claimed in the registry of addresses (site_addresses.py)."""
    home = next((doc for doc in site.documents if doc.src_uri == "index.md"), None)
    name = site_name or (home.title if home else "Blog")  # the home page's title is the site's name
    return feeds(site, name, site_url)


def feeds(site: Site, site_name: str, site_url: str) -> dict[str, Feed]:
    """Every feed of the site by key, in the order the Subscribe page lists them."""
    base = site_url or "/"
    cap = site.settings.feed_items
    authority = site.settings.id_authority
    posts = site.published_posts  # never drafts or scheduled posts, even under `serve`
    # Only each feed's newest `cap` items are made (2,000 posts, 20 items a feed).
    items = [Item(post, post) for post in posts[:cap]]
    by_category: dict[str, list[Item]] = defaultdict(list)
    names, full = {c.name for c in site.categories}, set()
    for post in posts:  # until every category's feed is full (100 of 2,000 posts, with 6 categories)
        for category in post.categories:
            if len(listed := by_category[category.name]) < cap:
                listed.append(Item(post, post))
                if len(listed) == cap:
                    full.add(category.name)
        if full >= names:
            break
    rank = {id(post): n for n, post in enumerate(posts)}
    easy = sorted((e for e in site.easy_read if id(e.standard) in rank), key=lambda e: rank[id(e.standard)])

    def simplified(easy_read: EasyRead) -> Item:  # `easy` holds only versions of the published posts
        assert isinstance(easy_read.standard, Post), f"{easy_read.source} is in the easy read feed but is not a post's version"
        return Item(easy_read, easy_read.standard)

    easy_home = "easy-read/" if any(e.src_uri == "easy-read/index.md" for e in site.easy_read) else "blog/"

    def feed(key: str, folder: str, home: str, name: str, what: str, chosen: list[Item]) -> Feed:
        title = site_name if key == "blog" else f"{site_name}: {name}"
        return Feed(key, f"tag:{authority}:feeds/{key}", folder, home, name, title,
                    f"{what} from {site_name}, newest first.", chosen[:cap], base)

    result = [feed("blog", "", "blog/", "All posts", "Every post", items)]
    result += [feed(f"category/{c.slug}", c.url, c.url, c.name, f"Posts about {c.name.lower()}",
                    by_category[c.name]) for c in site.categories]
    result.append(feed("easy-read", "easy-read/", easy_home, "Easy read", "Easy read versions of posts",
                       [simplified(e) for e in easy]))
    return {feed.key: feed for feed in result}


def old_addresses(all_feeds: dict[str, Feed]) -> list[tuple[str, Feed, Format]]:
    """The hosted (WordPress) blog's feed addresses that subscribers use, and what each now is.

    Hosts with redirect rules send them on (old_addresses.rules). GitHub Pages cannot redirect
    but serves a folder's index.xml, so `outputs` also puts a copy of the feed there.
    """
    found = [("feed/", all_feeds["blog"], RSS), ("feed/atom/", all_feeds["blog"], ATOM)]
    found += [(f"category/{key.removeprefix('category/')}/feed/", feed, RSS)
              for key, feed in all_feeds.items() if key.startswith("category/")]
    return found


def alternates(all_feeds: dict[str, Feed], document: Document | None, listing: Listing | None) -> list[Feed]:
    """The feeds a page announces in its <head>: the site's, plus its category's or easy read's."""
    found = [all_feeds["blog"]]
    if listing is not None and listing.kind == "category":
        assert isinstance(listing.subject, Category), f"the category listing {listing.src_uri} has no category"
        found.append(all_feeds[f"category/{listing.subject.slug}"])
    if isinstance(document, EasyRead):
        found.append(all_feeds["easy-read"])
    return found


def addresses(all_feeds: dict[str, Feed]) -> list[tuple[str, str]]:
    """(address, what) of every file `outputs` makes, for the registry of addresses."""
    found = [(feed.path(fmt), f"the {fmt.label} feed of {feed.title}") for feed in all_feeds.values()
             for fmt in (RSS, ATOM, JSON)]
    return found + [(old + "index.xml", f"the copy of {feed.title}'s feed at the old blog's address")
                    for old, feed, _ in old_addresses(all_feeds)]


def outputs(all_feeds: dict[str, Feed], site: Site, rendered: dict[str, str]) -> list[Output]:
    """Every feed in every format, and the copies at the old blog's feed addresses.
    `rendered`: the HTML of each post and easy read page, by src_uri."""
    files = _Files(site, rendered)
    made = []
    for feed in all_feeds.values():
        made += [Output(feed.path(fmt), files.made(feed, fmt, feed.address(fmt))) for fmt in FORMATS]
    for old, feed, fmt in old_addresses(all_feeds):
        # Its self link is where it is served, as validators expect.
        made.append(Output(old + "index.xml", files.made(feed, fmt, feed.base + old)))
    _made.clear()
    _made.update(files.used)
    return made


# Each feed file by everything it is made from (`_Files.made`), from the last build. Under
# `./dev serve` a save makes again only the feeds its post is in (a title edit: the blog's and
# its categories'; making all took 60 to 80 ms a save), as the pages are; a full build makes
# each once.
_made: dict[tuple[object, ...], bytes] = {}


_Inputs = tuple[str, str, str, str, "str | None", dt.datetime, dt.datetime, tuple[tuple[str, str], ...],
                tuple[str, ...], "str | None"]


class _Source(NamedTuple):
    """Everything a feed's files are made from, besides their format and address."""

    id: str
    title: str
    description: str
    base: str
    home: str
    folder: str
    items: tuple[_Inputs, ...]
    newest: dt.datetime | None  # an empty feed's date: when the newest post last changed
    tz: dt.tzinfo

    def address(self, fmt: Format) -> str:
        return self.base + self.folder + fmt.file


class _Files:
    """One build's feed files: each feed's items are looked at once, and said once for all its files."""

    def __init__(self, site: Site, rendered: dict[str, str]):
        self.site, self.rendered, self.tz = site, rendered, site.settings.tz
        self.used: dict[tuple[object, ...], bytes] = {}
        self.sources: dict[str, _Source] = {}  # by feed key
        self.entries: dict[str, list[dict[str, Any]]] = {}  # by feed key, once needed

    def made(self, feed: Feed, fmt: Format, self_url: str) -> bytes:
        """The feed's file in `fmt`, served at `self_url`: the last build's if made from the same."""
        source = self.sources.get(feed.key)
        if source is None:
            items = tuple(_inputs(item, self.rendered.get(item.document.src_uri), feed.base) for item in feed.items)
            newest = None if items else _newest(self.site, self.tz)
            source = self.sources[feed.key] = _Source(feed.id, feed.title, feed.description, feed.base, feed.home,
                                                      feed.folder, items, newest, self.tz)
        key = (source, fmt, self_url)
        data = self.used.get(key) or _made.get(key)
        if data is None:  # made from the key alone
            entries = self.entries.get(feed.key)
            if entries is None:
                entries = self.entries[feed.key] = [_entry(one, self.tz) for one in source.items]
            if fmt == JSON:
                data = _json(source, entries)
            else:
                updated = max(e["updated"] for e in entries) if entries else source.newest
                assert updated is not None  # a feed without items has the newest post's date
                data = _xml(source, entries, updated, fmt, self_url)
        self.used[key] = data
        return data


def _newest(site: Site, tz: dt.tzinfo) -> dt.datetime:
    """An empty feed's date: when the newest post last changed, so it too is stable."""
    dates = [post.last_modified for post in site.published_posts]
    return max(dates, default=dt.datetime(2000, 1, 1, tzinfo=dt.UTC)).astimezone(tz)


def _inputs(item: Item, html: str | None, base: str) -> _Inputs:
    """Everything an item says in every format is made from, and nothing else (`_entry`)."""
    post, doc = item.post, item.document
    image = post.image if doc is post else None
    return (doc.feed_id, base + doc.url, doc.title, doc.summary, html, post.date, post.last_modified,
            tuple((author.name, base + author.url) for author in post.authors),
            tuple(category.name for category in post.categories), base + image if image else None)


def _entry(inputs: _Inputs, tz: dt.tzinfo) -> dict[str, Any]:
    """What every format says about one item."""
    feed_id, url, title, summary, html, published, updated, authors, categories, image = inputs
    return {
        "id": feed_id, "url": url, "title": title, "summary": summary,
        "content": absolute_urls(html.replace("<!-- more -->", ""), url) if html else None,
        "published": published.astimezone(tz), "updated": updated.astimezone(tz),
        "authors": list(authors), "categories": list(categories), "image": image,
    }


def _xml(feed: _Source, entries: list[dict[str, Any]], updated: dt.datetime, fmt: Format, self_url: str) -> bytes:
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)  # dc:creator: RSS <author> must be an email
    fg.id(feed.id)
    fg.title(feed.title)
    fg.subtitle(feed.description)  # RSS <description> too
    fg.language(LANGUAGE)
    fg.generator("python-feedgen", uri="https://lkiesow.github.io/python-feedgen")  # no version: stable bytes
    fg.updated(updated)  # and RSS lastBuildDate; feedgen would say "now"
    # RSS takes its <link> from the last link given.
    fg.link([{"href": self_url, "rel": "self", "type": fmt.type},
             {"href": feed.base + feed.home, "rel": "alternate", "type": "text/html"}])
    for entry in entries:
        fe = fg.add_entry(order="append")
        fe.id(entry["id"])
        fe.guid(entry["id"], permalink=False)  # an id, not an address: kept when the site moves
        fe.title(entry["title"])
        fe.link(href=entry["url"], rel="alternate", type="text/html")
        fe.published(entry["published"])  # RSS pubDate too
        fe.updated(entry["updated"])
        fe.summary(entry["summary"])  # RSS <description> too
        if entry["content"]:
            fe.content(entry["content"], type="html")  # RSS content:encoded
        for name, uri in entry["authors"]:
            fe.author(name=name, uri=uri)
            fe.dc.dc_creator(name)
        for name in entry["categories"]:
            fe.category(term=name)
    # feedgen ships no types: both give the feed's XML as bytes
    xml: bytes = fg.atom_str(pretty=True) if fmt == ATOM else fg.rss_str(pretty=True)
    return xml


def _json(feed: _Source, entries: list[dict[str, Any]]) -> bytes:
    items = []
    for entry in entries:
        item = {"id": entry["id"], "url": entry["url"], "title": entry["title"], "summary": entry["summary"]}
        if entry["content"]:
            item["content_html"] = entry["content"]
        else:
            item["content_text"] = entry["summary"]
        if entry["image"]:
            item["image"] = entry["image"]
        item["date_published"] = entry["published"].isoformat()
        item["date_modified"] = entry["updated"].isoformat()
        item["authors"] = [{"name": name, "url": uri} for name, uri in entry["authors"]]
        item["tags"] = entry["categories"]
        items.append(item)
    document = {"version": "https://jsonfeed.org/version/1.1", "title": feed.title,
                "home_page_url": feed.base + feed.home, "feed_url": feed.address(JSON),
                "description": feed.description, "language": LANGUAGE, "items": items}
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
