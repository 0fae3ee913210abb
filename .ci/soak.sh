#!/usr/bin/env bash
# The CI soak (issue 9): 60 s of the mixed legacy workload against the real
# server process, with ~1% of upstream calls failing (every fault kind of
# the matrix, one at a time). Fails on a panic, a -32603, an HTTP 5xx, a
# transport error, a fault no injected failure explains, goroutines not
# back to baseline, or RSS growth. BENCHMARKS.md "## Soak" has a 10-minute
# run: SOAK_DURATION=10m go test ./e2e/reliability -run '^TestSoak$' -count=1 -v -timeout 20m
set -euo pipefail
cd "$(dirname "$0")/.."
SOAK_DURATION="${SOAK_DURATION:-60s}" go test ./e2e/reliability -run '^TestSoak$' -count=1 -v -timeout 10m
