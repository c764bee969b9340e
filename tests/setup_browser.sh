#!/usr/bin/env bash
# Install Debian's Chromium and ChromeDriver for the browser tests (tests/viz, tests/web), once.
# Idempotent and quiet: does nothing when /usr/bin/chromium and /usr/bin/chromedriver are already there.
set -euo pipefail

if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
/usr/bin/chromium --version 2>/dev/null || true
