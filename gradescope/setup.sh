#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image (Ubuntu, as root). The harness is
# in /autograder/source (build-zip.sh put it there); this installs what it and the students' programs
# need: Node.js 20 for the harness, Python 3, a JDK and gcc for the students' languages.
set -euo pipefail
apt-get update
apt-get install -y --no-install-recommends ca-certificates curl gnupg python3 default-jdk-headless gcc iproute2 util-linux
curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
apt-get install -y nodejs
cd /autograder/source
npm ci
