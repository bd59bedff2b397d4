"""Shape: what the pages need that the content does not say: element ids, a list's year and theme views, open data, the search index."""
