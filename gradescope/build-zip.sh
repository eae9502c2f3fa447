#!/usr/bin/env bash
# Builds gradescope/autograder.zip: the harness (every file git tracks) with setup.sh and
# run_autograder at the top, as Gradescope wants them. Upload it as the assignment's autograder.
set -euo pipefail
cd "$(dirname "$0")/.."
out=gradescope/autograder.zip
rm -f "$out"
stage=$(mktemp -d)
git ls-files -z | xargs -0 -I{} cp --parents {} "$stage/"
cp gradescope/setup.sh gradescope/run_autograder "$stage/"
if [ -f gradescope/weights.json ]; then cp gradescope/weights.json "$stage/gradescope/"; fi
(cd "$stage" && zip -qr - .) > "$out"
rm -rf "$stage"
echo "wrote $out"
