# PASS/FAIL reporting for lab test scripts (sourced inside the guest). lab/test.sh counts the
# lines; a script that dies before printing any verdict is counted as one failure.
LAB_FAILS=0
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; LAB_FAILS=$((LAB_FAILS + 1)); }
# check "what" command...: PASS if the command succeeds, else FAIL with its output
check() {
  local what=$1 out; shift
  if out=$("$@" 2>&1); then pass "$what"; else fail "$what"; printf '%s\n' "$out" | sed 's/^/    /' | tail -20; fi
}
# same "what" EXPECTED ACTUAL
same() {
  if [ "$2" = "$3" ]; then pass "$1"; else fail "$1"; diff <(printf '%s\n' "$2") <(printf '%s\n' "$3") | sed 's/^/    /' | head -30; fi
}
lab_exit() { exit "$([ "$LAB_FAILS" = 0 ] && echo 0 || echo 1)"; }
