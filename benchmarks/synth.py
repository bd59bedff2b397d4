"""Deterministic synthetic projects in the site's own formats, for the benchmark.

Every project is a copy of the repository's templates/, static/, site_config.yaml,
glossary and collections, plus generated content:

* `make_pages_project(root, n)`: content/ holds `n` Markdown pages (the first
  is index.md) of about 255 words each, with YAML front matter, headings, lists,
  glossary abbreviations, emphasis and internal links, like the real pages.
* `make_timeline_project(root, m)`: the real four pages, and content/timeline.yaml
  with `m` entries whose periods vary like the real ones ("2019", "2019/20",
  "2018/23", "Pre-2018 and ongoing", "2021 and ongoing", "2017–2019") over
  2016–2024, each with one to three of the real ten themes.

The same seed and size always give byte-identical files.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = 20261126
PAGE_WORDS = 255

# Plain words of the kind the real pages use; abbreviations are added from the glossary.
_WORDS = [
    "the",
    "partnership",
    "work",
    "of",
    "police",
    "office",
    "commissioner",
    "county",
    "plan",
    "board",
    "review",
    "funding",
    "service",
    "community",
    "safety",
    "crime",
    "serious",
    "organised",
    "local",
    "regional",
    "national",
    "force",
    "support",
    "victims",
    "young",
    "people",
    "drugs",
    "exploitation",
    "violence",
    "networks",
    "groups",
    "meetings",
    "reports",
    "profiles",
    "quarterly",
    "annual",
    "strategy",
    "response",
    "prevention",
    "intervention",
    "early",
    "governance",
    "scrutiny",
    "assurance",
    "accountability",
    "officers",
    "partners",
    "councils",
    "health",
    "education",
    "housing",
    "charities",
    "teams",
    "analysts",
    "evidence",
    "data",
    "public",
    "confidence",
    "outcomes",
    "performance",
    "improvement",
    "inspection",
    "recommendations",
    "actions",
    "progress",
    "areas",
    "towns",
    "markets",
    "supply",
    "routes",
    "harm",
    "risk",
    "vulnerable",
    "adults",
    "children",
    "families",
    "schools",
    "training",
    "awareness",
    "campaigns",
    "referrals",
    "pathways",
    "mentoring",
    "diversion",
    "treatment",
    "recovery",
    "enforcement",
    "disruption",
    "intelligence",
    "sharing",
    "mapping",
    "tasking",
    "priorities",
    "resources",
    "budget",
    "grants",
    "contracts",
    "delivery",
    "monitoring",
    "measures",
    "targets",
    "results",
    "findings",
    "lessons",
    "practice",
    "guidance",
    "policy",
    "legislation",
    "duties",
    "standards",
    "rights",
    "residents",
    "businesses",
    "transport",
    "rail",
    "roads",
    "rural",
    "urban",
    "neighbourhoods",
    "streets",
    "hotspots",
    "patrols",
    "operations",
    "investigations",
    "arrests",
    "charges",
    "courts",
    "sentences",
    "orders",
    "seizures",
    "assets",
    "cash",
    "firearms",
    "weapons",
    "knives",
    "online",
    "fraud",
    "cyber",
    "modern",
    "slavery",
    "trafficking",
    "labour",
    "sexual",
    "abuse",
    "domestic",
    "women",
    "girls",
    "men",
    "boys",
    "communities",
    "faith",
    "voluntary",
    "sector",
    "workforce",
    "staff",
    "volunteers",
    "leaders",
    "chairs",
    "members",
    "panel",
    "committee",
    "forum",
    "network",
]
_CONNECTORS = [
    "and",
    "with",
    "for",
    "across",
    "through",
    "between",
    "within",
    "under",
    "after",
    "before",
    "during",
    "about",
]
_TERMS = ["SOC", "PCC", "CSP", "CRB", "SOCJAG", "HMICFRS", "APCC", "ISVA"]  # all in the real glossary
_THEMES = [  # the real timeline's themes, so the real intro and labels stay valid
    ("partnership-working", "Partnership working"),
    ("governance-and-scrutiny", "Governance and scrutiny"),
    ("intelligence-and-profiles", "Intelligence and profiles"),
    ("drugs", "Drugs"),
    ("county-lines", "County lines"),
    ("organised-crime-groups", "Organised crime groups"),
    ("child-sexual-exploitation", "Child sexual exploitation"),
    ("serious-violence", "Serious violence"),
    ("violence-against-women-and-girls", "Violence against women and girls"),
    ("neighbourhood-crime", "Neighbourhood crime"),
]
FIRST_YEAR, LAST_YEAR = 2016, 2024


def _sentence(rng: random.Random, low: int = 8, high: int = 22, term_chance: float = 0.35) -> str:
    words = []
    for index in range(rng.randint(low, high)):
        if index and index % 5 == 0:
            words.append(rng.choice(_CONNECTORS))
        else:
            words.append(rng.choice(_WORDS))
    if rng.random() < term_chance:
        words.insert(rng.randint(1, len(words) - 1), rng.choice(_TERMS))
    if rng.random() < 0.2:
        at = rng.randint(1, len(words) - 1)
        words[at] = f"*{words[at]}*"
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def page_slug(index: int) -> str:
    return "" if index == 0 else f"topic-{index:05d}"


def page_markdown(index: int, total: int, rng: random.Random) -> str:
    """One page of about PAGE_WORDS words: front matter, paragraphs, headings, a list, links."""
    title_words = " ".join(rng.choice(_WORDS) for _ in range(rng.randint(3, 6)))
    title = "Serious and organised crime overview" if index == 0 else f"Topic {index}: {title_words}"
    front = [f'title: "{title}"', f"updated: 2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}"]
    if index == 0:
        front += ["nav_title: Overview", "nav_order: 1"]
    if rng.random() < 0.5:
        front.append(f'description: "{_sentence(rng, 10, 20, 0)}"')
    other = rng.randrange(1, total) if total > 1 else None
    blocks = [
        _paragraph(rng, 2),
        f"## {rng.choice(_WORDS).capitalize()} {rng.choice(_WORDS)} {rng.choice(_WORDS)}",
        _paragraph(rng, 3),
        "\n".join(f"- {_sentence(rng, 5, 10, 0.2)}" for _ in range(rng.randint(3, 4))),
        f"### {rng.choice(_WORDS).capitalize()} {rng.choice(_WORDS)}",
        _paragraph(rng, 2)
        + " See [the timeline for 2021](/timeline/2021/)"
        + (f" and [topic {other}](/{page_slug(other)}/)." if other else "."),
        f"## {rng.choice(_WORDS).capitalize()} {rng.choice(_WORDS)}",
    ]
    body = "\n\n".join(blocks)
    # Top up with sentences until the page has about PAGE_WORDS words.
    closing: list[str] = []
    while len((body + " " + " ".join(closing)).split()) < PAGE_WORDS:
        closing.append(_sentence(rng))
    body += "\n\n" + " ".join(closing)
    return "---\n" + "\n".join(front) + "\n---\n\n" + body + "\n"


def _period(rng: random.Random) -> str:
    kind = rng.random()
    year = rng.randint(FIRST_YEAR, LAST_YEAR - 1)
    if kind < 0.35:
        return str(year)
    if kind < 0.60:
        return f"{year}/{(year + 1) % 100:02d}"
    if kind < 0.70:
        end = min(LAST_YEAR, year + rng.randint(2, 5))
        return f"{year}/{end % 100:02d}"
    if kind < 0.80:
        return f"Pre-{rng.randint(FIRST_YEAR + 1, 2019)} and ongoing"
    if kind < 0.88:
        return f"{year} and ongoing"
    if kind < 0.95:
        return f"{year}–{min(LAST_YEAR, year + 2)}"
    return f"Pre-{rng.randint(FIRST_YEAR + 1, 2019)}"


def timeline_yaml(entries: int, rng: random.Random) -> str:
    lines = [
        "# A synthetic timeline for the benchmark (benchmarks/synth.py).",
        "kind: timeline",
        'title: "In West Mercia (synthetic)"',
        "item_name: entry",
        "item_name_plural: entries",
        "nav_title: Timeline",
        "nav_order: 2",
        'description: "A synthetic timeline of the work, which you can filter by year and theme."',
        "updated: 2026-11-26",
        "reviewed: 2026-11-26",
        "intro: |",
        "  What the PCC and his office did. Choose a year or a theme to see only the work that covers it.",
        "",
        "themes:",
        *(f"  {slug}: {label}" for slug, label in _THEMES),
        "",
        "entries:",
    ]
    for _ in range(entries):
        themes = rng.sample([slug for slug, _ in _THEMES], rng.randint(1, 3))
        text = " ".join(_sentence(rng, 8, 16) for _ in range(rng.randint(1, 3)))
        lines += [
            f'  - period: "{_period(rng)}"',
            f"    themes: [{', '.join(themes)}]",
            "    text: >-",
            f"      {text}",
            "",
        ]
    return "\n".join(lines)


def refresh_engine_files(root: Path) -> None:
    """Copy the repository's templates/ and static/ again, so that a project made a few
    minutes ago matches the engine as it is now (templates and engine change together)."""
    for name in ("templates", "static"):
        shutil.rmtree(root / name, ignore_errors=True)
        shutil.copytree(REPO / name, root / name)


def _copy_base(root: Path) -> None:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    refresh_engine_files(root)
    shutil.copy(REPO / "site_config.yaml", root / "site_config.yaml")
    (root / "content").mkdir(parents=True)
    for source in sorted((REPO / "content").glob("*.yaml")):
        shutil.copy(source, root / "content" / source.name)
    # Every site has a statement; the footer links to the privacy notice (site_config.yaml).
    for page in ("accessibility.md", "privacy.md"):
        shutil.copy(REPO / "content" / page, root / "content" / page)


def make_pages_project(root: Path, pages: int, seed: int = SEED) -> Path:
    """The real collections and glossary, with `pages` synthetic pages in content/."""
    _copy_base(root)
    rng = random.Random(seed)
    folder = root / "content"
    for index in range(pages):
        name = "index" if index == 0 else page_slug(index)
        (folder / f"{name}.md").write_text(page_markdown(index, pages, rng), encoding="utf-8")
    return root


def make_timeline_project(root: Path, entries: int, seed: int = SEED) -> Path:
    """The real pages, collections and glossary, with a synthetic timeline of `entries` entries."""
    _copy_base(root)
    for source in sorted((REPO / "content").glob("*.md")):
        shutil.copy(source, root / "content" / source.name)
    rng = random.Random(seed)
    (root / "content" / "timeline.yaml").write_text(timeline_yaml(entries, rng), encoding="utf-8")
    return root


def page_bodies(root: Path) -> list[Path]:
    return sorted((root / "content").glob("*.md"))
