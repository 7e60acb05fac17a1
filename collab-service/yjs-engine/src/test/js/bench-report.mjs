// Prints the side-by-side table of bench/crdt-bench.sh from the JMH JSON, the Java heap JSON and the
// Yjs JSON. Both sides report the median of their measured iterations (robust to load spikes on a
// shared machine). Ratio = Yjs time / Java time (above 1: Java faster); heap: Yjs bytes / Java bytes.
import { readFileSync } from 'node:fs'

const [jmhPath, heapPath, yjsPath, cpuPath] = process.argv.slice(2)
const jmh = JSON.parse(readFileSync(jmhPath, 'utf8'))
const heap = JSON.parse(readFileSync(heapPath, 'utf8'))
const yjs = JSON.parse(readFileSync(yjsPath, 'utf8'))
const score = (name) => {
  const r = jmh.find(b => b.benchmark.endsWith('.' + name))
  if (!r) return NaN
  const xs = r.primaryMetric.rawData.flat().sort((a, b) => a - b)
  return xs[Math.floor(xs.length / 2)]
}
const rows = [
  ['replay 259,778 edits as local transactions (ms)', score('replayLocalEdits'), yjs.replayMs],
  ['apply 259,778 per-edit updates (ms)', score('applyPerEditUpdates'), yjs.applyMs],
  ['encode state as update v1 (ms)', score('encodeV1'), yjs.encodeMs],
  ['decode v1 into fresh doc, warm (ms)', score('decodeV1'), yjs.decodeMs],
  ['decode v1 into fresh doc, cold (ms)', score('decodeV1Cold'), yjs.decodeColdMs],
  ['retained heap, loaded doc (MB)', heap.loadedDocBytes / 1e6, yjs.heap ? yjs.heap.loadedDocBytes / 1e6 : NaN],
  ['retained heap, replayed doc (MB)', heap.replayedDocBytes / 1e6, yjs.heap ? yjs.heap.replayedDocBytes / 1e6 : NaN]
]
const pad = (s, n) => String(s).padEnd(n)
console.log(pad('measure', 50) + pad('Java', 12) + pad('Yjs', 12) + 'Yjs/Java')
for (const [name, j, y] of rows) {
  console.log(pad(name, 50) + pad(j.toFixed(2), 12) + pad(y.toFixed(2), 12) + (y / j).toFixed(2) + 'x')
}
if (cpuPath && yjs.cpu) {
  const cpu = JSON.parse(readFileSync(cpuPath, 'utf8'))
  console.log('\nprocess CPU time per operation (median; what the work costs on a busy machine)')
  console.log(pad('measure', 50) + pad('Java', 12) + pad('Yjs', 12) + 'Yjs/Java')
  for (const [name, key] of [['replay (ms CPU)', 'replayCpuMs'], ['apply per-edit updates (ms CPU)', 'applyCpuMs'],
    ['encode v1 (ms CPU)', 'encodeCpuMs'], ['decode v1, warm (ms CPU)', 'decodeCpuMs']]) {
    console.log(pad(name, 50) + pad(cpu[key].toFixed(2), 12) + pad(yjs.cpu[key].toFixed(2), 12) + (yjs.cpu[key] / cpu[key]).toFixed(2) + 'x')
  }
}
console.log(`per-edit updates sha256: Java ${heap.updatesSha256}, Yjs ${yjs.updatesSha256}` +
  (heap.updatesSha256 === yjs.updatesSha256 ? ' (byte-identical updates)' : ' (DIFFERENT)'))
console.log(`state v1 bytes: Java ${heap.stateV1Bytes}, Yjs ${yjs.stateV1Bytes}` +
  (heap.stateV1Bytes === yjs.stateV1Bytes ? ' (same size)' : ' (DIFFERENT)'))
const same = (a, b) => a === b ? ' (byte-identical)' : ' (DIFFERENT)'
console.log(`state v1 sha256: Java ${heap.stateSha256}, Yjs ${yjs.stateSha256}` + same(heap.stateSha256, yjs.stateSha256))
console.log(`decoded and encoded again, sha256: Java ${heap.reencodedSha256}, Yjs ${yjs.reencodedSha256}` +
  same(heap.reencodedSha256, yjs.reencodedSha256) + (heap.reencodedSha256 === heap.stateSha256 ? ', equal to the state' : ''))
