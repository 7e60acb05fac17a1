// Load generator: DOCS documents x CLIENTS clients each, every client types RATE edits/s for SECONDS seconds through
// the stock y-websocket client. Each edit inserts one character into the Y.Text "content" and, in the same
// transaction, appends {c, s, t} to the Y.Array "pings"; every other client of the document records the fan-out
// latency when the ping arrives. Prints one JSON line: sent, expected and delivered deliveries, latency percentiles.
//
// env: URL_PREFIX (e.g. ws://localhost:8082/collab or ws://localhost:1234), ROOMS (comma-separated room names),
//      TOKENS (comma-separated, one per client index, optional), CLIENTS, RATE, SECONDS
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { PerformanceObserver } from 'node:perf_hooks'

const URL_PREFIX = process.env.URL_PREFIX
const ROOMS = process.env.ROOMS.split(',')
const TOKENS = (process.env.TOKENS || '').split(',').filter(Boolean)
const CLIENTS = Number(process.env.CLIENTS || 5)
const RATE = Number(process.env.RATE || 5)
const SECONDS = Number(process.env.SECONDS || 20)

// TRACE_FILE (optional): one line per delivery, "send time (ms since start) latency room sender seq"
const TRACE = process.env.TRACE_FILE
const trace = []
const traceOrigin = performance.timeOrigin + performance.now()
// the load generator's own garbage collections go into the trace too ("# gc <ms since start> <duration ms>"): a
// pause here delays deliveries as much as one in the server
if (TRACE) {
  const offset = traceOrigin - performance.timeOrigin
  new PerformanceObserver((list) => list.getEntries().forEach((e) => trace.push(
    `# gc ${(e.startTime - offset).toFixed(1)} ${e.duration.toFixed(2)}`))).observe({ entryTypes: ['gc'] })
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))
const latencies = []
let sent = 0
let delivered = 0
const clients = []

for (const room of ROOMS) {
  for (let i = 0; i < CLIENTS; i++) {
    const doc = new Y.Doc()
    const params = TOKENS.length ? { token: TOKENS[i % TOKENS.length] } : {}
    const provider = new WebsocketProvider(URL_PREFIX, room, doc, { params, WebSocketPolyfill: WebSocket, disableBc: true })
    const pings = doc.getArray('pings')
    pings.observe((event) => {
      if (event.transaction.local) return
      const now = performance.timeOrigin + performance.now()
      event.changes.added.forEach((item) => {
        item.content.getContent().forEach((p) => {
          if (p && p.r === room) {
            delivered++
            latencies.push(now - p.t)
            if (TRACE) trace.push(`${(p.t - traceOrigin).toFixed(1)} ${(now - p.t).toFixed(2)} ${room.slice(0, 8)} ${p.c} ${p.s}`)
          }
        })
      })
    })
    clients.push({ room, doc, provider, text: doc.getText('content'), pings, index: i })
  }
}

const start = Date.now()
while (!clients.every((c) => c.provider.synced)) {
  if (Date.now() - start > 60000) {
    console.log(JSON.stringify({ error: 'clients did not sync within 60 s' }))
    process.exit(1)
  }
  await sleep(50)
}

// typing: each client on its own timer, phases spread so the load is even
const interval = 1000 / RATE
const timers = clients.map((c, k) => new Promise((resolve) => {
  let seq = 0
  const total = Math.round(SECONDS * RATE)
  setTimeout(() => {
    const timer = setInterval(() => {
      c.doc.transact(() => {
        c.text.insert(c.text.length, String.fromCharCode(97 + (seq % 26)))
        c.pings.push([{ r: c.room, c: c.index, s: seq, t: performance.timeOrigin + performance.now() }])
      })
      sent++
      seq++
      if (seq >= total) {
        clearInterval(timer)
        resolve()
      }
    }, interval)
  }, (k * interval) / clients.length)
}))
await Promise.all(timers)

const expected = sent * (CLIENTS - 1)
const drainStart = Date.now()
while (delivered < expected && Date.now() - drainStart < 10000) await sleep(50)

latencies.sort((a, b) => a - b)
const pct = (p) => latencies.length ? Number(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(2)) : null
const converged = ROOMS.every((room) => {
  const texts = clients.filter((c) => c.room === room).map((c) => c.text.toString())
  return texts.every((t) => t === texts[0])
})
console.log(JSON.stringify({
  documents: ROOMS.length, clientsPerDocument: CLIENTS, rate: RATE, seconds: SECONDS,
  sent, expected, delivered, deliveredRatio: expected ? delivered / expected : 1, converged,
  latencyMs: { p50: pct(0.5), p90: pct(0.9), p99: pct(0.99), max: pct(1) }
}))
if (TRACE) (await import('node:fs')).writeFileSync(TRACE, `# origin ${traceOrigin.toFixed(1)} (epoch ms)\n` + trace.join('\n') + '\n')
clients.forEach((c) => c.provider.destroy())
setTimeout(() => process.exit(0), 200)
