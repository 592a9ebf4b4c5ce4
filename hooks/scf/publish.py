"""What hosts, search engines and social sites read besides the pages themselves.

- `_headers` and `_redirects` for hosts that read them (Netlify, Cloudflare Pages):
  security headers, cache lifetimes, and the old blog's addresses.
- A Content-Security-Policy `<meta>` in every page, for hosts that cannot send
  headers (GitHub Pages).
- `sitemap.xml` (and the `.gz` MkDocs also writes) and `robots.txt`, from the content
  model, so only published pages are listed.

The policy allows our own origin and the exact inline scripts the theme's templates write
(theme_scripts.py): read from the templates when the build starts, never from the built
pages, so no content can add itself to it.
It also allows WebAssembly, which the search (Pagefind) runs; that allows no JavaScript eval.
Forms may post to our origin and to the email provider named in scf.yml (`newsletter:`) only.
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

from . import feeds
from .blog import Listing
from .model import Document, EasyRead, Post, Site, page_url
from .theme_scripts import ThemeScripts, base_url

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

# Material's fingerprinted assets, e.g. assets/javascripts/bundle.a5f9d56c.min.js
_FINGERPRINTED = re.compile(r"^assets/.+\.[0-9a-f]{8}\.min\.(js|css)$")
_CHARSET = re.compile(r"<meta charset=[^>]*>", re.I)


class Publisher:
    """Puts the policy in every page, then writes the whole-site files once."""

    def __init__(self, site: Site, listings: list[Listing], all_feeds: dict[str, feeds.Feed], site_url: str,
                 serving: bool, scripts: ThemeScripts):
        self.site = site
        self.listings = listings
        self.feeds = all_feeds
        self.site_url = site_url
        self.serving = serving  # `serve` injects its reload script, which no policy lists
        self.scripts = scripts
        self.site_path = urlsplit(site_url).path or "/"  # 404.html's base_url
        # Every depth of the site's pages, known at the start, and 404.html: the header's sources.
        urls = [d.url for d in site.documents] + [listing.url for listing in listings]
        self.bases = {base_url(url, self.site_path) for url in urls} | {self.site_path}
        newsletter = site.settings.newsletter  # the email provider the sign-up form posts to
        self.form_origins = (newsletter.origin,) if newsletter else ()

    # -- per page ---------------------------------------------------------------------------

    def add_csp_meta(self, html: str, src_uri: str | None) -> str:
        """Put the policy, with the theme's scripts for this page's depth, first in <head>."""
        if self.serving:
            return html
        base = base_url(page_url(src_uri) if src_uri else None, self.site_path)
        self.bases.add(base)
        policy = csp(self.scripts.sources(base), header=False, form_origins=self.form_origins)
        tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
        charset = _CHARSET.search(html)
        if charset:
            return html[:charset.end()] + "\n" + tag + html[charset.end():]
        return html.replace("<head>", "<head>\n" + tag, 1)

    # -- whole site -------------------------------------------------------------------------

    def write_headers(self, site_dir: Path) -> None:
        """Last of all: `_headers` lists the files the other writers make."""
        hashes = sorted({h for base in self.bases for h in self.scripts.sources(base)})
        (site_dir / "_headers").write_text(headers_file(site_dir, hashes, self.form_origins), encoding="utf-8")

    def write_redirects(self, site_dir: Path) -> None:
        (site_dir / "_redirects").write_text(redirects_file(self.site, self.feeds, self.site_url), encoding="utf-8")

    def write_sitemap(self, site_dir: Path) -> None:
        """Replace the sitemap MkDocs writes (it stamps the build date on every page)."""
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site_dir / name).unlink(missing_ok=True)
        if self.site_url:  # a sitemap needs full addresses
            xml = sitemap(self.site, self.listings, self.site_url).encode("utf-8")
            (site_dir / "sitemap.xml").write_bytes(xml)
            (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(xml, compresslevel=9, mtime=0))
        (site_dir / "robots.txt").write_text(robots(self.site_url), encoding="utf-8")


def csp(script_hashes: list[str], header: bool = True, form_origins: tuple[str, ...] = ()) -> str:
    script_src = " ".join(["script-src 'self' 'wasm-unsafe-eval'", *script_hashes])
    policy = [" ".join([d, *form_origins]) if d.startswith("form-action") else d for d in POLICY]
    directives = [policy[0], script_src, *policy[1:]]
    return "; ".join(directives + [FRAME_ANCESTORS] if header else directives)


def headers_file(site_dir: Path, script_hashes: list[str], form_origins: tuple[str, ...] = ()) -> str:
    """`_headers`: security headers everywhere; cache rules that never overlap.

    Hosts combine (Cloudflare) or override (Netlify) a header set by two matching rules, so
    Cache-Control is given once per path: a year for fingerprinted assets, by exact path;
    a short one for each top-level folder and file but assets/ (pages, feeds, images of
    posts); the host's default for the rest of assets/.
    """
    lines = ["# Written by the build (hooks/scf/publish.py); do not edit.", "/*",
             f"  Content-Security-Policy: {csp(script_hashes, form_origins=form_origins)}"]
    lines += [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    assets = sorted(p.relative_to(site_dir).as_posix() for p in (site_dir / "assets").rglob("*")
                    if p.is_file()) if (site_dir / "assets").is_dir() else []
    for rel in assets:
        if _FINGERPRINTED.match(rel):
            lines += [f"/{rel}", f"  Cache-Control: {LONG_CACHE}"]
    fresh = ["/"] + [f"/{p.name}/*" if p.is_dir() else f"/{p.name}"
                     for p in sorted(site_dir.iterdir(), key=lambda p: p.name)
                     if p.name != "assets" and p.name not in ("_headers", "_redirects")]
    for path in fresh:
        lines += [path, f"  Cache-Control: {SHORT_CACHE}"]
    return "\n".join(lines) + "\n"


def redirects(site: Site, all_feeds: dict[str, feeds.Feed], site_url: str) -> list[tuple[str, str]]:
    """(old path, new path) for the hosted blog's addresses, in a stable order."""
    base = urlsplit(site_url).path or "/"
    pairs = [(old, base + new.lstrip("/")) for old, new in feeds.redirects(all_feeds)]
    pairs += [(f"/category/{c.slug}/", base + c.url) for c in site.categories]
    pairs += [(f"/author/{key}/", base + a.url) for key, a in sorted(site.authors.items())]
    return pairs + moved(site, site_url)


def moved(site: Site, site_url: str) -> list[tuple[str, str]]:
    """(old path, new path) of every published post and page whose old address differs.

    Never a query address: to a static host `/?p=12` is the home page, and a rule for `/`
    would send every visitor of the home page to one old post."""
    base = urlsplit(site_url).path or "/"
    pairs = []
    for doc in [*site.published_posts, *site.pages]:
        original = getattr(doc, "original_url", None) or doc.meta.get("original_url")
        old = urlsplit(str(original or ""))
        new = base + doc.url
        if original and not old.query and old.path.strip("/") and old.path != new:
            pairs.append((old.path, new))
    return pairs


def redirects_file(site: Site, all_feeds: dict[str, feeds.Feed], site_url: str) -> str:
    lines = ["# Written by the build (hooks/scf/publish.py): the old blog's addresses."]
    lines += [f"{old} {new} 301" for old, new in redirects(site, all_feeds, site_url)]
    return "\n".join(lines) + "\n"


def published(site: Site, listings: list[Listing]) -> list[tuple[str, Document | None]]:
    """(address, document) of every page search engines may list; listings have no document."""
    def shown(doc: Document) -> bool:
        if isinstance(doc, EasyRead):
            doc = doc.standard or doc
        return not isinstance(doc, Post) or doc.published

    pages: list[tuple[str, Document | None]] = [(d.url, d) for d in site.documents if shown(d)]
    pages += [(listing.url, None) for listing in listings]
    return sorted(pages, key=lambda pair: pair[0])


def sitemap(site: Site, listings: list[Listing], site_url: str) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, doc in published(site, listings):
        lastmod = f"<lastmod>{doc.last_modified.date().isoformat()}</lastmod>" if isinstance(doc, Post) else ""
        lines.append(f"  <url><loc>{escape(site_url + url)}</loc>{lastmod}</url>")
    return "\n".join(lines + ["</urlset>"]) + "\n"


def robots(site_url: str) -> str:
    text = "User-agent: *\nDisallow:\n"
    return text + f"\nSitemap: {site_url}sitemap.xml\n" if site_url else text
