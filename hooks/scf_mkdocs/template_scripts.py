"""The inline scripts the theme's templates write: what the Content-Security-Policy allows.

They are read from the template files when the build starts, never from built pages, so
nothing a page's content holds can add itself to the policy. Material writes one of them
with the page's `base_url` in it (the folder depth), so each is drawn for every depth the
site's pages have; the others are the same on every page. Reading and compiling them took 25
to 40 ms, so the preview server keeps them while no template file changed (`kept`).
"""
from __future__ import annotations

import base64
import hashlib
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from scf.content.file_reads import LastOne, settled, stamp

_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
_NOT_CODE = re.compile(r"""\b(src=|type=["']?application/(json|ld\+json))""", re.I)  # external or data
# Material's analytics snippets and its redirect page: this site has neither (main.html
# empties the analytics block; redirects are _redirects rules).
_UNUSED = ("partials/integrations/", "redirect.html")


def source(script: str) -> str:
    """The CSP source allowing this exact inline script."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(script.encode('utf-8')).digest()).decode()}'"


def base_url(page_url: str | None, site_path: str) -> str:
    """The `base_url` MkDocs gives a page at `page_url` (None: 404.html, drawn with the site's path)."""
    if page_url is None:
        return site_path
    return "/".join([".."] * page_url.count("/")) or "."


def _templates(folder: str) -> list[str]:
    """The folder's HTML templates. Folders whose name begins with "." are left out: Material's
    14,000 icons are under .icons/, and MkDocs lists no theme file with such a part either."""
    found = []
    for parent, dirs, files in os.walk(folder):
        dirs[:] = [name for name in dirs if not name.startswith(".")]
        found += [os.path.join(parent, name) for name in files if name.endswith(".html")]
    return sorted(found)


# The last ThemeScripts and what it was made from: every template's path, time and size.
_LAST: LastOne[ThemeScripts] = LastOne()


def kept(template_dirs: list[Path | str], site_url: str = "") -> ThemeScripts:
    """ThemeScripts of these folders: the last one made while no template was added, removed or
    changed (a build reads each template once; the preview server, once per change)."""
    listed = {folder: _templates(str(folder)) for folder in template_dirs}
    stamps = tuple((path, stamp(path)) for paths in listed.values() for path in paths)
    key = (site_url, tuple(map(str, template_dirs)), stamps)
    if (scripts := _LAST.get(key)) is not None:
        return scripts
    scripts = ThemeScripts(template_dirs, site_url, listed)
    # A template saved just now may be saved again within its time's tick: kept only once older
    # (git's racy rule, as scf.content.file_reads keeps the content files).
    _LAST.keep(key, scripts if all(found and settled(found) for _, found in stamps) else None)
    return scripts


class ThemeScripts:
    """The templates' inline scripts, read once; their CSP sources per `base_url`."""

    def __init__(self, template_dirs: list[Path | str], site_url: str = "",
                 listed: dict[Path | str, list[str]] | None = None):
        """`listed`: each folder's templates, if known (`kept`)."""
        self.site_path = urlsplit(site_url).path or "/"  # 404.html's base_url
        bodies = set()
        for folder in template_dirs:
            paths = listed[folder] if listed else _templates(str(folder))
            for path in paths:
                if os.path.relpath(path, folder).replace(os.sep, "/").startswith(_UNUSED):
                    continue
                for match in _SCRIPT.finditer(Path(path).read_text(encoding="utf-8")):
                    if not _NOT_CODE.search(match["attrs"]):
                        bodies.add(match["body"])
        env = jinja2.Environment()
        self._templates = [env.from_string(body) for body in sorted(bodies)]
        self._sources: dict[str, list[str]] = {}

    def sources(self, page_url: str | None) -> list[str]:
        """CSP sources for every script the templates write on the page at `page_url` (None: a
        page with no source, like 404.html), as scf.pages.theme.Scripts asks."""
        return self.for_base(base_url(page_url, self.site_path))

    def for_base(self, base: str) -> list[str]:
        """CSP sources for every script the templates write on a page with this `base_url`."""
        if base not in self._sources:
            # `config.extra.scope` is the one other value Material puts in a script; we set none.
            scripts = {t.render(base_url=base, config={"extra": {}}) for t in self._templates}
            self._sources[base] = sorted({source(s) for s in scripts})
        return self._sources[base]
