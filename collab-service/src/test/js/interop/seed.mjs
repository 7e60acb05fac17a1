// Two unmodified y-websocket 3.1.0 clients open, at the same moment, a PRD that was imported into prd-service and that
// nobody has opened yet: both must show the imported Markdown, once. Driven by CollabInteropTest.
// Env: COLLAB_URL (ws://host:port/collab), PRD_ID, TOKEN_A, TOKEN_B, EXPECTED (the content prd-service holds).
// Prints one JSON line {"ok":true,"checks":[...],"texts":[...]} and exits 0, or {"ok":false,"failed":...} and exits 1.
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

const env = process.env
const checks = []
const providers = []

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function until (what, predicate, timeoutMs = 15000) {
  const start = Date.now()
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for: ' + what)
    await sleep(20)
  }
  checks.push(what)
}

function client (token) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(env.COLLAB_URL, env.PRD_ID, doc,
    { params: { token }, WebSocketPolyfill: WebSocket, disableBc: true })
  providers.push(provider)
  return { doc, provider, text: doc.getText('content') }
}

async function main () {
  // both connect before either is synced: the document's first load is shared by their opens
  const a = client(env.TOKEN_A)
  const b = client(env.TOKEN_B)
  await until('both clients synced', () => a.provider.synced && b.provider.synced)
  await until('both clients show the imported text', () =>
    a.text.toString() === env.EXPECTED && b.text.toString() === env.EXPECTED)
  // nothing more arrives later (a second seed would append a copy)
  await sleep(500)
  if (a.text.toString() !== env.EXPECTED || b.text.toString() !== env.EXPECTED) {
    throw new Error('the text changed after sync: ' + JSON.stringify([a.text.toString(), b.text.toString()]))
  }
  checks.push('the text is there once')
  a.text.insert(a.text.length, 'edited')
  await until('an edit after the seed reaches the other client', () =>
    b.text.toString() === env.EXPECTED + 'edited')
  return [a.text.toString(), b.text.toString()]
}

main().then((texts) => {
  console.log(JSON.stringify({ ok: true, checks, texts }))
  providers.forEach((p) => p.destroy())
  setTimeout(() => process.exit(0), 100)
}, (err) => {
  console.log(JSON.stringify({ ok: false, failed: String(err && err.message ? err.message : err), checks }))
  providers.forEach((p) => p.destroy())
  setTimeout(() => process.exit(1), 100)
})
