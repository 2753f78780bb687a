#!/bin/bash
# Guest side of bench/agent/run.sh: node runs the benchmark driver (see bench.ts).
exec node "$SHOAL_LAB_JS/bench/agent/guest/bench.mjs" "${SHOAL_BENCH_MODE:-main}" "$@"
