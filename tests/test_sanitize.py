"""The allowlist (scf.pages.sanitize) and the content check that reads the same tables (scf.checks.unsafe_content)."""
from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
import yaml

from scf.checks.unsafe_content import EXTENSIONS, removed_content
from scf.pages.sanitize import MORE, sanitize

REPO = Path(__file__).resolve().parent.parent
ACTIVE = re.compile(r"<(script|iframe|object|embed|base|form|meta|link|style|input)\b|\son\w+\s*=|"
                    r"javascript:|vbscript:|data:text|\sstyle\s*=|src=\"(https?:)?//", re.I)


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def test_the_check_renders_with_the_sites_extensions():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert names == EXTENSIONS


OURS = """# Title {#custom}

Words with `code`, a [link](https://example.org/ "Title"), [mail](mailto:a@example.org),
[relative](../other/), ![A picture](picture.png) **bold** *italic* <abbr title="x">X</abbr>

!!! note "Heads up"
    Text

| a | b |
|---|---|
| 1 | 2 |

```python
print("x")
```

<figure markdown="1">
![A picture](picture.png)
<figcaption>Caption</figcaption>
</figure>

<details class="tip"><summary>More</summary>Hidden</details>

<div class="scf-row"><div class="scf-row__picture"><svg class="scf-row__icon" role="img" aria-label="A heart" focusable="false" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 2z"></path></svg></div></div>
"""


def _shape(html: str) -> list[str]:
    return re.findall(r"<[a-zA-Z][^>]*>", html.replace(" />", ">"))


def test_what_our_markdown_makes_is_kept():
    html = render(OURS)
    assert _shape(sanitize(html)) == _shape(html)


def test_the_excerpt_marker_is_the_only_comment_kept():
    html = sanitize(f"<p>a</p>\n{MORE}\n<p>b<!-- note --></p><!--[if IE]><script>x</script><![endif]-->")
    assert html == f"<p>a</p>\n{MORE}\n<p>b</p>"


VECTORS = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<img src=x\nonerror=alert(1)>',
    '<svg/onload=alert(1)>',
    '<a href="jav&#x61;script:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<base href="https://evil.example/">',
    '<link rel=stylesheet href="https://evil.example/x.css">',
    '<img src="https://tracker.example/p.gif">',
    '<img src="//tracker.example/p.gif">',
    '<img src="\\\\tracker.example\\p.gif">',
    '<form action="https://evil.example/"><input type=password name=p></form>',
    '<p style="background:url(https://evil.example/)">x</p>',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<style>body{display:none}</style>',
    '<h2 id="__drawer">clobber the theme</h2>',
]


@pytest.mark.parametrize("vector", VECTORS)
def test_the_sanitizer_removes(vector):
    html = sanitize(vector)
    assert not ACTIVE.search(html), html
    assert "__drawer" not in html


def test_links_get_no_target_so_need_no_opener():
    assert sanitize('<a href="https://example.org/" target="_blank">x</a>') == '<a href="https://example.org/">x</a>'


def _lines(body: str) -> list[tuple[int | None, str]]:
    return [(p.line, p.message) for p in removed_content("posts/x.md", body)]


def test_code_shows_tags_and_the_check_agrees_with_markdown():
    # Markdown's own reading of code decides: a one-line ```x``` is a code span, so the
    # script after it is a real element (the old regexes thought it opened a fence).
    body = "Use `<script>` in text.\n\n```x```\n<script>alert(1)</script>\n\n```html\n<script></script>\n```\n"
    assert _lines(body) == [(4, "the <script> tag is not allowed in content")]


@pytest.mark.parametrize("body, line, what", [
    ("Text.\n\n[a](jav&#x61;script:alert(1))", 3, "'javascript:'"),
    ("Text.\n\n[a](&#106;avascript:alert(1))", 3, "'javascript:'"),
    ("Text.\n\n[a](javascript&colon;alert(1))", 3, "'javascript:'"),
    ('Text.\n\n<a href="java\nscript:alert(1)">x</a>', 3, "'javascript:'"),
    ("Text.\n\n[a][1]\n\n[1]: data:text/html;base64,PHNjcmlwdD4=", 5, "'data:'"),
    ("Text.\n\n<img src=x\nonerror=alert(1)>", 4, "'onerror'"),
    ("Text.\n\n<svg/onload=alert(1)>", 3, "'onload'"),
    ('Text.\n\n<meta http-equiv="refresh" content="0;url=https://evil.example/">', 3, "<meta>"),
    ('Text.\n\n<base href="https://evil.example/">', 3, "<base>"),
    ("Text.\n\n<link rel=stylesheet href=https://evil.example/x.css>", 3, "<link>"),
    ("Text.\n\n![pixel](https://tracker.example/p.gif)", 3, "on another site"),
    ('Text.\n\n<p style="color:red">x</p>', 3, "'style'"),
    ("Text.\n\nWords {onclick='alert(1)'}", None, None),  # attr_list only reads {: } after blocks
    ("## Heading {onclick='alert(1)'}", 1, "'onclick'"),
])
def test_the_check_names_the_line(body, line, what):
    found = _lines(body)
    if what is None:
        assert found == []
        return
    assert [n for n, _ in found] == [line], found
    assert what in found[0][1]


def test_the_fix_for_an_image_from_another_site():
    problem, = removed_content("posts/x.md", "![pixel](https://tracker.example/p.gif)")
    assert problem.fix == "save the image in the repository and link to the file"
