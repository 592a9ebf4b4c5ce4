"""The pictures the web editor offers (hooks/scf/integrations/editor_pictures.py): the picker's index, the
copies under admin/, and its search (editor_symbol_search.js) agreeing with the catalogue's.
The picker in a browser: tests/browser/test_editor_browser.py."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from scf.content.symbols import SET, UNPUBLISHABLE, Catalogue, refused_by_svg_check
from scf.integrations import editor_pictures
from scf.outputs.addresses import Registry, Source
from scf.outputs.writer import Writer
from scf.views.easyread import Icons
from site_project import REPO, THEME

DRAWING = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {0} {0}"><circle cx="5" cy="5" r="4"/></svg>\n'
ACTIVE = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>\n'
CSV = """symbol-id,symbol,grammar,category-id,category,rated,tags
1,family,Noun,1,People Relationship,0,people relatives
2,house,Noun,2,Building Residential,0,class school
3,"talk_1_,_to",Verb,3,Communication,0,speak
4,scripted,Noun,4,Descriptive State,0,
"""
NAMES = ["family", "house", "talk_1_,_to"]  # "scripted" holds a script: the site cannot publish it


def small_set(root: Path) -> Catalogue:
    folder = root / SET
    (folder / "svg").mkdir(parents=True)
    (folder / "symbol-info-en.csv").write_text(CSV, encoding="utf-8")
    for size, name in enumerate(NAMES, 10):
        (folder / "svg" / f"{name}.svg").write_text(DRAWING.format(size), encoding="utf-8")
    (folder / "svg" / "scripted.svg").write_text(ACTIVE, encoding="utf-8")
    # as scripts/symbols/import.py records them
    refused = refused_by_svg_check(folder, [*NAMES, "scripted"])
    (folder / UNPUBLISHABLE).write_text("".join(f"{n}\n" for n in refused), encoding="utf-8")
    return Catalogue.load(root)


def test_the_index_offers_every_publishable_symbol_with_its_words_and_address(tmp_path):
    symbols = small_set(tmp_path)
    icons = {"material-heart": tmp_path / "heart.svg"}
    assert editor_pictures.index(symbols, icons) == {
        "symbols": [
            {"name": "family", "tags": "people relatives", "category": "People Relationship",
             "src": "symbols/family.svg"},
            {"name": "house", "tags": "class school", "category": "Building Residential", "src": "symbols/house.svg"},
            # listed for the search (how rare a word is counts every symbol), with no picture
            {"name": "scripted", "tags": "", "category": "Descriptive State"},
            # the site's own file name for it (assets/symbols/talk_1-to.svg): URL-safe
            {"name": "talk_1_,_to", "tags": "speak", "category": "Communication", "src": "symbols/talk_1-to.svg"},
        ],
        "icons": {"material-heart": "icons/material-heart.svg"},
    }


def test_the_editor_gets_each_picture_and_the_index_the_same_every_time(tmp_path):
    symbols = small_set(tmp_path)
    heart = tmp_path / "heart.svg"
    made = editor_pictures.outputs("admin", symbols, {"material-heart": heart})
    copies = {o.address: o.source for o in made if o.source is not None}
    assert copies == {"admin/symbols/family.svg": symbols.svg_path("family"),
                      "admin/symbols/house.svg": symbols.svg_path("house"),
                      "admin/symbols/talk_1-to.svg": symbols.svg_path("talk_1_,_to"),
                      "admin/icons/material-heart.svg": heart}
    index = [o for o in made if o.address == "admin/pictures.json"]
    assert len(index) == 1 and index[0].data.endswith(b"}\n") and b"\r" not in index[0].data
    assert json.loads(index[0].data) == editor_pictures.index(symbols, {"material-heart": heart})
    assert editor_pictures.outputs("admin", Catalogue.load(tmp_path), {"material-heart": heart}) == made


def test_a_rebuild_into_the_same_folder_copies_only_what_changed(tmp_path):
    """./dev serve: the writer skips a copy whose source is unchanged (same size and time)."""
    symbols, site = small_set(tmp_path / "project"), tmp_path / "site"
    registry = Registry()
    registry.claim_folder("admin", Source("scf.yml", None, "the web editor", "-"))

    def build() -> None:
        Writer(registry, site).write(editor_pictures.outputs("admin", symbols, {}))

    build()
    source, copied = symbols.svg_path("house"), site / "admin/symbols/house.svg"
    assert copied.read_bytes() == source.read_bytes()
    assert copied.stat().st_mtime_ns == source.stat().st_mtime_ns  # the source's time, kept
    # A copy of the source's size and time is taken as the source and not copied again...
    copied.write_bytes(b"x" * source.stat().st_size)
    os.utime(copied, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns))
    build()
    assert copied.read_bytes() == b"x" * source.stat().st_size
    # ...and any other is copied again.
    (site / "admin/symbols/family.svg").write_text("old", encoding="utf-8")
    source.write_text(DRAWING.format(99), encoding="utf-8")
    build()
    assert (site / "admin/symbols/family.svg").read_bytes() == symbols.svg_path("family").read_bytes()
    assert copied.read_bytes() == source.read_bytes()


def test_the_preview_gets_the_icons_the_sites_rows_use():
    body = ("![A heart](:material-heart:)\nWe care.\n\n![My family](symbol:family)\nMy family.\n\n"
            "Text without a picture: :material-phone:\n\n![Not an icon](:material-no-such-icon-here:)\nNone.\n\n"
            "![A house](:fontawesome-solid-house:)\nA home.\n")
    site = SimpleNamespace(easy_read=[SimpleNamespace(body=body)])
    icons = editor_pictures.used_icons(site, Icons(THEME.icons))
    assert list(icons) == ["fontawesome-solid-house", "material-heart"]
    assert icons["material-heart"] == Icons(THEME.icons).path("material-heart")  # the theme's own file


# Words an editor might type; the picker must list what `scf symbols` lists, in its order.
QUERIES = ["my family", "Family", "home", "a house", "talking", "talk to friends", "care assistant", "money",
           "the Houses of Parliament", "happy", "feelings", "doctor", "going out", "bus", "work", "meeting people",
           "wheelchair", "tea", "x", "to", "", "constructor", "__proto__ toString", "workers", "Speaking!"]


def test_the_pickers_search_finds_what_the_catalogue_finds(tmp_path):
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is not installed (CI is set, so this is a failure)")
        pytest.skip("node is not installed")
    symbols = Catalogue.load(REPO)
    tags = sorted({tag for name in symbols.names for tag in symbols.by_name[name].tags})
    names = sorted(symbols.names)
    # some tags, and the names of some symbols as words, then with a tag beside them
    queries = QUERIES + tags[::6] + [n.replace("_", " ") for n in names[::120]] + [
        f"{n.replace('_', ' ')} {t}" for n, t in zip(names[7::250], tags[3::9])]
    (tmp_path / "index.json").write_text(json.dumps(editor_pictures.index(symbols, {})), encoding="utf-8")
    (tmp_path / "queries.json").write_text(json.dumps(queries), encoding="utf-8")
    script = """
const fs = require("fs");
const {scfSymbolSearch} = require(process.argv[1]);
const index = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const prepared = scfSymbolSearch.prepare(index.symbols);
const queries = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
console.log(JSON.stringify(queries.map(q => scfSymbolSearch.search(prepared, q, 24).map(s => s.name))));
"""
    result = subprocess.run([node, "-e", script, str(REPO / "hooks/scf/integrations/editor_symbol_search.js"),
                             str(tmp_path / "index.json"), str(tmp_path / "queries.json")],
                            capture_output=True, text=True, check=True)
    found = dict(zip(queries, json.loads(result.stdout)))
    assert found == {q: [m.name for m in symbols.search(q, 24)] for q in queries}
    assert found["my family"][0] == "family" and len(queries) > 70
