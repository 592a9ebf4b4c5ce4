"""The digest as an HTML email and as plain text.

HTML email is read by old, strict programs: a table about 600 px wide, styles written on
each element (css-inline copies them there from the <style> block; only the @media rules
for dark colours and small screens stay in it), every address absolute, no pictures
without words, nothing that tracks the reader. Same digest, same bytes.
"""
from __future__ import annotations

import textwrap

import css_inline
from jinja2 import Environment, StrictUndefined

from .digest import Digest, Item

WIDTH = 600

# Colours with at least 4.5:1 contrast in both schemes (WCAG 1.4.3).
STYLE = """
body, .outer { margin: 0; padding: 0; background-color: #f2f2f2; }
.main { width: 600px; max-width: 600px; background-color: #ffffff; color: #1f1f1f;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 16px; line-height: 1.5; }
.cell { padding: 16px 32px; }
.masthead { padding: 24px 32px 8px; border-bottom: 4px solid #2a4d8f; }
.site { font-size: 16px; font-weight: bold; color: #2a4d8f; text-decoration: none; }
h1 { margin: 8px 0 0; font-size: 28px; line-height: 1.25; color: #1f1f1f; }
h2 { margin: 8px 0; font-size: 22px; line-height: 1.3; color: #1f1f1f; }
h3 { margin: 16px 0 4px; font-size: 18px; line-height: 1.3; }
p { margin: 0 0 8px; }
a { color: #1d4a9e; text-decoration: underline; }
.meta { color: #4d4d4d; font-size: 14px; }
.picture { display: block; width: 100%; max-width: 536px; height: auto; border: 0; margin: 8px 0; }
.easy { font-size: 20px; line-height: 1.5; }
.closing { padding: 24px 32px; color: #4d4d4d; font-size: 14px; border-top: 1px solid #cccccc; }
"""
MEDIA = """
@media (prefers-color-scheme: dark) {
  body, .outer { background-color: #121212 !important; }
  .main { background-color: #1e1e1e !important; color: #ececec !important; }
  h1, h2, h3 { color: #ececec !important; }
  a, .site { color: #9cc0ff !important; }
  .meta, .closing { color: #c2c2c2 !important; }
  .masthead { border-bottom-color: #9cc0ff !important; }
}
@media (max-width: 620px) {
  .main { width: 100% !important; }
  .cell, .masthead, .closing { padding-left: 16px !important; padding-right: 16px !important; }
}
"""

TEMPLATE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{{ d.subject }}</title>
<style>{{ style | safe }}</style>
</head>
<body>
<table role="presentation" class="outer" width="100%" cellpadding="0" cellspacing="0" border="0">
<tr><td align="center">
<table role="presentation" class="main" width="{{ width }}" cellpadding="0" cellspacing="0" border="0">
<tr><td class="masthead">
<a class="site" href="{{ d.site_url }}">{{ d.site_name }}</a>
<h1>Our news for {{ d.label }}</h1>
</td></tr>
<tr><td class="cell">
{% if d.empty %}<p>Nothing new was published on our website in {{ d.label }}.</p>
{% else %}<p>What was new on our website in {{ d.label }}.</p>{% endif %}
</td></tr>
{% for title, items in sections %}{% if items %}
<tr><td class="cell">
<h2>{{ title }}</h2>
{% for item in items %}
<h3><a href="{{ item.url }}">{{ item.title }}</a></h3>
{% if item.when or item.authors or item.where %}<p class="meta">{{ meta(item) }}</p>{% endif %}
{% if item.image %}<img class="picture" src="{{ item.image }}" alt="{{ item.image_alt }}" width="536">{% endif %}
{% if item.summary %}<p>{{ item.summary }}</p>{% endif %}
{% endfor %}
</td></tr>
{% endif %}{% endfor %}
{% if d.easy_read %}
<tr><td class="cell easy">
<h2>Easy read</h2>
<p>Some of these pages have an easy read version.</p>
{% for item in d.easy_read %}<p><a href="{{ item.url }}">{{ item.title }}</a></p>
{% endfor %}
</td></tr>
{% endif %}
<tr><td class="closing">
<p>You get this email because you signed up for our monthly email on
<a href="{{ d.site_url }}">{{ d.site_name }}</a>. You can stop it at any time with the
unsubscribe link at the end of this email.</p>
<p><a href="{{ d.site_url }}privacy/">How we look after your email address</a></p>
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
"""

_env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
_template = _env.from_string(TEMPLATE)
_inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


def sections(d: Digest) -> list[tuple[str, tuple[Item, ...]]]:
    return [("New posts", d.posts), ("Case studies", d.case_studies), ("New and changed pages", d.pages),
            ("Events coming up", d.events)]


def meta(item: Item) -> str:
    """The line under a title: date, authors, place."""
    parts = [item.when] if item.when else []
    if item.authors:
        parts.append("by " + _and(item.authors))
    if item.where:
        parts.append(item.where)
    return " · ".join(parts)


def _and(names: tuple[str, ...]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def render_html(d: Digest) -> str:
    html = _template.render(d=d, sections=sections(d), meta=meta, width=WIDTH, style=STYLE + MEDIA)
    return _inliner.inline(html)


def render_text(d: Digest) -> str:
    """The plain-text part: the same items, one address per line, lines under 78 characters."""
    out = [d.subject, d.site_url, ""]
    out.append(f"Nothing new was published on our website in {d.label}." if d.empty
               else f"What was new on our website in {d.label}.")
    for title, items in [*sections(d), ("Easy read", d.easy_read)]:
        if not items:
            continue
        out += ["", title.upper(), "-" * len(title)]
        for item in items:
            out += ["", *textwrap.wrap(item.title, 76)]
            if meta(item):
                out += textwrap.wrap(meta(item), 76)
            if item.summary:
                out += textwrap.wrap(item.summary, 76)
            out.append(item.url)
    out += ["", "-- ", *textwrap.wrap(f"You get this email because you signed up for our monthly email on "
                                      f"{d.site_url}. You can stop it at any time with the unsubscribe link "
                                      "at the end of this email.", 76),
            "How we look after your email address:", f"{d.site_url}privacy/", ""]
    return "\n".join(out)
