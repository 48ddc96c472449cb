#!/usr/bin/env bash
# Debian packages the test suite drives: chromium (Playwright uses Debian's,
# never a download of its own), Node.js + npm (the Telegram Bot API emulator),
# and fonts for Thai, Khmer and Japanese in screenshots and posters.
# Installs what is missing when run as root with apt-get; otherwise says what
# to install (the tests that need a missing tool skip with that reason).
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if command -v dpkg >/dev/null 2>&1; then
  dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need+=(fonts-noto-cjk)
  dpkg -s fonts-thai-tlwg >/dev/null 2>&1 || need+=(fonts-thai-tlwg)
  dpkg -s fonts-khmeros >/dev/null 2>&1 || need+=(fonts-khmeros)
fi
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}"
else
  echo "note: missing ${need[*]} (sudo apt-get install ${need[*]}); tests needing them skip" >&2
fi
