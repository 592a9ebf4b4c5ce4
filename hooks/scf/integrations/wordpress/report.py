"""What an import did, and what editors should look at: `Report.text()` is what scf prints."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from scf.content.problems import plural


@dataclass
class Options:
    posts_dir: str = "posts"
    overwrite: bool = False
    pages: bool = False
    image_dir: str | None = None
    category_map: str = "data/wordpress-categories.yml"
    comments: bool = False  # approved comments become a read-only archive under each post


@dataclass
class Report:
    written: list[str] = field(default_factory=list)
    overwritten: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # already imported: left alone
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> how many
    comments: Counter[str] = field(default_factory=Counter)  # what happened to them -> how many
    authors_created: list[str] = field(default_factory=list)
    unknown_categories: Counter[str] = field(default_factory=Counter)  # WordPress name -> posts
    fallback: list[str] = field(default_factory=list)  # posts given the fallback category
    images: list[tuple[str, str, str | None]] = field(default_factory=list)  # file, address, local
    shortcodes: list[tuple[str, str]] = field(default_factory=list)  # file, what was removed
    dropped: list[tuple[str, str]] = field(default_factory=list)  # file, what was removed
    moved: list[tuple[str, str]] = field(default_factory=list)  # old address, new address
    short_links: list[tuple[str, str]] = field(default_factory=list)  # ?p=N address, new address
    duplicate_guids: list[tuple[str, str, str]] = field(default_factory=list)  # file, guid, first file
    special: list[tuple[str, str]] = field(default_factory=list)  # item, how it was handled
    untitled: list[str] = field(default_factory=list)
    to_fix: list[str] = field(default_factory=list)  # what the site's checks refuse in a body, as they say it
    relinked: int = 0  # links between old posts and pages, now to the imported files
    category_map: str = ""

    def text(self, limit: int | None = 10) -> str:
        lines = [f"Imported {plural(len(self.written), 'new file')}, replaced {len(self.overwritten)}, "
                 f"kept {len(self.kept)} already imported (use --overwrite to replace them)."]
        if self.skipped:
            lines.append("Not imported:")
            lines += [f"  {reason}: {n}" for reason, n in sorted(self.skipped.items())]
        if self.comments:
            lines.append("Comments:")
            lines += [f"  {what}: {n}" for what, n in sorted(self.comments.items())]
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

        section("Posts and pages handled specially", [f"{item}: {how}" for item, how in self.special])
        section("Authors added to the authors file", self.authors_created,
                "complete their role and bio")
        section("Unknown WordPress categories",
                [f"{name} ({plural(n, 'post')})" for name, n in sorted(self.unknown_categories.items())],
                f"map them in {self.category_map}, then run again with --overwrite")
        section("Posts filed under the fallback category", self.fallback)
        section("Posts without a title", self.untitled, "give them a title")
        section("To fix before the site builds", self.to_fix, "edit these lines of the imported files")
        section("Guids used by more than one post in the export",
                [f"{f}: '{guid}' is {first}'s, so this post has the site's own feed id"
                 for f, guid, first in self.duplicate_guids],
                "nothing to do: each post now has its own feed id")
        section("Addresses that change", [f"{old} -> {new}" for old, new in self.moved],
                "the old address is kept as original_url, and the built site sends readers on")
        section("Short addresses (?p=N) that a static host cannot send on",
                [f"{old} -> {new}" for old, new in self.short_links],
                "see 'Old short addresses' in CONTRIBUTING.md")
        remote = [row for row in self.images if not row[2]]
        section("Images", [f"{f}: {src}" + (f" -> {local}" if local else " (still on the old site: "
                                            "shown as a link, not as a picture)")
                           for f, src, local in self.images],
                "download them and run again with --image-dir and --overwrite" if remote else "")
        section("Shortcodes removed", [f"{f}: {what}" for f, what in self.shortcodes],
                "check these posts: the shortcode's output is not on the new site")
        section("Removed for safety", [f"{f}: {what}" for f, what in self.dropped],
                "active content is not allowed on the site; link to it instead if it matters")
        return "\n".join(lines) + "\n"
