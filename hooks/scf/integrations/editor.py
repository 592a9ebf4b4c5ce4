"""The web editor at /admin/: Decap CMS from npm, served from our own origin.

The build copies Decap's bundle from node_modules (never a CDN), writes its configuration
from the content model (editor_config.py), a page that loads it, and a small script of ours
that makes the preview look like the site, and the symbol picker with the pictures it offers
(editor_pictures.py). The folder is for editors only: no search engine
indexes it, and no sitemap, feed, search index or menu lists it (they read the model, which
knows nothing of it). It has its own Content-Security-Policy, because the editor needs what
the public pages must never allow; `_headers` gets it for /admin/*, the page as a <meta>.
"""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scf.content.editor_settings import EditorSettings
from scf.content.problems import ContentError, Problem
from scf.content.symbols import catalogue
from scf.outputs.addresses import Registry
from scf.outputs.host_rules import HeaderRule
from scf.outputs.writer import Output, copy, text
from scf.views.easyread import Icons

from . import editor_pictures
from .editor_config import dump, editor_config

if TYPE_CHECKING:
    from scf.content.model import Site
    from scf.pages.theme import Theme

FOLDER = "admin"
DIST = Path("node_modules/decap-cms/dist")
BUNDLE = "decap-cms.js"
_CHUNK = re.compile(r"^\d+\.decap-cms\.js$")  # parts the bundle loads when needed
# Set by the browser test to the address of `decap-server` (the editor's local backend).
LOCAL_BACKEND_ENV = "SCF_EDITOR_LOCAL_BACKEND"
REQUIRE_ENV = "SCF_REQUIRE_EDITOR"
PREVIEW_SCRIPT = Path(__file__).with_name("editor_preview.js")
# Our own files in admin/, by the name the page loads them with.
OWN_FILES = {"symbol-search.js": Path(__file__).with_name("editor_symbol_search.js"),
             "picker.js": Path(__file__).with_name("editor_picker.js"),
             "picker.css": Path(__file__).with_name("editor_picker.css"),
             "preview.js": PREVIEW_SCRIPT}

# The editor's policy, one line per source and why it is needed.
POLICY = (
    ("default-src", "'self'"),
    # The bundle and our preview script, no inline code; 'unsafe-eval' because Decap checks
    # its configuration with Ajv, which compiles the schema with new Function (seen in the test).
    ("script-src", "'self' 'unsafe-eval'"),
    ("style-src", "'self' 'unsafe-inline'"),  # the editor's widgets write their styles at run time
    ("img-src", "'self' data: blob: https://avatars.githubusercontent.com"),
    # data:/blob: previews of pictures not yet uploaded; the signed-in user's GitHub avatar
    ("font-src", "'self' data:"),
    ("frame-src", "'self' blob:"),  # the preview pane is a frame of this page
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
GITHUB_API = "https://api.github.com"  # the only other origin: the git host, once signed in


def csp(local_backend: str = "", header: bool = True) -> str:
    # blob: the editor reads the files it holds in memory (new pictures, cached entries) by fetch.
    connect = ["'self'", "blob:", GITHUB_API]
    if local_backend:
        parts = urlsplit(local_backend)
        connect.append(f"{parts.scheme}://{parts.netloc}")
    directives = [f"{name} {value}" for name, value in POLICY] + [f"connect-src {' '.join(connect)}"]
    if header:
        directives.append("frame-ancestors 'none'")
    return "; ".join(directives)


def page(local_backend: str, stylesheets: list[str]) -> str:
    """The editor's page; preview.js gives the preview pane the site's own stylesheets."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp(local_backend, header=False)}">
<meta name="robots" content="noindex, nofollow">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Edit the site</title>
<link rel="cms-config-url" type="text/yaml" href="config.yml">
<link rel="stylesheet" href="picker.css">
</head>
<body>
<script src="{BUNDLE}"></script>
<script src="symbol-search.js"></script>
<script src="picker.js"></script>
<script src="preview.js" data-styles="{' '.join(stylesheets)}"></script>
</body>
</html>
"""


class Editor:
    def __init__(self, site: Site, settings: EditorSettings):
        self.site, self.settings = site, settings
        self.local_backend = os.environ.get(LOCAL_BACKEND_ENV, "")
        self.installed = (site.settings.root / DIST / BUNDLE).is_file()  # by npm (package.json)

    def outputs(self, registry: Registry, icons: Icons, theme: Theme) -> list[Output]:
        """Decap's bundle, its configuration, its page and our preview script, under /admin/;
        the site's stylesheets, in their order, are the build's theme's answer from what the
        registry holds, the icons the preview draws come from it too (`icons`)."""
        dist = self.site.settings.root / DIST
        if not self.installed:
            problem = Problem("package.json", None, "the web editor (Decap CMS) is not installed",
                              "run 'npm ci --ignore-scripts' (./dev build does it when npm is installed)")
            if os.environ.get(REQUIRE_ENV):  # set by ./dev in CI: the published site has its editor
                raise ContentError([problem])
            print(f"The web editor /admin/ was left out: {problem}", file=sys.stderr)
            return [Output(FOLDER, folder=True, remove=True)]
        made = [copy(f"{FOLDER}/{item.name}", item) for item in sorted(dist.iterdir())
                if item.name == BUNDLE or _CHUNK.match(item.name) or item.name == BUNDLE + ".LICENSE.txt"]
        stylesheets = theme.stylesheets(registry.under)  # in the order the site's pages load them
        settings = self.settings
        config = editor_config(self.site, settings.repo, settings.branch, settings.base_url, self.local_backend)
        made.append(text(f"{FOLDER}/config.yml", dump(config)))
        made.append(text(f"{FOLDER}/index.html", page(self.local_backend, [f"../{s}" for s in stylesheets])))
        made += [copy(f"{FOLDER}/{name}", source) for name, source in OWN_FILES.items()]
        # The symbols editors choose from, and the icons the preview draws (editor_pictures.py).
        return made + editor_pictures.outputs(FOLDER, catalogue(self.site.settings.root),
                                              editor_pictures.used_icons(self.site, icons))

    def header_rules(self) -> list[HeaderRule]:
        """For `_headers`, after the site's rules, which give /admin/* no policy: the editor's own."""
        if not self.installed:
            return []
        return [HeaderRule(f"/{FOLDER}/", (("Content-Security-Policy", csp(self.local_backend)),
                                           ("X-Robots-Tag", "noindex, nofollow")), splat=True)]


def for_site(site: Site) -> Editor | None:
    """The editor, when scf.yml has an `editor:` setting; None without one."""
    return Editor(site, site.settings.editor) if site.settings.editor is not None else None
