#!/usr/bin/env bash
# Runs every keywatch test, as CI does: set up the machine, then the whole Maven build with tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/setup.sh
# The PostgreSQL-backed tests must run here, never skip quietly.
export KEYWATCH_REQUIRE_POSTGRES=1
mvn -B -ntp verify
