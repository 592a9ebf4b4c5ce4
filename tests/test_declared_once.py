"""What the schema declares is written nowhere else (#30): the settings' names and defaults."""
from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from scf.content.schema import SCHEMAS
from scf.content.settings import Settings


def test_settings_are_the_schemas_fields_with_its_defaults() -> None:
    declared = {f.name: f for f in SCHEMAS["scf.yml"].root.fields}
    attributes = {f.name: f for f in dataclasses.fields(Settings)}
    assert attributes.keys() - {"root", "unreadable"} == declared.keys()
    read = Settings(Path("."), ())
    for name, field in declared.items():
        if not field.required:
            assert getattr(read, name) == field.default, name



def test_the_web_editors_front_matter_fields_are_the_schemas() -> None:
    """Each folder collection offers exactly the fields the schema labels (and the text), with
    the schema's label, hint and requirement; nothing else lists them."""
    from scf.content.model import load_site
    from scf.content.settings import load_settings
    from scf.integrations.editor_config import editor_config
    from site_project import NOW, REPO

    site = load_site(load_settings(REPO), dt.datetime.fromisoformat(NOW))
    kinds = {"posts": "post", "pages": "page", "case-studies": "case-study", "easy-read": "easy-read",
             "easy-read-posts": "easy-read"}
    for collection in editor_config(site, "example/site", "main", "")["collections"]:
        if collection["name"] not in kinds:
            continue
        labelled = {f.name: f for f in SCHEMAS[kinds[collection["name"]]].root.fields if f.label}
        offered = {f["name"]: f for f in collection["fields"] if f["name"] != "body"}
        assert offered.keys() == labelled.keys(), collection["name"]
        for name, widget in offered.items():
            assert widget["label"] == labelled[name].label
            assert widget.get("hint", labelled[name].hint) == labelled[name].hint, name
