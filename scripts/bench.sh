#!/usr/bin/env bash
# Prints the figures of `make bench`; fails when the browser download passes the size budget.
set -euo pipefail
cd "$(dirname "$0")/.."
budget=$1
node scripts/size.mjs "$budget"
