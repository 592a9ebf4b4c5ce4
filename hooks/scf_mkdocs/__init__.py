"""The MkDocs and Material for MkDocs adapter: everything that knows the builder or its theme.

The day the site moves to another builder, this package is what changes. scf names it in three places
only: cli.BUILDER (`scf check`'s builder, found by name), cli.SITE_CONFIG (mkdocs.yml's site_url and
site_name, for `scf newsletter`, found by name) and pages/theme.site_theme (the theme of a run
without a builder).
"""
