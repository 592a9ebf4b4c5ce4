"""Publications: reports, each a page with `type: publication`, listed at /publications/
(a page with `type: publications`) newest first, with the report's easy read summary
(its easy read page, or the easy read version of the post that launched it) and a
download when the report's file is in the repository.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from scf.content.problems import ContentError, Problem

if TYPE_CHECKING:
    from scf.content.model import Document, EasyRead, Page, Site


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
    published = {p.source: p.publication for p in pages if p.publication}
    for page in sorted(pages, key=lambda p: (published[p.source].published, p.source), reverse=True):
        post = by_source.get(published[page.source].post or "")
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
