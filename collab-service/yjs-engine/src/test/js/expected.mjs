// What a replaying peer computes from a list of updates: the "expected" block of a vector
// (see /work/shared/yjs-vectors/FORMAT.md). Shared by the generator and the replay tool.
import * as Y from 'yjs'

export const b64 = (u8) => Buffer.from(u8).toString('base64')
export const unb64 = (s) => new Uint8Array(Buffer.from(s, 'base64'))

export function replay (updates, replayClientId) {
  const doc = new Y.Doc()
  doc.clientID = replayClientId
  for (const u of updates) {
    Y.applyUpdate(doc, unb64(u.v1))
  }
  return doc
}

export function expectedOf (doc) {
  const text = doc.getText('text')
  return {
    shared: {
      text: { type: 'text', string: text.toString(), delta: text.toDelta() },
      meta: { type: 'map', json: doc.getMap('meta').toJSON() },
      list: { type: 'array', json: doc.getArray('list').toJSON() },
      prosemirror: { type: 'xml', string: doc.getXmlFragment('prosemirror').toString() }
    },
    stateVector: b64(Y.encodeStateVector(doc)),
    update: b64(Y.encodeStateAsUpdate(doc)),
    // not in the shared FORMAT.md: the same state in update format v2, for the v2 decoder
    updateV2: b64(Y.encodeStateAsUpdateV2(doc))
  }
}
