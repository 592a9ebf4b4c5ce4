"""Every document's links, checked against the site's addresses once per document and addresses.

A published page may not link to a draft or scheduled post, even in the preview. Under
`./dev serve` the result is kept with the document (the same object while its file is
unchanged: scf.content.file_reads) and with the file reads while its text is, for as long
as the site's addresses are the same: a save checks only what it changed.
"""
from __future__ import annotations

import hashlib
from functools import partial
from typing import Any

from scf.content.file_reads import FileReads, LastOne, PerObject, path_of
from scf.content.kept_reading import FromLast, MadeFrom
from scf.content.model import Document, Site
from scf.content.problems import Problem
from scf.pages.links import broken_links

# The digest of the last addresses checked against, with them: 3,600 at 2,000 posts.
_ADDRESSES: LastOne[bytes] = LastOne()
_CHECKED: PerObject[list[Problem]] = PerObject()


# The last site's problems, kept for a site made from it whose changed posts' links have the same.
_LAST: FromLast[list[Problem]] = FromLast()


def site_links(site: Site, reads: FileReads[Any], made_from: MadeFrom | None = None) -> list[Problem]:
    """The broken links of every document; `made_from`: the site a kept reading made `site` from."""
    hidden = frozenset(p.source for p in site.posts if not p.published)
    addresses = _digest(site.paths, hidden)
    published: dict[str, str] = {}  # made if a document is checked

    def checked(doc: Document) -> list[Problem]:
        if not published:
            published.update((k, v) for k, v in site.paths.items() if k not in hidden)
        paths = site.paths if doc.source in hidden else published
        return reads.derived(path_of(site.settings.root, doc.source), "links", (doc.body, doc.body_line, addresses),
                             partial(broken_links, doc.source, doc.body, doc.body_line, paths))

    def found(doc: Document) -> list[Problem]:
        return _CHECKED.get(doc, addresses, checked, doc)

    if (kept := _LAST.get(site, made_from, found, addresses)) is not None:
        return list(kept)
    return list(_LAST.keep(site, [problem for doc in site.documents for problem in found(doc)], addresses))


def _digest(paths: dict[str, str], hidden: frozenset[str]) -> bytes:
    """What a file's links are checked against: every address, and which are not published."""
    digest = _ADDRESSES.get((paths, hidden))
    if digest is None:
        digest = hashlib.blake2b(repr((sorted(paths.items()), sorted(hidden))).encode()).digest()
        _ADDRESSES.keep((dict(paths), hidden), digest)
    return digest
