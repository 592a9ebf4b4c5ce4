"""The MkDocs and Material for MkDocs adapter: everything that knows the builder or its theme.

The day the site moves to another builder, this package is what changes. scf never imports it;
its command line names it in three places, each found by name: cli.BUILDER (`scf check`'s
builder), cli.SITE_CONFIG (mkdocs.yml's site_url and site_name, for `scf newsletter`) and
cli.THEME (the theme, for `scf easyread-lint`, which runs without a builder). A build hands
scf its theme itself (adapter.py).
"""
