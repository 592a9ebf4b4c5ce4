"""Our templates wrap Material's instead of copying them, so a Material upgrade reaches us.

A copied template silently keeps the old version of everything it does not change (the old
header dropped the repository link and the language switcher). Overrides that shadow a
theme template are listed here with the reason; the ones that only wrap must include the
original through the `material/` prefix the adapter adds.
"""
from __future__ import annotations

from pathlib import Path

import material

REPO = Path(__file__).resolve().parent.parent
MATERIAL = Path(material.__file__).parent / "templates"

# Every override with the same name as a template of Material's, and why it exists.
SHADOWING = {
    "main.html": "the theme's extension point: extends base.html and fills its blocks",
    "404.html": "our own page-not-found page",
    "partials/footer.html": "our own footer (privacy promise and links), replacing the theme's on purpose",
    "partials/nav.html": "wraps the theme's menu to draw it once per key",
    "partials/header.html": "wraps the theme's header: our search link, a skip link, title put in per page",
}
WRAPPERS = ("partials/nav.html", "partials/header.html")


def test_every_override_of_a_material_template_is_known():
    overrides = REPO / "overrides"
    shadowing = {str(p.relative_to(overrides)) for p in overrides.rglob("*.html")
                 if (MATERIAL / p.relative_to(overrides)).is_file()}
    assert shadowing == set(SHADOWING)


def test_wrappers_include_the_theme_original_and_copy_none_of_it():
    for name in WRAPPERS:
        ours = (REPO / "overrides" / name).read_text(encoding="utf-8")
        assert f'{{% include "material/{name}" %}}' in ours, name
        original = [line.strip() for line in (MATERIAL / name).read_text(encoding="utf-8").splitlines()]
        copied = [line for line in original if len(line) > 30 and line in ours]
        assert copied == [], f"{name} copies lines of Material's: {copied}"


def test_upstream_header_features_reach_the_page(project):
    """The repository link and the language switcher, which the old copy dropped."""
    project.config["repo_url"] = "https://example.org/repo"
    project.config["extra"] = {"alternate": [{"name": "Cymraeg", "link": "/cy/", "lang": "cy"}]}
    project.build()
    home = project.html("")
    assert 'class="md-header__source"' in home and "https://example.org/repo" in home
    assert "Cymraeg" in home
    assert 'class="md-header__button md-icon scf-search-link"' in home  # ours is still there
    assert home.count("<header") == 1
