#!/usr/bin/env bash
# Submits a sharded autopeer sweep to Slurm: a job array of N shard tasks (sweep-array.sbatch) and a merge
# job (merge.sbatch) that starts only after every task succeeded (--dependency=afterok:<array job id>).
#
#   deploy/slurm/submit.sh --shards N --root DIR [--cpus C] [--cmd "node …/dist/cli/main.js"]
#                          [--workdir DIR] [--sbatch OPTION]... [--parsable] [--] <experiment> [sweep args…]
#
#   --shards N      the number of shards (array tasks --array=1-N); each runs sweep --shard I/N
#   --root DIR      the shared folder for shard-1 … shard-N, merged/ and logs/ (made absolute here)
#   --cpus C        CPUs per task (sbatch --cpus-per-task), also the sweep's --workers (default 1)
#   --max-running K at most K shard tasks at once (--array=1-N%K)
#   --cmd CMD       the autopeer command (default: $AUTOPEER_CMD, else "npx autopeer")
#   --workdir DIR   the folder the jobs run autopeer in (default: this folder)
#   --sbatch OPT    one more sbatch option for both jobs, e.g. --sbatch --partition=short --sbatch --time=1:00:00
#   --parsable      print only "<array job id> <merge job id>"
# Everything after the options (or after --) is passed to `autopeer sweep`: the experiment or scenario
# first, then e.g. --seeds 1..20 --vary …; never --shard, --out or --workers (each task sets those).
# Task logs: DIR/logs/sweep-<array job>_<task>.{out,err}; merge log: DIR/logs/merge-<job>.{out,err}.
# If a task fails, the merge job is cancelled (--kill-on-invalid-dep=yes) instead of waiting forever.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
usage() {
  sed -n '5,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
}
fail() {
  echo "submit.sh: $*" >&2
  echo "usage:" >&2
  usage
  exit 2
}
need_value() {
  if [ "$#" -lt 2 ] || [ -z "$2" ]; then fail "$1 needs a value"; fi
}

shards=""
root=""
cpus=1
throttle=""
cmd=${AUTOPEER_CMD:-npx autopeer}
workdir=$PWD
parsable=false
extra=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --shards) need_value "$@"; shards=$2; shift 2 ;;
    --root) need_value "$@"; root=$2; shift 2 ;;
    --cpus) need_value "$@"; cpus=$2; shift 2 ;;
    --max-running) need_value "$@"; throttle=$2; shift 2 ;;
    --cmd) need_value "$@"; cmd=$2; shift 2 ;;
    --workdir) need_value "$@"; workdir=$2; shift 2 ;;
    --sbatch) need_value "$@"; extra+=("$2"); shift 2 ;;
    --parsable) parsable=true; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; break ;;
    -*) fail "unknown option $1 (sweep options go after --)" ;;
    *) break ;;
  esac
done

[[ "$shards" =~ ^[1-9][0-9]*$ ]] || fail "--shards must be a whole number ≥ 1 (got \"$shards\")"
[[ "$cpus" =~ ^[1-9][0-9]*$ ]] || fail "--cpus must be a whole number ≥ 1 (got \"$cpus\")"
[ -z "$throttle" ] || [[ "$throttle" =~ ^[1-9][0-9]*$ ]] || fail "--max-running must be a whole number ≥ 1 (got \"$throttle\")"
[ -n "$root" ] || fail "--root DIR is required (a folder every node can reach)"
[ "$#" -gt 0 ] || fail "no experiment or scenario given for autopeer sweep"
for arg in "$@"; do
  case "$arg" in
    --shard | --shard=* | --out | --out=* | --workers | --workers=*) fail "do not pass $arg to the sweep: submit.sh sets --shard, --out and --workers (use --shards, --root and --cpus)" ;;
  esac
done
[ -d "$workdir" ] || fail "--workdir $workdir is not a folder"
command -v sbatch >/dev/null || fail "sbatch not found: run this on a Slurm login node"

mkdir -p "$root/logs"
root=$(cd "$root" && pwd)
workdir=$(cd "$workdir" && pwd)

# sbatch hands the submitting environment to the jobs (--export=ALL is its default).
export AUTOPEER_SWEEP_ROOT=$root AUTOPEER_SHARDS=$shards AUTOPEER_CMD=$cmd AUTOPEER_WORKDIR=$workdir
unset AUTOPEER_WORKERS AUTOPEER_MERGED

array_out=$(sbatch --parsable --export=ALL ${extra[@]+"${extra[@]}"} --array="1-$shards${throttle:+%$throttle}" --cpus-per-task="$cpus" \
  --chdir="$workdir" --output="$root/logs/sweep-%A_%a.out" --error="$root/logs/sweep-%A_%a.err" \
  "$here/sweep-array.sbatch" "$@")
array_job=${array_out%%;*}
[[ "$array_job" =~ ^[0-9]+$ ]] || {
  echo "submit.sh: sbatch did not return an array job id (got \"$array_out\")" >&2
  exit 1
}
merge_out=$(sbatch --parsable --export=ALL ${extra[@]+"${extra[@]}"} --dependency="afterok:$array_job" --kill-on-invalid-dep=yes \
  --chdir="$workdir" --output="$root/logs/merge-%j.out" --error="$root/logs/merge-%j.err" \
  "$here/merge.sbatch") || {
  echo "submit.sh: the merge job was not accepted; cancelling array job $array_job" >&2
  scancel "$array_job" || true
  exit 1
}
merge_job=${merge_out%%;*}

if [ "$parsable" = true ]; then
  echo "$array_job $merge_job"
else
  echo "array job $array_job: $shards shard tasks (sweep --shard I/$shards), writing $root/shard-1 … shard-$shards"
  echo "merge job $merge_job: after afterok:$array_job, writing $root/merged"
  echo "logs: $root/logs/"
fi
