// Unmodified y-websocket 3.1.0 clients under the conditions that used to strand them: a burst of 300 edits, a client
// that stops reading for a while, and a PRD so new that collab-service's access projection has not seen it yet.
// Driven by CollabInteropTest. Env: COLLAB_URL (ws://host:port/collab), HTTP_URL (http://host:port),
// PRD_BURST TOKEN_BURST_A TOKEN_BURST_B, PRD_SLOW TOKEN_SLOW_TALKER TOKEN_SLOW_READER,
// PRD_LATE PRD_LATER TOKEN_LATE (a member of both; the first PRD's access arrives within the server's wait, the
// second's once this script printed "signal:later-1013"; both hold LATE_CONTENT in prd-service, which their
// documents start from), TOKEN_OUTSIDER (no access). Prints, last, one JSON line {"ok":true,"checks":[...],...} and
// exits 0, or {"ok":false,"failed":...} and exits 1.
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'

const env = process.env
const checks = []
const providers = []

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

async function until (what, predicate, timeoutMs = 15000) {
  const start = Date.now()
  while (!(await predicate())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting for: ' + what)
    await sleep(50)
  }
  checks.push(what)
}

function client (token, prdId, name) {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(env.COLLAB_URL, prdId, doc,
    { params: { token }, WebSocketPolyfill: WebSocket, disableBc: true })
  provider.awareness.setLocalStateField('user', { name })
  const c = { doc, provider, text: doc.getText('content'), closes: [], terminal: [] }
  provider.on('connection-close', (event) => { if (event) c.closes.push(event.code) })
  provider.on('closed', (event) => c.terminal.push(event.code))
  providers.push(provider)
  return c
}

const synced = (c) => c.provider.synced

/** The document as the server holds it (REST peer read). */
async function serverText (prdId, token) {
  const response = await fetch(env.HTTP_URL + '/api/v1/prds/' + prdId + '/document',
    { headers: { Authorization: 'Bearer ' + token } })
  if (response.status !== 200) return null
  return (await response.json()).content
}

const result = {}

async function burst () {
  const a = client(env.TOKEN_BURST_A, env.PRD_BURST, 'Importer')
  const b = client(env.TOKEN_BURST_B, env.PRD_BURST, 'Peer')
  await until('burst clients synced', () => synced(a) && synced(b))
  let expected = 0
  for (let i = 0; i < 300; i++) { // 300 transactions: 300 update messages at once
    const s = 'e' + i + ' '
    a.text.insert(a.text.length, s)
    expected += s.length
  }
  await until('300-edit burst reaches the other client', () =>
    b.text.length === expected && b.text.toString() === a.text.toString(), 60000)
  await until('300-edit burst converges with the server', async () =>
    (await serverText(env.PRD_BURST, env.TOKEN_BURST_B)) === a.text.toString(), 15000)
  if (a.closes.length > 0) throw new Error('the bursting client was closed: ' + a.closes)
  checks.push('bursting client never closed')
  result.burstText = a.text.toString()
}

async function slowReader () {
  const talker = client(env.TOKEN_SLOW_TALKER, env.PRD_SLOW, 'Talker')
  const reader = client(env.TOKEN_SLOW_READER, env.PRD_SLOW, 'Reader')
  await until('slow-reader clients synced', () => synced(talker) && synced(reader))
  const socket = reader.provider.ws._socket // the TCP socket under the stock client's ws
  socket.pause()
  // ~30 MB of awareness (relayed to everyone) and some edits while the reader reads nothing
  for (let i = 1; i <= 150; i++) {
    talker.provider.awareness.setLocalStateField('blob', 'x'.repeat(200000) + i)
    if (i % 15 === 0) talker.text.insert(0, 'edit' + i + ' ')
    if (i % 10 === 0) await sleep(10)
  }
  talker.text.delete(0, 7)
  talker.text.insert(0, 'last ')
  await until('talker\'s edits stored while the reader is paused', async () =>
    (await serverText(env.PRD_SLOW, env.TOKEN_SLOW_TALKER)) === talker.text.toString(), 30000)
  await sleep(1000)
  socket.resume()
  await until('slow reader resumes and converges', () =>
    reader.text.toString() === talker.text.toString(), 30000)
  if (reader.closes.length > 0) throw new Error('the slow reader was closed: ' + reader.closes)
  checks.push('slow reader never closed')
  talker.provider.awareness.setLocalStateField('blob', null)
}

async function lateAccess () {
  const early = client(env.TOKEN_LATE, env.PRD_LATE, 'Creator')
  const later = client(env.TOKEN_LATE, env.PRD_LATER, 'Creator')
  // tells the test to let the second PRD's access arrive now that the server's wait for it has run out
  later.provider.on('connection-close', (event) => {
    if (event && event.code === 1013 && later.closes.filter((code) => code === 1013).length === 1) {
      console.log('signal:later-1013')
    }
  })
  const outsider = client(env.TOKEN_OUTSIDER, env.PRD_LATE, 'Outsider')
  await until('outsider refused with 4404 and stops reconnecting', () =>
    outsider.terminal.includes(4404) && outsider.provider.shouldConnect === false, 10000)
  await until('new PRD opens for its member while its access arrives', () => synced(early), 20000)
  if (early.closes.length > 0) throw new Error('the new PRD\'s member was closed: ' + early.closes)
  early.text.insert(0, 'late-1')
  await until('PRD still unknown after the wait: 1013, the stock client reconnects and syncs', () =>
    synced(later) && later.closes.includes(1013) && later.terminal.length === 0, 40000)
    .catch((e) => {
      throw new Error(e.message + ' (synced ' + synced(later) + ', closes ' + later.closes + ', terminal ' +
        later.terminal + ')')
    })
  later.text.insert(0, 'later-2')
  await until('edits on the new PRDs reach the server', async () =>
    (await serverText(env.PRD_LATE, env.TOKEN_LATE)) === 'late-1' + env.LATE_CONTENT &&
    (await serverText(env.PRD_LATER, env.TOKEN_LATE)) === 'later-2' + env.LATE_CONTENT, 15000)
  if (outsider.closes.some((code) => code !== 4404)) throw new Error('outsider saw ' + outsider.closes)
  checks.push('outsider only ever got 4404')
}

Promise.all([lateAccess(), burst(), slowReader()]).then(() => {
  console.log(JSON.stringify({ ok: true, checks, ...result }))
  providers.forEach((p) => p.destroy())
  setTimeout(() => process.exit(0), 100)
}, (err) => {
  console.log(JSON.stringify({ ok: false, failed: String(err && err.message ? err.message : err), checks }))
  providers.forEach((p) => p.destroy())
  setTimeout(() => process.exit(1), 100)
})
