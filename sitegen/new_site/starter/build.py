"""Build, preview or check this site: `python build.py`, `python build.py serve`.

Run it with the Python that has the generator installed (README.md: `pip install -r requirements.txt`).
`python build.py --help` lists the commands.
"""

import sys
from pathlib import Path

try:
    from sitegen.cli import main
except ModuleNotFoundError as error:
    sys.exit(
        f"error: the package '{error.name}' is not installed for this Python.\n"
        "Set up once with 'python -m venv .venv' and '.venv/bin/python -m pip install -r requirements.txt' "
        "(README.md), then use '.venv/bin/python build.py ...' (on Windows: '.venv\\Scripts\\python build.py ...')."
    )

if __name__ == "__main__":
    # This site is the folder this file is in, wherever the command is run from.
    sys.exit(main(sys.argv[1:], default_project=Path(__file__).resolve().parent))
