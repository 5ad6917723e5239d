#!/usr/bin/env bash
# cmake --install gives a relocatable tree. Installed to one prefix and then moved to another, run from a third
# directory: dt-mkmodel trains its tokenizer on the installed sample data, dt-sweep runs configs/smoke.toml as
# installed (its cards and data found beside the config, its models generated through the installed SentencePiece
# module), dt-report finds the suites beside itself, dt-golden's default jobs are the installed ones, and no
# installed file names the source or the build tree.
# Usage: installed_tree.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$(cd "$1" && pwd) source=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

cmake --install "$build" --prefix "$tmp/first" > "$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install"; }
mv "$tmp/first" "$tmp/moved"
prefix=$tmp/moved
for f in bin/dt-sweep bin/dt-report bin/dt-run bin/dt-golden bin/dt-mkmodel lib/dt/libdt_sentencepiece.so \
         share/dt/jobs/sst2.toml share/dt/jobs/suites/mmlu.toml share/dt/configs/smoke.toml \
         share/dt/data/sample/sst2/train.jsonl share/dt/slurm/full_grid.sbatch; do
  [ -e "$prefix/$f" ] || fail "the installed tree lacks $f"
done
if named=$(grep -rlF -e "$source/" -e "$build" "$prefix"); then fail "installed files name the source or build tree: $named"; fi

mkdir "$tmp/work" && cd "$tmp/work"
export PATH=$prefix/bin:$PATH OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
dt-golden --help | grep -qF "$prefix/share/dt/jobs" || fail "dt-golden's default jobs dir is not the installed one"
dt-report --help | grep -qF "$prefix/share/dt/jobs/suites" || fail "dt-report's default suites dir is not the installed one"

dt-mkmodel --arch llama --tokenizer-kind sentencepiece --layers 1 --hidden 16 --heads 2 --vocab 300 \
  --out tiny-llama > mkmodel.log 2>&1 || { cat mkmodel.log; fail "dt-mkmodel with the installed sample data"; }
[ -s tiny-llama/tokenizer.model ] || fail "dt-mkmodel wrote no SentencePiece tokenizer"

mpirun --oversubscribe -np 2 dt-sweep "$prefix/share/dt/configs/smoke.toml" --output runs/smoke \
  --checkpoints-root models > sweep.log 2>&1 || { tail -20 sweep.log; fail "dt-sweep on the installed smoke config"; }
cells=$(find runs/smoke -name '*.h5' | wc -l)
[ "$cells" -eq 24 ] || fail "the smoke sweep wrote $cells cell files, not 24"
dt-report runs/smoke --step fixed:3 --score norm --output report > report.log 2>&1 || { cat report.log; fail "dt-report"; }
for model in tiny-gpt2 tiny-llama tiny-bloom; do
  grep -q "$model" report/report.md || fail "report.md has no row for $model"
done
echo "installed tree: moved prefix, run from $tmp/work: $cells cells, report with every model"
