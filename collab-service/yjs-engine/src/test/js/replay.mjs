// Differential fuzz, Java -> Yjs: reads sessions (JSON lines with name, replayClientId, updates) made
// by the Java engine, replays them in real Yjs and writes the complete vector (with "expected").
//   node replay.mjs < sessions.jsonl > vectors.jsonl
import { createInterface } from 'node:readline'
import { replay, expectedOf } from './expected.mjs'

const rl = createInterface({ input: process.stdin, crlfDelay: Infinity })
for await (const line of rl) {
  if (!line.trim()) continue
  const s = JSON.parse(line)
  let expected
  try {
    expected = expectedOf(replay(s.updates, s.replayClientId))
  } catch (e) {
    expected = { error: String(e && e.stack || e) }
  }
  process.stdout.write(JSON.stringify({ ...s, expected }) + '\n')
}
