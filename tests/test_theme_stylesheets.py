"""The web editor's preview asks the theme for the site's stylesheets and their order."""
from __future__ import annotations

from scf_mkdocs.material_html import Material

BUILT = {"assets/stylesheets": ["assets/stylesheets/content.css", "assets/stylesheets/main.2afb09e1.min.css",
                                "assets/stylesheets/main.2afb09e1.min.css.map",
                                "assets/stylesheets/palette.06af60db.min.css", "assets/stylesheets/site.css"]}


def test_materials_stylesheets_come_first_then_ours_by_name():
    assert Material.stylesheets(lambda folder: BUILT.get(folder, [])) == [
        "assets/stylesheets/main.2afb09e1.min.css", "assets/stylesheets/palette.06af60db.min.css",
        "assets/stylesheets/content.css", "assets/stylesheets/site.css"]


def test_no_stylesheets_built_gives_none():
    assert Material.stylesheets(lambda folder: []) == []
