"""The adapter's shared Markdown converter gives exactly the HTML of MkDocs's own Page.render."""
from __future__ import annotations

from pathlib import Path

import markdown
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.pages import Page

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

<div markdown="1" class="box">
**Bold** inside HTML.
</div>

## Why it matters

The same heading again, so the converter must number it.
"""


def _build(project, site: str, monkeypatch, stock: bool) -> tuple[dict[str, str], int]:
    made = 0
    real = markdown.Markdown.__init__

    def counting(self, *args, **kwargs):
        nonlocal made
        made += 1
        real(self, *args, **kwargs)

    monkeypatch.setattr(markdown.Markdown, "__init__", counting)
    config = load_config(str(project.root / "mkdocs.yml"), site_dir=str(project.root / site))
    adapter = next(iter(config.hooks.values()))
    if stock:
        monkeypatch.setattr(adapter._ModelPage, "render", Page.render)
    build(config)
    root = project.root / site
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.html"))}, made


def test_shared_converter_renders_every_page_as_mkdocs_does(project, monkeypatch):
    monkeypatch.setenv("SCF_NOW", "2026-11-23T12:00:00+00:00")
    project.config["markdown_extensions"] += ["admonition", "tables", "pymdownx.superfences"]
    for n, other in ((1, "2024-05-02-two.md"), (2, "2024-05-01-one.md")):
        name = ("2024-05-01-one", "2024-05-02-two")[n - 1]
        project.post(name, date=f"2024-05-0{n}", body=BODY.format(n=n, other=other))
    project.save_config()

    shared, shared_made = _build(project, "shared", monkeypatch, stock=False)
    stock, stock_made = _build(project, "stock", monkeypatch, stock=True)

    assert shared == stock
    assert 'id="why-it-matters_1"' in shared["2024/05/01/one/index.html"]  # the second heading was numbered
    # The shared converter was used: the pages outside the menu made no converter of their own.
    assert shared_made * 2 < stock_made, (shared_made, stock_made)


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
