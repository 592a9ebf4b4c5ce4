"""Rewrite addresses: editors link file to file, the builder needs site addresses.

Editors write links relative to the file they edit (`../docs/vision.md` from a post),
as GitHub previews them. Posts and easy read files are placed elsewhere in the
site, so their relative links are rebased onto where the file ends up.
"""
from __future__ import annotations

import posixpath
import re
from urllib.parse import urljoin

from scf.content.problems import Problem
from scf.content.prose import prose_lines

_MD_LINK = re.compile(r"(\]\(\s*<?)([^)\s>]+)")
_MD_REF = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*<?)(\S+?)(?=>|\s|$)", re.M)
_HTML_ATTR = re.compile(r"""(\s(?:href|src)\s*=\s*["'])([^"']+)""", re.I)
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", re.I)
# Each pattern with what any text it matches holds: a body without that is not scanned by it
# (most posts hold a link or two and no HTML; the HTML pattern alone took 0.09 s of 2,000).
_SCANS = ((_MD_LINK, "]("), (_MD_REF, "]:"), (_HTML_ATTR, "="))


def rebase_markdown_links(markdown: str, source: str, src_uri: str, paths: dict[str, str]) -> str:
    """Point links written relative to `source` at the right place relative to `src_uri`."""
    here = posixpath.dirname(source)
    there = posixpath.dirname(src_uri)

    def fix(match: re.Match[str]) -> str:
        target = match.group(2)
        if _EXTERNAL.match(target):
            return match.group(0)
        path, sep, rest = _split(target)
        resolved = paths.get(posixpath.normpath(posixpath.join(here, path)))
        if resolved is None or not path:
            return match.group(0)
        return match.group(1) + posixpath.relpath(resolved, there or ".") + sep + rest

    for pattern, needs in _SCANS:
        if needs in markdown:
            markdown = pattern.sub(fix, markdown)
    return markdown


def _split(target: str) -> tuple[str, str, str]:
    cut = min((i for i in (target.find("#"), target.find("?")) if i >= 0), default=len(target))
    return target[:cut], target[cut:cut + 1], target[cut + 1:]


def absolute_urls(html: str, page_address: str) -> str:
    """Make every href and src absolute against the page's full address (for feeds)."""
    return _HTML_ATTR.sub(lambda m: m.group(1) + urljoin(page_address, m.group(2)), html)


def relative_url(target: str, from_url: str) -> str:
    """A link from the page at site path `from_url` to site path `target` (both like 'a/b/')."""
    rel = posixpath.relpath("/" + target, "/" + (from_url if from_url.endswith("/") else posixpath.dirname(from_url)))
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return "./" if rel == "./" or rel == "." else rel


def from_depth(url: str) -> str:
    """An address as deep as `url` that shares no folder with any page: links drawn for it go
    up to the site's root first ('../../2024/05/01/post/'), so they are right on every page
    that deep."""
    return "\x00/" * url.count("/")


def rebase_html(html: str, from_url: str, to_url: str) -> str:
    """Move relative href/src in HTML written for the page at `from_url` to the page at `to_url`."""

    def fix(match: re.Match[str]) -> str:
        target = match.group(2)
        if _EXTERNAL.match(target):
            return match.group(0)
        site_path = urljoin("/" + from_url, target)[1:]
        return match.group(1) + relative_url(site_path, to_url)

    return _HTML_ATTR.sub(fix, html)


_FILE_LIKE = re.compile(r"\.(md|png|jpe?g|gif|svg|webp|pdf|docx?|xlsx?|csv|mp3|mp4)$", re.I)


def broken_links(source: str, body: str, first_line: int, paths: dict[str, str]) -> list[Problem]:
    """Relative links to files that do not exist (or are not published), with their lines."""
    here = posixpath.dirname(source)
    problems = []
    for number, line in prose_lines(body, first_line):
        if "]" not in line and "=" not in line:  # what each pattern needs: most lines hold no link
            continue
        for pattern in (_MD_LINK, _MD_REF, _HTML_ATTR):
            for match in pattern.finditer(line):
                target = match.group(2)
                path = _split(target)[0]
                if _EXTERNAL.match(target) or not _FILE_LIKE.search(path):
                    continue
                resolved = posixpath.normpath(posixpath.join(here, path))
                if resolved not in paths:
                    problems.append(Problem(
                        source, number, f"the link '{target}' points to {resolved}, which does not exist "
                        "or is not published", "check the path: it is relative to this file "
                        "(from a post, a page is '../docs/name.md'); a draft cannot be linked to"))
    return problems
