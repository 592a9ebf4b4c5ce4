"""Page steps: what is done to every page the builder draws (sanitizing, escaping, links, the theme's repairs)."""
