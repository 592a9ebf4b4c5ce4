"""The import itself: which items become which files, with what front matter.

Everything is read, checked and converted in memory first; files are written only
when the whole export is good, so a broken or cut-off export leaves posts/ as it was.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

import yaml

from scf.content.body_rules import problems as body_problems
from scf.content.characters import one_line, one_line_problem, shown
from scf.content.frontmatter import parse
from scf.content.problems import ContentError, Problem
from scf.content.settings import Settings, load_settings
from scf.content.validate import FIRST_YEAR, LAST_YEAR, TAG, parse_date
from scf.integrations.wordpress.html_to_markdown import plain_text, title_text

from .addresses import Links, dated_permalink, is_query_address
from .body import Bodies
from .comments import archive
from .policy import Authors, Categories, ascii_slug
from .report import Options, Report
from .shortcodes import SHORTCODE, Shortcodes
from .wxr import Export, Item, read_export

_SKIPPED_STATUS = {"draft": "draft", "auto-draft": "draft", "pending": "pending review",
                   "private": "private", "future": "scheduled", "trash": "binned"}
_SKIPPED_TYPE = {"attachment": "attachments (media files)", "revision": "revisions",
                 "nav_menu_item": "menu items"}
_RESERVED_PAGES = {"blog", "easy-read", "assets", "feed", "search", "index"}


if TYPE_CHECKING:  # the same methods either way; a base chosen at run time is no type to check
    _SafeDumper = yaml.SafeDumper
else:
    _SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C emitter is many times faster


class _Dumper(_SafeDumper):
    """Front matter as editors write it: one field a line, lists as [a, b]."""


_Dumper.add_representer(list, lambda dumper, data: dumper.represent_sequence(
    "tag:yaml.org,2002:seq", data, flow_style=True))


def import_wordpress(root: Path | str, export: Path | str, options: Options | None = None) -> Report:
    """Convert the whole export in memory, then write every file. Raises ContentError, writing nothing."""
    settings = load_settings(root)
    data = read_export(Path(export), str(export))
    importer = _Importer(settings, data, options or Options())
    for path, text in importer.convert():
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
        attachments = {i.get("wp:post_id"): i for i in export.items if i.kind == "attachment"}
        self.categories = Categories(settings, options, self.report, self.problems)
        self.authors = Authors(settings, export.authors, self.report, self.problems)
        self.links = Links({urlparse(i.get("link")).netloc.lower() for i in export.items} - {""})
        self.bodies = Bodies(self.root, self._image_dir(), self.links, Shortcodes(attachments, self.report),
                             self.report, self.problems, export.name)
        self.taken: set[tuple[str, str]] = set()  # (date, slug) of posts in this import
        self.guids: dict[str, tuple[str, str]] = {}  # guid -> (file, label) of the first post given it

    def convert(self) -> list[tuple[Path, str]]:
        """Every file to write (posts, pages, the authors file), or ContentError with every problem."""
        existing = self._existing_posts()
        pages = {i.get("wp:post_id"): i for i in self.export.items if i.kind == "page"}
        existing_pages = self._existing_pages() if self.options.pages else {}
        placed: list[tuple[Item, Path, dict[str, Any]]] = []  # every published post and page, where it goes, and how
        for item in self.export.items:
            if item.kind not in ("post", "page"):
                self.report.skipped[_SKIPPED_TYPE.get(item.kind, f"other items ({item.kind})")] += 1
            elif self._publishable(item):
                if item.kind == "post":
                    placed += self._place_post(item, existing)
                elif self.options.pages:
                    placed += self._place_page(item, pages, existing_pages)
                else:
                    self.report.skipped["pages (use --pages to import them into docs/)"] += 1
        self.links.files = {key: path for item, path, _ in placed for key in self.links.keys(item.get("link"))}
        self.links.files.update({("id", item.get("wp:post_id")): path for item, path, _ in placed})
        outputs = []
        for item, path, where in placed:
            rel = self._rel(path)
            if path.exists() and not self.options.overwrite:
                self.report.kept.append(rel)
                continue
            convert = self._post if item.kind == "post" else self._page
            outputs.append((path, convert(item, path, rel, **where)))
            (self.report.overwritten if path.exists() else self.report.written).append(rel)
        if self.authors.new:
            outputs.append((self.authors.file, self.authors.text()))
        if self.problems:
            raise ContentError(self.problems)
        return outputs

    def _publishable(self, item: Item) -> bool:
        """Published items are imported; private, password-protected and unpublished ones never are."""
        status = item.get("wp:status")
        if status != "publish":
            what = _SKIPPED_STATUS.get(status, status or "unpublished")
            self.report.skipped[f"{what} {item.kind}s"] += 1
            self.report.special.append((item.label, f"{what}: not imported"))
            return False
        if item.get("wp:post_password"):
            self.report.skipped[f"password-protected {item.kind}s"] += 1
            self.report.special.append((item.label, "password-protected: not imported, never made public"))
            return False
        if item.get("wp:is_sticky") == "1":
            self.report.special.append((item.label, "sticky on the old blog: imported in date order "
                                                    "(the blog here has no pinned posts)"))
        return True

    # -- posts -------------------------------------------------------------------------------

    def _place_post(self, item: Item, existing: dict[tuple[str, ...], Path]) -> list[tuple[Item, Path, dict[str, Any]]]:
        """Where the post goes: the file it was imported to before, or YYYY-MM-DD-slug.md."""
        date = self._date(item)
        if date is None:
            return []
        day = f"{date:%Y-%m-%d}"
        slug = self._slug(item, day)
        guid = item.get("guid").strip()
        first = guid and guid not in self.guids
        match = existing.get(("guid", guid)) if first else None
        path = match or existing.get(("slug", day, slug)) or self.posts_dir / f"{day}-{slug}.md"
        if first:  # by file, not by label: two items of an export can have the same label
            self.guids[guid] = (self._rel(path), item.label)
        return [(item, path, {"date": date, "slug": slug})]

    def _post(self, item: Item, path: Path, rel: str, date: dt.datetime, slug: str) -> str:
        guid = item.get("guid").strip()
        title = self._title(item, date)
        body, body_text = self.bodies.body(item, path.parent, rel)
        comments = archive(item, self.bodies, path.parent, rel, self.report, self.options.comments)
        front = {"title": title, "date": date, "authors": [self.authors.of(item)],
                 "categories": self.categories.of(item, rel),
                 "summary": self._summary(item, body_text, title), "slug": slug}
        link = item.get("link").strip()
        new = f"/{date:%Y/%m/%d}/{slug}/"
        old_path = urlparse(link).path.rstrip("/") + "/" if re.match(r"^https?://", link) else ""
        if old_path != new and (old_path.strip("/")[:10].replace("/", "-"), old_path.strip("/")[11:]) in self.taken:
            # Another imported post has that address now: a redirect from it would send that post away.
            self.report.dropped.append((rel, f"the old address {link}, now the address of another post"))
        elif self._address(item, link):
            front["original_url"] = link
            if is_query_address(link):
                self.report.short_links.append((link, new))
            elif old_path != new:
                self.report.moved.append((link, new))
        if guid and (TAG.search(guid) or one_line_problem(guid)):
            self.report.special.append((item.label, "its guid is not one line of plain text, so the post "
                                                    "has the site's own feed id"))
        elif guid and self.guids[guid][0] == rel:
            front["guid"] = guid
        elif guid:
            self.report.duplicate_guids.append((rel, guid, self.guids[guid][1]))
        return self._document(front, body + ("\n" + comments if comments else ""), rel)

    def _one_line(self, item: Item, key: str, value: str) -> str:
        clean = one_line(value)
        if clean != value:
            self.report.special.append((item.label, f"line breaks or invisible characters taken out of its {key}"))
        return clean

    def _address(self, item: Item, link: str) -> bool:
        """Whether the old address can be kept as `original_url`; reported when it cannot."""
        if re.match(r"^https?://\S+$", link) and not one_line_problem(link):
            return True
        if link:
            self.report.special.append((item.label, f"its old address '{shown(link)}' is not a web "
                                                    "address, so it is not kept and not sent on"))
        return False

    def _date(self, item: Item) -> dt.datetime | None:
        """The publication moment in the site's time zone, on the day of the old address.

        WordPress dates its permalinks by the local date (post_date) of the old site, which
        need not be on London time; the moment comes from the UTC date when there is one,
        and moves to the permalink's day (keeping the old local time) if it falls on another."""
        tz = self.settings.tz
        moment = None
        for key, zone in (("wp:post_date_gmt", dt.UTC), ("wp:post_date", tz)):
            value = item.get(key).strip()
            if value and not value.startswith("0000"):  # WordPress's "no date" (unpublished)
                moment, _ = parse_date(value, zone)  # the site's bounds on the year, too
                if moment is not None:
                    moment = moment.astimezone(tz)
                    break
        if moment is None:
            self.problems.append(Problem(self.export.name, None, f"{item.label} has no readable date from "
                                         f"{FIRST_YEAR} to {LAST_YEAR} ('{shown(item.get('wp:post_date'))}')",
                                         "set its publication date in WordPress and export again"))
            return None
        permalink = dated_permalink(item.get("link"))
        if permalink and permalink[0] != moment.date():
            local_moment, _ = parse_date(item.get("wp:post_date").strip(), tz)
            local = local_moment.time() if local_moment else moment.time()
            moment = dt.datetime.combine(permalink[0], local).replace(tzinfo=tz)
        return moment

    def _slug(self, item: Item, day: str) -> str:
        """The permalink's slug (else WordPress's post_name) in our form, made unique for its day."""
        link = item.get("link")
        old = "" if is_query_address(link) else unquote(urlparse(link.strip()).path.rstrip("/").rsplit("/", 1)[-1])
        slug = (ascii_slug(old) or ascii_slug(unquote(item.get("wp:post_name")))
                or ascii_slug(plain_text(item.get("title"))) or f"post-{item.get('wp:post_id') or len(self.taken) + 1}")
        unique, n = slug, 2
        while (day, unique) in self.taken:
            unique, n = f"{slug}-{n}", n + 1
        self.taken.add((day, unique))
        return unique

    def _title(self, item: Item, date: dt.datetime) -> str:
        title = self._one_line(item, "title", title_text(item.get("title")))
        if not title:
            title = f"Untitled post of {date.day} {date:%B %Y}"
            self.report.untitled.append(title)
        return title

    def _summary(self, item: Item, body_text: str, title: str) -> str:
        excerpt = plain_text(SHORTCODE.sub("", item.get("excerpt:encoded")))
        return self._one_line(item, "summary", _first_sentences(excerpt or body_text)) or title

    def _existing_posts(self) -> dict[tuple[str, ...], Path]:
        """Posts already in the folder, by guid and by (date, slug), so a second run adds nothing."""
        found: dict[tuple[str, ...], Path] = {}
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
                    existing: dict[str, Path]) -> list[tuple[Item, Path, dict[str, Any]]]:
        """A published page goes to docs/<parent>/<slug>.md: WordPress's address, /<parent>/<slug>/."""
        parts: list[str] = []
        parent: Item | None = item
        seen: set[str] = set()
        while parent is not None and parent.get("wp:post_id") not in seen:
            seen.add(parent.get("wp:post_id"))
            parts.insert(0, ascii_slug(unquote(parent.get("wp:post_name")))
                         or ascii_slug(plain_text(parent.get("title"))) or f"page-{parent.get('wp:post_id')}")
            parent = pages.get(parent.get("wp:post_parent"))
        if parts[0] in _RESERVED_PAGES or re.fullmatch(r"\d{4}", parts[0]):
            self.report.skipped[f"pages whose address the site uses itself ({'/'.join(parts)})"] += 1
            return []
        path = existing.get(item.get("link").strip()) or self.root / "docs" / ("/".join(parts) + ".md")
        return [(item, path, {"parts": parts})]

    def _page(self, item: Item, path: Path, rel: str, parts: list[str]) -> str:
        link = item.get("link").strip()
        body, body_text = self.bodies.body(item, path.parent, rel)
        title = self._one_line(item, "title", title_text(item.get("title"))) or parts[-1].replace("-", " ").capitalize()
        front = {"title": title, "summary": self._summary(item, body_text, title)}
        if self._address(item, link):
            front["original_url"] = link
            if urlparse(link).path.strip("/") != "/".join(parts):
                self.report.moved.append((link, "/" + "/".join(parts) + "/"))
        return self._document(front, body, rel)

    def _document(self, front: dict[str, Any], body: str, rel: str) -> str:
        """The file's text (its values were made one line where they were read: `_one_line`, or
        checked: `_address`, the guid); what the site's checks would refuse in the body is listed
        for the editor (the file is written)."""
        text = _document(front, body)
        for problem in body_problems(rel, body, text.count("\n", 0, len(text) - len(body)) + 1):
            self.report.to_fix.append(str(problem))
        return text

    def _existing_pages(self) -> dict[str, Path]:
        found = {}
        for path in sorted((self.root / "docs").rglob("*.md")):
            source, problems = parse(self._rel(path), path.read_text(encoding="utf-8", errors="replace"))
            if not problems and source.meta.get("original_url"):
                found[str(source.meta["original_url"]).strip()] = path
        return found

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

    def _rel(self, path: Path) -> str:
        """The path as editors see it, from the project folder."""
        return Path(os.path.relpath(path, self.root)).as_posix()


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


def _document(front: dict[str, Any], body: str) -> str:
    meta = yaml.dump(front, Dumper=_Dumper, allow_unicode=True, width=1000, sort_keys=False,
                     default_flow_style=False)
    return f"---\n{meta}---\n\n{body}"
