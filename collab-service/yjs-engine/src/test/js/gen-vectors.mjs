// Generates conformance vectors with real Yjs (pinned in package.json): random concurrent sessions
// of 2-4 peers over four shared types with random partial syncs; every session is written three
// times (generated, reverse and shuffled delivery order). Format: /work/shared/yjs-vectors/FORMAT.md
//
//   node gen-vectors.mjs <firstSeed> <sessions> [maxOpsPerPeer] > vectors.jsonl
import * as Y from 'yjs'
import { b64, replay, expectedOf } from './expected.mjs'

const REPLAY_CLIENT = 7777777

// mulberry32: small, seedable, identical on every machine
export function rng (seed) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6D2B79F5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p
  }
}

const CHARS = 'abcdefghijklmnopqrstuvwxyz  éü中\n'
const word = (r, max = 6) => {
  let s = ''
  const n = 1 + r.int(max)
  for (let i = 0; i < n; i++) s += CHARS[r.int(CHARS.length)]
  return s
}
const ATTRS = [
  () => ({ bold: true }), () => ({ italic: true }), () => ({ bold: null }), () => ({ italic: null }),
  () => ({ code: true }), () => ({ link: { href: 'https://x.test/a' } }), () => ({ bold: true, italic: true }),
  () => ({ link: null })
]
const anyValue = (r) => r.pick([
  () => r.int(1000), () => -r.int(100000), () => r.next() * 100, () => 1.5, () => 2 ** 40, () => word(r),
  () => true, () => false, () => null, () => ({ k: word(r), n: r.int(10), nested: { a: [1, 'two', null] } }),
  () => [word(r), r.int(5)], () => 'é中'
])()

function editText (r, text) {
  const len = text.length
  const op = r.int(10)
  if (op < 5 || len === 0) {
    const i = r.int(len + 1)
    if (r.chance(0.3)) text.insert(i, word(r), r.pick(ATTRS)())
    else if (r.chance(0.05)) text.insertEmbed(i, { image: word(r) })
    else text.insert(i, word(r))
  } else if (op < 8) {
    const i = r.int(len)
    text.delete(i, 1 + r.int(Math.min(5, len - i)))
  } else {
    const i = r.int(len)
    text.format(i, 1 + r.int(Math.min(8, len - i)), r.pick(ATTRS)())
  }
}

function editMap (r, map) {
  const key = r.pick(['title', 'status', 'owner', 'score', 'tags', 'x', 'y'])
  if (r.chance(0.2)) map.delete(key)
  else if (r.chance(0.05)) map.set(key, new Uint8Array([r.int(256), r.int(256)]))
  else if (r.chance(0.03)) map.set(key, new Y.Doc({ guid: 'sub-' + r.int(1000), meta: { kind: 'note' } }))
  else if (r.chance(0.05)) {
    const nested = new Y.Map()
    nested.set('inner', word(r))
    map.set(key, nested)
  } else map.set(key, anyValue(r))
}

function editArray (r, list) {
  const len = list.length
  if (len === 0 || r.chance(0.6)) {
    const n = 1 + r.int(3)
    const vals = []
    for (let i = 0; i < n; i++) vals.push(anyValue(r))
    if (r.chance(0.05)) vals.push(new Uint8Array([1, 2, 3]))
    if (r.chance(0.03)) {
      const hook = new Y.XmlHook('mention')
      hook.set('user', word(r))
      vals.push(hook)
    }
    if (r.chance(0.05)) {
      const nested = new Y.Array()
      nested.insert(0, [word(r)])
      vals.push(nested)
    }
    list.insert(r.int(len + 1), vals)
  } else {
    const i = r.int(len)
    list.delete(i, 1 + r.int(Math.min(3, len - i)))
  }
}

function editXml (r, frag) {
  const n = frag.length
  const op = r.int(10)
  if (n === 0 || op < 2) {
    const el = r.chance(0.3) ? new Y.XmlElement('heading') : new Y.XmlElement('paragraph')
    if (el.nodeName === 'heading') el.setAttribute('level', r.pick([1, 2, 3, '2']))
    const t = new Y.XmlText()
    t.insert(0, word(r))
    el.insert(0, [t])
    frag.insert(r.int(n + 1), [el])
  } else if (op < 3) {
    frag.delete(r.int(n), 1)
  } else if (op < 4) {
    const el = frag.get(r.int(n))
    el.setAttribute(r.pick(['level', 'align']), r.pick([1, 2, 'left', 'center']))
  } else {
    const el = frag.get(r.int(n))
    if (el.length === 0) {
      el.insert(0, [new Y.XmlText()])
    }
    editText(r, el.get(0))
  }
}

export function session (seed, maxOps = 30) {
  const r = rng(seed)
  const peers = 2 + r.int(3)
  const docs = []
  const log = []
  for (let p = 0; p < peers; p++) {
    const d = new Y.Doc()
    d.clientID = 1 + Math.floor(r.next() * 0xFFFFFFF0)
    d.on('update', (u, origin, doc, txn) => { if (txn.local) log.push({ client: doc.clientID, v1: u, v2: null }) })
    // same transactions in update format v2 (emitted right after the v1 event)
    d.on('updateV2', (u, origin, doc, txn) => { if (txn.local) log[log.length - 1].v2 = u })
    docs.push(d)
  }
  const steps = peers * (5 + r.int(maxOps))
  for (let s = 0; s < steps; s++) {
    const d = r.pick(docs)
    const kind = r.int(10)
    d.transact(() => {
      if (kind < 4) editText(r, d.getText('text'))
      else if (kind < 6) editMap(r, d.getMap('meta'))
      else if (kind < 8) editArray(r, d.getArray('list'))
      else editXml(r, d.getXmlFragment('prosemirror'))
    })
    if (r.chance(0.25)) {
      // partial sync: one peer catches up with another
      const a = r.pick(docs)
      const b = r.pick(docs)
      if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)))
    }
  }
  return { peers, updates: log.map(u => ({ client: u.client, v1: b64(u.v1), v2: b64(u.v2) })) }
}

// with PARTIAL=1: a fourth variant that never delivers some updates, so the replaying peer ends
// with pending structs and deletions (Yjs then includes them in its state encoding)
const PARTIAL = process.env.PARTIAL === '1'

function orders (r, updates) {
  const shuffled = updates.slice()
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = r.int(i + 1)
    const t = shuffled[i]; shuffled[i] = shuffled[j]; shuffled[j] = t
  }
  const out = { generated: updates, reverse: updates.slice().reverse(), shuffled }
  if (PARTIAL) out.partial = shuffled.filter(() => !r.chance(0.2))
  return out
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const first = Number(process.argv[2] ?? 200000)
  const count = Number(process.argv[3] ?? 40)
  const maxOps = Number(process.argv[4] ?? 30)
  for (let seed = first; seed < first + count; seed++) {
    const { peers, updates } = session(seed, maxOps)
    const variants = orders(rng(seed ^ 0x5bd1e995), updates)
    for (const [variant, ups] of Object.entries(variants)) {
      const doc = replay(ups, REPLAY_CLIENT)
      const line = { name: `random-${seed}-${variant}`, seed, peers, replayClientId: REPLAY_CLIENT, updates: ups, expected: expectedOf(doc) }
      process.stdout.write(JSON.stringify(line) + '\n')
    }
  }
}
