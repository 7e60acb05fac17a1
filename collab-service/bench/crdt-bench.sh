#!/usr/bin/env bash
# Benchmarks the Java CRDT engine against real Yjs on the same machine in the same run and prints
# the ratios (Yjs time / Java time). Work: replay the automerge-paper trace (259,778 edits) into one
# text, encode/decode its v1 state, apply the per-edit updates as a server, retained heap.
#
#   collab-service/bench/crdt-bench.sh                 # full run (about 4 minutes on 2 idle cores)
#   MVN_FLAGS=-o JMH_ARGS="-i 5" collab-service/bench/crdt-bench.sh   # offline, fewer measured iterations
#
# Keep the warm-ups (no -wi in JMH_ARGS): encode and decode warm up 200 and 100 times, as the Yjs side warms up its
# own; with "-wi 2" they are measured before the JIT has compiled them, several times slower than Yjs's warm numbers.
#
# Wall-clock times come from JMH (Java) and bench.mjs (Yjs); a second table gives process CPU time
# per operation for both, which stays meaningful when other work shares the machine.
# The engine is the module collab-service/yjs-engine, which depends on no other module of the repository: the script
# builds it (test classes included) from the checkout it sits in, so it works on a fresh clone.
# Env: TRACE (default collab-service/yjs-engine/bench/automerge-paper.json.gz in this checkout), MVN_FLAGS, JMH_ARGS,
# YJS_ITERATIONS.
set -euo pipefail
ROOT_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
MODULE_DIR="$ROOT_DIR/collab-service/yjs-engine"
TRACE="$(realpath "${TRACE:-$MODULE_DIR/bench/automerge-paper.json.gz}")"
OUT="$MODULE_DIR/target/crdt-bench"
mkdir -p "$OUT"

echo "== compiling the engine's test classes and writing their classpath"
(cd "$ROOT_DIR" && ./mvnw -q -B ${MVN_FLAGS:-} -pl collab-service/yjs-engine test-compile \
  dependency:build-classpath -Dmdep.outputFile="$OUT/classpath.txt" -Dmdep.includeScope=test)
# private copy: other builds of the module may rewrite target/classes while the benchmark runs
rm -rf "$OUT/classes" "$OUT/test-classes"
cp -r "$MODULE_DIR/target/classes" "$OUT/classes"
cp -r "$MODULE_DIR/target/test-classes" "$OUT/test-classes"
CP="$OUT/test-classes:$OUT/classes:$(cat "$OUT/classpath.txt")"

echo "== JMH (Java engine)"
java -cp "$CP" org.openjdk.jmh.Main 'io\.prdtool\.collab\.crdt\.bench\..*' \
  -jvmArgsPrepend "-Dcrdt.bench.trace=$TRACE" ${JMH_ARGS:-} -rf json -rff "$OUT/jmh.json" \
  | grep -E '^(Benchmark|YText)' || true
java -Xmx2g -cp "$CP" io.prdtool.collab.crdt.bench.HeapFootprint "$TRACE" > "$OUT/heap-java.json"
java -Xmx2g -cp "$CP" io.prdtool.collab.crdt.bench.CpuTimes "$TRACE" > "$OUT/cpu-java.json"

echo "== Yjs 13.6.33 (Node $(node --version))"
JS_DIR="$MODULE_DIR/src/test/js"
[ -d "$JS_DIR/node_modules/yjs" ] || (cd "$JS_DIR" && npm ci --no-audit --no-fund)
node --expose-gc "$JS_DIR/bench.mjs" "$TRACE" "${YJS_ITERATIONS:-10}" > "$OUT/yjs.json"

echo "== results"
node "$JS_DIR/bench-report.mjs" "$OUT/jmh.json" "$OUT/heap-java.json" "$OUT/yjs.json" "$OUT/cpu-java.json"
