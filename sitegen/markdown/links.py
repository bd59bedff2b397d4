"""The second layer of safety, and the checks on links and pictures: only web, mail, phone
and site addresses are allowed; anything else (`javascript:`, `data:`, …) is an error with
the file and line, and the link is dropped from the output. Pictures must be the site's
own. Links to this site are recorded for checking once every page is known, and written
from the site's root (ROOT_MARK); links whose words do not say where they go, and
pictures without alt text, are warnings.

Separate because links are where unsafe content would get in: these rules are read and
tested on their own (tests/test_xss.py, tests/test_safety.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from ..model.placeholders import is_placeholder_host
from .results import ROOT_MARK
from .safety import SAFE_SCHEMES
from .text_env import TextEnv, site_env

VAGUE_LINK_TEXT = frozenset({"click here", "here", "read more", "more", "link", "this link", "click", "this page"})


def _inline_children(tokens: list[Token]) -> Iterable[tuple[Token, Token]]:
    """The inline tokens of blocks that can hold a link or picture: `[`, `![` or `<address>`."""
    for block in tokens:
        if block.type == "inline" and block.children and ("[" in block.content or "<" in block.content):
            for child in block.children:
                yield block, child


def check_links(state: StateCore) -> None:
    env = site_env(state)
    if env is None:
        return
    for block, token in _inline_children(state.tokens):
        if token.type == "link_open":
            href = _safe_address(str(token.attrGet("href") or ""), block, env, is_image=False)
            token.attrSet("href", href)
            if href.startswith(ROOT_MARK):  # Printed after the link text on paper (print CSS).
                token.attrSet("data-print-href", env.base_url + href[len(ROOT_MARK) :])
        elif token.type == "image":
            src = str(token.attrGet("src") or "")
            token.attrSet("src", _safe_address(src, block, env, is_image=True))
            if not token.content.strip():
                env.report(
                    block,
                    "an image has no alt text",
                    "write what the image shows between the square brackets: ![What it shows](picture.png)",
                    warning=True,
                )
    _check_link_text(state.tokens, env)


def _safe_address(address: str, block: Token, env: TextEnv, is_image: bool) -> str:
    """The address to publish, or "#" for a refused one (reported as an error)."""
    cleaned = "".join(ch for ch in address if ch.isprintable() and not ch.isspace())
    scheme = urlsplit(cleaned).scheme.lower() if ":" in cleaned else ""
    if scheme and scheme not in SAFE_SCHEMES:
        env.report(
            block,
            f'the {"image" if is_image else "link"} address "{address[:60]}" is not allowed',
            "links must start with https://, http://, mailto:, tel: or / (a page of this site)",
            needle=address,
        )
        return "#"
    if is_image and (scheme or cleaned.startswith("//")):
        env.report(
            block,
            f'the picture "{address[:60]}" is on another website, which this site never loads from',
            "save the picture in content/files/ (the editor's 'Attach a document' does this) and write its "
            "address like /files/picture.png",
            needle=address,
        )
        return "#"
    if scheme or cleaned.startswith("//"):
        host = urlsplit(cleaned).hostname or ""
        if scheme in ("http", "https", "") and is_placeholder_host(host):
            env.report(
                block,
                f'the link "{address[:60]}" goes to an example address, not a real one',
                "replace it with the real address before publishing",
                warning=True,
                needle=address,
            )
        return cleaned
    return _site_address(cleaned, block, env)


def _site_address(address: str, block: Token, env: TextEnv) -> str:
    """Record a link to this site for checking; write it relative to the site root."""
    if address.startswith("#"):
        env.link(None, address[1:], block, address)
        return address
    if not address.startswith("/"):
        env.report(
            block,
            f'the link "{address}" should start with / (a page of this site) or https://',
            _relative_link_hint(address),
            needle=address,
        )
        return "#"
    path, _, fragment = address[1:].partition("#")
    path = path.split("?")[0]
    if path.endswith(".md"):
        page_file, page_address = _page_of_markdown_file(path)
        env.report(
            block,
            f'the link "{address}" points at a Markdown file',
            f"link to the page's address instead: {page_address} is the address of {page_file}",
            needle=address,
        )
    env.link(path, fragment, block, address)
    return ROOT_MARK + address[1:]


def _relative_link_hint(address: str) -> str:
    """The editor's own address written from the top ("timeline/" -> /timeline/), if it is one."""
    parts = [part for part in address.split("/") if part not in ("", ".", "..")]
    if parts and re.fullmatch(r"[\w./#-]+", address):
        example = "/" + "/".join(parts) + ("/" if address.endswith("/") else "")
        return (
            f"write the address from the top of the site, like {example}; for another website, "
            "copy its full address starting with https://"
        )
    return (
        "write the address of a page of this site from the top, starting with /; for another website, "
        "copy its full address starting with https://"
    )


def _page_of_markdown_file(path: str) -> tuple[str, str]:
    """The page file a link to "….md" means, and that page's address: /about/ for about.md."""
    name = path[: -len(".md")]
    if name.startswith("content/"):
        name = name[len("content/") :]
    folder, _, base = name.rpartition("/")
    address = "/" + (folder + "/" if folder else "") + ("" if base == "index" else base + "/")
    return f"content/{name}.md", address


def _check_link_text(tokens: list[Token], env: TextEnv) -> None:
    for block in tokens:
        if block.type != "inline" or not block.children or ("[" not in block.content and "<" not in block.content):
            continue
        text_parts: list[str] | None = None
        for child in block.children:
            if child.type == "link_open":
                text_parts = []
            elif child.type == "link_close" and text_parts is not None:
                link_text = " ".join("".join(text_parts).split()).strip(" .").lower()
                if link_text in VAGUE_LINK_TEXT or not link_text:
                    env.report(
                        block,
                        f'the link text "{link_text}" does not say where the link goes'
                        if link_text
                        else "a link has no text",
                        "use words that make sense on their own: say what the link opens, like the name "
                        "of the page or document",
                        warning=True,
                    )
                text_parts = None
            elif (text_parts is not None and child.type in ("text", "code_inline")) or (
                text_parts is not None and child.type == "image"
            ):
                text_parts.append(child.content)
