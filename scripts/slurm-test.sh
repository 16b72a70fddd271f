#!/usr/bin/env bash
# The Slurm recipe (deploy/slurm/, docs/SCALE.md) on a real Slurm: a one-node cluster on this machine.
#
#   bash scripts/slurm-test.sh          # .ci/run runs it before npm test, its output in a log
#
# 1. Installs slurm-wlm and munge from Debian if they are missing, and starts munged, slurmctld and
#    slurmd (deploy/slurm/local-cluster.sh).
# 2. Runs a batch unsharded, then submits the same batch with `seastate batch --slurm 4`: a 4-task
#    job array and a merge that waits for it. The merged summary.json, runs.csv and bands.csv must
#    equal the unsharded batch's byte for byte.
# 3. Submits it again and kills one task while it runs: that task is cancelled, the merge is never
#    started, and merge refuses the three shards that are there. `seastate batch --slurm-retry`
#    resubmits the killed task alone, which resumes from its checkpoint, and a new merge: the result
#    is again byte-identical.
# 4. Stops the daemons it started, whatever happened.
# Needs root (slurmd runs as root; sudo is used when not root) and the built project (npm ci).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

if [ "$(id -u)" != 0 ]; then
  exec sudo -E env "PATH=$PATH" bash "$ROOT/scripts/slurm-test.sh" "$@"
fi

if ! command -v slurmctld >/dev/null 2>&1 || ! command -v munged >/dev/null 2>&1; then
  echo "slurm-test: installing slurm-wlm and munge from Debian"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null ||
    { apt-get update >/dev/null && apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null; }
fi
echo "slurm-test: $(slurmctld -V), munge $(munged --version 2>&1 | awk '{ print $1 }')"

# A short path: munge's socket lives under it, and a socket path is limited to about 100 bytes.
T=$(mktemp -d /tmp/sst.XXXXXX)
chmod 0755 "$T"  # munged, as the munge user, must reach its socket under it
source deploy/slurm/local-cluster.sh
finish() {
  local rc=$?
  cluster_stop || true
  if [ $rc = 0 ]; then rm -rf "$T"; else echo "slurm-test: FAILED; the cluster's logs and the batches are in $T" >&2; fi
  exit $rc
}
trap finish EXIT
cluster_start "$T/cluster"

SEASTATE=(node "$ROOT/bin/seastate.js")
# 1,000 runs: 250 a shard, several seconds a task, so the kill below lands mid-shard.
BATCH=(taiwan-strait-crisis --runs 500 --seed 11 --sweep params.us_commitment=0.5,1)

jobs_field() { # jobs_field DIR INDEX FIELD: a field of DIR/slurm/jobs.json's INDEX-th submission
  node -e 'const j = JSON.parse(require("fs").readFileSync(process.argv[1] + "/slurm/jobs.json", "utf8")); process.stdout.write(String(j.submissions.at(Number(process.argv[2]))[process.argv[3]]))' "$1" "$2" "$3"
}

wait_idle() { # until nothing is queued or running, at most $1 seconds
  local k
  for k in $(seq 1 $(($1 * 2))); do
    [ -z "$(squeue -h)" ] && return 0
    sleep 0.5
  done
  echo "slurm-test: the queue did not drain in $1 s:" >&2
  squeue >&2
  return 1
}

states() { # the state of each task of job $1, and of job $2
  local j
  for j in "$@"; do
    scontrol -o show job "$j" | sed -E 's/.*JobId=([0-9]+) .*ArrayJobId=([0-9]+) ArrayTaskId=([0-9]+) .*JobState=([A-Z_]+) Reason=([^ ]+).*/  job \2_\3  \4  (\5)/; t; s/.*JobId=([0-9]+) .*JobName=([^ ]+) .*JobState=([A-Z_]+) Reason=([^ ]+).*/  job \1  \3  (\4, \2)/'
  done
}

same_as_reference() { # the merged batch in $1 against the unsharded one
  local f
  for f in summary.json runs.csv bands.csv; do
    cmp "$T/ref/$f" "$1/merged/$f"
  done
  echo "slurm-test: $1/merged: summary.json, runs.csv and bands.csv are byte-identical to the unsharded batch ($(($(wc -l <"$1/merged/runs.csv") - 1)) runs)"
}

echo "== the batch, unsharded"
"${SEASTATE[@]}" batch "${BATCH[@]}" --out "$T/ref" >/dev/null 2>&1
echo "slurm-test: $T/ref: $(($(wc -l <"$T/ref/runs.csv") - 1)) runs"

echo "== the same batch as a 4-task job array and a merge"
"${SEASTATE[@]}" batch "${BATCH[@]}" --slurm 4 --out "$T/a"
wait_idle 600
states "$(jobs_field "$T/a" 0 shards)" "$(jobs_field "$T/a" 0 merge)"
same_as_reference "$T/a"

echo "== again, killing task 2 while it runs"
"${SEASTATE[@]}" batch "${BATCH[@]}" --slurm 4 --out "$T/b"
J=$(jobs_field "$T/b" 0 shards)
M=$(jobs_field "$T/b" 0 merge)
completed() { node -e 'try { console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).completed) } catch { console.log(0) }' "$1"; }
# Kill it once its checkpoint holds some runs (one is taken about every two seconds), so that the
# resubmitted task has something to resume from.
for k in $(seq 1 600); do
  [ "$(completed "$T/b/shard-2/checkpoint.json")" -gt 0 ] && squeue -h -j "${J}_2" -o %T | grep -q RUNNING && break
  sleep 0.1
done
squeue -h -j "${J}_2" -o %T | grep -q RUNNING || { echo "slurm-test: task 2 never ran" >&2; exit 1; }
scancel "${J}_2" || { echo "slurm-test: scancel ${J}_2 failed (did the task finish first?)" >&2; exit 1; }
echo "slurm-test: scancel ${J}_2"
wait_idle 600
states "$J" "$M"
scontrol -o show job "${J}_2" | grep -q 'JobState=CANCELLED' || { echo "slurm-test: task 2 was not cancelled" >&2; exit 1; }
[ ! -e "$T/b/merged/manifest.json" ] || { echo "slurm-test: the merge ran without shard 2" >&2; exit 1; }
grep -q '"status": "complete"' "$T/b/shard-2/manifest.json" && { echo "slurm-test: shard 2 completed before it was killed; nothing was tested" >&2; exit 1; }
echo "slurm-test: shard 2 stopped with $(completed "$T/b/shard-2/checkpoint.json") of its 250 runs checkpointed; merge of the other three:"
if "${SEASTATE[@]}" merge "$T/b/shard-1" "$T/b/shard-3" "$T/b/shard-4" --out "$T/b-partial" 2>"$T/partial.err"; then
  echo "slurm-test: merge accepted three of four shards" >&2
  exit 1
fi
sed 's/^/  /' "$T/partial.err"

echo "== resubmitting what did not complete"
"${SEASTATE[@]}" batch --slurm-retry "$T/b"
[ "$(jobs_field "$T/b" 1 tasks)" = 2 ] || { echo "slurm-test: the retry resubmitted tasks $(jobs_field "$T/b" 1 tasks), not 2 alone" >&2; exit 1; }
wait_idle 600
states "$(jobs_field "$T/b" 1 shards)" "$(jobs_field "$T/b" 1 merge)"
grep -Eq 'resuming after [1-9]' "$T/b/slurm/shard-2.out" || { echo "slurm-test: shard 2 did not resume from its checkpoint" >&2; exit 1; }
echo "slurm-test: shard 2's log:"
grep -E '^(seastate|interrupted|[0-9]+ runs in)' "$T/b/slurm/shard-2.out" | sed 's/^/  /'
same_as_reference "$T/b"
echo "slurm-test: passed"
