"""Build, preview or check the site. Run `python build.py --help`."""

import sys

try:
    from sitegen.cli import main
except ModuleNotFoundError as error:  # Run with a Python that has not been set up.
    sys.exit(
        f"error: the package '{error.name}' is not installed for this Python.\n"
        "Set up once with 'make setup', then use '.venv/bin/python build.py ...' "
        "(on Windows: '.venv\\Scripts\\python build.py ...'), or 'make check' and 'make preview'."
    )

if __name__ == "__main__":
    sys.exit(main())
