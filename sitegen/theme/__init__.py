"""The default theme, shipped inside the package: `templates/` and `static/` beside this file.

A site's own `templates/` and `static/` hold only what it overrides, file by file (as MkDocs'
`custom_dir` and Hugo's layout lookup do): `read.theme_files` lays the site's files over these.
`released.json` holds, for each release, a hash of every theme file as it shipped, so that a
site's copies of an older theme can be told from its real changes (`build.py migrate`).
"""

from pathlib import Path

THEME_DIR = Path(__file__).resolve().parent
