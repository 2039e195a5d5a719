#!/usr/bin/env bash
# System packages the test suite needs, installed with apt-get when run as root:
#   chromium    - the real browser the JupyterLab tests drive (via Playwright)
#   bubblewrap  - the sandbox `mlp-kit grade` runs student code in
# Fast when everything is present; as a non-root user it only reports what is missing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v bwrap >/dev/null 2>&1 || need+=(bubblewrap)
if [ ${#need[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
else
    echo "WARNING: missing system packages: ${need[*]}" >&2
    echo "  Install them (Debian/Ubuntu: sudo apt-get install ${need[*]})." >&2
    echo "  Without them the browser tests and sandboxed grading tests are skipped." >&2
fi
