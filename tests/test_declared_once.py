"""What the schema declares is written nowhere else (#30): the settings' names and defaults."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from scf.schema import SCHEMAS
from scf.settings import Settings


def test_settings_are_the_schemas_fields_with_its_defaults() -> None:
    declared = {f.name: f for f in SCHEMAS["scf.yml"].root.fields}
    attributes = {f.name: f for f in dataclasses.fields(Settings)}
    assert attributes.keys() - {"root", "unreadable"} == declared.keys()
    read = Settings(Path("."), ())
    for name, field in declared.items():
        if not field.required:
            assert getattr(read, name) == field.default, name

