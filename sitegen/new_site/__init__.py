"""New site: `build.py new`, a site made from the starter for another office."""
