"""Integrations: the web editor, the email newsletter and the WordPress importer."""
