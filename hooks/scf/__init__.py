"""#socialcarefuture site: the content model and everything built from it.

Nothing in this package imports MkDocs: the MkDocs hooks in ``hooks/`` are thin
adapters around it, so the day the site moves to another builder only they change.
"""
