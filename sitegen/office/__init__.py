"""The shared editor service for an office (`build.py office`): sign-in, review, attribution.

`build.py serve` is one person's preview and editor on their own computer; this package runs
the same preview and editor for a team on one server, behind the office's reverse proxy with
TLS, configured in one file (office.yaml, `config`). It wraps the editor rather than changing
it: the gate and sign-in (`gate`, `signing_in`, `oidc`, `accounts`, `store`) come before every
request, and review and publishing (`screens`, `publishing`) replace the editor's own Publish.
"""
