"""The preview answers only at its own addresses (no DNS rebinding), and HEAD keeps the line open."""

from __future__ import annotations

import http.client
import socket
from pathlib import Path

import pytest
from tooling import copy_real_project, free_port, serving_preview

from sitegen.preview.hosts import answering_only, served_hosts

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "host, header, answered",
    [
        ("127.0.0.1", "127.0.0.1:8000", True),
        ("127.0.0.1", "localhost:8000", True),
        ("127.0.0.1", "[::1]:8000", True),
        ("127.0.0.1", "rebound.example:8000", False),  # a name pointed at 127.0.0.1 by a page elsewhere
        ("127.0.0.1", "127.0.0.1:9999", False),
        ("127.0.0.1", "127.0.0.1", False),
        ("127.0.0.1", "", False),
        ("127.0.0.1", "127.0.0.1:notaport", False),
        ("0.0.0.0", "192.168.1.20:8000", True),  # on the office network, by its number
        ("0.0.0.0", "rebound.example:8000", False),
        ("192.168.1.20", "192.168.1.20:8000", True),
        ("192.168.1.20", "localhost:8000", False),
    ],
)
def test_the_preview_answers_only_the_host_names_it_is_served_at(host, header, answered):
    assert served_hosts(host, 8000, f"http://{host}:8000/")(header) is answered


def test_the_base_urls_host_is_served_too():
    assert served_hosts("0.0.0.0", 8000, "http://preview.office.example:8000/")("preview.office.example:8000")


def test_another_host_gets_421_and_nothing_of_the_site():
    def site(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html")])
        return [b"a draft page"]

    seen = {}
    app = answering_only(site, served_hosts("127.0.0.1", 8000, "http://127.0.0.1:8000/"))
    body = b"".join(app({"HTTP_HOST": "rebound.example:8000"}, lambda s, h: seen.update(status=s)))
    assert seen["status"].startswith("421") and b"draft" not in body
    body = b"".join(app({"HTTP_HOST": "127.0.0.1:8000", "REQUEST_METHOD": "HEAD"}, lambda s, h: seen.update(status=s)))
    assert seen["status"].startswith("200") and body == b""


@pytest.fixture(scope="module")
def running_preview(tmp_path_factory):
    """One preview for the module: no test here changes the project, and each shows the
    preview goes on after what it sends."""
    root = copy_real_project(tmp_path_factory.mktemp("hosts") / "project")
    (root / "content/secret.md").write_text(
        "---\ntitle: Secret plans\nupdated: 2026-01-01\ndraft: true\n---\n\nUnpublished.\n", encoding="utf-8"
    )
    port = free_port()
    with serving_preview(root, port):
        yield port


def ask(connection: http.client.HTTPConnection, method: str, path: str, host: str) -> tuple[int, bytes]:
    connection.putrequest(method, path, skip_host=True)
    connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    return response.status, response.read()


@pytest.mark.slow
def test_head_works_on_every_page_and_screen_and_keeps_the_connection(running_preview):
    port = running_preview
    host = f"127.0.0.1:{port}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for path in ("/", "/plan/", "/secret/", "/edit/", "/edit/page?file=content/plan.md", "/edit/changes"):
        status, body = ask(connection, "HEAD", path, host)
        assert status == 200 and body == b"", path
        status, body = ask(connection, "GET", path, host)  # the same connection, still open
        assert status == 200 and body, path
    connection.close()


def test_a_rebinding_host_gets_no_page_and_no_draft(running_preview):
    port = running_preview
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    assert ask(connection, "GET", "/secret/", f"127.0.0.1:{port}")[0] == 200
    for path in ("/secret/", "/", "/edit/"):
        status, body = ask(connection, "GET", path, f"rebound.example:{port}")
        assert status in (403, 421) and b"Secret plans" not in body and b"Unpublished" not in body
    connection.close()


@pytest.mark.slow
def test_a_body_longer_than_the_editor_takes_is_refused_by_the_server_before_it_is_sent(running_preview):
    """From the Content-Length alone the editor refuses it, without waiting for the body."""
    port = running_preview
    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        connection.sendall(
            f"POST /edit/page?file=content/plan.md HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Origin: http://127.0.0.1:{port}\r\nContent-Type: multipart/form-data; boundary=x\r\n"
            "Content-Length: 30000000\r\n\r\n".encode()
        )
        answer = connection.recv(200)  # no body sent: without the limit, the server would wait for it
    assert answer.startswith(b"HTTP/1.1 413")


@pytest.mark.parametrize("length", ["abc", "-1", "\u0663", "5, 6"])
def test_a_body_whose_length_is_not_a_number_gets_400_and_the_preview_goes_on(running_preview, length):
    port = running_preview
    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        connection.sendall(
            f"POST /edit/page?file=content/plan.md HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Origin: http://127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {length}\r\n\r\nabcde".encode()
        )
        answer = connection.recv(200)
    assert answer.startswith(b"HTTP/1.1 400")
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    assert ask(connection, "GET", "/", f"127.0.0.1:{port}")[0] == 200
    connection.close()


def test_a_form_sent_without_a_length_is_refused_as_the_editor_refuses_it(running_preview):
    port = running_preview
    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        connection.sendall(
            f"POST /edit/page?file=content/plan.md HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Origin: http://127.0.0.1:{port}\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n".encode()
        )
        assert connection.recv(200).startswith(b"HTTP/1.1 411")
