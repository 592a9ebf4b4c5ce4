"""The fields of a publication page, read from its front matter into a `Publication`.

Apart from publications.py so that the model can read them without importing the listing
(which names the model's types): no import circle.
"""
from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from .validate import Checker


@dataclass(frozen=True)
class Publication:
    published: dt.datetime
    file: str | None  # the download's address in the site (a file in docs/), when there is one
    post: str | None  # repository path of the post that launched it
    post_line: int | None = None


def read(check: Checker, root: Path) -> Publication | None:
    """The publication in a page's front matter; problems go to `check`."""
    before = len(check.problems)
    published = check.moment("published")  # required: the schema says so when it is missing
    file = check.text("file")
    if file:
        path = os.path.normpath(os.path.join(os.path.dirname(check.source.path), file)).replace(os.sep, "/")
        if not path.startswith("docs/") or not (root / path).is_file():
            check.add("file", f"the file '{file}' is not in docs/ (looked for {path})",
                      "put the report's file beside the page in docs/ and write its name, "
                      "for example 'file: my-report.pdf'")
        file = path[len("docs/"):]
    post = check.text("post")
    if post and not (post.startswith("posts/") and post.endswith(".md")):
        check.add("post", f"'post' must name a post file such as 'posts/2024-05-01-name.md', not '{post}'",
                  "write the path of the post from the top of the repository")
    if len(check.problems) > before or published is None:
        return None
    return Publication(published, file, post, check.line("post"))
