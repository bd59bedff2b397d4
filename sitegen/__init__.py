"""sitegen: a static site generator for public-sector transparency pages (see README.md)."""
