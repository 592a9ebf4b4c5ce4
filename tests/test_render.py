"""The adapter's shared Markdown converter gives exactly the HTML of MkDocs's own Page.render
(given the easy read rows' extension, which the shared converter adds)."""
from __future__ import annotations

from pathlib import Path

import markdown
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

from scf.views.easyread_rows import RowsExtension

# Everything that keeps state inside a converter between documents: heading ids, footnote-like
# stashes of raw HTML and code blocks, admonitions, tables and attribute lists.
BODY = """\
## Why it matters

Text with a [link to the other post]({other}#why-it-matters) and <span id="raw-{n}">raw HTML</span>.

!!! note "Note {n}"
    Inside an admonition.

| Column | Value |
|---|---|
| a | {n} |

```python
print({n})
```

<div markdown="1">
**Bold** inside HTML.
</div>

## Why it matters

The same heading again, so the converter must number it.
"""


def _build(project, site: str, monkeypatch, mode: str) -> tuple[dict[str, str], int]:
    """Build with MkDocs's own Page.render ("stock"), our shared converter ("shared"), or the
    shared converter with a helper process converting part of the pages ("helper")."""
    import scf_mkdocs.render

    made = 0
    real = markdown.Markdown.__init__

    def counting(self, *args, **kwargs):
        nonlocal made
        made += 1
        real(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(markdown.Markdown, "__init__", counting)
        patch.setattr(scf_mkdocs.render, "MIN_PAGES", 1 if mode == "helper" else 10**9)
        if mode == "stock":
            patch.setattr(scf_mkdocs.render.ModelPage, "render", Page.render)
        here = 0  # pages converted in this process
        convert = scf_mkdocs.render.Renderer.convert

        def counting_convert(self, *args):
            nonlocal here
            here += 1
            return convert(self, *args)

        patch.setattr(scf_mkdocs.render.Renderer, "convert", counting_convert)
        config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.root / site))
        if mode == "stock":  # the rows step's blocks need their extension, which our converter adds
            config.markdown_extensions.append(RowsExtension())
        build(config)
    root = project.root / site
    files = {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.html"))}
    return files, made, here


def test_shared_converter_renders_every_page_as_mkdocs_does(project, monkeypatch):
    monkeypatch.setenv("SCF_NOW", "2026-11-23T12:00:00+00:00")
    project.config["markdown_extensions"] += ["admonition", "tables", "pymdownx.superfences"]
    names = [f"2024-05-{n:02d}-post-{n}" for n in range(1, 9)]
    for n, name in enumerate(names, start=1):
        other = names[n % len(names)] + ".md"
        project.post(name, date=f"2024-05-{n:02d}", body=BODY.format(n=n, other=other))
    project.write("easyread/posts/2024-05-01-post-1.md", "---\ntitle: Post one\nsummary: Easy.\n---\n\n"
                  "![A house](symbol:house)\nWe want a **home**.\n\n![A family](symbol:family) We talk.\n")
    project.save_config()

    stock, stock_made, _ = _build(project, "stock", monkeypatch, "stock")
    shared, shared_made, shared_here = _build(project, "shared", monkeypatch, "shared")
    helped, _, helped_here = _build(project, "helper", monkeypatch, "helper")

    assert shared == stock
    assert helped == stock
    assert 'id="why-it-matters_1"' in shared["2024/05/01/post-1/index.html"]  # the second heading was numbered
    assert shared["easy-read/2024/05/01/post-1/index.html"].count('<div class="scf-row">') == 2
    # The shared converter was used: the pages outside the menu made no converter of their own.
    assert shared_made * 2 < stock_made, (shared_made, stock_made)
    # The helper process converted some of the posts.
    assert helped_here < shared_here, (helped_here, shared_here)


def test_pages_in_the_menu_keep_their_titles_from_mkdocs_yml(project):
    project.config["nav"][0] = {"Start here": "index.md"}
    site = project.build()
    assert ">Start here<" in Path(site / "index.html").read_text(encoding="utf-8")


def test_blocks_drawn_once_per_depth_link_to_the_same_pages_from_every_page(project):
    import re
    from urllib.parse import urljoin

    project.post("2024-05-01-one")
    project.write("easyread/posts/2024-05-01-one.md", "---\ntitle: One\nsummary: Easy.\n---\n\n"
                  "![A house](:material-home:)\nWe all need a home.\n")
    site = project.build()
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 10
    for page in pages:
        folder = page.parent.relative_to(site).as_posix()
        url = "https://example.org/" + ("" if folder == "." else folder + "/")
        footer = page.read_text(encoding="utf-8").split('<footer class="md-footer">')[1]
        links = {text: urljoin(url, href) for href, text in re.findall(r'<a href="([^"]*)">([^<]*)</a>', footer)}
        assert links == {"Privacy": "https://example.org/privacy/",
                         "Accessibility statement": "https://example.org/accessibility/",
                         "Easy read": "https://example.org/easy-read/",
                         "Search": "https://example.org/search/"}, page


FOOTER_PAGES = {"https://example.org/privacy/", "https://example.org/accessibility/", "https://example.org/search/"}


def test_every_relative_link_on_every_page_leads_to_a_page_that_exists(project):
    """Links in blocks drawn once per depth (menu, footer, teasers) must be right on every page
    that reuses them: each teaser's title leads to the post of that title."""
    import re
    from urllib.parse import unquote, urljoin, urlsplit

    project.settings["per_page"] = 2
    cats = ["Campaigning", "Research and framing", "Gatherings"]
    for n in range(1, 8):
        other = f"2024-0{(n % 7) + 1}-01-post-{(n % 7) + 1}.md"
        project.post(f"2024-0{n}-01-post-{n}", title=f"Post {n}", date=f"2024-0{n}-01",
                     categories=[cats[n % 3]], authors=["ann-author" if n % 2 else "bob-writer"],
                     body=f"See [the next one]({other}).\n\n<!-- more -->\n\nMore.\n")
    site = project.build()
    base = "https://example.org/"
    checked = 0
    for page in sorted(site.rglob("*.html")):
        folder = page.parent.relative_to(site).as_posix()
        url = base + ("" if folder == "." else folder + "/")
        html = page.read_text(encoding="utf-8")
        for target in re.findall(r'(?:href|src)="([^"#]+)', html):
            full = urljoin(url, target)
            if not full.startswith(base) or page.name == "404.html" or full in FOOTER_PAGES or "/assets/" in full:
                continue  # pages only: this small project has no privacy, accessibility or search page
            path = site / unquote(urlsplit(full).path[len("/"):])
            assert path.is_file() or (path / "index.html").is_file(), f"{page}: {target}"
            checked += 1
        for href, title in re.findall(r'<article class="scf-teaser">\s*<h2><a href="([^"]+)">([^<]+)</a>', html):
            post = site / urlsplit(urljoin(url, href)).path[1:] / "index.html"
            assert f"<h1>{title}</h1>" in post.read_text(encoding="utf-8"), (page, href)
    assert checked > 500


def test_a_model_page_gives_the_canonical_address_mkdocs_gives(project):
    project.save_config()
    """ModelPage makes it when first read, with MkDocs's own method (its name is private)."""
    from mkdocs.structure.files import File

    from scf_mkdocs.render import ModelPage

    config = load_config(str(project.root / "mkdocs.yml"))
    for site_url in ("https://example.org/sub", "https://example.org/", None):
        config["site_url"] = site_url
        for src_uri in ("index.md", "2024/05/01/pledge.md", "blog/category/news/index.md"):
            ours, theirs = (kind(None, File(src_uri, "docs", "site", True), config) for kind in (ModelPage, Page))
            assert (ours.abs_url, ours.canonical_url) == (theirs.abs_url, theirs.canonical_url)
            assert ours.url == theirs.url and (theirs.canonical_url is None) == (site_url is None)


def test_a_warning_converting_a_page_counts_whichever_process_converts_it(project, monkeypatch):
    """A link to a file that is not there (not one our link check looks at) is MkDocs's warning,
    which --strict counts: the helper process's are logged by the parent as its own are."""
    import logging

    from scf_mkdocs.render import Logged

    monkeypatch.setenv("SCF_NOW", "2026-11-23T12:00:00+00:00")
    names = [f"2024-05-{n:02d}-post-{n}" for n in range(1, 9)]
    for n, name in enumerate(names, start=1):
        project.post(name, date=f"2024-05-{n:02d}", body=f"Post {n}, with [notes](notes-{n}.txt).\n")
    project.config["strict"] = False  # counted here, not stopped at
    project.save_config()

    found = {}
    for mode in ("stock", "helper"):
        counted = Logged()
        logging.getLogger("mkdocs").addHandler(counted)
        try:
            _, _, here = _build(project, mode, monkeypatch, mode)
        finally:
            logging.getLogger("mkdocs").removeHandler(counted)
        found[mode] = sorted(m for _, _, m in counted.records if ".txt" in m)
    assert len(found["stock"]) == 8 and found["helper"] == found["stock"]
