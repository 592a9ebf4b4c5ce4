"""Publications: reports, each a page with `type: publication`, listed at /publications/
(a page with `type: publications`) newest first, with the report's easy read summary
(its easy read page, or the easy read version of the post that launched it) and a
download when the report's file is in the repository.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from .problems import ContentError, Problem
from .validate import Checker

if TYPE_CHECKING:
    from .model import Document, EasyRead, Page, Site

FIELDS = ("published", "file", "post")


@dataclass(frozen=True)
class Publication:
    published: dt.datetime
    file: str | None  # the download's address in the site (a file in docs/), when there is one
    post: str | None  # repository path of the post that launched it
    post_line: int | None = None


def read(check: Checker, tz: ZoneInfo, root: Path) -> Publication | None:
    """The publication in a page's front matter; problems go to `check`."""
    before = len(check.problems)
    published = check.moment("published", tz)  # required: the schema says so when it is missing
    file = check.text("file")
    if file:
        path = os.path.normpath(os.path.join(os.path.dirname(check.source.path), file)).replace(os.sep, "/")
        if not path.startswith("docs/") or not (root / path).is_file():
            check.add("file", f"the file '{file}' is not in docs/ (looked for {path})",
                      "put the report's file beside the page in docs/ and write its name, "
                      "for example 'file: my-report.pdf'")
        file = path[len("docs/"):]
    post = check.text("post")
    if post and not (post.startswith("posts/") and post.endswith(".md")):
        check.add("post", f"'post' must name a post file such as 'posts/2024-05-01-name.md', not '{post}'",
                  "write the path of the post from the top of the repository")
    if len(check.problems) > before or published is None:
        return None
    return Publication(published, file, post, check.line("post"))


@dataclass(frozen=True)
class Entry:
    page: Page
    easy_read: EasyRead | None
    post: Document | None


def listing(site: Site) -> list[Entry]:
    """Every publication, newest first, with its easy read summary and launch post."""
    by_source = {d.source: d for d in site.documents}
    entries = []
    pages = [p for p in site.pages if p.type == "publication" and p.publication]
    for page in sorted(pages, key=lambda p: (p.publication.published, p.source), reverse=True):
        post = by_source.get(page.publication.post or "")
        easy = site.easy_read_for(page) or (site.easy_read_for(post) if post else None)
        entries.append(Entry(page, easy, post))
    return entries


def for_site(site: Site) -> list[Entry]:
    """List the publications once per build; a `post:` naming no published post stops it."""
    known = {d.source for d in site.documents}
    problems = [Problem(p.source, p.publication.post_line, f"the post '{p.publication.post}' is not a published post",
                        "check the file name in posts/ (and that the post is not a draft)")
                for p in site.pages if p.type == "publication" and p.publication
                and p.publication.post and p.publication.post not in known]
    if problems:
        raise ContentError(problems)
    return listing(site)
