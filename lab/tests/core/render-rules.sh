#!/bin/bash
# core's renderIpvsadmRules -> real `ipvsadm -R` -> `ipvsadm -S -n` -> parseIpvsadmSave: same state.
. "$SHOAL_REPO/lab/lib/check.sh"
. "$SHOAL_REPO/lab/lib/topology.sh"
lab_director_only lb 10.30.0.0/16 10.31.0.0/16 fd00:30::/64 fd00:31::/64
ns lb node "$SHOAL_LAB_JS/lab/tests/core/render-rules.mjs" || LAB_FAILS=$((LAB_FAILS + 1))
lab_exit
