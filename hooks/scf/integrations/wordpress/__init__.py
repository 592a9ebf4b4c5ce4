"""`scf import-wordpress`: bring a WordPress export (WXR file) over into posts/.

Old addresses and feed identity survive: each post keeps its WordPress date and
slug when its permalink was /YYYY/MM/DD/slug/ (our scheme is WordPress's), its
`original_url` (the build sends it on if the address had to change) and its `guid`
(the feeds' item id).

wxr.py reads the file; importer.py decides what becomes which file; policy.py maps
categories and authors; body.py, shortcodes.py and comments.py write the text;
addresses.py knows old permalinks; report.py says what happened.
"""
from .importer import import_wordpress
from .policy import NEW_AUTHOR_BIO, NEW_AUTHOR_ROLE
from .report import Options, Report

__all__ = ["NEW_AUTHOR_BIO", "NEW_AUTHOR_ROLE", "Options", "Report", "import_wordpress"]
