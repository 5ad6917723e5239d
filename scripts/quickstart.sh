#!/usr/bin/env bash
# Sets up dt (Debian packages, build) and runs its main job on the built-in default: the smoke sweep
# (configs/smoke.toml: three tiny models generated on first use, the sample data shipped in data/sample) sharded over
# 3 MPI ranks, then the report (tables in runs/smoke/report, plots in runs/smoke/report/plots).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpirun --oversubscribe -np 3 build/bin/dt-sweep configs/smoke.toml --output runs/smoke
build/bin/dt-report runs/smoke --step fixed:3 --score norm --output runs/smoke/report
