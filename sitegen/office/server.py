"""Run the office service (`build.py office`) and manage its accounts (`build.py office add-user`)."""

from __future__ import annotations

import getpass
import logging
import sys
from pathlib import Path

from ..editor.gitrepo import GitProblem, repository, run
from ..errors import UsageError, printable
from .accounts import add_user, load_accounts
from .config import load_config
from .store import Store


def serve(root: Path, config_path: Path) -> int:
    import waitress

    from .app import Office

    config = load_config(config_path)
    _check_repository(root, config.settings.git.remote)
    load_accounts(config.accounts_file)  # refused now, not at the first sign-in, if others can read it
    store = Store(config.data_folder)
    office = Office(root, config, store)
    store.forget_expired(config.settings.sessions.idle_minutes * 60, config.settings.sessions.lifetime_hours * 3600)

    def log(text: str) -> None:
        print(printable(text, keep_line_breaks=True), file=sys.stderr, flush=True)

    # Changes wait their turn for the one working copy: waitress would log every queued request.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    log(f"The office editor listens on {config.settings.listen} for {config.public_origin}/ (press Ctrl+C to stop).")
    try:
        waitress.serve(
            office,
            listen=config.settings.listen,
            threads=8,
            max_request_body_size=20_000_000,
            ident="sitegen",
            trusted_proxy=None,  # the office's own gate reads X-Forwarded-* (from trusted_proxies only)
            clear_untrusted_proxy_headers=False,
        )
    except OSError as error:
        raise UsageError(
            f"cannot listen on {config.settings.listen} ({error.strerror})",
            "choose another 'listen' address in office.yaml",
        ) from None
    return 0


def _check_repository(root: Path, remote: str) -> None:
    try:
        repository(root)
        remotes = run(root, "remote").stdout.decode().split()
    except GitProblem as error:
        raise UsageError(str(error)) from None
    if remote not in remotes:
        raise UsageError(
            f"the project folder's git repository has no remote called '{remote}', which office.yaml publishes to",
            f"add it (git -C {root} remote add {remote} URL) or name the right one under git: remote:",
        )


def add_person(config_path: Path, username: str, name: str, email: str, role: str, provider_only: bool) -> int:
    config = load_config(config_path)
    password = None
    if not provider_only:
        if sys.stdin.isatty():
            password = getpass.getpass(f"Password for {username}: ")
            if getpass.getpass("The same password again: ") != password:
                raise UsageError("the two passwords differ; nothing was changed")
        else:
            password = sys.stdin.readline().rstrip("\r\n")
    _, replaced = add_user(config.accounts_file, username, name or username, email, role, password)
    how = "signs in through the identity provider" if provider_only else "signs in with a password"
    print(
        f"{'Updated' if replaced else 'Added'} {name or username} <{email}> as {role}: {how}. Accounts file: {config.accounts_file}"
    )
    return 0
