#!/usr/bin/env bash
# The static half of `npm test`: the typecheck and eslint side by side (each is one process on one
# core; on a 2-core machine that halves their wall time). Fails if either fails.
set -u
cd "$(dirname "$0")/.."
npm run --silent typecheck &
typecheck=$!
npm run --silent lint &
lint=$!
status=0
wait "$typecheck" || { echo "npm test: the typecheck failed" >&2; status=1; }
wait "$lint" || { echo "npm test: lint failed" >&2; status=1; }
exit $status
