#!/usr/bin/env bash
# `pnpm start`: builds the web console (services/console → services/console/dist) when the build is
# missing or older than its sources, then runs every service in one process (services/api/src/main.ts).
# A failed console build is reported and the API starts anyway (the console page then says it is not built).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"

console=services/console
built="$console/dist/index.html"
needs_build() {
  [ -f "$built" ] || return 0
  [ -n "$(find "$console/src" "$console/public" "$console/index.html" "$console/vite.config.ts" "$console/package.json" -newer "$built" -print -quit 2>/dev/null)" ]
}

if [ "${PB_SKIP_CONSOLE_BUILD:-}" != "1" ] && needs_build; then
  echo "building the web console ($console → $console/dist)…" >&2
  if ! (cd "$console" && ./node_modules/.bin/vite build --logLevel warn); then
    echo "warning: the console build failed; the API starts without it (GET / explains). Build it with: pnpm --filter @patent-bridge/console build" >&2
  fi
fi

exec tsx services/api/src/main.ts "$@"
