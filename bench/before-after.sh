#!/usr/bin/env bash
# Before/after figures for the speed work: this work tree ("after", as it stands, its compiled
# build in dist/) against an older revision ("before"; default c6e9bab, the state before the
# compiled build), checked out in a temporary git worktree with its own `npm ci`. The two trees are
# measured in one go, interleaved where practical, so a slow spell of this shared machine hits both:
#
#   (a) a 48-turn run of `default`, policy-played, no record (as bench/run.ts times it): both trees'
#       sources through `node --import tsx` in one process, ROUNDS x RUN_REPS interleaved pairs;
#   (b) `node bin/seastate.js --help`, a cold process each time, HELP_REPS each, alternating (the old
#       bin/seastate.js compiles its TypeScript through tsx on every start: that is the "before");
#   (c) `seastate batch taiwan-strait-crisis --runs N --workers 2`: wall time and peak RSS from
#       /usr/bin/time -f "%e %M", BATCH_REPS of each, alternating; median;
#   (d) the UI's first frame: `play default` in a pseudo-terminal until the board shows, FRAME_REPS
#       of each, alternating (bench/startup.ts --frames).
#
# usage: bench/before-after.sh [REV] [N]      (REV default c6e9bab, N default 2000; 10000 for the
#        real figure, which takes a long time and loads both cores)
# env:   ROUNDS (default 3), RUN_REPS (timed runs per process, 11), HELP_REPS (15), FRAME_REPS (7), BATCH_REPS (1),
#        KEEP=1 keeps the temporary worktree (its path is printed).
set -euo pipefail

REV=${1:-c6e9bab}
N=${2:-2000}
ROUNDS=${ROUNDS:-3}
RUN_REPS=${RUN_REPS:-11}
HELP_REPS=${HELP_REPS:-15}
FRAME_REPS=${FRAME_REPS:-7}
BATCH_REPS=${BATCH_REPS:-1}

AFTER=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ ! -f $AFTER/dist/main.js || ! -f $AFTER/dist/worker.js ]]; then
  echo "before-after: this tree's compiled build is missing (dist/); run \`npm run build\` first" >&2
  exit 2
fi
if [[ -n $(find "$AFTER/src" -type f -newer "$AFTER/dist/main.js" -print -quit) ]]; then
  echo "warning: src/ has files newer than dist/main.js: (b) and (c) measure an older build of this tree (npm run build)" >&2
fi
[[ -x /usr/bin/time ]] || { echo "before-after: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
SHA=$(git -C "$AFTER" rev-parse --verify --short "$REV^{commit}") || { echo "before-after: no revision $REV" >&2; exit 2; }

TMP=$(mktemp -d "${TMPDIR:-/tmp}/seastate-before-after.XXXXXX")
BEFORE=$TMP/before
cleanup() {
  if [[ ${KEEP:-} == 1 ]]; then
    echo "kept the worktree at $BEFORE (remove it with: git -C $AFTER worktree remove --force $BEFORE)"
    return
  fi
  git -C "$AFTER" worktree remove --force "$BEFORE" 2>/dev/null || true
  git -C "$AFTER" worktree prune
  rm -rf "$TMP"
}
trap cleanup EXIT

echo "before: $REV ($SHA) in $BEFORE; after: $AFTER (work tree, $(git -C "$AFTER" rev-parse --short HEAD)$([[ -n $(git -C "$AFTER" status --porcelain --untracked-files=no) ]] && echo ', with uncommitted changes'))"
git -C "$AFTER" worktree add --detach --quiet "$BEFORE" "$SHA"
echo "npm ci in the before tree..."
(cd "$BEFORE" && npm ci --no-audit --no-fund --loglevel=error >"$TMP/npm-ci.log" 2>&1) || { cat "$TMP/npm-ci.log" >&2; echo "before-after: npm ci failed in $BEFORE" >&2; exit 1; }

# (a) One process loads `default` from both trees' sources (tsx), warms both up, then times 48-turn
# runs in interleaved pairs, so a slow spell of the machine hits both; prints {before, after} in ms.
cat >"$TMP/run48.mts" <<'EOF'
import { pathToFileURL } from 'node:url';
import path from 'node:path';
const [before, after, reps] = [process.argv[2], process.argv[3], Number(process.argv[4])];
async function setup(tree: string) {
  const E = await import(pathToFileURL(path.join(tree, 'src/engine/index.ts')).href);
  const { loadScenario } = await import(pathToFileURL(path.join(tree, 'src/scenarios/registry.ts')).href);
  const l = loadScenario('default');
  if (!l.ok) throw new Error(`${tree}: default does not load`);
  const spec = l.value.spec('1');
  // A tree whose states hold only a rules hash compiles the spec's rules; one with compiled rules in
  // the state (src/engine/simulation.ts) plays through one Simulation, as its batch workers do; an
  // older one through runTurns, whose caches did the same.
  if (E.playTurns && !E.simulationOf) {
    const sim = E.createSimulation(E.compileRules(spec));
    const s = E.createState(spec, sim.rules);
    return () => E.playTurns(sim, s, 48, undefined, { trace: false });
  }
  const s = E.createState(spec);
  if (E.playTurns) {
    const sim = E.simulationOf(s);
    return () => E.playTurns(sim, s, 48, undefined, { trace: false });
  }
  return () => E.runTurns(s, 48, undefined, { trace: false });
}
const run = { before: await setup(before), after: await setup(after) };
for (let i = 0; i < 10; i++) (run.before(), run.after());
const out: { before: number[]; after: number[] } = { before: [], after: [] };
for (let i = 0; i < reps; i++)
  for (const side of ['before', 'after'] as const) {
    const t0 = performance.now();
    run[side]();
    out[side].push(performance.now() - t0);
  }
console.log(JSON.stringify(out));
EOF

# (b) Cold `--help` of both trees' bin/seastate.js, alternating; print {before: [...], after: [...]} in ms.
cat >"$TMP/help.mjs" <<'EOF'
import { spawnSync } from 'node:child_process';
const [before, after, reps] = [process.argv[2], process.argv[3], Number(process.argv[4])];
const run = (tree) => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [`${tree}/bin/seastate.js`, '--help'], { cwd: tree, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${tree}: --help exited ${r.status}: ${r.stderr}`);
  return ms;
};
run(before); run(after); // page cache
const out = { before: [], after: [] };
for (let i = 0; i < reps; i++) {
  out.before.push(run(before));
  out.after.push(run(after));
}
console.log(JSON.stringify(out));
EOF

# Median of numbers given one a line on stdin, to one decimal.
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) { print "-"; exit } m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f\n", m }'; }
json_nums() { node -e 'const v = JSON.parse(require("fs").readFileSync(0, "utf8")); const k = process.argv[1]; for (const x of (k ? v[k] : v)) console.log(x)' "${1:-}"; }

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
: >"$TMP/a-before" && : >"$TMP/a-after"
echo "(a) 48-turn default run: $((ROUNDS * RUN_REPS)) interleaved pairs in one process..."
node --import tsx "$TMP/run48.mts" "$BEFORE" "$AFTER" "$((ROUNDS * RUN_REPS))" >"$TMP/a.json"
json_nums before <"$TMP/a.json" >"$TMP/a-before"
json_nums after <"$TMP/a.json" >"$TMP/a-after"

echo "(b) --help, cold: $HELP_REPS per tree, alternating..."
node "$TMP/help.mjs" "$BEFORE" "$AFTER" "$HELP_REPS" >"$TMP/b.json"
json_nums before <"$TMP/b.json" >"$TMP/b-before"
json_nums after <"$TMP/b.json" >"$TMP/b-after"

echo "(c) batch taiwan-strait-crisis --runs $N --workers 2: $BATCH_REPS per tree, alternating..."
: >"$TMP/c-before" && : >"$TMP/c-after"
for ((r = 1; r <= BATCH_REPS; r++)); do
  for side in before after; do
    tree=$([[ $side == before ]] && echo "$BEFORE" || echo "$AFTER")
    out="$TMP/out-$side-$r"
    (cd "$tree" && /usr/bin/time -o "$TMP/time" -f "%e %M" node bin/seastate.js batch taiwan-strait-crisis --runs "$N" --workers 2 --out "$out" >"$TMP/batch.log" 2>&1) || {
      cat "$TMP/batch.log" >&2
      echo "before-after: the $side tree's batch failed" >&2
      exit 1
    }
    tail -n1 "$TMP/time" >>"$TMP/c-$side"
    rm -rf "$out"
  done
done
echo "(d) the UI's first frame (play default, in a pty): $FRAME_REPS per tree, alternating..."
node --import tsx "$AFTER/bench/startup.ts" --frames "$BEFORE" "$AFTER" "$FRAME_REPS" >"$TMP/d.json"
json_nums before <"$TMP/d.json" >"$TMP/d-before"
json_nums after <"$TMP/d.json" >"$TMP/d-after"
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

col() { awk -v k="$1" '{ print $k }'; }
A_B=$(median <"$TMP/a-before"); A_A=$(median <"$TMP/a-after")
B_B=$(median <"$TMP/b-before"); B_A=$(median <"$TMP/b-after")
C_B=$(col 1 <"$TMP/c-before" | median); C_A=$(col 1 <"$TMP/c-after" | median)
M_B=$(col 2 <"$TMP/c-before" | median); M_A=$(col 2 <"$TMP/c-after" | median)
D_B=$(median <"$TMP/d-before"); D_A=$(median <"$TMP/d-after")
ratio() { awk -v b="$1" -v a="$2" 'BEGIN { if (a > 0) printf "%.2fx", b / a; else print "-" }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
rate() { awk -v n="$N" -v s="$1" 'BEGIN { if (s > 0) printf "%.1f", n / s; else print "-" }'; }

echo
echo "seastate before/after: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, Node $(node --version); load average $LOAD_START at the start, $LOAD_END at the end"
echo "before = $REV ($SHA); after = $AFTER as it stands. Medians; before/after > 1 means after is faster."
echo
printf '%-58s %14s %14s %13s\n' measure before after before/after
printf '%-58s %14s %14s %13s\n' "(a) default, 48 turns, policy-played ($((ROUNDS * RUN_REPS)) runs, tsx)" "$A_B ms" "$A_A ms" "$(ratio "$A_B" "$A_A")"
printf '%-58s %14s %14s %13s\n' "(b) seastate --help, cold process ($HELP_REPS runs)" "$B_B ms" "$B_A ms" "$(ratio "$B_B" "$B_A")"
printf '%-58s %14s %14s %13s\n' "(c) batch taiwan-strait-crisis, $N runs, 2 workers: wall" "$C_B s" "$C_A s" "$(ratio "$C_B" "$C_A")"
printf '%-58s %14s %14s %13s\n' "    runs per second (N / wall)" "$(rate "$C_B")" "$(rate "$C_A")" ""
printf '%-58s %14s %14s %13s\n' "    peak RSS (/usr/bin/time %M)" "$(mib "$M_B") MiB" "$(mib "$M_A") MiB" "$(ratio "$M_B" "$M_A")"
printf '%-58s %14s %14s %13s\n' "(d) UI first frame, play default in a pty ($FRAME_REPS runs)" "$D_B ms" "$D_A ms" "$(ratio "$D_B" "$D_A")"
