"""Content: every file read once into one model, checked against one schema (settings, front matter, data, the model)."""
