"""For `make mutants` only (loaded by [tool.mutmut] in pyproject.toml), never by the suite.

While mutmut measures which tests reach which function ("stats"), its wrapped functions look
for its settings in the current folder. The commands some tests start (`build.py` in a
project folder) run elsewhere, so there they would fail: they run the unchanged code
instead. Against a mutant they run the mutant, as the tests in this process do.
"""

from __future__ import annotations

import os
import subprocess

_real_init = subprocess.Popen.__init__


def _init(self, *args, env=None, **kwargs):
    if os.environ.get("MUTANT_UNDER_TEST") == "stats":
        env = {
            name: value for name, value in (os.environ if env is None else env).items() if name != "MUTANT_UNDER_TEST"
        }
    _real_init(self, *args, env=env, **kwargs)


subprocess.Popen.__init__ = _init
