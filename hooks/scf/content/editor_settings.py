"""The `editor:` block of scf.yml: the repository the web editor saves to and its sign-in.

The schema checks the block's shape, names and types (scf.content.schema, 'editor'); `check`, attached
to that field, adds the editor's own rules and makes the settings the editor reads.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .problems import Block

_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_FIX = ("write it as 'editor: {repo: owner/name, branch: main, base_url: https://...}' "
        "(see MAINTAINING.md, 'Web editor')")


@dataclass(frozen=True)
class EditorSettings:
    repo: str
    branch: str = "main"
    base_url: str = ""  # the OAuth client's address; empty means Netlify's


def check(block: Block) -> EditorSettings | None:
    """The editor's settings, or None when the block has a problem (each one reported): the
    schema's checks first, then what the type cannot say."""
    values = block.values()
    if values is None:
        return None
    repo, base_url = values["repo"], values["base_url"] or ""
    if not _REPO.match(repo):
        block.add("repo", f"'editor: repo' must be a GitHub repository as owner/name, not '{repo}'", _FIX)
    if base_url and urlsplit(base_url).scheme != "https":
        block.add("base_url", f"'editor: base_url' must be an https:// address, not '{base_url}'", _FIX)
    if block.failed:
        return None
    return EditorSettings(repo, values["branch"], base_url.rstrip("/"))
