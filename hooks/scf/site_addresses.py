"""Every address a build of the site gives out, claimed in the registry (addresses.py) in one
place, from the content model, before anything is written.

The build's own files are claimed first (they are what a page may not be named like: `feed.xml`,
`_redirects`...), then what settings make (listings, the newsletter archive, the web editor),
then every page, post, easy read page and file of the content, then the old addresses that
are sent on: so the problem is reported on the file an editor can rename.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from scf.content.data import Author
from scf.content.file_reads import LastOne, PerObject
from scf.content.kept_reading import FromLast, MadeFrom
from scf.content.model import Category, Document, EasyRead, Page, Post, Site
from scf.content.problems import Problem
from scf.integrations import editor
from scf.integrations.newsletter import archive
from scf.outputs import calendars, feeds, search
from scf.outputs import host_files as publish
from scf.outputs.addresses import BUILD, Registry, Source, file_for
from scf.outputs.old_addresses import Moved, subject_source
from scf.views.blog import Listing
from scf.views.events import event_of

# Each by the name its maker writes it with, so the two cannot drift apart.
_BUILD_FILES = {
    publish.HEADERS: "the host's header rules (_headers)",
    publish.REDIRECTS: "the host's redirect rules (_redirects)",
    publish.ROBOTS: "the rules for search engines (robots.txt)",
    publish.SITEMAP: "the sitemap", publish.SITEMAP + ".gz": "the sitemap",
    "404.html": "the page for addresses that do not exist",
    calendars.CALENDAR: "the calendar of all events",
}
_FIXES = {"post": "give one of them a different 'slug:' or date"}


@dataclass
class Claims:
    """What the build claims, given as the build knows it."""

    site: Site
    listings: list[Listing]
    feeds: dict[str, feeds.Feed]
    events: list[Page]  # the event pages, each with its own calendar file
    builder_files: Iterable[str]  # what the builder copies of its own (the theme's files)
    editor: bool  # scf.yml has an `editor:` setting
    archive: bool  # scf.yml's `newsletter:` says `archive: true`
    redirects: list[Moved]  # the old feeds', categories' and authors' addresses, made by the build
    moved: list[Moved]  # the old addresses posts and pages give (`original_url`)
    made_from: MadeFrom | None = None  # the site a kept reading made `site` from (./dev serve)


_Claim = tuple[str, Source, str]  # an address, who claims it, and how: "file", "folder" or "rule" (no file)


def claim_site(claims: Claims) -> Registry:
    """The registry with every address of the site; its `problems` name both sides of each clash."""
    registry = _registered(_wanted(claims))
    registry.problems += _empty_slugs(claims.site)
    return registry


def _wanted(claims: Claims) -> list[_Claim]:
    """Every claim, in the order they are made: the first claim of an address has it."""
    site = claims.site
    wanted: list[_Claim] = [(address, Source(BUILD, None, what), "file") for address, what in _BUILD_FILES.items()]
    wanted += [(address, Source(BUILD, None, what), "file") for address, what in feeds.addresses(claims.feeds)]
    wanted.append((search.OUTPUT, Source(BUILD, None, "the search index"), "folder"))
    wanted += [(address, Source(BUILD, None, "a file of the theme"), "file") for address in sorted(set(claims.builder_files))]

    if claims.editor:
        wanted.append((editor.FOLDER, Source("scf.yml", None, "the web editor ('editor:')",
                                             "remove the 'editor:' setting or rename the page"), "folder"))
    if claims.archive:
        wanted.append((archive.FOLDER, Source("scf.yml", None, "the newsletter archive ('archive: true')"), "folder"))
    wanted += _listings(site, claims.listings, claims.made_from)
    wanted += [(item.address, item.source, "rule") for item in claims.redirects]  # a rule in _redirects, no page

    wanted += _documents(site, claims.made_from)
    wanted += _files(site.paths)
    wanted += [(calendars.file_for(page), Source(page.source, event_of(page).lines.get("uid"),
                                                 "this event's calendar file"), "file") for page in claims.events]
    wanted += [(item.address, item.source, "file") for item in claims.moved]
    return wanted


# The last claims and their registry. Under `./dev serve` a save seldom changes what the site
# claims (3,600 addresses at 2,000 posts): the registry is then copied, not made again.
_LAST: LastOne[Registry] = LastOne()


def _registered(wanted: list[_Claim]) -> Registry:
    if (kept := _LAST.get(wanted)) is not None:
        return kept.copy()
    registry = Registry()
    for address, source, how in wanted:
        if how == "folder":
            registry.claim_folder(address, source)
        else:
            registry.claim(address, source, written=how == "file")
    _LAST.keep(wanted, registry.copy())
    return registry


# A document kept between the preview's rebuilds (scf.content.file_reads) keeps its claim.
_CLAIMS: PerObject[_Claim] = PerObject()


def _document_claim(doc: Document) -> _Claim:
    return _CLAIMS.get(doc, None, _made_claim, doc)


# The claims of the last site's documents, and of its files: a save seldom changes them.
_DOCUMENTS: FromLast[list[_Claim]] = FromLast()
_FILES: LastOne[list[_Claim]] = LastOne()


def _documents(site: Site, made_from: MadeFrom | None) -> list[_Claim]:
    kept = _DOCUMENTS.get(site, made_from, _document_claim)
    return kept if kept is not None else _DOCUMENTS.keep(site, list(map(_document_claim, site.documents)))


# The listings' claims: a kept reading keeps the structure, and so every listing's address.
_LISTINGS: FromLast[list[_Claim]] = FromLast()


def _listings(site: Site, listings: list[Listing], made_from: MadeFrom | None) -> list[_Claim]:
    kept = _LISTINGS.since(made_from)
    return _LISTINGS.keep(site, kept if kept is not None else [
        (file_for(listing.url), _listing_source(site, listing), "file") for listing in listings])


def _files(paths: dict[str, str]) -> list[_Claim]:
    """The claims of every file of the content that is not a page (a picture, a PDF)."""
    if (kept := _FILES.get(paths)) is None:
        kept = [(uri, Source(path, None, "this file"), "file")
                for path, uri in sorted((p, u) for p, u in paths.items() if not p.endswith(".md"))]
        _FILES.keep(dict(paths), kept)
    return kept


def _made_claim(doc: Document) -> _Claim:
    if isinstance(doc, EasyRead) and doc.generated:
        source = Source(BUILD, None, "the list of easy read pages")
    else:
        source = _document_source(doc.source, _kind(doc))
    return file_for(doc.url), source, "file"


@lru_cache(maxsize=100_000)  # the same for every build of the preview server: thousands a save
def _document_source(path: str, kind: str) -> Source:
    return Source(path, None, f"this {kind}", _FIXES.get(kind, Source.fix))


def _kind(doc: object) -> str:
    return "post" if isinstance(doc, Post) else "easy read page" if isinstance(doc, EasyRead) else "page"


def _listing_source(site: Site, listing: Listing) -> Source:
    if isinstance(listing.subject, (Category, Author)):
        return subject_source(site, listing.subject, f"the listing of the {listing.kind} '{listing.subject.name}'")
    return Source(BUILD, None, f"the '{listing.title}' listing of the blog")


def _empty_slugs(site: Site) -> list[Problem]:
    return [Problem("scf.yml", None, f"the category '{c.name}' has no letters or digits to make its address of",
                    "give the category a name with letters or digits") for c in site.categories if not c.slug]
