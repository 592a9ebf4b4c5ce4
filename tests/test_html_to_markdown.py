"""The importer's HTML-to-Markdown converter on its own: Markdown's characters escaped, lists,
code, tables, and WordPress's automatic paragraphs."""
from __future__ import annotations

import pytest

from scf.integrations.wordpress.html_to_markdown import html_to_markdown


@pytest.mark.parametrize("html, markdown", [
    ("<p>2 * 3 = 6 and a_b [x] &lt;b&gt;</p>", "2 \\* 3 = 6 and a\\_b \\[x\\] &lt;b>"),
    ("<p>1998. A good year</p>", "1998\\. A good year"),
    ("<p># not a heading</p><p>- not a list</p><p>&gt; not a quote</p>",
     "\\# not a heading\n\n\\- not a list\n\n&gt; not a quote"),
    ("<ol start='3'><li>three</li><li>four<ul><li>inner</li></ul></li></ol>",
     "3. three\n4. four\n    - inner"),
    ("<ul><li>a</li><ul><li>nested straight in the list</li></ul><li>b</li></ul>",
     "- a\n    - nested straight in the list\n- b"),
    ("<pre><code>if a &lt; b:\n    print('*')</code></pre>", "```\nif a < b:\n    print('*')\n```"),
    ("<table><tr><th>Name</th><th>Role</th></tr><tr><td>Ann</td><td>Writer | editor</td></tr></table>",
     "| Name | Role |\n| --- | --- |\n| Ann | Writer \\| editor |"),
    ("<p>Use <code>scf check</code> <b> now </b></p>", "Use `scf check` **now**"),
    ("<p>&nbsp;</p><p> </p><p><br></p>", ""),
    ("<h1>Title in the body</h1><h3><strong>Bold heading</strong></h3>", "## Title in the body\n\n### Bold heading"),
    ("<a href='data:text/html,x'>x</a> <img src='javascript:x'> javascript: is a word",
     "x javascript&#58; is a word"),
])
def test_html_to_markdown(html, markdown):
    assert html_to_markdown(html).markdown.strip() == markdown


def test_autop_paragraphs_and_line_breaks():
    classic = "First line\nsecond line<br />\nthird line\n\n<ul>\n<li>item</li>\n</ul>\n\nLast."
    assert html_to_markdown(classic, autop=True).markdown == (
        "First line<br>\nsecond line<br>\nthird line\n\n- item\n\nLast.\n")
