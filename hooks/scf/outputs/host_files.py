"""What hosts, search engines and social sites read besides the pages themselves.

- `_headers` and `_redirects` for hosts that read them (Netlify, Cloudflare Pages):
  security headers, cache lifetimes, and the old blog's addresses.
- A Content-Security-Policy `<meta>` in every page, for hosts that cannot send
  headers (GitHub Pages).
- `sitemap.xml` (and the `.gz` MkDocs also writes) and `robots.txt`, from the content
  model, so only published pages are listed.

The policy allows our own origin and the exact inline scripts the theme's templates write
(the theme's `scripts`, scf.pages.theme.Scripts): read from the templates when the build
starts, never from the built pages, so no content can add itself to it.
It also allows WebAssembly, which the search (Pagefind) runs; that allows no JavaScript eval.
Forms may post to our origin and to the email provider named in scf.yml (`newsletter:`) only.
"""
from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from functools import lru_cache, partial
from xml.sax.saxutils import escape

from scf.content.file_reads import PerObject
from scf.content.kept_reading import FromLast, MadeFrom
from scf.content.model import Document, EasyRead, Post, Site, page_url
from scf.outputs.writer import Output, text
from scf.pages.theme import Scripts
from scf.views.blog import Listing

from .addresses import Registry
from .host_rules import HeaderRule, Redirect, escaped, headers_file, redirects_file

HEADERS, REDIRECTS = "_headers", "_redirects"
HOST_FILES = (HEADERS, REDIRECTS)  # read by the host, never served
SITEMAP, ROBOTS = "sitemap.xml", "robots.txt"

# Directives other than script-src. `data:` images are the icons Material's CSS draws.
POLICY = ("default-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
          "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'")
FRAME_ANCESTORS = "frame-ancestors 'none'"  # header only: browsers ignore it in <meta>

SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=63072000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                          "microphone=(), payment=(), usb=(), browsing-topics=()",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
}
LONG_CACHE = "public, max-age=31536000, immutable"  # the file name changes when the file does
SHORT_CACHE = "public, max-age=0, must-revalidate"  # pages and feeds: always ask for the newest

_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)


class Publisher:
    """Puts the policy in every page, then writes the whole-site files once."""

    def __init__(self, site: Site, listings: list[Listing], site_url: str,
                 serving: bool, scripts: Scripts, long_lived: Callable[[str], bool],
                 made_from: MadeFrom | None = None):
        """`made_from`: the site a kept reading made `site` from (./dev serve)."""
        self.site = site
        self.made_from = made_from
        self.listings = listings
        self.site_url = site_url
        self.serving = serving  # `serve` injects its reload script, which no policy lists
        self.scripts = scripts
        self.long_lived = long_lived  # the theme's assets named by their content
        self.drawn: set[str | None] = set()  # the pages drawn, for the header's sources
        newsletter = site.settings.newsletter  # the email provider the sign-up form posts to
        self.form_origins = (newsletter.origin,) if newsletter else ()

    # -- per page ---------------------------------------------------------------------------

    def add_csp_meta(self, html: str, src_uri: str | None) -> str:
        """Put the policy, with the theme's scripts for this page's depth, first in <head>."""
        if self.serving:
            return html
        url = page_url(src_uri) if src_uri else None
        self.drawn.add(url)
        policy = csp(self.scripts.sources(url), header=False, form_origins=self.form_origins)
        tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        charset = _CHARSET.search(html)
        if charset:
            return html[:charset.end()] + "\n" + tag + html[charset.end():]
        return html.replace("<head>", "<head>\n" + tag, 1)

    # -- whole site: what each file would hold (outputs.Writer writes it) -------------------

    def headers(self, registry: Registry, extra: list[HeaderRule]) -> list[Output]:
        """Last of all: `_headers` lists every address the registry holds; `extra`: the rules
        of other parts of the site (the web editor's), after the site's own."""
        # Every page of the site, each drawn page, and 404.html (None): the header's sources.
        urls = {d.url for d in self.site.documents} | {listing.url for listing in self.listings} | {None} | self.drawn
        hashes = sorted({h for url in urls for h in self.scripts.sources(url)})
        own = {rule.path.strip("/") for rule in extra  # folders whose rule sends their own policy
               if rule.splat and any(name == "Content-Security-Policy" for name, _ in rule.headers)}
        rules = header_rules(registry, hashes, self.form_origins, own, self.long_lived) + extra
        return [text(HEADERS, headers_file("Written by the build (hooks/scf/outputs/host_files.py); do not edit.", rules))]

    def redirects(self, rules: list[Redirect]) -> list[Output]:
        return [text(REDIRECTS, redirects_file("Written by the build (hooks/scf/outputs/host_files.py): the old blog's "
                                               "addresses.", rules))]

    def sitemap(self) -> list[Output]:
        """Replace the sitemap MkDocs writes (it stamps the build date on every page)."""
        if not self.site_url:  # a sitemap needs full addresses
            return [Output(SITEMAP, remove=True), Output(SITEMAP + ".gz", remove=True)]
        xml = sitemap(self.site, self.listings, self.site_url, self.made_from).encode("utf-8")
        return [Output(SITEMAP, xml), Output(SITEMAP + ".gz", _gzipped(xml))]


@lru_cache(maxsize=1)  # a save under `./dev serve` seldom changes the sitemap: not compressed again
def _gzipped(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=9, mtime=0)


def csp(script_hashes: list[str], header: bool = True, form_origins: tuple[str, ...] = ()) -> str:
    script_src = " ".join(["script-src 'self' 'wasm-unsafe-eval'", *script_hashes])
    policy = [" ".join([d, *form_origins]) if d.startswith("form-action") else d for d in POLICY]
    directives = [policy[0], script_src, *policy[1:]]
    return "; ".join(directives + [FRAME_ANCESTORS] if header else directives)


def header_rules(registry: Registry, script_hashes: list[str], form_origins: tuple[str, ...] = (),
                 own_policy: set[str] | None = None, long_lived: Callable[[str], bool] = lambda path: False,
                 ) -> list[HeaderRule]:
    """Security headers everywhere; one policy and one cache rule a path.

    Hosts combine (Cloudflare) or override (Netlify) a header set by two matching rules, so
    Cache-Control is given once per path: a year for the theme's fingerprinted assets
    (`long_lived`), by exact path; a short one for each top-level folder and file but assets/
    (pages, feeds, images of posts); the host's default for the rest of assets/. Every path is a claimed address.
    The policy, likewise, goes with each top-level rule and assets/, never with `/*`: the
    folders in `own_policy` (the web editor's) send their own, and Cloudflare's way of taking
    a header away (`! Name`) is a line Netlify skips (tests/host/ runs both hosts' engines).
    """
    policy = ("Content-Security-Policy", csp(script_hashes, form_origins=form_origins))
    own_policy = own_policy or set()
    assets = registry.under("assets")
    rules = [HeaderRule("/", tuple(SECURITY_HEADERS.items()), splat=True)]
    rules += [HeaderRule(f"/{rel}", (("Cache-Control", LONG_CACHE),)) for rel in assets if long_lived(rel)]
    if assets:
        rules.append(HeaderRule("/assets/", (policy,), splat=True))
    rules.append(HeaderRule("/", (("Cache-Control", SHORT_CACHE), policy)))
    rules += [HeaderRule(escaped(f"/{name}/" if folder else f"/{name}"),
                         (("Cache-Control", SHORT_CACHE),) + (() if name in own_policy else (policy,)), splat=folder)
              for name, folder in registry.top_level() if name not in ("assets", *HOST_FILES)]
    return rules


# A document kept between the preview's rebuilds keeps its entry (None if not listed): 3,600 at 2,000 posts.
_ENTRIES: PerObject[str | None] = PerObject()


def _shown(doc: Document) -> bool:
    if isinstance(doc, EasyRead):
        doc = doc.standard or doc
    return not isinstance(doc, Post) or doc.published


def _entry(site_url: str, url: str, doc: Document | None) -> str:
    lastmod = f"<lastmod>{doc.last_modified.date().isoformat()}</lastmod>" if isinstance(doc, Post) else ""
    return f"  <url><loc>{escape(site_url + url)}</loc>{lastmod}</url>"


@lru_cache(maxsize=1 << 16)  # a listing (a page of the blog: 1,000 at 2,000 posts) is made again each build
def _listing_entry(site_url: str, url: str) -> str:
    return _entry(site_url, url, None)


def published(site: Site, listings: list[Listing], site_url: str) -> list[tuple[str, str]]:
    """(address, sitemap entry) of every page search engines may list, by address."""
    pages = [(listing.url, _listing_entry(site_url, listing.url)) for listing in listings]
    for doc in site.documents:
        if (entry := _listed(site_url, doc)) is not None:
            pages.append((doc.url, entry))
    return sorted(pages)


def _listed(site_url: str, doc: Document) -> str | None:
    return _ENTRIES.get(doc, site_url, _made_entry, site_url, doc)


def _made_entry(site_url: str, doc: Document) -> str | None:
    return _entry(site_url, doc.url, doc) if _shown(doc) else None


# The last sitemap: a save that changed no post's entry (its address, its date) keeps it. The
# listings' addresses are the structure's, which a kept reading keeps.
_LAST: FromLast[str] = FromLast()


def sitemap(site: Site, listings: list[Listing], site_url: str, made_from: MadeFrom | None = None) -> str:
    """`made_from`: the site a kept reading made `site` from (./dev serve)."""
    if (kept := _LAST.get(site, made_from, partial(_made_entry, ""), site_url)) is not None:
        return kept
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [entry for _, entry in published(site, listings, site_url)]
    return _LAST.keep(site, "\n".join(lines + ["</urlset>"]) + "\n", site_url)


def robots_txt(value: str) -> list[Output]:
    return [text(ROBOTS, value)]


def robots(site_url: str) -> str:
    text = "User-agent: *\nDisallow:\n"
    return text + f"\nSitemap: {site_url}sitemap.xml\n" if site_url else text
