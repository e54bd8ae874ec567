#!/usr/bin/env bash
# The static half of `npm test`: the typecheck, eslint and the Prettier check side by side (each is
# mostly one process; on a 2-core machine that cuts their wall time). Each keeps a cache under
# node_modules/.cache (tsc's build info, eslint's and Prettier's caches), so a second run checks only
# what changed. Fails if any fails.
set -u
cd "$(dirname "$0")/.."
npm run --silent typecheck &
typecheck=$!
npm run --silent lint:code &
code=$!
npm run --silent lint:format &
format=$!
status=0
wait "$typecheck" || { echo "npm test: the typecheck failed" >&2; status=1; }
wait "$code" || { echo "npm test: eslint failed" >&2; status=1; }
wait "$format" || { echo "npm test: the Prettier check failed (npm run format writes it)" >&2; status=1; }
exit $status
