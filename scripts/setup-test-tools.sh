#!/usr/bin/env bash
# Install the tools that the browser and HTML-validation tests need.
#
#   - Chromium (Debian package) at /usr/bin/chromium, driven by Playwright for
#     Python with executable_path=... (we never run `playwright install`).
#   - A headless Java runtime for the Nu Html Checker (vnu.jar).
#   - The npm packages pinned in package.json / package-lock.json:
#     axe-core, vnu-jar and lighthouse.
#
# Idempotent: every step is skipped when its tool is already there, so it is
# cheap to run at the start of every CI job.  As root on Debian it installs
# the system packages itself; otherwise it prints what to run and carries on
# (the tests then skip locally, and fail when CI=true).
set -euo pipefail

cd "$(dirname "$0")/.."

log() { printf 'setup-test-tools: %s\n' "$*"; }

is_root() { [ "$(id -u)" -eq 0 ]; }
have_apt() { command -v apt-get >/dev/null 2>&1; }

apt_updated=0
apt_install() {
    if [ "$apt_updated" -eq 0 ]; then
        log "apt-get update"
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        apt_updated=1
    fi
    log "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# --- Chromium -----------------------------------------------------------------
if [ -x /usr/bin/chromium ]; then
    log "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
elif is_root && have_apt; then
    apt_install chromium fonts-dejavu-core
else
    cat >&2 <<'MSG'
setup-test-tools: Chromium is missing (/usr/bin/chromium).
  The browser tests in tests/browser need it. On Debian/Ubuntu install it with:
      sudo apt-get update && sudo apt-get install -y chromium
  Do not use `playwright install`; the tests use the system Chromium.
  Without it the browser tests are skipped locally and FAIL in CI (CI=true).
MSG
fi

# --- Java (for vnu.jar) ---------------------------------------------------------
if command -v java >/dev/null 2>&1; then
    log "java already installed"
elif is_root && have_apt; then
    # The JRE's postinst expects this man directory on slim images.
    mkdir -p /usr/share/man/man1
    apt_install default-jre-headless
else
    cat >&2 <<'MSG'
setup-test-tools: Java is missing.
  The Nu Html Checker test in tests/html needs it. On Debian/Ubuntu:
      sudo apt-get update && sudo apt-get install -y default-jre-headless
  Without it the HTML-validation test is skipped locally and FAILS in CI.
MSG
fi

# --- npm packages -------------------------------------------------------------
if ! command -v npm >/dev/null 2>&1; then
    log "npm is missing: install Node.js (20 or later) and rerun this script" >&2
    exit 1
fi

lock_stamp=node_modules/.package-lock.json
have_npm_tools() {
    [ -f node_modules/axe-core/axe.min.js ] && [ -f node_modules/vnu-jar/build/dist/vnu.jar ]
}
if [ -f "$lock_stamp" ] && [ "$lock_stamp" -nt package-lock.json ] && have_npm_tools; then
    log "node_modules is up to date with package-lock.json"
elif [ -L node_modules ] && have_npm_tools; then
    # A link to a node_modules shared with another checkout: npm ci would empty the folder it
    # points to (under everyone using it), so it is left alone.
    log "node_modules is a link to $(readlink node_modules): left as it is"
else
    # vnu-jar's postinstall (which may try to fetch a Java runtime) can be
    # blocked or fail; that is fine, because the system java runs the jar.
    log "npm ci"
    npm ci --no-audit --no-fund
fi

for f in node_modules/axe-core/axe.min.js node_modules/vnu-jar/build/dist/vnu.jar; do
    if [ ! -f "$f" ]; then
        log "expected $f after npm ci, but it is missing" >&2
        exit 1
    fi
done
log "done"
