"""`build.py office`: one settings file, checked before anything starts, and the accounts command.

Each mistake in office.yaml is told like a content mistake (file, line, what was expected);
the accounts file is written by `build.py office add-user` with argon2 hashes, readable by
the service only.
"""

from __future__ import annotations

import io
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from argon2 import extract_parameters
from office_client import write_settings
from other_sites import Ran, run_main

from sitegen.errors import ContentError
from sitegen.office.accounts import check_password, load_accounts
from sitegen.office.config import load_config

REPO = Path(__file__).resolve().parent.parent


def build_py(*args: str, stdin: str = "", cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`python build.py ARGS` as typed, in a process of its own (which hashes as the office does)."""
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def office_command(*args: str, stdin: str = "") -> Ran:
    """The same command line in this process (tenths of a second less each, and passwords
    hashed cheaply: tests/cheap_hashing.py); `stdin` is what is piped in, as to build_py."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", io.StringIO(stdin))
        result = run_main(*args)
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    return result


def problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "office.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_config(path)
    return [problem.format() for problem in error.value.problems]


def test_a_complete_settings_file_is_read(tmp_path):
    config = load_config(write_settings(tmp_path, "https://Editor.Example.gov.uk/"))
    assert config.public_origin == "https://editor.example.gov.uk"
    assert config.secure and config.redirect_uri == "https://editor.example.gov.uk/office/signed-in"
    assert config.accounts_file == tmp_path / "accounts.yaml"
    assert config.settings.sessions.idle_minutes == 30 and config.settings.review_required


def test_a_wrong_value_is_reported_at_its_line(tmp_path):
    [message] = problems(tmp_path, "public_url: https://editor.example.gov.uk\nsessions:\n  idle_minutes: soon\n")
    assert message.startswith(f"{tmp_path / 'office.yaml'}:3: ")
    assert "idle_minutes" in message and "whole number" in message


def test_a_misspelt_setting_is_named(tmp_path):
    [message] = problems(tmp_path, "public_url: https://editor.example.gov.uk\nreview_requried: true\n")
    assert ":2:" in message and "review_requried" in message and "review_required" in message


def test_the_public_address_must_be_https(tmp_path):
    [message] = problems(tmp_path, "public_url: http://editor.example.gov.uk\n")
    assert "must start with https://" in message


def test_a_proxy_address_must_be_an_address(tmp_path):
    [message] = problems(tmp_path, "public_url: https://e.example\ntrusted_proxies: [my-proxy]\n")
    assert "'my-proxy' is not an IP address" in message


def test_the_identity_provider_must_be_https(tmp_path):
    text = "public_url: https://e.example\nsign_in:\n  openid_connect:\n    issuer: http://login.example\n    client_id: x\n"
    [message] = problems(tmp_path, text)
    assert ":4:" in message and "https://" in message


def test_somebody_must_be_able_to_sign_in(tmp_path):
    [message] = problems(tmp_path, "public_url: https://e.example\nsign_in:\n  local_accounts: false\n")
    assert "nobody could sign in" in message


def test_the_command_reports_a_mistake_without_a_traceback(tmp_path):
    (tmp_path / "office.yaml").write_text("public_url: https://e.example\nlisten: everywhere\n")
    result = office_command("office", "--project", str(REPO), "--config", str(tmp_path / "office.yaml"))
    assert result.returncode == 1
    assert "office.yaml:2:" in result.stderr and "127.0.0.1:8080" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_command_needs_a_settings_file(tmp_path):
    result = office_command("office", "--project", str(REPO), "--config", str(tmp_path / "missing.yaml"))
    assert result.returncode == 2 and "no office settings file" in result.stderr


def test_add_user_hashes_the_password_with_argon2_in_a_private_file(tmp_path):
    settings = write_settings(tmp_path)
    result = build_py(
        "office", "--config", str(settings), "add-user", "alex", "--role", "publisher",
        "--email", "alex@example.gov.uk", "--name", "Alex Morgan", "--project", str(REPO),
        stdin="a long enough password\n",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Added Alex Morgan <alex@example.gov.uk> as publisher" in result.stdout
    path = tmp_path / "accounts.yaml"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = path.read_text()
    assert "a long enough password" not in text
    [person] = yaml.safe_load(text)["people"]
    assert person["password_hash"].startswith("$argon2id$")
    # The real command hashes at no less than RFC 9106's second recommended costs (the tests'
    # own process hashes cheaply: tests/cheap_hashing.py).
    costs = extract_parameters(person["password_hash"])
    assert costs.memory_cost >= 64 * 1024 and costs.time_cost >= 3 and costs.parallelism >= 1
    accounts = load_accounts(path)
    assert check_password(accounts, "alex", "a long enough password").role == "publisher"
    assert check_password(accounts, "alex", "a wrong password!") is None


def test_add_user_changes_a_role_without_adding_the_person_twice(tmp_path):
    settings = write_settings(tmp_path)
    for role in ("editor", "publisher"):
        args = ("office", "--config", str(settings), "add-user", "jo", "--role", role, "--email", "jo@example.gov.uk")
        assert office_command(*args, "--project", str(REPO), stdin="another long password\n").returncode == 0
    [person] = load_accounts(tmp_path / "accounts.yaml").people
    assert person.role == "publisher"


def test_add_user_refuses_a_short_password(tmp_path):
    settings = write_settings(tmp_path)
    args = ("office", "--config", str(settings), "add-user", "jo", "--role", "editor", "--email", "jo@example.gov.uk")
    result = office_command(*args, "--project", str(REPO), stdin="short\n")
    assert result.returncode == 2 and "too short" in result.stderr
    assert not (tmp_path / "accounts.yaml").exists()


def test_a_person_of_the_identity_provider_has_no_password(tmp_path):
    settings = write_settings(tmp_path)
    args = ("office", "--config", str(settings), "add-user", "sam", "--role", "editor", "--email", "sam@example.gov.uk")
    result = office_command(*args, "--no-password", "--project", str(REPO))
    assert result.returncode == 0 and "signs in through the identity provider" in result.stdout
    [person] = load_accounts(tmp_path / "accounts.yaml").people
    assert person.password_hash == "" and person.username == ""
    assert check_password(load_accounts(tmp_path / "accounts.yaml"), "sam", "") is None


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.slow  # a few seconds: the real command starts, builds the site and serves
def test_the_command_serves_the_office_and_stops_on_ctrl_c(tmp_path):
    import signal
    import time
    import urllib.error
    import urllib.request

    from office_client import prepare_folder

    prepare_folder(tmp_path)
    port = free_port()
    settings = write_settings(tmp_path, f"http://127.0.0.1:{port}")
    text = settings.read_text().replace("listen: 127.0.0.1:8080", f"listen: 127.0.0.1:{port}")
    settings.write_text(text)
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "office", "--project", str(tmp_path / "project"), "--config", str(settings)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/office/sign-in", timeout=5) as answer:
                    assert answer.status == 200 and "Sign in to the editor" in answer.read().decode()
                    break
            except (urllib.error.URLError, ConnectionError):
                assert process.poll() is None and time.monotonic() < deadline, (
                    process.stdout.read() if process.stdout else ""
                )
                time.sleep(0.2)

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as refused:
            opener.open(f"http://127.0.0.1:{port}/edit/", timeout=5)
        refused.value.close()
        assert refused.value.code == 303  # sign in first
    finally:
        process.send_signal(signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert process.returncode == 0, output
    assert f"listens on 127.0.0.1:{port}" in output and "Traceback" not in output


def test_the_command_refuses_a_project_without_the_remote(tmp_path, make_project):
    root = make_project()
    subprocess.run(["git", "init", "--quiet", str(root)], check=True)
    settings = write_settings(tmp_path)
    result = office_command("office", "--project", str(root), "--config", str(settings))
    assert result.returncode == 2 and "no remote called 'origin'" in result.stderr


def test_a_name_nobody_has_costs_the_same_password_check_as_a_wrong_password(monkeypatch):
    """Answering a name with no account at once would tell a stranger who has one: every
    sign-in checks one argon2 hash made with the office's own costs, whoever is named."""
    from argon2 import PasswordHasher

    from sitegen.office import accounts as office_accounts

    real = office_accounts._HASHER
    checked: list[str] = []

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            checked.append(str(hash))
            return real.verify(hash, password)

    monkeypatch.setattr(office_accounts, "_HASHER", Counting())
    jo = office_accounts.Account(
        username="jo",
        name="Jo",
        email="jo@example.gov.uk",
        role="editor",
        password_hash=real.hash("the right password"),
    )
    sam = office_accounts.Account(name="Sam", email="sam@example.gov.uk", role="editor")  # signs in elsewhere
    people = office_accounts.AccountsFile(people=(jo, sam))
    for name in ("nobody", "jo", "sam", ""):
        checked.clear()
        assert check_password(people, name, "a wrong password") is None
        [hash_checked] = checked
        assert extract_parameters(hash_checked) == extract_parameters(jo.password_hash)
    checked.clear()
    assert check_password(people, "jo", "the right password") is not None and len(checked) == 1
