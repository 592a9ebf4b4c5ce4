"""The MkDocs and Material for MkDocs adapter: everything that knows the builder or its theme.

The day the site moves to another builder, this package is what changes. scf names it in two places
only: cli.BUILDER (`scf check`'s builder, found by name) and pages/theme.site_theme (the theme of a
run without a builder).
"""
