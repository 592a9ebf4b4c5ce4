"""The old blog's addresses, sent on to the new ones: `_redirects` for hosts that read it, and a
small page at each old path for those that do not (redirect_pages.py).

An old address comes from content (`original_url:`), so it is input like any other: its
path must pass the host rules' strict grammar (host_rules.PATH), or it is refused with a
message; only its path is used, never its host. Every old path is then claimed in the
registry of addresses like a page, so an old address that is a page of this site, or that
two posts give, is one problem naming both. A query address (`/?p=12`) is the home page to
a static host: it gets nothing, ever (a rule for `/` would send every visitor of the home
page to one old post).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from scf.content.data import Author
from scf.content.kept_reading import FromLast, MadeFrom
from scf.content.model import Category, Document, Post, Site
from scf.content.problems import Problem

from . import feeds
from .addresses import BUILD, Source
from .host_rules import Redirect, escaped, is_path

_FIX = ("write the address the text had on the old site, such as 'https://old.example.org/2019/07/01/my-post/': "
        "letters, digits, - . _ ~ and %-escapes only, or remove the line")


@dataclass(frozen=True)
class Moved:
    old: str  # the old path, as the host sees it (`%`-escaped)
    new: str  # the new path, under the site's own path
    source: Source  # who gave the old address

    @property
    def folder(self) -> str:
        """Where the page that sends readers on goes, in the built site."""
        return unquote(self.old).strip("/")

    @property
    def address(self) -> str:
        return self.folder + "/index.html"


def original_url(doc: Document) -> object:
    return getattr(doc, "original_url", None) or doc.meta.get("original_url")


# The last site's, kept for a site a kept reading made from it while its changed posts give the same.
_LAST: FromLast[tuple[list[Moved], list[Problem]]] = FromLast()


def _given(doc: Document) -> tuple[object, ...]:
    """What a document gives `moved`."""
    return original_url(doc), getattr(doc, "lines", {}).get("original_url"), doc.url, doc.source


def moved(site: Site, site_url: str, made_from: MadeFrom | None = None) -> tuple[list[Moved], list[Problem]]:
    """(old path, new path) of every published post and page whose old address differs, and a
    problem for each old address that is not a plain path. `made_from`: the site a kept
    reading made `site` from (it keeps every post's state)."""
    if (kept := _LAST.get(site, made_from, _given, site_url)) is not None:
        return list(kept[0]), list(kept[1])
    found, problems = _moved(site, site_url)
    _LAST.keep(site, (list(found), list(problems)), site_url)
    return found, problems


def _moved(site: Site, site_url: str) -> tuple[list[Moved], list[Problem]]:
    base = urlsplit(site_url).path or "/"
    found, problems = [], []
    for doc in [*site.published_posts, *site.pages]:
        original = original_url(doc)
        if not original:
            continue
        line = getattr(doc, "lines", {}).get("original_url")
        kind = "post" if isinstance(doc, Post) else "page"
        try:
            old = urlsplit(str(original))
        except ValueError:
            problems.append(Problem(doc.source, line, f"'original_url' is not an address: '{original}'", _FIX))
            continue
        new, path = base + doc.url, escaped(old.path)
        if old.query or not path.strip("/") or path.casefold() == new.casefold():
            continue  # the home page's, or its own address (hosts that ignore case would loop)
        if not is_path(path):
            problems.append(Problem(doc.source, line, f"the old address's path '{old.path}' cannot be sent on: "
                                    "it may not hold spaces, '*', ':', '!', '\\', '//' or other signs that mean "
                                    "more than one address to a host", _FIX))
            continue
        found.append(Moved(path, new, Source(doc.source, line, f"this {kind}'s old address ('original_url')",
                                             "remove 'original_url', or correct it if it is wrong")))
    return found, problems


def rules(site: Site, all_feeds: dict[str, feeds.Feed], site_url: str) -> list[Moved]:
    """The redirects the build makes, in a stable order: the old blog's feeds, categories and
    authors (the posts and pages that moved, `moved`, follow them in `_redirects`)."""
    base = urlsplit(site_url).path or "/"
    pairs = [Moved(f"/{old}", base + feed.path(fmt),
                   Source(BUILD, None, f"the old blog's address of the feed '{feed.name}', where its subscribers "
                          "find it (a page there would hide it on GitHub Pages)"))
             for old, feed, fmt in feeds.old_addresses(all_feeds)]
    pairs += [Moved(f"/category/{c.slug}/", base + c.url,
                    subject_source(site, c, f"the old address of the category '{c.name}'"))
              for c in site.categories]
    writing = {a.key for post in site.posts for a in post.authors}  # who has a page (blog.listings)
    pairs += [Moved(f"/author/{key}/", base + a.url, subject_source(site, a, f"the old address of the author '{key}'"))
              for key, a in sorted(site.authors.items()) if key in writing]
    return pairs


def subject_source(site: Site, subject: Category | Author, what: str) -> Source:
    """A category's or an author's claims (its old blog address here, its listing in
    site_addresses.py): one problem for all of them, on the file that names it."""
    if isinstance(subject, Author):
        return Source(site.settings.authors_file, None, what, "give the author another key", f"author {subject.key}")
    return Source("scf.yml", None, what, "give the category a name that differs in more than its punctuation "
                  "and capitals", f"category {subject.name}")


def host_rules(pairs: list[Moved]) -> list[Redirect]:
    return [Redirect(m.old, m.new) for m in pairs]
