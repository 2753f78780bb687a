#!/bin/bash
# Guest side of bench/agent/samples.sh: one namespace (a dummy device routes 10/8: the traffic's
# SYNs and the real servers' addresses lead there), the samples timed (see samples.ts).
set -e
ip netns add sm && ip -n sm link set lo up && ip -n sm link add d0 type dummy && ip -n sm addr add 10.255.255.1/8 dev d0 && ip -n sm link set d0 up
exec ip netns exec sm node "$SHOAL_LAB_JS/bench/agent/guest/samples.mjs" "${SHOAL_SAMPLES_MODE:-main}" "$@"
