// The Yjs side of bench/crdt-bench.sh: the same work as YTextTraceBenchmark, in the same run.
//   node --expose-gc bench.mjs <trace.json.gz> [iterations]
import * as Y from 'yjs'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { createHash } from 'node:crypto'

const tracePath = process.argv[2] ?? new URL('../../../bench/automerge-paper.json.gz', import.meta.url).pathname
const iterations = Number(process.argv[3] ?? 10)
const trace = JSON.parse(gunzipSync(readFileSync(tracePath)).toString('utf8'))
const patches = trace.txns.flatMap(t => t.patches)

const replay = (doc) => {
  const text = doc.getText('text')
  for (const [pos, del, ins] of patches) {
    doc.transact(() => {
      if (del > 0) text.delete(pos, del)
      if (ins !== '') text.insert(pos, ins)
    })
  }
  return doc
}
const newDoc = (id) => { const d = new Y.Doc(); d.clientID = id; return d }
const check = (doc, what) => {
  if (doc.getText('text').toString() !== trace.endContent) throw new Error(what + ' did not reproduce endContent')
}
const time = (f) => { const t = process.hrtime.bigint(); const r = f(); return [Number(process.hrtime.bigint() - t) / 1e6, r] }
const median = (xs) => { const s = xs.slice().sort((a, b) => a - b); return s[Math.floor(s.length / 2)] }
const runs = (n, f) => { const xs = []; for (let i = 0; i < n; i++) xs.push(time(f)[0]); return xs }

// cold decode first, before anything warmed the decoder
const state = Y.encodeStateAsUpdate(replay(newDoc(1)))
const [decodeColdMs, cold] = time(() => { const d = newDoc(3); Y.applyUpdate(d, state); return d })
check(cold, 'cold decode')

const updates = []
const src = newDoc(1)
src.on('update', u => updates.push(u))
replay(src)
check(src, 'replay')
const digest = createHash('sha256')
for (const u of updates) digest.update(u)

const warm = Math.max(2, Math.floor(iterations / 2))
runs(warm, () => replay(newDoc(1)))
const replayMs = runs(iterations, () => replay(newDoc(1)))
const applyOnce = () => { const d = newDoc(2); for (const u of updates) Y.applyUpdate(d, u); return d }
check(applyOnce(), 'apply')
runs(warm, applyOnce)
const applyMs = runs(iterations, applyOnce)
const doc = replay(newDoc(1))
runs(20, () => Y.encodeStateAsUpdate(doc))
const encodeMs = runs(50, () => Y.encodeStateAsUpdate(doc))
runs(10, () => { const d = newDoc(3); Y.applyUpdate(d, state) })
const decodeMs = runs(30, () => { const d = newDoc(3); Y.applyUpdate(d, state) })

// process CPU time per operation (median): robust to a busy machine, see CpuTimes.java
const cpuMs = (warmups, runs, opsPerRun, f) => {
  for (let i = 0; i < warmups; i++) f()
  const xs = []
  for (let r = 0; r < runs; r++) {
    const c = process.cpuUsage()
    for (let i = 0; i < opsPerRun; i++) f()
    const d = process.cpuUsage(c)
    xs.push((d.user + d.system) / 1000 / opsPerRun)
  }
  return median(xs)
}
const cpu = {
  replayCpuMs: cpuMs(2, iterations, 1, () => replay(newDoc(1))),
  applyCpuMs: cpuMs(2, iterations, 1, applyOnce),
  encodeCpuMs: cpuMs(50, 15, 100, () => Y.encodeStateAsUpdate(doc)),
  decodeCpuMs: cpuMs(20, 15, 30, () => { const d = newDoc(3); Y.applyUpdate(d, state) })
}

let heap = null
if (global.gc) {
  const used = () => { for (let i = 0; i < 5; i++) global.gc(); return process.memoryUsage().heapUsed }
  const base = used()
  const replayed = replay(newDoc(1))
  const afterReplay = used()
  const loaded = newDoc(2)
  Y.applyUpdate(loaded, state)
  const afterLoad = used()
  check(replayed, 'heap replay'); check(loaded, 'heap load')
  heap = { replayedDocBytes: afterReplay - base, loadedDocBytes: afterLoad - afterReplay }
}

console.log(JSON.stringify({
  yjs: '13.6.33',
  node: process.version,
  edits: patches.length,
  stateV1Bytes: state.length,
  updatesSha256: digest.digest('hex'),
  stateSha256: createHash('sha256').update(state).digest('hex'),
  reencodedSha256: createHash('sha256').update(Y.encodeStateAsUpdate(cold)).digest('hex'),
  replayMs: median(replayMs),
  applyMs: median(applyMs),
  encodeMs: median(encodeMs),
  decodeMs: median(decodeMs),
  decodeColdMs,
  cpu,
  heap
}))
