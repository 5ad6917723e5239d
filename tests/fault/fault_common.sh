# Shared by the fault tests: sourced with $bin, $src and $work set. Writes $work/sweep.toml, the smoke grid (3
# models x 2 tasks x SEEDS x 2 shots) with its models under $work/models, and defines the helpers below.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
make_config() {  # SEEDS STEPS
  sed -e "s|^checkpoints_root = .*|checkpoints_root = \"$work/models\"|" -e "s|^data_root = .*|data_root = \"$src/data/sample\"|" \
      -e "s|^jobs_dir = .*|jobs_dir = \"$src/jobs\"|" -e "s|^seeds = .*|seeds = $1|" -e "s|^steps = .*|steps = $2|" \
      "$src/configs/smoke.toml" > "$work/sweep.toml"
}
die() { echo "FAIL: $*" >&2; exit 1; }
cells() { find "$1/cells" -name '*.h5' 2>/dev/null | wc -l; }
no_temporaries() { [ -z "$(find "$1" -name '*.tmp.*')" ] || die "temporary files left in $1: $(find "$1" -name '*.tmp.*')"; }
# The one error line: exactly one line of stderr starts with "dt-sweep: error:", and nothing aborted.
one_error_line() {  # STDERR_FILE PATTERN
  [ "$(grep -c '^dt-sweep: error:' "$1")" -eq 1 ] || die "expected one error line in $1: $(cat "$1")"
  grep -q "^dt-sweep: error: .*$2" "$1" || die "the error line lacks '$2': $(cat "$1")"
  ! grep -qE "terminate called|Aborted|backtrace|what\(\)" "$1" || die "an exception escaped: $(cat "$1")"
}
