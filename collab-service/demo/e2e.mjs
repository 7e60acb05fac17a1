// End-to-end test of the co-editing demo page in a real headless Chromium against the running local stack
// (deploy/local/run.sh). Run through e2e.sh, which finds Chromium and installs the pinned packages.
//   PRD_ID, TOKEN_ALICE (owner), TOKEN_BOB (member), TOKEN_CAROL (viewer): as run.sh prints them
//   DEMO_BASE (default http://localhost:8082), CHROMIUM (default /usr/bin/chromium), OUT (screenshots)
import { chromium } from 'playwright-core'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const env = process.env
const base = (env.DEMO_BASE || 'http://localhost:8082').replace(/\/$/, '')
const prd = env.PRD_ID
const tokens = { alice: env.TOKEN_ALICE, bob: env.TOKEN_BOB, carol: env.TOKEN_CAROL }
const out = env.OUT || 'target/demo-e2e'
const run = Math.random().toString(36).slice(2, 8)
for (const [k, v] of Object.entries({ PRD_ID: prd, ...tokens })) {
  if (!v) throw new Error(`${k} is not set (see collab-service/demo/README.md)`)
}
mkdirSync(out, { recursive: true })

const results = []
let page
let shot = 0
async function screenshot (name, fullPage = false) {
  shot++
  await page.screenshot({ path: join(out, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage })
}
async function step (name, fn) {
  const started = Date.now()
  try {
    await fn()
    results.push(`ok   - ${name} (${Date.now() - started} ms)`)
    console.log(results.at(-1))
  } catch (e) {
    results.push(`FAIL - ${name}: ${e.message}`)
    console.log(results.at(-1))
    if (page) await page.screenshot({ path: join(out, 'failure.png'), fullPage: true }).catch(() => {})
    throw e
  }
}
const text = handle => page.evaluate(h => window.demo.text(h), handle)
async function until (what, fn, timeout = 20000) {
  const deadline = Date.now() + timeout
  let last
  while (Date.now() < deadline) {
    last = await fn()
    if (last === true) return
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  const detail = last && last !== false ? ` (last: ${last})` : ''
  throw new Error(`timed out after ${timeout} ms waiting for ${what}${detail}`)
}
async function serverText () {
  const res = await fetch(`${base}/api/v1/prds/${prd}/document?format=text`,
    { headers: { Authorization: `Bearer ${tokens.alice}` } })
  if (!res.ok) throw new Error(`GET document: ${res.status}`)
  return (await res.json()).content
}
async function typeAtEnd (handle, typed) {
  await page.locator(`[data-testid=editor-${handle}] .cm-content`).click()
  await page.keyboard.press('Control+End')
  await page.keyboard.type(typed)
}
async function allEqualServer (handles) {
  const server = await serverText()
  for (const h of handles) {
    const t = await text(h)
    if (t !== server) return `${h} has ${t.length} chars, the server ${server.length}`
  }
  return true
}

const profile = mkdtempSync(join(tmpdir(), 'prdtool-chromium-'))
const context = await chromium.launchPersistentContext(profile, {
  executablePath: env.CHROMIUM || '/usr/bin/chromium',
  // Debian's Chromium as root needs --no-sandbox; without the background-networking flags it tries to reach
  // Google's services at start and, on a machine without internet, page connections are refused
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1400, height: 1000 }
})
const pageErrors = []
const consoleLines = []
let failed = false
try {
  page = context.pages()[0] || await context.newPage()
  page.on('pageerror', e => pageErrors.push(String(e)))
  page.on('console', m => consoleLines.push(`${m.type()}: ${m.text()}`))
  const url = `${base}/demo/#prd=${prd}&alice=${tokens.alice}&bob=${tokens.bob}&carol=${tokens.carol}`

  await step('the page loads, every pane connects and syncs', async () => {
    await page.goto(url)
    for (const h of Object.keys(tokens)) {
      await page.waitForSelector(`[data-testid=sync-${h}][data-state=synced]`, { timeout: 30000 })
      await page.waitForSelector(`[data-testid=status-${h}][data-state=connected]`)
    }
    await page.waitForFunction(() => window.demo.ready === true, null, { timeout: 30000 })
    await until('the editors to show the server text', () => allEqualServer(['alice', 'bob', 'carol']))
    await screenshot('synced')
  })

  await step('everyone is listed as here, with the roles from prd-service', async () => {
    await until('alice, bob and carol in bob\'s pane', async () => {
      const names = await page.locator('[data-testid=who-bob-item]').allTextContents()
      return ['Alice', 'Bob (you)', 'Carol'].every(n => names.includes(n)) || names.join(', ')
    })
    const roles = await Promise.all(['alice', 'bob', 'carol']
      .map(h => page.locator(`[data-testid=role-${h}]`).textContent()))
    if (roles.join('|') !== 'owner|member|viewer · read-only') throw new Error(`roles: ${roles}`)
  })

  const typedA = `## Problem\nReturning shoppers drop out at the card form (${run}).\n`
  await step('typing in alice\'s pane appears in bob\'s pane', async () => {
    await typeAtEnd('alice', typedA)
    await until('bob to see alice\'s text', async () => (await text('bob')).includes(typedA))
  })

  await step('alice\'s caret is drawn in bob\'s pane with her name', async () => {
    const label = page.locator('[data-testid=editor-bob] .cm-ySelectionInfo', { hasText: 'Alice' })
    await label.first().waitFor({ state: 'visible', timeout: 10000 })
    await screenshot('remote-caret')
  })

  await step('the server\'s text (REST peer read) equals both editors\'', async () => {
    await until('server == editors', () => allEqualServer(['alice', 'bob']))
  })

  await step('offline edits converge after reconnecting', async () => {
    await page.click('[data-testid=toggle-bob]')
    await page.waitForSelector('[data-testid=status-bob][data-state=disconnected]')
    const onlineA = `## Goals\nCheckout for returning shoppers takes under 10 s (${run}, alice online).\n`
    const offlineB = `## Requirements\nR1. Pay with the stored card in one click (${run}, bob offline).\n`
    await typeAtEnd('alice', onlineA)
    await typeAtEnd('bob', offlineB)
    await until('the server to have alice\'s edit', async () => (await serverText()).includes(onlineA))
    if ((await text('bob')).includes(onlineA)) throw new Error('bob saw alice\'s edit while disconnected')
    if ((await serverText()).includes(offlineB)) throw new Error('the server got bob\'s edit while he was offline')
    await screenshot('offline')
    await page.click('[data-testid=toggle-bob]')
    await page.waitForSelector('[data-testid=sync-bob][data-state=synced]')
    await until('both panes to hold both edits', async () => {
      const [a, b] = [await text('alice'), await text('bob')]
      return (a === b && a.includes(onlineA) && a.includes(offlineB)) || 'not yet'
    })
    await until('server == editors after the reconnect', () => allEqualServer(['alice', 'bob']))
  })

  const viewerEdit = `VIEWER-EDIT-${run}`
  await step('a viewer\'s pane is read-only and her edits are dropped by the server', async () => {
    const editable = await page.locator('[data-testid=editor-carol] .cm-content').getAttribute('contenteditable')
    if (editable !== 'false') throw new Error(`carol's editor is contenteditable=${editable}`)
    // bypass the read-only editor: an update straight into carol's Y.Doc goes to the server like any client's,
    // then an awareness change on the same connection tells when the server has handled it
    await page.evaluate(([t, probe]) => {
      const carol = window.demo.panes.carol
      carol.ytext.insert(0, t)
      carol.provider.awareness.setLocalStateField('probe', probe)
    }, [viewerEdit, run])
    await until('carol\'s probe to reach alice', () => page.evaluate(probe => {
      const alice = window.demo.panes.alice
      return [...alice.provider.awareness.getStates().values()].some(s => s.probe === probe)
    }, run))
    const marker = `R2. Show the card's last four digits before paying (${run}).\n`
    await typeAtEnd('bob', marker)
    await until('bob\'s later edit to reach the server', async () => (await serverText()).includes(marker))
    for (const [who, t] of [['server', await serverText()], ['alice', await text('alice')],
      ['bob', await text('bob')]]) {
      if (t.includes(viewerEdit)) throw new Error(`the viewer's edit reached ${who}`)
    }
  })

  await step('an accepted AI review finding appears in both panes', async () => {
    await page.waitForSelector('[data-testid=ai]:not([hidden])', { timeout: 10000 })
    const sentence = `R3. Keep the card on file in order to skip the form next time (${run}).\n`
    await typeAtEnd('alice', sentence)
    await until('the server to have the sentence', async () => (await serverText()).includes(`(${run})`))
    const finding = page.locator('[data-testid=finding][data-rule=wordy-phrase]', { hasText: 'in order to' })
    await until('a wordy-phrase finding for "in order to"', async () => {
      if (await finding.count() > 0) return true
      await page.click('[data-testid=ai-review]')
      await page.waitForTimeout(1000)
      return false
    }, 60000)
    await screenshot('ai-finding')
    await finding.first().locator('[data-testid=finding-accept]').click()
    const fixed = `on file to skip the form next time (${run})`
    await until('both panes to show the accepted finding',
      async () => ((await text('alice')).includes(fixed) && (await text('bob')).includes(fixed)) || 'not yet')
    await until('server == editors after the AI edit', () => allEqualServer(['alice', 'bob']))
  })

  await step('a mention of bob reaches his notification bell over the live stream', async () => {
    await page.waitForSelector('[data-testid=bell-bob][data-live=true]', { timeout: 20000 })
    const before = Number(await page.locator('[data-testid=bell-count-bob]').getAttribute('data-count'))
    // only a new mention notifies (a rerun on the same data already mentions bob): then any notification will do
    const newMention = !(await text('alice')).includes('@bob@acme.example')
    await typeAtEnd('alice', `\n## Open questions\n@bob@acme.example which card networks at launch? (${run})\n`)
    await until('bob\'s unread count to go up', async () =>
      Number(await page.locator('[data-testid=bell-count-bob]').getAttribute('data-count')) > before || 'not yet',
    90000)
    if (newMention) {
      await page.locator('[data-testid=inbox-bob-item][data-type=mention]').first().waitFor({ state: 'attached' })
    }
    await page.click('[data-testid=bell-bob]')
    await page.locator('[data-testid=inbox-bob] li', { hasText: newMention ? 'mentioned you' : '“' }).first()
      .waitFor({ state: 'visible', timeout: 10000 })
    await screenshot('notification')
    await page.click('[data-testid=bell-bob]')
  })

  await step('versions: create one and compare it with the one before', async () => {
    await page.waitForSelector('[data-testid=versions]:not([hidden])', { timeout: 10000 })
    for (const changelog of [`before ${run}`, `after ${run}`]) {
      const count = await page.locator('[data-testid=version]').count()
      if (changelog.startsWith('after')) await typeAtEnd('alice', `Version note ${run}.\n`)
      // a version captures prd-service's copy of the text, which follows collab-service's content events
      await until('prd-service to hold the editor text', async () => {
        const res = await fetch(`http://localhost:8081/api/v1/prds/${prd}`,
          { headers: { Authorization: `Bearer ${tokens.alice}` } })
        return (await res.json()).content === await text('alice') || 'not yet'
      }, 30000)
      await page.fill('[data-testid=version-changelog]', changelog)
      await page.click('[data-testid=version-create]')
      await until('the new version in the list', async () =>
        await page.locator('[data-testid=version]').count() > count || 'not yet')
    }
    await page.click('[data-testid=compare]')
    await page.locator('[data-testid=diff] .add', { hasText: `Version note ${run}` }).first()
      .waitFor({ state: 'visible', timeout: 10000 })
  })

  await step('approval: alice submits the PRD for review if it is a draft and approves the text shown', async () => {
    // an approval is bound to prd-service's copy of the text; the page refreshes its PRD every 5 s
    await until('the page to hold prd-service\'s current text', () => page.evaluate(() =>
      window.demo.prd.content === window.demo.text('alice') || 'not yet'), 30000)
    if (await page.locator('[data-testid=submit-review]').count() > 0) {
      await page.click('[data-testid=submit-review]')
    }
    await page.click('[data-testid=approve]', { timeout: 10000 })
    await page.locator('[data-testid=prd-status]', { hasText: 'approved' }).waitFor({ timeout: 10000 })
    await page.locator('[data-testid=approved-by]', { hasText: 'Alice' }).waitFor({ timeout: 10000 })
  })

  await step('the editors still equal the server, and no script error happened', async () => {
    await until('server == editors at the end', () => allEqualServer(['alice', 'bob']))
    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join(' | ')}`)
  })

  await step('after a reload every pane, carol\'s too, loads the server\'s text', async () => {
    await page.reload()
    for (const h of Object.keys(tokens)) {
      await page.waitForSelector(`[data-testid=sync-${h}][data-state=synced]`, { timeout: 30000 })
    }
    await page.waitForFunction(() => window.demo.ready === true, null, { timeout: 30000 })
    await until('all three panes == server', () => allEqualServer(['alice', 'bob', 'carol']))
    // for the screenshot: bob's caret at the top, alice selecting the problem statement
    await page.locator('[data-testid=editor-bob] .cm-content').click()
    await page.keyboard.press('Control+Home')
    await page.locator('[data-testid=editor-alice] .cm-content').click()
    await page.keyboard.press('Control+Home')
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('Home')
    await page.keyboard.press('Shift+End')
    await page.locator('[data-testid=editor-bob] .cm-ySelectionInfo', { hasText: 'Alice' }).first()
      .waitFor({ state: 'visible', timeout: 10000 })
    await page.click('[data-testid=ai-review]')
    await page.locator('[data-testid=ai-score]', { hasText: 'score' }).waitFor({ timeout: 10000 })
    await page.waitForSelector('[data-testid=finding]', { timeout: 10000 })
    if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join(' | ')}`)
    await screenshot('demo', true)
  })

  await step('a token the server refuses shows close code 4401 and its reason, and the pane stops reconnecting',
    async () => {
      const other = await context.newPage()
      other.on('pageerror', e => pageErrors.push(String(e)))
      await other.goto(`${base}/demo/#prd=${prd}&mallory=not-a-token`)
      const closed = other.locator('[data-testid=closed-mallory][data-code="4401"]')
      await closed.waitFor({ state: 'visible', timeout: 20000 })
      const shown = await closed.textContent()
      if (!shown.includes('4401') || !shown.includes('final')) throw new Error(`shown: ${shown}`)
      await other.locator('[data-testid=toggle-mallory]', { hasText: 'Connect' }).waitFor({ timeout: 10000 })
      await other.close()
      if (pageErrors.length) throw new Error(`page errors: ${pageErrors.join(' | ')}`)
    })
} catch (e) {
  failed = true
} finally {
  writeFileSync(join(out, 'console.log'), consoleLines.join('\n') + '\n')
  writeFileSync(join(out, 'results.txt'), results.join('\n') + '\n')
  await context.close()
  rmSync(profile, { recursive: true, force: true })
}
console.log(`demo e2e: ${results.filter(r => r.startsWith('ok')).length} passed, ${failed ? 1 : 0} failed` +
  ` (screenshots and console log: ${out})`)
process.exit(failed ? 1 : 0)
