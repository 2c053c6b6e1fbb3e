#!/usr/bin/env bash
# Node's test runner over the JavaScript tests: the mock's own tests, the package, the proxy and
# the demo page in a real browser. Every file under tests/js/ and tests/mock-api/ ending .test.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find tests -name '*.test.mjs' -not -path '*/node_modules/*' | sort)
node --test --test-concurrency=1 "${files[@]}"
