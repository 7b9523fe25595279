#!/usr/bin/env bash
# Runs every keywatch test, as CI does: set up the machine, then the whole Maven build with tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
mvn -B -ntp verify
