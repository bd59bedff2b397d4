"""Taking a release: `build.py override` (change one theme file in a site) and `build.py migrate`
(bring a site made by an earlier release up to this one). docs/upgrading.md."""
