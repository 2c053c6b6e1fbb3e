#!/usr/bin/env bash
# Whether the package is reproducible: builds the repository twice, each time as a fresh clone has
# it (the tracked files of the working tree, `git stash create`) in its own folder, the two folders
# at paths of different lengths, each from an empty target/ (as CI builds), then compares the sha256
# of every file of the two pkg/. Prints "reproducible: ..." and exits 0 when every file is the same,
# otherwise lists each file that differs or exists on one side only and exits 1.
#
#   bash scripts/check-reproducible.sh [--keep]     (make reproducible; --keep: leave the folders)
#
# Four release builds twice from scratch: about 10 to 20 minutes on 2 cores, so it is not part of
# `make test`. npm packages come from this clone's node_modules (pinned by package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
keep=0
[ "${1:-}" = "--keep" ] && keep=1

[ -x node_modules/.bin/wasm-opt ] || bash scripts/setup.sh
rev=$(git stash create)
rev=${rev:-HEAD}
work=$(mktemp -d "${TMPDIR:-/tmp}/seedance-reproducible.XXXXXX")
[ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT
# Two paths of different lengths: a path of the clone that reached the bytes would differ.
first="$work/a"
second="$work/second-clone-at-a-longer-path"

for dir in "$first" "$second"; do
  mkdir -p "$dir"
  git archive "$rev" | tar -x -C "$dir"
  ln -s "$PWD/node_modules" "$dir/node_modules"
  echo "reproducible: building $(git rev-parse --short "$rev") in $dir"
  start=$SECONDS
  (cd "$dir" && bash scripts/build.sh >build.log 2>&1) || {
    echo "reproducible: the build in $dir failed:" >&2
    tail -20 "$dir/build.log" >&2
    exit 2
  }
  echo "reproducible: built in $((SECONDS - start)) s"
  (cd "$dir/pkg" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) >"$dir.sha256"
done

if cmp -s "$first.sha256" "$second.sha256"; then
  echo "reproducible: identical, $(wc -l <"$first.sha256") files of pkg/ with the same sha256 in both builds"
  exit 0
fi
echo "reproducible: the two builds differ (sha256, first build < > second build):"
diff "$first.sha256" "$second.sha256" || true
[ "$keep" = 1 ] || echo "reproducible: run with --keep to look at both pkg/ in $work"
exit 1
