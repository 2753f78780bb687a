#!/bin/bash
# Guest side of bench/agent/reads.sh: one namespace, the read paths timed (see reads.ts).
set -e
ip netns add rd && ip -n rd link set lo up && ip -n rd link add d0 type dummy && ip -n rd addr add 10.255.255.1/8 dev d0 && ip -n rd link set d0 up
exec ip netns exec rd node "$SHOAL_LAB_JS/bench/agent/guest/reads.mjs" "${SHOAL_READS_MODE:-main}" "$@"
