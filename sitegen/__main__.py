"""`python -m sitegen COMMAND`: the command line without a build.py, as an installed tool.

`python -m sitegen new my-site` starts a site from an installed package; the site's own
build.py (and `python -m sitegen --project my-site`) does the rest.
"""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
