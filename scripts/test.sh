#!/usr/bin/env bash
# The project's test command (README, CI): checks/starts PostgreSQL and Redis, type-checks, runs every suite.
# Under CI=true a missing PostgreSQL or Redis fails the run; elsewhere their suites say they were skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
export PATH="$PWD/node_modules/.bin:$PATH"
if ! bash scripts/services.sh; then
  if [ "${CI:-}" = "true" ]; then
    echo "CI=true: PostgreSQL and Redis are required; failing." >&2
    exit 1
  fi
  echo "warning: PostgreSQL/Redis missing; their test variants will be skipped (they fail under CI=true)." >&2
fi
if [ ! -d ../shared/datasets ] && [ -z "${PB_SHARED_DATASETS:-}" ]; then
  echo "warning: ../shared/datasets not found; set PB_SHARED_DATASETS. Dataset tests will fail." >&2
fi
turbo run typecheck --output-logs=errors-only
vitest run "$@"
# The console's browser journeys: Debian's Chromium and a Chinese font (installed when missing; a
# failure to install fails the run under CI=true, elsewhere the browser suite is skipped with a warning).
if ! bash scripts/install-browser.sh; then
  if [ "${CI:-}" = "true" ]; then
    echo "CI=true: Chromium and fonts-wqy-zenhei are required for tests/browser; failing." >&2
    exit 1
  fi
  echo "warning: Chromium or the Chinese font is missing; the browser tests will be skipped (they fail under CI=true)." >&2
fi
vitest run --config tests/browser/vitest.config.ts
