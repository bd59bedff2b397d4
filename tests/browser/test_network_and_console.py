"""Every page is self-contained and loads cleanly under its real
Content-Security-Policy: it asks nothing of any server but the site's own,
every file it asks for exists, and it logs no errors or CSP violations.

Requests that would leave the local server are aborted before they go out
(see the open_context fixture), and reported here.
"""

from __future__ import annotations

import pytest


def visit_every_page(context, base_url: str, page_paths: list[str]):
    """Yield (path, requests, bad_responses, console_errors) for every page."""
    page = context.new_page()
    requests, bad, errors = [], [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on(
        "response", lambda response: bad.append(f"{response.status} {response.url}") if response.status >= 400 else None
    )
    # net::ERR_ABORTED is the next navigation cancelling a late request (the favicon, say).
    page.on(
        "requestfailed",
        lambda request: (
            bad.append(f"failed ({request.failure}) {request.url}")
            if "ERR_ABORTED" not in (request.failure or "")
            else None
        ),
    )
    page.on(
        "console",
        lambda message: (
            errors.append(f"console.{message.type}: {message.text}") if message.type in ("error", "warning") else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    for path in page_paths:
        page.goto(base_url + path, wait_until="load")
        # Web fonts are requested during layout, which can be after "load".
        page.evaluate("() => document.fonts.ready.then(() => true)")
        yield path, list(requests), list(bad), list(errors)
        for found in (requests, bad, errors):
            found.clear()
    page.close()


@pytest.fixture(scope="module")
def visits(open_module_context, base_url, page_paths):
    """visits(javascript) -> [(path, requests, bad_responses, console_errors)] for every page,
    each page visited once per setting, however many tests read it."""
    seen = {}

    def visits_with(javascript: bool):
        if javascript not in seen:
            context = open_module_context(javascript=javascript)
            seen[javascript] = list(visit_every_page(context, base_url, page_paths))
        return seen[javascript]

    return visits_with


def is_local(url: str, base_url: str) -> bool:
    return url == base_url or url.startswith(base_url + "/")


# The tests that read the visit with JavaScript on run on one pytest-xdist worker, so that
# each page is visited once for all of them.
SHARES_THE_VISIT_WITH_JAVASCRIPT = pytest.mark.xdist_group("every-page-with-javascript")


@pytest.mark.parametrize(
    "javascript",
    [
        pytest.param(True, id="js-on", marks=SHARES_THE_VISIT_WITH_JAVASCRIPT),
        pytest.param(False, id="js-off"),
    ],
)
def test_no_page_requests_anything_but_the_local_server(visits, base_url, javascript):
    problems = []
    for path, requests, _, _ in visits(javascript):
        problems += [f"{path}: requested {url}" for url in requests if not is_local(url, base_url)]
    if problems:
        pytest.fail(
            f"{len(problems)} request(s) to something other than {base_url}:\n" + "\n".join(problems[:150]),
            pytrace=False,
        )


@SHARES_THE_VISIT_WITH_JAVASCRIPT
def test_every_page_loads_all_its_files_without_console_errors_or_csp_violations(visits):
    problems = []
    for path, _requests, bad, errors in visits(True):
        problems += [f"{path}: {item}" for item in bad + errors]
    if problems:
        pytest.fail(
            f"{len(problems)} problem(s) loading pages under their real CSP:\n" + "\n".join(problems[:150]),
            pytrace=False,
        )
