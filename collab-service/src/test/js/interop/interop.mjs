// Drives unmodified Yjs editor clients (yjs + y-websocket, as a browser editor uses them) against a running
// collab-service. Usage: node interop.mjs  with env COLLAB_URL (ws://host:port/collab), PRD_ID, TOKEN_A, TOKEN_B,
// TOKEN_C (editors / late joiner). Prints one JSON line {"ok":true,"text":...,"delta":...,"checks":[...]} and exits
// 0, or prints {"ok":false,"failed":...} and exits 1.
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

const { COLLAB_URL, PRD_ID, TOKEN_A, TOKEN_B, TOKEN_C } = process.env
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

function client (token, name) {
  const doc = new Y.Doc()
  const params = token ? { token } : {}
  const provider = new WebsocketProvider(COLLAB_URL, PRD_ID, doc, { params, WebSocketPolyfill: WebSocket, disableBc: true })
  provider.awareness.setLocalStateField('user', { name })
  const c = { doc, provider, text: doc.getText('content'), closes: [], denied: [] }
  provider.on('connection-close', (event) => { if (event) c.closes.push(event.code) })
  providers.push(provider)
  return c
}

const synced = (c) => c.provider.synced

async function main () {
  // 1. concurrent edits from two editors converge
  const a = client(TOKEN_A, 'Ada')
  const b = client(TOKEN_B, 'Bob')
  await until('a and b synced', () => synced(a) && synced(b))
  for (let i = 0; i < 20; i++) {
    a.text.insert(0, 'a' + i + ' ')
    b.text.insert(b.text.length, 'b' + i + ' ')
    if (i % 5 === 0) await sleep(5)
  }
  await until('concurrent edits converge', () =>
    a.text.toString() === b.text.toString() && a.text.length === 2 * (20 * 3 + 10 * 1))

  // 2. formatting reaches the other editor
  a.text.format(0, 3, { bold: true })
  b.text.insert(0, 'Title\n', { header: 1 })
  await until('formatting converges', () =>
    JSON.stringify(a.text.toDelta()) === JSON.stringify(b.text.toDelta()) &&
    a.text.toDelta().some((op) => op.attributes && op.attributes.bold) &&
    b.text.toDelta().some((op) => op.attributes && op.attributes.bold))

  // 3. awareness: each sees the other's user, cursors move
  await until('awareness flows both ways', () =>
    [...a.provider.awareness.getStates().values()].some((s) => s.user && s.user.name === 'Bob') &&
    [...b.provider.awareness.getStates().values()].some((s) => s.user && s.user.name === 'Ada'))
  a.provider.awareness.setLocalStateField('cursor', { anchor: 2, head: 5 })
  await until('cursor reaches the other client', () =>
    [...b.provider.awareness.getStates().values()].some((s) => s.cursor && s.cursor.head === 5))

  // 4. offline edits + reconnect
  b.provider.disconnect()
  b.text.insert(0, 'offline-b ')
  a.text.insert(a.text.length, ' online-a')
  await sleep(200)
  b.provider.connect()
  await until('offline edits merge after reconnect', () =>
    synced(b) && a.text.toString() === b.text.toString() &&
    a.text.toString().includes('offline-b') && b.text.toString().includes('online-a'))
  await until('a sees b again in awareness', () =>
    [...a.provider.awareness.getStates().values()].some((s) => s.user && s.user.name === 'Bob'))

  // 5. a late joiner gets the whole document, formatting included
  const c = client(TOKEN_C, 'Cy')
  await until('late joiner synced with everything', () =>
    synced(c) && JSON.stringify(c.text.toDelta()) === JSON.stringify(a.text.toDelta()))

  // leaving: a disconnects, the others drop its awareness state
  const aId = a.doc.clientID
  a.provider.disconnect()
  await until('a left the others\' awareness', () =>
    !c.provider.awareness.getStates().has(aId) && !b.provider.awareness.getStates().has(aId))

  // 6. an unauthenticated client is refused and stops reconnecting
  const intruder = client(null, 'Eve')
  await until('unauthenticated client refused with 4401', () => intruder.closes.includes(4401))
  intruder.text.insert(0, 'evil')
  await sleep(300)
  if (b.text.toString().includes('evil')) throw new Error('unauthenticated edit reached an editor')
  checks.push('unauthenticated edit never reaches editors')

  const result = { ok: true, text: b.text.toString(), delta: b.text.toDelta(), checks }
  console.log(JSON.stringify(result))
}

main().then(() => {
  providers.forEach((p) => p.destroy())
  setTimeout(() => process.exit(0), 100)
}, (err) => {
  console.log(JSON.stringify({ ok: false, failed: String(err && err.message ? err.message : err), checks }))
  providers.forEach((p) => p.destroy())
  setTimeout(() => process.exit(1), 100)
})
