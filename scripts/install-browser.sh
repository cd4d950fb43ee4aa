#!/usr/bin/env bash
# Installs what the browser tests (tests/browser) need: Debian's Chromium at /usr/bin/chromium and a
# Chinese font (WenQuanYi Zen Hei; without it Chinese renders as empty boxes). Does nothing when both
# are present. Never downloads a browser from elsewhere (no `npx playwright install`).
# Fails loudly (exit 1) when it cannot install them.
set -euo pipefail

have_browser() { [ -x /usr/bin/chromium ]; }
have_font() { fc-list 2>/dev/null | grep -qi 'wqy\|WenQuanYi' || [ -e /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ]; }

if have_browser && have_font; then
  exit 0
fi

missing=()
have_browser || missing+=(chromium)
have_font || missing+=(fonts-wqy-zenhei)
echo "install-browser: installing ${missing[*]} with apt-get" >&2

sudo=()
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    echo "install-browser: ${missing[*]} missing and not root (no password-less sudo); run as root: apt-get install -y chromium fonts-wqy-zenhei" >&2
    exit 1
  fi
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: apt-get not found; install Chromium at /usr/bin/chromium and the WenQuanYi Zen Hei font yourself" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get install -y --no-install-recommends chromium fonts-wqy-zenhei fontconfig >/dev/null; then
  "${sudo[@]}" apt-get update -qq || { echo "install-browser: apt-get update failed" >&2; exit 1; }
  "${sudo[@]}" apt-get install -y --no-install-recommends chromium fonts-wqy-zenhei fontconfig >/dev/null || {
    echo "install-browser: apt-get install chromium fonts-wqy-zenhei failed" >&2
    exit 1
  }
fi

if ! have_browser; then
  echo "install-browser: /usr/bin/chromium is still missing after apt-get" >&2
  exit 1
fi
if ! have_font; then
  echo "install-browser: the WenQuanYi Zen Hei font is still missing after apt-get" >&2
  exit 1
fi
echo "install-browser: $(/usr/bin/chromium --version 2>/dev/null || echo chromium) and WenQuanYi Zen Hei are installed" >&2
