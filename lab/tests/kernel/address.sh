#!/bin/bash
# VIP aliases (ip addr ... label) and sysctls through the agent's AddressKernel and Sysctl.
. "$SHOAL_REPO/lab/lib/check.sh"
. "$SHOAL_REPO/lab/lib/topology.sh"
lab_director_only lb 10.40.0.0/24
ns lb node "$SHOAL_LAB_JS/lab/tests/kernel/address.mjs" || LAB_FAILS=$((LAB_FAILS + 1))
lab_exit
