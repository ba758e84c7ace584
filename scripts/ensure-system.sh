#!/usr/bin/env bash
# Installs the system programs the tests drive, from Debian's packages, when they are missing:
# Chromium for the browser tests, Firefox ESR and WebKitGTK (with Xvfb) for the three-engine
# tests, redis-server for the Redis store's tests, nginx for the reverse-proxy test (Debian puts
# it in /usr/sbin, off a normal user's PATH). Sourced by test.sh.
set -euo pipefail

missing=()
[ -n "${ITMCHAT_CHROMIUM:-}" ] || command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -n "${ITMCHAT_REDIS_SERVER:-}" ] || command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -n "${ITMCHAT_NGINX:-}" ] || command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
# The other two engines of test/engines: Firefox ESR, and WebKitGTK's driver with an X server for it.
[ -n "${ITMCHAT_FIREFOX:-}" ] || command -v firefox-esr >/dev/null 2>&1 || missing+=(firefox-esr)
[ -n "${ITMCHAT_WEBKIT_DRIVER:-}" ] || command -v WebKitWebDriver >/dev/null 2>&1 || missing+=(webkit2gtk-driver)
[ -n "${ITMCHAT_XVFB:-}" ] || command -v Xvfb >/dev/null 2>&1 || missing+=(xvfb)

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..."
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
