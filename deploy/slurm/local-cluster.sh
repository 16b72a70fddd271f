#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for trying deploy/slurm/ and for scripts/slurm-test.sh.
#
#   source deploy/slurm/local-cluster.sh && cluster_start DIR    # munged, slurmctld, slurmd; exports SLURM_CONF
#   cluster_stop                                                 # stops exactly the daemons it started
#
# Everything lives under DIR: the munge key and socket, slurm.conf, state, spool, pid and log files.
# It needs root (slurmd runs as root) and Debian's slurm-wlm and munge packages. munged runs as the
# munge user on a socket of its own, so a system munged, if any, is left alone. The node is this host
# (`hostname -s`) with its cores; ProctrackType=proctrack/linuxproc and TaskPlugin=task/none need
# no cgroups, so it also runs in a container.

# The first port from $1 on that nothing listens on (this host), for slurmctld and slurmd.
free_port() {
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

cluster_start() {
  local dir=$1
  mkdir -p "$dir"
  CLUSTER_DIR=$(cd "$dir" && pwd)
  local host cpus mem
  host=$(hostname -s)
  cpus=$(nproc)
  mem=$(($(awk '/MemTotal/ { print int($2 / 1024) }' /proc/meminfo) * 9 / 10))
  if ! runuser -u munge -- test -x "$CLUSTER_DIR"; then
    echo "slurm: the munge user cannot reach $CLUSTER_DIR; make it and its parents world-executable (chmod o+x)" >&2
    return 1
  fi
  mkdir -p "$CLUSTER_DIR/munge" "$CLUSTER_DIR/state" "$CLUSTER_DIR/spool" "$CLUSTER_DIR/log"
  chown munge:munge "$CLUSTER_DIR/munge"
  chmod 0755 "$CLUSTER_DIR/munge"  # munged wants its socket's directory reachable by every client
  mungekey --create --keyfile "$CLUSTER_DIR/munge/munge.key" --force >/dev/null || return 1
  chown munge:munge "$CLUSTER_DIR/munge/munge.key" && chmod 0400 "$CLUSTER_DIR/munge/munge.key" || return 1
  # A Unix socket's path is limited to about 100 bytes: keep DIR short.
  CLUSTER_SOCKET="$CLUSTER_DIR/munge/munge.socket"
  runuser -u munge -- /usr/sbin/munged --socket="$CLUSTER_SOCKET" --key-file="$CLUSTER_DIR/munge/munge.key" \
    --pid-file="$CLUSTER_DIR/munge/munged.pid" --log-file="$CLUSTER_DIR/munge/munged.log" \
    --seed-file="$CLUSTER_DIR/munge/munged.seed" || { echo "slurm: munged did not start: $(tail -n 1 "$CLUSTER_DIR/munge/munged.log")" >&2; return 1; }
  # Ports of our own, so that another Slurm on this host (or another run of this) is left alone.
  local ctld_port slurmd_port
  ctld_port=$(free_port 16817)
  slurmd_port=$(free_port $((ctld_port + 1)))
  cat >"$CLUSTER_DIR/slurm.conf" <<EOF
ClusterName=seastate-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$CLUSTER_SOCKET
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
StateSaveLocation=$CLUSTER_DIR/state
SlurmdSpoolDir=$CLUSTER_DIR/spool
SlurmctldPidFile=$CLUSTER_DIR/slurmctld.pid
SlurmdPidFile=$CLUSTER_DIR/slurmd.pid
SlurmctldLogFile=$CLUSTER_DIR/log/slurmctld.log
SlurmdLogFile=$CLUSTER_DIR/log/slurmd.log
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
ReturnToService=2
MinJobAge=3600
KillWait=10
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$CLUSTER_DIR/slurm.conf"
  /usr/sbin/slurmctld -f "$SLURM_CONF" || return 1
  /usr/sbin/slurmd -f "$SLURM_CONF" || return 1
  local k
  for k in $(seq 1 60); do
    if sinfo -h -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then
      echo "slurm: one-node cluster up (node $host, $cpus CPUs, ports $ctld_port and $slurmd_port; SLURM_CONF=$SLURM_CONF)"
      return 0
    fi
    sleep 0.5
  done
  echo "slurm: the node did not come up; the logs are in $CLUSTER_DIR/log" >&2
  tail -n 20 "$CLUSTER_DIR/log/slurmctld.log" "$CLUSTER_DIR/log/slurmd.log" >&2 || true
  return 1
}

cluster_stop() {
  [ -n "${CLUSTER_DIR:-}" ] || return 0
  local f pid k alive=""
  # Jobs first, so that no task's processes outlive the cluster.
  if [ -n "${SLURM_CONF:-}" ] && squeue -h -o %i >/dev/null 2>&1; then
    scancel --user="$(id -un)" >/dev/null 2>&1 || true
    for k in $(seq 1 40); do
      [ -z "$(squeue -h 2>/dev/null)" ] && break
      sleep 0.25
    done
  fi
  for f in slurmd.pid slurmctld.pid munge/munged.pid; do
    pid=$(cat "$CLUSTER_DIR/$f" 2>/dev/null || true)
    [ -n "$pid" ] || continue
    kill "$pid" 2>/dev/null || continue
    for k in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null || true
      alive="$alive ${f%.pid}"
    fi
  done
  if [ -n "$alive" ]; then echo "slurm: daemons stopped (killed after 10 s:$alive)"; else echo "slurm: daemons stopped"; fi
  CLUSTER_DIR=
}
