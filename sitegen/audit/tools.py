"""Where the audit's tools are: Chromium, axe-core and the Nu Html Checker (vnu.jar) with Java.

Installed the documented way (docs/upgrading.md): `pip install 'transparency-sitegen[audit]'`
for Playwright, `npm ci` in the site's folder for axe-core and vnu-jar (the site's
package-lock.json pins them), and a Chromium and a Java from the system. A missing tool is
a message saying how to install it, never a traceback.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import SiteError

# Debian's and Ubuntu's Chromium; SITEGEN_CHROMIUM names another.
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
AXE_IN_NODE_MODULES = Path("axe-core") / "axe.min.js"
VNU_IN_NODE_MODULES = Path("vnu-jar") / "build" / "dist" / "vnu.jar"


@dataclass(frozen=True)
class Tools:
    chromium: Path | None  # None: Playwright's own browser (python -m playwright install chromium)
    axe: Path
    vnu_jar: Path
    java: str


def node_modules_for(root: Path) -> Path:
    """The site's node_modules (made by `npm ci`), or SITEGEN_NODE_MODULES."""
    chosen = os.environ.get("SITEGEN_NODE_MODULES")
    return Path(chosen) if chosen else root / "node_modules"


def find_tools(root: Path) -> Tools:
    missing = []
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append(
            "Playwright for Python: install the generator with its audit tools, "
            "python -m pip install 'transparency-sitegen[audit]==VERSION' (the version in requirements.txt)"
        )
    modules = node_modules_for(root)
    axe, vnu_jar = modules / AXE_IN_NODE_MODULES, modules / VNU_IN_NODE_MODULES
    if not axe.is_file() or not vnu_jar.is_file():
        missing.append(f"axe-core and vnu-jar in {modules}: run 'npm ci' in the site's folder (Node.js 18 or newer)")
    java = shutil.which("java")
    if java is None:
        missing.append(
            "Java, for the Nu Html Checker: install a Java runtime (on Debian: apt-get install default-jre-headless)"
        )
    chosen = os.environ.get("SITEGEN_CHROMIUM")
    chromium = Path(chosen) if chosen else SYSTEM_CHROMIUM if SYSTEM_CHROMIUM.exists() else None
    if chromium is not None and not chromium.exists():
        missing.append(f"the browser SITEGEN_CHROMIUM names, {chromium}, does not exist")
    if missing:
        raise SiteError(
            "the audit's tools are not all installed: " + "; ".join(missing),
            "docs/upgrading.md, 'Check your own site', lists them",
        )
    return Tools(chromium, axe, vnu_jar, java or "java")
