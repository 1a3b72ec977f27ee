#!/bin/sh
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests (test/browser/):
# installs the `chromium` package with apt-get when it is missing. Exits non-zero, saying why,
# when it cannot (not root, no apt-get, no network): the browser tests then fail, never skip.
set -eu
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM is missing and there is no apt-get to install Debian's chromium package" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=sudo
  else
    echo "ensure-chromium: $CHROMIUM is missing; install it as root: apt-get update && apt-get install -y chromium" >&2
    exit 1
  fi
else
  SUDO=
fi
echo "ensure-chromium: installing Debian's chromium package (apt-get)…" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends chromium >&2
if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
