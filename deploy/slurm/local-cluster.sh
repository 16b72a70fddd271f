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
  mungekey --create --keyfile "$CLUSTER_DIR/munge/munge.key" --force >/dev/null
  chown munge:munge "$CLUSTER_DIR/munge/munge.key"
  chmod 0400 "$CLUSTER_DIR/munge/munge.key"
  # A Unix socket's path is limited to about 100 bytes: keep DIR short.
  CLUSTER_SOCKET="$CLUSTER_DIR/munge/munge.socket"
  runuser -u munge -- /usr/sbin/munged --socket="$CLUSTER_SOCKET" --key-file="$CLUSTER_DIR/munge/munge.key" \
    --pid-file="$CLUSTER_DIR/munge/munged.pid" --log-file="$CLUSTER_DIR/munge/munged.log" \
    --seed-file="$CLUSTER_DIR/munge/munged.seed"
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
SlurmctldPort=6817
SlurmdPort=6818
ReturnToService=2
MinJobAge=3600
KillWait=10
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF="$CLUSTER_DIR/slurm.conf"
  /usr/sbin/slurmctld -f "$SLURM_CONF"
  /usr/sbin/slurmd -f "$SLURM_CONF"
  local k
  for k in $(seq 1 60); do
    if sinfo -h -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then
      echo "slurm: one-node cluster up (node $host, $cpus CPUs; SLURM_CONF=$SLURM_CONF)"
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
  local f
  for f in slurmd.pid slurmctld.pid munge/munged.pid; do
    if [ -f "$CLUSTER_DIR/$f" ]; then
      kill "$(cat "$CLUSTER_DIR/$f")" 2>/dev/null || true
    fi
  done
  # Wait for them to go, so a second start on the same ports does not race the first.
  for f in slurmd.pid slurmctld.pid munge/munged.pid; do
    local pid k
    pid=$(cat "$CLUSTER_DIR/$f" 2>/dev/null || true)
    for k in $(seq 1 40); do
      [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
  done
  echo "slurm: daemons stopped"
}
