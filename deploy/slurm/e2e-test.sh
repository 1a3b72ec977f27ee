#!/usr/bin/env bash
# End-to-end test of deploy/slurm on a real, one-node Slurm: run as root on Debian (12), from anywhere.
#   1. installs slurm-wlm and munge from Debian's packages when missing (apt-get; no service is started);
#   2. starts munged (unless one already answers), then a private slurmctld and slurmd from a slurm.conf
#      written for this host into a temp folder, on free ports (SLURM_CONF points every client at it);
#   3. submits a small sharded sweep through submit.sh (job array + afterok merge job) and waits for both;
#   4. runs the same sweep unsharded and checks with cmp that runs.csv, summary.json and summary.md of
#      the merged folder are byte-identical to it.
# Prints "slurm e2e: passed" and exits 0, or prints the daemons' logs and job outputs, says what failed
# and exits non-zero. It never skips: no Slurm, no root or no Debian is a failure. It stops the daemons
# it started and removes its temp folder on the way out, so it can run again on the same machine.
# Environment: AUTOPEER_E2E_LIMIT (overall seconds, default 600, installation included),
#   AUTOPEER_E2E_KEEP=1 (keep the temp folder and print where it is),
#   AUTOPEER_E2E_CMD (the autopeer command under test; default: node dist/cli/main.js, built if stale).
set -euo pipefail

limit=${AUTOPEER_E2E_LIMIT:-600}
if [ -z "${AUTOPEER_E2E_UNDER_LIMIT:-}" ]; then
  export AUTOPEER_E2E_UNDER_LIMIT=1
  status=0
  timeout --kill-after=20 "$limit" bash "${BASH_SOURCE[0]}" "$@" </dev/null || status=$?
  [ "$status" -ne 124 ] && [ "$status" -ne 137 ] || echo "slurm e2e: FAILED: over the time limit of ${limit}s" >&2
  exit "$status"
fi

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
here=$repo/deploy/slurm
started=$SECONDS
say() { echo "slurm e2e [$((SECONDS - started))s]: $*"; }

tmp=""
pids=()       # daemons this run started: killed on the way out
munged_pid="" # munged's pid, when this run started it
policy_rc_added=false
show_logs=false

dump_logs() {
  [ -n "$tmp" ] && [ -d "$tmp" ] || return 0
  local f
  for f in "$tmp"/log/* "$tmp"/sweep/logs/* /var/log/munge/munged.log; do
    [ -f "$f" ] || continue
    echo "----- $f (last 60 lines) -----"
    tail -n 60 "$f"
  done
  if command -v scontrol >/dev/null && [ -f "$tmp/etc/slurm.conf" ]; then
    echo "----- scontrol show job -----"
    SLURM_CONF=$tmp/etc/slurm.conf timeout 10 scontrol show job 2>&1 | tail -n 60 || true
  fi
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [ "$status" -ne 0 ] && [ "$show_logs" = true ]; then dump_logs >&2 || true; fi
  local pid
  for pid in ${pids[@]+"${pids[@]}"} $munged_pid; do
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  [ "$policy_rc_added" = true ] && rm -f /usr/sbin/policy-rc.d
  if [ -n "$tmp" ] && [ -d "$tmp" ]; then
    if [ "${AUTOPEER_E2E_KEEP:-}" = 1 ]; then echo "slurm e2e: kept $tmp" >&2; else rm -rf "$tmp"; fi
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'echo "slurm e2e: FAILED: interrupted" >&2; exit 130' INT TERM

fail() {
  echo "slurm e2e: FAILED: $*" >&2
  exit 1
}

# --- 0. the machine -------------------------------------------------------------------------------
[ "$(id -u)" -eq 0 ] || fail "must run as root (it installs packages and starts munged, slurmctld and slurmd)"
if [ ! -f /etc/debian_version ] || ! command -v apt-get >/dev/null; then
  fail "needs Debian with apt-get (found: $(grep -s '^PRETTY_NAME=' /etc/os-release || uname -a))"
fi
command -v node >/dev/null || fail "node is not on PATH ($PATH)"

tmp=$(mktemp -d /tmp/autopeer-slurm-e2e.XXXXXX)
chmod 755 "$tmp"
mkdir -p "$tmp"/{etc,log,state,spool,run,sweep}
show_logs=true

# --- 1. packages ----------------------------------------------------------------------------------
have_slurm() { command -v slurmctld && command -v slurmd && command -v sbatch && command -v munged && command -v munge; } >/dev/null
if ! have_slurm; then
  say "installing slurm-wlm and munge from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  # Package scripts must not start services here (no init system): a policy-rc.d that says no, for the install.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    policy_rc_added=true
  fi
  apt=(apt-get -o DPkg::Lock::Timeout=120 -o Dpkg::Use-Pty=0 -y -q)
  timeout 300 "${apt[@]}" update >"$tmp/log/apt.log" 2>&1 || fail "apt-get update failed (log below)"
  timeout 420 "${apt[@]}" install --no-install-recommends slurm-wlm munge >>"$tmp/log/apt.log" 2>&1 ||
    fail "apt-get install slurm-wlm munge failed (log below)"
  if [ "$policy_rc_added" = true ]; then rm -f /usr/sbin/policy-rc.d && policy_rc_added=false; fi
  have_slurm || fail "slurm-wlm and munge installed, but slurmctld, slurmd, sbatch or munged is still missing"
fi
say "$(slurmctld -V), munge $(dpkg-query -W -f='${Version}' munge 2>/dev/null || echo '?')"

# --- 2. munged ------------------------------------------------------------------------------------
munge_ok() { munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }
if munge_ok; then
  say "munged already answers: using it"
else
  id munge >/dev/null 2>&1 || fail "no munge user (the munge package creates it)"
  install -d -o munge -g munge -m 0700 /etc/munge /var/log/munge
  install -d -o munge -g munge -m 0711 /var/lib/munge
  install -d -o munge -g munge -m 0755 /run/munge
  if [ ! -s /etc/munge/munge.key ]; then
    say "creating /etc/munge/munge.key"
    if command -v mungekey >/dev/null; then mungekey --create --keyfile=/etc/munge/munge.key --force; else dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none; fi
  fi
  chown munge:munge /etc/munge/munge.key
  chmod 0400 /etc/munge/munge.key
  rm -f /run/munge/munged.pid
  # --foreground keeps it our child (setpriv execs it), so the pid to stop is known; it logs to
  # /var/log/munge/munged.log.
  setpriv --reuid=munge --regid=munge --init-groups munged --foreground >"$tmp/log/munged.out" 2>&1 &
  munged_pid=$!
  for _ in $(seq 50); do munge_ok && break; kill -0 "$munged_pid" 2>/dev/null || break; sleep 0.2; done
  munge_ok || { cat "$tmp/log/munged.out" >&2; fail "munged did not start (see its output above and /var/log/munge/munged.log)"; }
  say "started munged (pid $munged_pid)"
fi

# --- 3. slurm.conf for this host, on free ports ---------------------------------------------------
host=$(hostname -s)
cpus=$(nproc)
mem_mb=$(awk '/^MemTotal:/ { print int($2 / 1024 * 0.9) }' /proc/meminfo)
read -r ctld_port slurmd_port < <(node -e '
  const net = require("net");
  const free = () => new Promise((ok) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => ok(p)); }); });
  (async () => { const a = await free(); let b = await free(); while (b === a) b = await free(); console.log(a, b); })();')
export SLURM_CONF=$tmp/etc/slurm.conf
cat >"$SLURM_CONF" <<EOF
# One-node Slurm for autopeer's deploy/slurm end-to-end test (Slurm 22.05 key names).
ClusterName=autopeer-e2e
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
ReturnToService=2
MailProg=/bin/true
MinJobAge=600
SlurmctldTimeout=30
SlurmdTimeout=30
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=e2e Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF
say "slurm.conf: node $host, $cpus CPUs, ${mem_mb} MB, ports $ctld_port/$slurmd_port"

# --- 4. slurmctld and slurmd, in the foreground as our children -----------------------------------
slurmctld -D -i -f "$SLURM_CONF" >"$tmp/log/slurmctld.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do timeout 5 scontrol ping 2>/dev/null | grep -q 'is UP' && break; kill -0 "${pids[0]}" 2>/dev/null || break; sleep 0.2; done
timeout 5 scontrol ping 2>/dev/null | grep -q 'is UP' || fail "slurmctld did not come up (scontrol ping)"
slurmd -D -f "$SLURM_CONF" -N "$host" >"$tmp/log/slurmd.out" 2>&1 &
pids+=($!)
state=""
for _ in $(seq 150); do
  state=$(timeout 5 sinfo -h -n "$host" -o %T 2>/dev/null || true)
  [ "$state" = idle ] && break
  kill -0 "${pids[1]}" 2>/dev/null || break
  sleep 0.2
done
[ "$state" = idle ] || fail "node $host is not idle in sinfo (state \"$state\")"
say "slurmctld and slurmd up, node $host idle"

# --- 5. autopeer, built --------------------------------------------------------------------------
cd "$repo"
main=$repo/dist/cli/main.js
if [ -n "${AUTOPEER_E2E_CMD:-}" ]; then
  read -r -a autopeer <<<"$AUTOPEER_E2E_CMD"
else
  stale=$(find . \( -path ./node_modules -o -path ./dist -o -path ./test -o -path ./out -o -path ./scratch \) -prune -o \
    -name '*.ts' -newer "$main" -print -quit 2>/dev/null || true)
  if [ ! -f "$main" ] || [ -n "$stale" ]; then
    say "building autopeer (npm run build)"
    npm run build --silent >"$tmp/log/build.out" 2>&1 || { cat "$tmp/log/build.out" >&2; fail "npm run build failed"; }
  fi
  autopeer=(node "$main")
fi

# --- 6. the sweep: sharded on Slurm, and unsharded here -------------------------------------------
shards=2
runs=4 # 2 seeds × 2 policies
sweep=(test/fixtures/small-crowd.yaml --set duration=3m --seeds 1..2 --vary 'cdns.alpha.policy=balanced,isolated' --no-charts)
read -r array_job merge_job < <("$here/submit.sh" --parsable --shards "$shards" --root "$tmp/sweep" --cmd "${autopeer[*]}" --workdir "$repo" -- "${sweep[@]}") ||
  fail "submit.sh failed"
[[ "$array_job $merge_job" =~ ^[0-9]+\ [0-9]+$ ]] || fail "submit.sh printed no job ids (got \"$array_job $merge_job\")"
say "submitted array job $array_job ($shards shards) and merge job $merge_job (afterok)"

# Meanwhile, the same sweep unsharded, as one local command.
unsharded_status=0
"${autopeer[@]}" sweep "${sweep[@]}" --out "$tmp/unsharded" >"$tmp/log/unsharded.out" 2>&1 || unsharded_status=$?

# A job is done when no record of it is PENDING, RUNNING, CONFIGURING, COMPLETING or the like.
job_states() { timeout 10 scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | cut -d= -f2 | sort | uniq -c | tr -s ' ' | tr '\n' ' '; }
wait_job() {
  local job=$1 what=$2 deadline=$((SECONDS + $3)) states
  while [ "$SECONDS" -lt "$deadline" ]; do
    states=$(job_states "$job")
    [ -n "$states" ] || fail "$what (job $job) is unknown to slurmctld"
    if ! grep -qE 'PENDING|RUNNING|CONFIGURING|COMPLETING|SUSPENDED|REQUEUE|RESIZING|SIGNALING|STAGE_OUT' <<<"$states"; then
      say "$what (job $job) finished: $states"
      return 0
    fi
    sleep 0.5
  done
  fail "$what (job $job) still not done after $3 s: $states"
}
# Every record of the job must be COMPLETED with exit code 0:0.
check_job() {
  local job=$1 what=$2 bad
  bad=$(timeout 10 scontrol -o show job "$job" | grep -v 'JobState=COMPLETED .* ExitCode=0:0' | grep -oE '^JobId=[0-9]+|ArrayTaskId=[0-9]+|JobState=[A-Z_]+|Reason=[^ ]+|ExitCode=[0-9:]+' | tr '\n' ' ' || true)
  [ -z "$bad" ] || fail "$what (job $job) did not succeed: $bad"
}
wait_job "$array_job" "the sweep array" 240
check_job "$array_job" "the sweep array"
tasks=$(timeout 10 scontrol -o show job "$array_job" | grep -c 'ArrayTaskId=')
[ "$tasks" -eq "$shards" ] || fail "the sweep array ran $tasks tasks, not $shards"
wait_job "$merge_job" "the merge job" 120
check_job "$merge_job" "the merge job"

[ "$unsharded_status" -eq 0 ] || { cat "$tmp/log/unsharded.out" >&2; fail "the unsharded sweep exited $unsharded_status"; }

# --- 7. byte for byte ----------------------------------------------------------------------------
for f in runs.csv summary.json summary.md; do
  [ -s "$tmp/unsharded/$f" ] || fail "the unsharded sweep wrote no $f"
  [ -s "$tmp/sweep/merged/$f" ] || fail "the merge job wrote no merged/$f"
  cmp "$tmp/unsharded/$f" "$tmp/sweep/merged/$f" >&2 || {
    diff "$tmp/unsharded/$f" "$tmp/sweep/merged/$f" | head -n 40 >&2 || true
    fail "merged/$f differs from the unsharded sweep's $f"
  }
done
rows=$(($(wc -l <"$tmp/sweep/merged/runs.csv") - 1))
[ "$rows" -eq "$runs" ] || fail "merged/runs.csv has $rows runs, not $runs"
for ((i = 1; i <= shards; i++)); do
  [ -s "$tmp/sweep/shard-$i/runs.csv" ] || fail "shard $i wrote no runs.csv"
done
say "merged runs.csv ($rows runs from $shards shards), summary.json and summary.md are byte-identical to the unsharded sweep's"
show_logs=false
echo "slurm e2e: passed"
