"""`scf import-wordpress`: bring a WordPress export (WXR file) over into posts/.

Everything is read, checked and converted in memory first; files are written only
when the whole export is good, so a broken or cut-off export leaves posts/ as it was.
Old addresses and feed identity survive: each post keeps its WordPress date and
slug (our /YYYY/MM/DD/slug/ scheme is WordPress's), its `original_url` (publishing
redirects it if the address had to change) and its `guid` (the feeds' item id).
"""
from __future__ import annotations

import datetime as dt
import html
import os
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml

from .frontmatter import load_yaml_file, load_yaml_lines, parse
from .validate import parse_date
from .html_to_markdown import html_to_markdown, plain_text
from .model import slugify
from .problems import ContentError, Problem
from .safety import unsafe_content
from .settings import Settings, load_settings

NEW_AUTHOR_ROLE = "Author on the old blog"
NEW_AUTHOR_BIO = "Imported from the WordPress archive: this bio should be completed."
_NAMESPACES = {"http://purl.org/rss/1.0/modules/content/": "content",
               "http://purl.org/dc/elements/1.1/": "dc"}
_SKIPPED_STATUS = {"draft": "draft", "auto-draft": "draft", "pending": "pending review",
                   "private": "private", "future": "scheduled", "trash": "binned"}
_SKIPPED_TYPE = {"attachment": "attachments (media files)", "revision": "revisions",
                 "nav_menu_item": "menu items"}
_RESERVED_PAGES = {"blog", "easy-read", "assets", "feed", "search", "index"}
_SHORTCODE = re.compile(r"\[(\[?)([a-zA-Z][\w-]*)(?![\w-])((?:[^\]/]|/(?!\]))*)"
                        r"(?:(/)\]|\](?:(.*?)\[/\2\])?)(\]?)", re.S)
_SHORTCODE_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s'"\]]+))""")
_CAPTION = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.S | re.I)
_DYNAMIC_BLOCK = re.compile(r"<!--\s*wp:([a-z0-9/-]+)[^>]*?/-->")
_SCHEME = re.compile(r"\b((?:javascript|vbscript|data)\s*):", re.I)
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)  # the block editor's markers: no content
_OEMBED = re.compile(r"^[ \t]*(https?://[^\s<>\"']+)[ \t]*$", re.M)  # a URL alone on a line


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # the C emitter is many times faster
    """Front matter as editors write it: one field a line, lists as [a, b]."""


_Dumper.add_representer(list, lambda dumper, data: dumper.represent_sequence(
    "tag:yaml.org,2002:seq", data, flow_style=True))
_EXPORT_HOW = "in WordPress use Tools > Export > All content, and give scf the file it downloads"
_RESIZED = re.compile(r"-\d+x\d+(?=\.\w+$)")  # WordPress's "photo-300x200.jpg" copies


@dataclass
class Options:
    posts_dir: str = "posts"
    overwrite: bool = False
    pages: bool = False
    image_dir: str | None = None
    category_map: str = "data/wordpress-categories.yml"


@dataclass
class Report:
    """What the import did and what editors should look at; `text()` is what scf prints."""

    written: list[str] = field(default_factory=list)
    overwritten: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # already imported: left alone
    skipped: Counter = field(default_factory=Counter)  # reason -> how many
    comments: int = 0
    authors_created: list[str] = field(default_factory=list)
    unknown_categories: Counter = field(default_factory=Counter)  # WordPress name -> posts
    fallback: list[str] = field(default_factory=list)  # posts given the fallback category
    images: list[tuple[str, str, str | None]] = field(default_factory=list)  # file, address, local
    shortcodes: list[tuple[str, str]] = field(default_factory=list)  # file, what was removed
    dropped: list[tuple[str, str]] = field(default_factory=list)  # file, what was removed
    moved: list[tuple[str, str]] = field(default_factory=list)  # old address, new address
    untitled: list[str] = field(default_factory=list)
    relinked: int = 0  # links between old posts and pages, now to the imported files
    category_map: str = ""

    def text(self, limit: int | None = 10) -> str:
        lines = [f"Imported {len(self.written)} new file{_s(self.written)}, replaced {len(self.overwritten)}, "
                 f"kept {len(self.kept)} already imported (use --overwrite to replace them)."]
        if self.skipped:
            lines.append("Not imported:")
            lines += [f"  {reason}: {n}" for reason, n in sorted(self.skipped.items())]
        lines.append(f"Comments: {self.comments} in the export; comments are not published.")
        if self.relinked:
            lines.append(f"Links to other old posts and pages: {self.relinked}, now linking to the imported files.")

        def section(title: str, rows: list[str], fix: str = "") -> None:
            if not rows:
                return
            lines.extend(["", f"{title} ({len(rows)}):" + (f" {fix}" if fix else "")])
            shown = rows if limit is None else rows[:limit]
            lines.extend(f"  {row}" for row in shown)
            if len(rows) > len(shown):
                lines.append(f"  ... and {len(rows) - len(shown)} more (use --report FILE to list them all)")

        section("Authors added to the authors file", self.authors_created,
                "complete their role and bio")
        section("Unknown WordPress categories",
                [f"{name} ({n} post{_s(n)})" for name, n in sorted(self.unknown_categories.items())],
                f"map them in {self.category_map}, then run again with --overwrite")
        section("Posts filed under the fallback category", self.fallback)
        section("Posts without a title", self.untitled, "give them a title")
        section("Addresses that change", [f"{old} -> {new}" for old, new in self.moved],
                "the old address is kept as original_url, and publishing redirects it")
        section("Images", [f"{f}: {src}" + (f" -> {local}" if local else " (still on the old site)")
                           for f, src, local in self.images],
                "" if all(local for *_, local in self.images) else
                "download them and run again with --image-dir and --overwrite")
        section("Shortcodes removed", [f"{f}: {what}" for f, what in self.shortcodes],
                "check these posts: the shortcode's output is not on the new site")
        section("Removed for safety", [f"{f}: {what}" for f, what in self.dropped],
                "active content is not allowed on the site; link to it instead if it matters")
        return "\n".join(lines) + "\n"


def _s(count: int | list) -> str:
    return "" if (count if isinstance(count, int) else len(count)) == 1 else "s"


# -- reading the export --------------------------------------------------------------------


@dataclass
class Item:
    """One <item> of the export: a post, page, attachment, revision or menu item."""

    fields: dict[str, str]
    categories: list[tuple[str, str]]  # (slug, name) of each WordPress category
    comments: int
    meta: dict[str, str]

    def get(self, name: str) -> str:
        return self.fields.get(name) or ""

    @property
    def kind(self) -> str:
        return self.get("wp:post_type") or "post"

    @property
    def label(self) -> str:
        title = plain_text(self.get("title")) or "(no title)"
        return f"{self.kind} {self.get('wp:post_id') or '?'} '{title}'"


@dataclass
class Export:
    name: str  # as the user gave it, for messages
    authors: dict[str, str]  # login -> display name
    items: list[Item]


def read_export(path: Path, name: str) -> Export:
    """Read a WXR file. Raises ContentError naming the line if it is not a whole WordPress export."""
    if not path.is_file():
        raise ContentError([Problem(name, None, "the export file does not exist",
                                    "check the file name; WordPress names it like "
                                    "'yoursite.WordPress.2024-05-01.xml'")])
    prefixes: dict[str, str] = {}
    authors: dict[str, str] = {}
    items: list[Item] = []
    version = root = None
    try:
        for event, element in ET.iterparse(str(path), events=("start", "end")):
            if event == "start":
                root = root or element.tag
                continue
            tag = _name(element.tag, prefixes)
            if tag == "item":
                items.append(_item(element, prefixes))
                element.clear()
            elif tag == "wp:author":
                values = {_name(c.tag, prefixes): (c.text or "").strip() for c in element}
                login = values.get("wp:author_login", "")
                authors[login] = values.get("wp:author_display_name") or login
            elif tag == "wp:wxr_version":
                version = element.text
    except ET.ParseError as error:
        line = error.position[0]
        reason = str(error).split(":")[0]
        with path.open("rb") as file:
            last_line = sum(1 for _ in file)
        if line <= 2 and reason != "no element found":
            raise ContentError([Problem(name, line, "this is not a WordPress export file (WXR)",
                                        _EXPORT_HOW)]) from None
        if reason == "no element found" or line >= last_line:
            message = "the export file is cut off: it ends before the export is complete"
        else:
            message = f"the export file is damaged at this line ({reason}), so it cannot be read"
        raise ContentError([Problem(name, line, message,
                                    "export again from WordPress (Tools > Export > All content), let the "
                                    "download finish, and import that file")]) from None
    if root != "rss" or not version:
        raise ContentError([Problem(name, None, "this is not a WordPress export file (WXR)", _EXPORT_HOW)])
    return Export(name, authors, items)


def _name(tag: str, prefixes: dict[str, str]) -> str:
    """'{http://wordpress.org/export/1.2/}post_id' -> 'wp:post_id', whatever the WXR version."""
    if not tag.startswith("{"):
        return tag
    uri, _, local = tag[1:].partition("}")
    prefix = prefixes.get(uri)
    if prefix is None:
        prefix = _NAMESPACES.get(uri) or (
            ("excerpt" if uri.rstrip("/").endswith("excerpt") else "wp")
            if uri.startswith("http://wordpress.org/export/") else uri)
        prefixes[uri] = prefix
    return f"{prefix}:{local}"


def _item(element: ET.Element, prefixes: dict[str, str]) -> Item:
    fields, categories, meta, comments = {}, [], {}, 0
    for child in element:
        tag = _name(child.tag, prefixes)
        if tag == "category":
            if child.get("domain") == "category":
                categories.append((child.get("nicename") or "", (child.text or "").strip()))
        elif tag == "wp:comment":
            comments += 1
        elif tag == "wp:postmeta":
            values = {_name(c.tag, prefixes): c.text or "" for c in child}
            meta[values.get("wp:meta_key", "")] = values.get("wp:meta_value", "")
        else:
            fields[tag] = child.text or ""
    return Item(fields, categories, comments, meta)


# -- importing ------------------------------------------------------------------------------


def import_wordpress(root: Path | str, export: Path | str, options: Options | None = None) -> Report:
    """Convert the whole export in memory, then write every file. Raises ContentError, writing nothing."""
    settings = load_settings(root)
    export_path = Path(export)
    data = read_export(export_path, str(export))
    importer = _Importer(settings, data, options or Options())
    outputs = importer.convert()
    for path, text in outputs:
        _write(path, text)
    return importer.report


def _write(path: Path, text: str) -> None:
    """Write through a temporary file, so an interrupted import leaves no half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


class _Importer:
    def __init__(self, settings: Settings, export: Export, options: Options):
        self.settings, self.export, self.options = settings, export, options
        self.root = settings.root
        self.posts_dir = self.root / options.posts_dir
        self.problems: list[Problem] = []
        self.report = Report(category_map=options.category_map)
        self.attachments = {i.get("wp:post_id"): i for i in export.items if i.kind == "attachment"}
        self.category_map, self.fallback = self._category_map()
        self.image_dir = self._image_dir()
        self.authors_file = self.root / settings.authors_file
        self.authors: dict = self._authors()
        self.new_authors: dict[str, dict[str, str]] = {}
        self.author_keys: dict[str, str] = {}  # WordPress login -> our key
        self.taken: set[tuple[str, str]] = set()  # (date, slug) of posts in this import
        self.hosts = {urlparse(i.get("link")).netloc.lower() for i in export.items} - {""}
        self.files: dict[tuple[str, str], Path] = {}  # old address -> the file it was imported to

    def convert(self) -> list[tuple[Path, str]]:
        """Every file to write (posts, pages, the authors file), or ContentError with every problem."""
        existing = self._existing_posts()
        pages = {i.get("wp:post_id"): i for i in self.export.items if i.kind == "page"}
        existing_pages = self._existing_pages() if self.options.pages else {}
        placed: list[tuple[Item, Path, dict]] = []  # every published post and page, and where it goes
        for item in self.export.items:
            self.report.comments += item.comments
            status = item.get("wp:status")
            if item.kind in ("post", "page") and status != "publish":
                self.report.skipped[f"{_SKIPPED_STATUS.get(status, status or 'unpublished')} {item.kind}s"] += 1
            elif item.kind in ("post", "page") and item.get("wp:post_password"):
                self.report.skipped[f"password-protected {item.kind}s"] += 1  # never made public
            elif item.kind == "post":
                placed += self._place_post(item, existing)
            elif item.kind == "page" and self.options.pages:
                placed += self._place_page(item, pages, existing_pages)
            elif item.kind == "page":
                self.report.skipped["pages (use --pages to import them into docs/)"] += 1
            else:
                self.report.skipped[_SKIPPED_TYPE.get(item.kind, f"other items ({item.kind})")] += 1
        self.files = {key: path for item, path, _ in placed for key in self._keys(item.get("link"))}
        self.files.update({("id", item.get("wp:post_id")): path for item, path, _ in placed})
        outputs = []
        for item, path, where in placed:
            rel = self._rel(path)
            if path.exists() and not self.options.overwrite:
                self.report.kept.append(rel)
                continue
            convert = self._post if item.kind == "post" else self._page
            outputs.append((path, convert(item, path, rel, **where)))
            (self.report.overwritten if path.exists() else self.report.written).append(rel)
        if self.new_authors:
            outputs.append((self.authors_file, self._authors_text()))
        if self.problems:
            raise ContentError(self.problems)
        return outputs

    # -- posts -------------------------------------------------------------------------------

    def _place_post(self, item: Item, existing: dict) -> list[tuple[Item, Path, dict]]:
        """Where the post goes: the file it was imported to before, or YYYY-MM-DD-slug.md."""
        date = self._date(item)
        if date is None:
            return []
        day = f"{date:%Y-%m-%d}"
        slug = self._slug(item, day)
        guid = item.get("guid").strip()
        match = existing.get(("guid", guid)) if guid else None
        match = match or existing.get(("slug", day, slug))
        return [(item, match or self.posts_dir / f"{day}-{slug}.md", {"date": date, "slug": slug})]

    def _post(self, item: Item, path: Path, rel: str, date: dt.datetime, slug: str) -> str:
        guid = item.get("guid").strip()
        title = self._title(item, date)
        body, body_text = self._body(item, path.parent, rel)
        front = {"title": title, "date": date, "authors": [self._author(item)],
                 "categories": self._categories(item, rel),
                 "summary": self._summary(item, body_text, title), "slug": slug}
        link = item.get("link").strip()
        if re.match(r"^https?://", link):
            front["original_url"] = link
            new = f"/{date:%Y/%m/%d}/{slug}/"
            if urlparse(link).path.rstrip("/") + "/" != new:
                self.report.moved.append((link, new))
        if guid:
            front["guid"] = guid
        return _document(front, body)

    def _date(self, item: Item) -> dt.datetime | None:
        """The publication moment in the site's time zone: from the UTC date when there is one."""
        tz = self.settings.tz
        for key, zone in (("wp:post_date_gmt", dt.timezone.utc), ("wp:post_date", tz)):
            value = item.get(key).strip()
            if value and not value.startswith("0000"):
                try:
                    return dt.datetime.fromisoformat(value).replace(tzinfo=zone).astimezone(tz)
                except ValueError:
                    break
        self.problems.append(Problem(self.export.name, None,
                                     f"{item.label} has no readable date ('{item.get('wp:post_date')}')",
                                     "set its publication date in WordPress and export again"))
        return None

    def _slug(self, item: Item, day: str) -> str:
        """WordPress's slug in our form (a-z, 0-9, hyphens), made unique for its day."""
        slug = (_ascii_slug(unquote(item.get("wp:post_name"))) or _ascii_slug(plain_text(item.get("title")))
                or f"post-{item.get('wp:post_id') or len(self.taken) + 1}")
        unique, n = slug, 2
        while (day, unique) in self.taken:
            unique, n = f"{slug}-{n}", n + 1
        self.taken.add((day, unique))
        return unique

    def _title(self, item: Item, date: dt.datetime) -> str:
        title = plain_text(item.get("title"))
        if not title:
            title = f"Untitled post of {date.day} {date:%B %Y}"
            self.report.untitled.append(title)
        return title

    def _existing_posts(self) -> dict:
        """Posts already in the folder, by guid and by (date, slug), so a second run adds nothing."""
        found: dict = {}
        if not self.posts_dir.is_dir():
            return found
        for path in sorted(self.posts_dir.glob("*.md")):
            source, problems = parse(self._rel(path), path.read_text(encoding="utf-8", errors="replace"))
            if problems:
                continue
            if source.meta.get("guid"):
                found[("guid", str(source.meta["guid"]).strip())] = path
            date = parse_date(source.meta.get("date"), self.settings.tz)[0]
            slug = source.meta.get("slug") or re.sub(r"^\d{4}-\d{2}-\d{2}-", "", path.stem)
            if date:
                found[("slug", f"{date:%Y-%m-%d}", str(slug))] = path
        return found

    # -- pages ---------------------------------------------------------------------------------

    def _place_page(self, item: Item, pages: dict[str, Item],
                    existing: dict[str, Path]) -> list[tuple[Item, Path, dict]]:
        """A published page goes to docs/<parent>/<slug>.md: WordPress's address, /<parent>/<slug>/."""
        parts, parent, seen = [], item, set()
        while parent is not None and parent.get("wp:post_id") not in seen:
            seen.add(parent.get("wp:post_id"))
            parts.insert(0, _ascii_slug(unquote(parent.get("wp:post_name")))
                         or _ascii_slug(plain_text(parent.get("title"))) or f"page-{parent.get('wp:post_id')}")
            parent = pages.get(parent.get("wp:post_parent"))
        if parts[0] in _RESERVED_PAGES or re.fullmatch(r"\d{4}", parts[0]):
            self.report.skipped[f"pages whose address the site uses itself ({'/'.join(parts)})"] += 1
            return []
        path = existing.get(item.get("link").strip()) or self.root / "docs" / ("/".join(parts) + ".md")
        return [(item, path, {"parts": parts})]

    def _page(self, item: Item, path: Path, rel: str, parts: list[str]) -> str:
        link = item.get("link").strip()
        body, body_text = self._body(item, path.parent, rel)
        title = plain_text(item.get("title")) or parts[-1].replace("-", " ").capitalize()
        front = {"title": title, "summary": self._summary(item, body_text, title)}
        if re.match(r"^https?://", link):
            front["original_url"] = link
            if urlparse(link).path.strip("/") != "/".join(parts):
                self.report.moved.append((link, "/" + "/".join(parts) + "/"))
        return _document(front, body)

    def _existing_pages(self) -> dict[str, Path]:
        found = {}
        for path in sorted((self.root / "docs").rglob("*.md")):
            source, problems = parse(self._rel(path), path.read_text(encoding="utf-8", errors="replace"))
            if not problems and source.meta.get("original_url"):
                found[str(source.meta["original_url"]).strip()] = path
        return found

    # -- body ----------------------------------------------------------------------------------

    def _body(self, item: Item, folder: Path, rel: str) -> tuple[str, str]:
        """The Markdown body, and its plain text (without headings and captions) for the summary."""
        content = item.get("content:encoded")
        for block in _DYNAMIC_BLOCK.findall(content):
            self.report.shortcodes.append((rel, f"the '{block}' block (WordPress made its content)"))
        gutenberg = "<!-- wp:" in content
        content = self._shortcodes(_BLOCK_COMMENT.sub("", content), item, rel)
        content = _OEMBED.sub(lambda m: f'<a href="{html.escape(m.group(1))}">{html.escape(m.group(1))}</a>',
                              content)
        local: dict[str, str] = {}

        def image_src(src: str) -> str:
            found = self._local_image(src, folder)
            if found:
                local[src] = found
            return found or src

        def link_href(href: str) -> str:
            target, fragment = self._linked_file(href)
            if target is None:
                return href
            self.report.relinked += 1
            return os.path.relpath(target, folder).replace(os.sep, "/") + fragment

        converted = html_to_markdown(content, autop=not gutenberg, image_src=image_src, link_href=link_href)
        self.report.images += [(rel, src, local.get(src)) for src in converted.images]
        self.report.dropped += [(rel, what) for what in converted.dropped]
        return self._defused(converted.markdown, item, rel), converted.text

    def _defused(self, markdown: str, item: Item, rel: str) -> str:
        """The body with any line the content safety check rejects shown as plain text instead.

        Only text the check cannot tell is code can get here (an indented code block, say):
        it is harmless there, but the check must pass, so such lines lose their markup."""
        problems = unsafe_content(rel, markdown)
        if not problems:
            return markdown
        lines = markdown.split("\n")
        for problem in problems:
            lines[problem.line - 1] = _SCHEME.sub(r"\1&#58;", lines[problem.line - 1].replace("<", "&lt;"))
            self.report.dropped.append((rel, f"{problem.message} (line {problem.line} of the text, kept as text)"))
        markdown = "\n".join(lines)
        for problem in unsafe_content(rel, markdown):
            self.problems.append(Problem(self.export.name, None,
                                         f"{item.label} still has unsafe content after conversion "
                                         f"({problem.message})",
                                         "remove it from the post in WordPress and export again"))
        return markdown

    def _shortcodes(self, content: str, item: Item, rel: str) -> str:
        """Expand the shortcodes we know; remove the others (keeping their text) and report them."""

        def replace(match: re.Match) -> str:
            if match.group(1) and match.group(6):
                return match.group(0)[1:-1]  # [[name]] is WordPress's way to write "[name]"
            name, inner = match.group(2).lower(), match.group(5)
            attrs = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
                     for m in _SHORTCODE_ATTR.finditer(match.group(3))}
            if name in ("caption", "wp_caption"):
                return _caption(attrs, self._shortcodes(inner or "", item, rel))
            if name == "embed" and inner:
                return f'<p><a href="{html.escape(inner.strip())}">{html.escape(inner.strip())}</a></p>'
            if name in ("video", "audio"):
                src = attrs.get("src") or next((v for k, v in attrs.items() if k in _MEDIA_TYPES), "")
                return f'<{name} src="{html.escape(src)}"></{name}>' if src else ""
            if name == "gallery":
                return self._gallery(attrs, item, rel)
            if not _looks_like_shortcode(match):
                return match.group(0)  # "[sic]" in a sentence is text
            self.report.shortcodes.append((rel, f"[{match.group(2)}]"))
            return self._shortcodes(inner, item, rel) if inner else ""

        return _SHORTCODE.sub(replace, content)

    def _keys(self, address: str) -> list[tuple[str, str]]:
        """How a link to an old post or page is recognised: its path on the old site, or ?p=ID."""
        parts = urlparse(address.strip())
        if parts.netloc and parts.netloc.lower() not in self.hosts:
            return []
        query = dict(q.split("=", 1) for q in parts.query.split("&") if "=" in q)
        keys = [("id", query[k]) for k in ("p", "page_id") if k in query]
        path = unquote(parts.path).strip("/").lower()
        return keys + [("path", path)] if path and not keys else keys

    def _linked_file(self, href: str) -> tuple[Path | None, str]:
        """The imported file an old-site link points at, and the #part to keep."""
        fragment = urlparse(href).fragment
        fragment = "" if not fragment or re.fullmatch(r"more-\d+", fragment) else "#" + fragment
        return next((self.files[k] for k in self._keys(href) if k in self.files), None), fragment

    def _gallery(self, attrs: dict[str, str], item: Item, rel: str) -> str:
        ids = [i.strip() for i in attrs.get("ids", "").split(",") if i.strip()]
        if not ids:  # a gallery without ids shows the images uploaded to the post
            post_id = item.get("wp:post_id")
            ids = [k for k, a in self.attachments.items() if a.get("wp:post_parent") == post_id]
        images = [self.attachments[i] for i in ids if i in self.attachments]
        if not images:
            self.report.shortcodes.append((rel, "[gallery] (its images are not in the export)"))
            return ""
        return "".join(f'<p><img src="{html.escape(a.get("wp:attachment_url") or a.get("guid"))}" '
                       f'alt="{html.escape(a.meta.get("_wp_attachment_image_alt") or "")}"></p>'
                       for a in images)

    def _local_image(self, src: str, folder: Path) -> str | None:
        """The address of a downloaded copy in --image-dir, relative to the file that shows it."""
        if self.image_dir is None:
            return None
        path = unquote(urlparse(src).path)
        uploaded = path.split("/wp-content/uploads/", 1)[-1].lstrip("/")
        name = uploaded.rsplit("/", 1)[-1]
        for candidate in (uploaded, name, _RESIZED.sub("", uploaded), _RESIZED.sub("", name)):
            if candidate and ".." not in candidate and (self.image_dir / candidate).is_file():
                return os.path.relpath(self.image_dir / candidate, folder).replace(os.sep, "/")
        return None

    def _image_dir(self) -> Path | None:
        if not self.options.image_dir:
            return None
        folder = (self.root / self.options.image_dir).resolve()
        where = [self.root / "posts", self.root / "docs"]
        if not folder.is_dir():
            self.problems.append(Problem(self.options.image_dir, None, "the image folder does not exist",
                                         "give the folder where you saved the images, e.g. --image-dir "
                                         "posts/images"))
            return None
        if not any(folder == w or w in folder.parents for w in where):
            self.problems.append(Problem(self.options.image_dir, None,
                                         "the image folder is outside posts/ and docs/, so the site "
                                         "cannot publish the images", "move it into posts/ (e.g. posts/images)"))
            return None
        return folder

    # -- front matter --------------------------------------------------------------------------

    def _summary(self, item: Item, body_text: str, title: str) -> str:
        excerpt = plain_text(_SHORTCODE.sub("", item.get("excerpt:encoded")))
        return _first_sentences(excerpt or body_text) or title

    def _categories(self, item: Item, rel: str) -> list[str]:
        allowed = {c.casefold(): c for c in self.settings.categories}
        found: list[str] = []
        for slug, name in item.categories:
            targets = self.category_map.get(name.casefold(), self.category_map.get(slug.casefold()))
            if targets is None:
                if name.casefold() in allowed:
                    targets = [allowed[name.casefold()]]
                else:
                    self.report.unknown_categories[name] += 1
                    targets = []
            found += [t for t in targets if t not in found]
        if found:
            return found
        if self.fallback:
            self.report.fallback.append(f"{rel} -> {self.fallback}")
            return [self.fallback]
        self.problems.append(Problem(self.options.category_map, None,
                                     f"{item.label} has no category of this site "
                                     f"(its WordPress categories: "
                                     f"{', '.join(n for _, n in item.categories) or 'none'})",
                                     "map its categories in this file, or set 'fallback:' to one of "
                                     f"{', '.join(self.settings.categories)}"))
        return []

    def _category_map(self) -> tuple[dict[str, list[str]], str | None]:
        """The user's mapping: WordPress category name or slug -> our categories ([] to leave out)."""
        name = self.options.category_map
        path = self.root / name
        if not path.is_file():
            if name != Options.category_map:
                self.problems.append(Problem(name, None, "the category mapping file does not exist",
                                             f"check the name, or copy {Options.category_map} from the project"))
            return {}, None
        text = path.read_text(encoding="utf-8")
        data, lines, problem = load_yaml_lines(name, text)
        if problem:
            self.problems.append(problem)
            return {}, None
        data = data or {}
        if not isinstance(data, dict) or not isinstance(data.get("categories") or {}, dict):
            self.problems.append(Problem(name, 1, "this file must have 'categories:' with one "
                                         "'WordPress category: our category' line each",
                                         "see the comments at the top of the file in the project"))
            return {}, None
        mapping = {}
        for key, value in (data.get("categories") or {}).items():
            targets = [] if value is None else value if isinstance(value, list) else [value]
            for target in targets:
                if str(target) not in self.settings.categories:
                    self.problems.append(Problem(name, lines.get(str(key)),
                                                 f"'{target}' is not one of this site's categories",
                                                 f"use one of: {', '.join(self.settings.categories)}; "
                                                 "or ~ to leave the WordPress category out"))
            mapping[str(key).casefold()] = [str(t) for t in targets]
        fallback = data.get("fallback")
        if fallback is not None and fallback not in self.settings.categories:
            self.problems.append(Problem(name, lines.get("fallback"), f"the fallback '{fallback}' is not "
                                         "one of this site's categories",
                                         f"use one of: {', '.join(self.settings.categories)}"))
            fallback = None
        return mapping, fallback

    # -- authors -------------------------------------------------------------------------------

    def _authors(self) -> dict:
        if not self.authors_file.exists():
            return {}
        data, problem = load_yaml_file(self.settings.authors_file, self.authors_file.read_text(encoding="utf-8"))
        if problem or (data is not None and not isinstance(data, dict)):
            self.problems.append(problem or Problem(self.settings.authors_file, 1,
                                                    "the authors file is not a list of authors",
                                                    "run 'scf check' and fix it first"))
            return {}
        return data or {}

    def _author(self, item: Item) -> str:
        """Our key for the post's author: an author already in the file, or a new one."""
        login = item.get("dc:creator").strip()
        if login in self.author_keys:
            return self.author_keys[login]
        name = plain_text(self.export.authors.get(login) or login) or "Unknown author"
        keys = {_ascii_slug(name), _ascii_slug(login)}
        key = next((k for k, entry in self.authors.items()
                    if k in keys or str((entry or {}).get("name", "")).casefold() == name.casefold()), None)
        if key is None:
            base = _ascii_slug(name) or _ascii_slug(login) or "imported-author"
            key, n = base, 2
            while key in self.authors:
                key, n = f"{base}-{n}", n + 1
            self.authors[key] = self.new_authors[key] = {"name": name, "role": NEW_AUTHOR_ROLE,
                                                         "bio": NEW_AUTHOR_BIO}
            self.report.authors_created.append(f"{key} ({name})")
        self.author_keys[login] = key
        return key

    def _authors_text(self) -> str:
        """The authors file with the new authors appended: its comments and layout are kept."""
        text = self.authors_file.read_text(encoding="utf-8") if self.authors_file.exists() else ""
        if text and not text.endswith("\n"):
            text += "\n"
        text += ("\n# Added by 'scf import-wordpress': complete each role and bio.\n"
                 + yaml.safe_dump(self.new_authors, sort_keys=False, allow_unicode=True, width=1000))
        if yaml.safe_load(text) != self.authors:  # e.g. a file written as one {...} mapping
            self.problems.append(Problem(self.settings.authors_file, None,
                                         "new authors cannot be added to this file automatically",
                                         "write it as one 'key:' block per author, as CONTRIBUTING.md shows"))
        return text

    def _rel(self, path: Path) -> str:
        """The path as editors see it, from the project folder."""
        return Path(os.path.relpath(path, self.root)).as_posix()


_MEDIA_TYPES = {"mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "ogg", "wav", "m4a", "wma", "flac"}


def _caption(attrs: dict[str, str], inner: str) -> str:
    """[caption]<img> The caption[/caption] -> a figure with the image and its caption."""
    match = _CAPTION.match(inner)
    image, text = (match.group(1), match.group(2)) if match else (inner, "")
    text = text.strip() or attrs.get("caption", "")  # the attribute holds HTML, as the content does
    return f"<figure>{image}<figcaption>{text}</figcaption></figure>" if text else f"<figure>{image}</figure>"


def _looks_like_shortcode(match: re.Match) -> bool:
    """An unknown [name] is a shortcode if it has attributes, a closing tag, or a line to itself."""
    if "=" in match.group(3) or match.group(4) or match.group(5) is not None:
        return True
    text = match.string
    before = text[:match.start()].rstrip(" \t")
    after = text[match.end():].lstrip(" \t")
    return (not before or before[-1] in "\n>") and (not after or after[0] in "\n<")


def _ascii_slug(text: str) -> str:
    """A slug in our form; accented letters keep their base letter ('Café' -> 'cafe')."""
    return slugify(unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode())


def _first_sentences(text: str, count: int = 2, limit: int = 300) -> str:
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'“‘(])", text.strip())
    summary = sentences[0]
    for sentence in sentences[1:count]:
        if len(summary) + len(sentence) + 1 > limit:
            break
        summary += " " + sentence
    if len(summary) > limit:
        summary = summary[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return summary


def _document(front: dict, body: str) -> str:
    meta = yaml.dump(front, Dumper=_Dumper, allow_unicode=True, width=1000, sort_keys=False,
                     default_flow_style=False)
    return f"---\n{meta}---\n\n{body}"
