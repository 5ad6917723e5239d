#!/usr/bin/env bash
# A private single-node Slurm cluster on localhost, for dt's CI and for trying slurm/full_grid.sbatch on one machine.
# Everything (munge key and socket, slurm.conf, state, spool, logs, pid files) lives under $DT_SLURM_DIR; nothing in
# /etc is touched and only the daemons started here are stopped. Needs root and Debian's slurm-wlm + munge.
#   scripts/slurm-localhost.sh start     # then: export SLURM_CONF=$DT_SLURM_DIR/etc/slurm.conf
#   scripts/slurm-localhost.sh stop      # stops (and with --purge deletes) what start created
# Knobs: DT_SLURM_DIR (/tmp/dt-slurm), DT_SLURM_CPUS (nproc; may exceed it), DT_SLURM_PORT (16817; slurmd uses +1).
set -euo pipefail

dir=${DT_SLURM_DIR:-/tmp/dt-slurm}
cpus=${DT_SLURM_CPUS:-$(nproc)}
port=${DT_SLURM_PORT:-16817}
conf=$dir/etc/slurm.conf
socket=$dir/munge/socket
export SLURM_CONF=$conf

say() { echo "[slurm-localhost] $*" >&2; }
running() { [ -f "$dir/run/$1.pid" ] && kill -0 "$(cat "$dir/run/$1.pid")" 2>/dev/null; }

write_conf() {
  local memory
  memory=$(awk '/MemTotal/ { printf "%d", $2 / 1024 - 1024 }' /proc/meminfo)
  cat > "$conf" <<CONF
ClusterName=dtlocal
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
# no cgroups in containers: plain process tracking, no task confinement, no accounting
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
# Debian's OpenMPI starts under srun through PMIx (not PMI2)
MpiDefault=pmix
ReturnToService=2
MailProg=/bin/true
SlurmdParameters=config_overrides
KillWait=10
MinJobAge=300
InactiveLimit=0
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus Sockets=1 CoresPerSocket=$cpus ThreadsPerCore=1 RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
CONF
}

# slurmd 22.05 initialises its cgroup plugin even with proctrack/linuxproc and task/none. Where there is no cgroup
# filesystem (a chroot, a minimal container) it gets a private, empty cgroup v1 hierarchy in a mount namespace of its
# own; nothing outside that namespace changes and it disappears with the daemon.
start_slurmd() {
  if [ -n "$(ls -A /sys/fs/cgroup 2>/dev/null)" ]; then
    /usr/sbin/slurmd -f "$conf" -N localhost
    return
  fi
  say "no cgroup filesystem: slurmd gets a private one"
  # A chroot's "/" is no mount point, so unshare cannot make it private; where no mount propagates anywhere
  # (no "shared:" in mountinfo) the new namespace's mounts stay in it anyway.
  local propagation=private
  if ! unshare -m --propagation private true 2> /dev/null; then
    if grep -q 'shared:' /proc/self/mountinfo; then
      say "cannot give slurmd a private mount namespace here"
      exit 1
    fi
    propagation=unchanged
  fi
  unshare -m --propagation "$propagation" sh -c '
    [ -d /sys/fs ] || mount -t tmpfs dt-sys /sys
    mkdir -p /sys/fs/cgroup && mount -t tmpfs dt-cgroup /sys/fs/cgroup && mkdir -p /sys/fs/cgroup/systemd &&
      mount -t cgroup -o none,name=systemd dt-systemd /sys/fs/cgroup/systemd && exec /usr/sbin/slurmd -f "$1" -N localhost' sh "$conf"
}

start() {
  [ "$(id -u)" -eq 0 ] || { say "must run as root"; exit 1; }
  if running slurmctld; then say "already running"; return 0; fi
  mkdir -p "$dir"/{etc,state,spool,log,run,munge}
  chmod 755 "$dir/munge"
  [ -s "$dir/munge/key" ] || { head -c 1024 /dev/urandom > "$dir/munge/key"; chmod 400 "$dir/munge/key"; }
  write_conf
  /usr/sbin/munged --force --socket="$socket" --key-file="$dir/munge/key" --pid-file="$dir/run/munged.pid" \
    --log-file="$dir/log/munged.log" --seed-file="$dir/munge/seed"
  for _ in $(seq 50); do [ -S "$socket" ] && break; sleep 0.1; done
  /usr/sbin/slurmctld -f "$conf" -i
  start_slurmd
  local state=""
  for _ in $(seq 150); do
    state=$(sinfo -h -N -o '%T' 2>/dev/null | head -1 || true)
    case $state in idle*) break ;; esac
    sleep 0.2
  done
  case $state in idle*) ;; *) say "node did not become idle (state '$state')"; tail -n 20 "$dir"/log/*.log >&2; exit 1 ;; esac
  say "up: export SLURM_CONF=$conf"
}

stop_daemon() {
  local file=$dir/run/$1.pid pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$file"
}

stop() {
  if running slurmctld; then scancel --quiet --user=root 2>/dev/null || true; sleep 0.5; fi
  stop_daemon slurmd
  stop_daemon slurmctld
  stop_daemon munged
  [ "${1:-}" = --purge ] && rm -rf "$dir"
  say "stopped"
}

case ${1:-} in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start | stop [--purge]" >&2; exit 2 ;;
esac
