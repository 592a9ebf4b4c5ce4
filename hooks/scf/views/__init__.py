"""Views: the pages the model is drawn as (blog listings, events, publications, easy read)."""
