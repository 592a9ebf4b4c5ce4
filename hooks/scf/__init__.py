"""#socialcarefuture site: the content model and everything built from it.

Nothing in this package imports MkDocs: the MkDocs hooks in ``hooks/scf_mkdocs/`` are a
thin adapter around it, so the day the site moves to another builder only they change.
Its folders by role, lowest first: content, pages, views, checks, outputs, integrations;
build.py, at the top, lists what a build does in order.
"""
