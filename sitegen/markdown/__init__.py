"""Markdown to safe HTML, with the checks that help readers.

Safety comes from three layers, so that a slip in one is caught by the next:
1. markdown-it-py runs with `html=False`: raw HTML typed into content is shown
   as text, never passed through.
2. Every link and image address is checked (links.py): only web, mail, phone and
   site addresses are allowed; anything else (`javascript:`, `data:`, …) is an
   error with the file and line, and the link is dropped from the output.
3. The HTML is cleaned by nh3 (the Rust `ammonia` sanitiser) against a short
   allowlist of the elements and attributes this renderer produces (safety.py).

The renderer also marks the first use of each glossary term on a page with
`<abbr title>` and spells it out in brackets after it, gives headings ids, and reports (as warnings) the things that
make a page harder to read: images without alt text, links that say "click
here", skipped heading levels, empty headings, very long sentences and words in
capitals that nothing explains (see abbreviations.py for what counts as explained).

Heading ids are unique within one text. A page can show several texts (a list's
entries) inside a layout that has ids of its own: page_ids.py makes them unique on
the page, from the `headings` each render reports.

The modules, in the order a text goes through them:
    renderer.py             MarkdownRenderer: the parser, its rules in order, the cleaned HTML
    text_env.py             what the rules learn about one text, and how they report a problem
    links.py                safe addresses, links to this site, link text, alt text (layer 2)
    headings.py             heading ids and the outline
    terms_and_sentences.py  <abbr> for glossary terms, unexplained capitals, long sentences
    first_use_expansions.py the glossary's words in brackets after a term's first use
    safety.py               the nh3 allowlist (layer 3)
    results.py              what a render hands on: RenderedMarkdown, InternalLink, ROOT_MARK

Heading ids are made by slugify and unique_id, from sitegen/model/ids.py (the model makes
addresses with them, and a stage imports only from the stages before it).
"""
