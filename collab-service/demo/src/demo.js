// The co-editing demo page: one pane per user token in the URL fragment, each with its own Y.Doc and stock
// y-websocket connection to collab-service, a CodeMirror 6 editor bound to the Y.Text the server treats as the PRD's
// Markdown ('content'), and around it the other services' REST APIs (versions, approval, AI review, notifications).
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { yCollab } from 'y-codemirror.next'
import { EditorView, basicSetup } from 'codemirror'
import { Compartment, EditorState } from '@codemirror/state'
import { markdown } from '@codemirror/lang-markdown'

const COLOURS = [
  ['#d9480f', '#ffd8a8'], ['#1971c2', '#a5d8ff'], ['#2b8a3e', '#b2f2bb'], ['#9c36b5', '#eebefa'],
  ['#c2255c', '#fcc2d7']
]
const TEXT_NAME = 'content'

const $ = (sel, root = document) => root.querySelector(sel)
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'testid') e.dataset.testid = v
    else if (k === 'class') e.className = v
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v)
    else e.setAttribute(k, v)
  }
  for (const c of children) e.append(c)
  return e
}

/** #prd=<id>&alice=<jwt>&bob=<jwt>&carol=<jwt>: every key but prd (and *Url overrides) is a user with a token. */
function parseFragment (hash) {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const users = []
  const urls = {}
  let prd = null
  for (const [key, value] of params) {
    if (key === 'prd') prd = value
    else if (key.endsWith('Url')) urls[key.slice(0, -3)] = value.replace(/\/$/, '')
    else users.push({ handle: key, token: value })
  }
  return { prd, users, urls }
}

function claims (token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')
    return JSON.parse(decodeURIComponent(escape(atob(part))))
  } catch (e) {
    return {}
  }
}

const fragment = parseFragment(location.hash)
const host = location.hostname
const services = {
  collab: fragment.urls.collab || location.origin,
  prd: fragment.urls.prd || `${location.protocol}//${host}:8081`,
  ai: fragment.urls.ai || `${location.protocol}//${host}:8083`,
  notification: fragment.urls.notification || `${location.protocol}//${host}:8085`
}

/** A REST call with a user's token; rejects with {status, problem} or a network error (service absent, no CORS). */
async function api (service, token, method, path, body) {
  const res = await fetch(services[service] + path, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' })
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
  const text = await res.text()
  const json = text ? JSON.parse(text) : null
  if (!res.ok) {
    const err = new Error(`${method} ${path}: ${res.status} ${(json && (json.detail || json.title)) || ''}`)
    err.status = res.status
    err.problem = json
    throw err
  }
  return json
}

const demo = { panes: {}, services, fragment, prd: null, members: [], errors: [] }
window.demo = demo

function showError (where, e) {
  demo.errors.push(`${where}: ${e.message}`)
  console.warn(where, e)
}

// ------------------------------------------------------------------------------------------------ one pane per user

function bellIcon () {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg')
  svg.setAttribute('viewBox', '0 0 24 24')
  svg.setAttribute('width', '18')
  svg.setAttribute('height', '18')
  svg.setAttribute('aria-hidden', 'true')
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path')
  path.setAttribute('d', 'M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 ' +
    '1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1z')
  path.setAttribute('fill', 'currentColor')
  svg.append(path)
  return svg
}

function createPane (user, index) {
  const [color, colorLight] = COLOURS[index % COLOURS.length]
  const c = claims(user.token)
  const name = c.name || user.handle
  const doc = new Y.Doc()
  const ytext = doc.getText(TEXT_NAME)
  const provider = new WebsocketProvider(services.collab.replace(/^http/, 'ws') + '/collab', fragment.prd, doc, {
    params: { token: user.token },
    // two providers of one page share a room name: without this they would sync through the BroadcastChannel and
    // "offline" edits would never be offline
    disableBc: true
  })
  provider.awareness.setLocalStateField('user', { name, color, colorLight })

  const h = user.handle
  const status = el('span', { class: 'badge', testid: `status-${h}` }, 'connecting')
  const sync = el('span', { class: 'badge', testid: `sync-${h}` }, 'not synced')
  const role = el('span', { class: 'badge role', testid: `role-${h}` }, '…')
  const toggle = el('button', { testid: `toggle-${h}` }, 'Disconnect')
  const closed = el('div', { class: 'closed', testid: `closed-${h}`, hidden: '' })
  const who = el('ul', { class: 'who', testid: `who-${h}` })
  const bell = el('button', { class: 'bell', testid: `bell-${h}`, title: 'notifications', hidden: '' },
    bellIcon(), el('span', { class: 'count', testid: `bell-count-${h}` }, '0'))
  const inbox = el('ol', { class: 'inbox', testid: `inbox-${h}`, hidden: '' })
  const host = el('div', { class: 'editor', testid: `editor-${h}` })
  const pane = el('article', { class: 'pane', testid: `pane-${h}`, style: `--user:${color}` },
    el('header', {},
      el('span', { class: 'dot', style: `background:${color}` }), el('strong', {}, name), role, bell),
    inbox,
    el('div', { class: 'row' }, status, sync, toggle),
    closed, host,
    el('div', { class: 'here' }, el('span', { class: 'muted' }, 'here: '), who))
  $('[data-testid=panes]').append(pane)

  const access = new Compartment()
  const view = new EditorView({
    parent: host,
    state: EditorState.create({
      doc: ytext.toString(),
      extensions: [
        basicSetup, markdown(), EditorView.lineWrapping,
        yCollab(ytext, provider.awareness),
        access.of(EditorView.editable.of(true))
      ]
    })
  })

  const p = { handle: h, name, color, doc, ytext, provider, view, token: user.token, role: null }
  demo.panes[h] = p

  provider.on('status', ({ status: s }) => {
    status.textContent = s
    status.dataset.state = s
    toggle.textContent = provider.shouldConnect ? 'Disconnect' : 'Connect'
    if (s === 'connected') closed.hidden = true
  })
  provider.on('sync', synced => {
    sync.textContent = synced ? 'synced' : 'not synced'
    sync.dataset.state = synced ? 'synced' : 'syncing'
  })
  provider.on('connection-close', event => {
    if (event && event.code !== 1000) {
      closed.hidden = false
      closed.textContent = `server closed the connection: ${event.code} ${event.reason || ''}`.trim() +
        (event.code >= 4400 && event.code < 4500 ? ' (final: press Connect to try again)' : ' (reconnecting)')
      closed.dataset.code = String(event.code)
    }
  })
  provider.on('closed', () => { toggle.textContent = 'Connect' })
  toggle.addEventListener('click', () => {
    if (provider.shouldConnect) provider.disconnect()
    else provider.connect()
    toggle.textContent = provider.shouldConnect ? 'Disconnect' : 'Connect'
  })

  const renderWho = () => {
    who.replaceChildren()
    const seen = new Set()
    for (const [clientId, state] of provider.awareness.getStates()) {
      const u = state.user
      if (!u || seen.has(clientId)) continue
      seen.add(clientId)
      const me = clientId === doc.clientID
      who.append(el('li', { style: `color:${u.color}`, testid: `who-${h}-item` }, u.name + (me ? ' (you)' : '')))
    }
  }
  provider.awareness.on('change', renderWho)
  renderWho()
  // a viewer's pane is read-only in the page; the server drops a viewer's document updates anyway
  p.setReadOnly = () => {
    view.dispatch({ effects: access.reconfigure([EditorView.editable.of(false), EditorState.readOnly.of(true)]) })
    pane.classList.add('readonly')
    pane.dataset.readonly = 'true'
  }
  p.bell = { button: bell, count: $('.count', bell), inbox }
  return p
}

// ------------------------------------------------------------------------------------------------ around the editor

async function loadPrd (owner) {
  const prd = await api('prd', owner.token, 'GET', `/api/v1/prds/${fragment.prd}`)
  $('[data-testid=prd-title]').textContent = prd.title
  try {
    const page = await api('prd', owner.token, 'GET', `/api/v1/orgs/${prd.organizationId}/members?limit=100`)
    demo.members = page.items
  } catch (e) {
    showError('members', e)
  }
  renderApproval(prd)
  return prd
}

function memberName (id) {
  const m = demo.members.find(x => x.userId === id)
  return m ? m.name : String(id).slice(0, 8)
}

// approval state (prd-service), with the acting user's (the first pane's) next steps
function renderApproval (prd) {
  demo.prd = prd
  const owner = Object.values(demo.panes)[0]
  const box = $('[data-testid=approval]')
  box.hidden = false
  const act = (label, testid, path, body) => el('button', {
    class: 'act',
    testid,
    onclick: async () => {
      try {
        renderApproval(await api('prd', owner.token, 'POST', `/api/v1/prds/${fragment.prd}${path}`, body()))
      } catch (e) {
        showError(label, e)
        box.append(el('span', { class: 'closed', testid: 'approval-error' }, ` ${e.message}`))
      }
    }
  }, label)
  const actions = []
  if ((prd.allowedTransitions || []).includes('in_review')) {
    actions.push(act('Submit for review', 'submit-review', '/status', () => ({ status: 'in_review' })))
  }
  if (prd.status === 'in_review') {
    // approve exactly the content shown: prd-service answers 409 if it changed meanwhile
    actions.push(act('Approve', 'approve', '/approve', () => ({ contentHash: demo.prd.contentHash })))
  }
  if ((prd.allowedTransitions || []).includes('draft')) {
    actions.push(act('Back to draft', 'back-to-draft', '/status', () => ({ status: 'draft' })))
  }
  box.replaceChildren(
    el('span', { class: `badge status-${prd.status}`, testid: 'prd-status' }, prd.status.replace('_', ' ')),
    el('span', { class: 'muted' }, ` v${prd.currentVersion || '–'} · approvers: ` +
      ((prd.approverIds || []).map(memberName).join(', ') || 'none named')),
    prd.approval && prd.approval.approvedBy
      ? el('span', { class: 'muted', testid: 'approved-by' },
        ` · approved by ${memberName(prd.approval.approvedBy)} ${new Date(prd.approval.approvedAt).toLocaleString()}`)
      : '',
    ...actions)
}

async function resolveRoles (panes) {
  for (const p of panes) {
    try {
      const me = await api('prd', p.token, 'GET', '/api/v1/users/me')
      p.userId = me.id
      const m = demo.members.find(x => x.userId === me.id)
      p.role = m ? m.role : 'unknown'
    } catch (e) {
      p.role = 'unknown'
      showError(`role of ${p.handle}`, e)
    }
    $(`[data-testid=role-${p.handle}]`).textContent = p.role
    if (p.role === 'viewer') {
      p.setReadOnly()
      $(`[data-testid=role-${p.handle}]`).textContent = 'viewer · read-only'
    }
  }
}

// versions + compare (prd-service)
async function setupVersions (owner) {
  const card = $('[data-testid=versions]')
  const list = $('[data-testid=version-list]')
  const from = $('[data-testid=compare-from]')
  const to = $('[data-testid=compare-to]')
  const diff = $('[data-testid=diff]')
  const refresh = async () => {
    const page = await api('prd', owner.token, 'GET', `/api/v1/prds/${fragment.prd}/versions?limit=50`)
    list.replaceChildren(...page.items.map(v => el('li', { testid: 'version' },
      el('strong', {}, v.version), ` ${new Date(v.createdAt).toLocaleTimeString()} by ${memberName(v.createdBy)}`,
      v.changelog ? el('span', { class: 'muted' }, ` — ${v.changelog}`) : '')))
    for (const select of [from, to]) {
      const keep = select.value
      select.replaceChildren(...page.items.map(v => el('option', { value: v.version }, v.version)))
      if (keep) select.value = keep
    }
    if (page.items.length > 1 && !from.dataset.touched) {
      to.value = page.items[0].version
      from.value = page.items[1].version
    }
    return page.items
  }
  await refresh()
  card.hidden = false
  from.addEventListener('change', () => { from.dataset.touched = '1' })
  $('[data-testid=version-create]').addEventListener('click', async () => {
    const changelog = $('[data-testid=version-changelog]').value
    try {
      await api('prd', owner.token, 'POST', `/api/v1/prds/${fragment.prd}/versions`,
        changelog ? { bump: 'minor', changelog } : { bump: 'minor' })
      $('[data-testid=version-changelog]').value = ''
      delete from.dataset.touched
      await refresh()
      renderApproval(await api('prd', owner.token, 'GET', `/api/v1/prds/${fragment.prd}`))
    } catch (e) {
      showError('create version', e)
      alert(e.message)
    }
  })
  $('[data-testid=compare]').addEventListener('click', async () => {
    try {
      const c = await api('prd', owner.token, 'GET', `/api/v1/prds/${fragment.prd}/versions/compare?from=` +
        `${encodeURIComponent(from.value)}&to=${encodeURIComponent(to.value)}`)
      diff.hidden = false
      diff.replaceChildren(
        el('div', { class: 'muted' }, `${c.from} → ${c.to}: +${c.linesAdded} −${c.linesRemoved}`),
        ...(c.unifiedDiff || '(no differences)').split('\n').map(line => el('div', {
          class: line.startsWith('+') && !line.startsWith('+++')
            ? 'add'
            : line.startsWith('-') && !line.startsWith('---') ? 'del' : ''
        }, line)))
    } catch (e) {
      showError('compare', e)
      alert(e.message)
    }
  })
}

// offline AI review (ai-service): findings next to the text, accept / reject
async function setupAi (owner) {
  const openFindings = `/api/v1/prds/${fragment.prd}/ai/suggestions?status=open&limit=100`
  const card = $('[data-testid=ai]')
  const list = $('[data-testid=findings]')
  const score = $('[data-testid=ai-score]')
  const render = (findings) => {
    list.replaceChildren(...findings.filter(f => f.status === 'open').map(f => {
      const meta = f.metadata || {}
      const item = el('li', { testid: 'finding', 'data-rule': meta.rule || '', class: `sev-${meta.severity || ''}` },
        el('div', {}, el('span', { class: 'badge' }, meta.severity || 'info'), ' ', meta.message || f.suggestionType),
        !f.originalText
          ? ''
          : f.suggestedText !== null && f.suggestedText !== undefined
            ? el('div', { class: 'quote' }, el('del', {}, f.originalText), el('ins', {}, f.suggestedText))
            : el('div', { class: 'quote' }, el('mark', {}, f.originalText)),
        meta.hint ? el('div', { class: 'muted' }, meta.hint) : '')
      const buttons = el('div', { class: 'row' })
      if (f.suggestedText !== null && f.suggestedText !== undefined && f.originalText) {
        buttons.append(el('button', {
          testid: 'finding-accept',
          onclick: () => act(f, 'accept', item)
        }, 'Accept'))
      }
      buttons.append(el('button', { testid: 'finding-reject', onclick: () => act(f, 'reject', item) }, 'Reject'))
      item.append(buttons)
      return item
    }))
  }
  const act = async (f, what, item) => {
    try {
      await api('ai', owner.token, 'POST', `/api/v1/prds/${fragment.prd}/ai/suggestions/${f.id}/${what}`)
      item.remove()
    } catch (e) {
      showError(`${what} finding`, e)
      item.append(el('div', { class: 'closed' }, e.message))
    }
  }
  const review = async () => {
    const r = await api('ai', owner.token, 'POST', `/api/v1/prds/${fragment.prd}/ai/review`)
    score.textContent = `score ${r.overallScore}/100 · ${r.findingCount} findings${r.cached ? ' (cached)' : ''}`
    const open = await api('ai', owner.token, 'GET', openFindings)
    render(open.items.filter(s => s.source === 'rubric'))
  }
  const open = await api('ai', owner.token, 'GET', openFindings)
  render(open.items.filter(s => s.source === 'rubric'))
  card.hidden = false
  $('[data-testid=ai-review]').addEventListener('click', () => review().catch(e => {
    showError('review', e)
    score.textContent = e.message
  }))
}

// notification bell (notification-service): unread count, then live over SSE with a single-use stream ticket
async function setupBell (p) {
  const { button, count, inbox } = p.bell
  const unread = await api('notification', p.token, 'GET', '/api/v1/notifications/unread-count')
  count.textContent = unread.display
  count.dataset.count = String(unread.count)
  button.hidden = false
  let lastEventId = null
  let backoff = 1000
  const open = async () => {
    const ticket = await api('notification', p.token, 'POST', '/api/v1/notifications/stream-ticket')
    const url = new URL(services.notification + '/api/v1/notifications/stream')
    url.searchParams.set('ticket', ticket.ticket)
    if (lastEventId) url.searchParams.set('lastEventId', lastEventId)
    const source = new EventSource(url)
    p.bell.source = source
    source.addEventListener('open', () => { backoff = 1000; button.dataset.live = 'true' })
    source.addEventListener('notification', ev => {
      lastEventId = ev.lastEventId
      const n = JSON.parse(ev.data)
      if (!n.read) {
        const c = Number(count.dataset.count) + 1
        count.dataset.count = String(c)
        count.textContent = c > 99 ? '99+' : String(c)
      }
      button.classList.add('ring')
      setTimeout(() => button.classList.remove('ring'), 1500)
      inbox.prepend(el('li', { testid: `inbox-${p.handle}-item`, 'data-type': n.type }, n.title))
    })
    source.addEventListener('error', () => {
      // a ticket opens one stream only: every reconnection needs a new one
      source.close()
      button.dataset.live = 'false'
      setTimeout(() => open().catch(e => showError('notification stream', e)), backoff)
      backoff = Math.min(backoff * 2, 30000)
    })
  }
  button.addEventListener('click', async () => {
    inbox.hidden = !inbox.hidden
    if (!inbox.hidden) {
      const page = await api('notification', p.token, 'GET', '/api/v1/notifications?limit=10')
      inbox.replaceChildren(...page.items.map(n => el('li', { class: n.read ? 'read' : '' }, n.title)),
        el('li', {}, el('button', {
          onclick: async () => {
            await api('notification', p.token, 'POST', '/api/v1/notifications/read-all')
            count.dataset.count = '0'
            count.textContent = '0'
            inbox.hidden = true
          }
        }, 'Mark all read')))
    }
  })
  await open()
}

// ------------------------------------------------------------------------------------------------ start

async function main () {
  if (!fragment.prd || fragment.users.length === 0) {
    const setup = $('[data-testid=setup]')
    setup.hidden = false
    setup.textContent = 'Open this page with the URL deploy/local/run.sh prints ("Co-editing demo: ..."): it carries ' +
      'the PRD id and one token per demo user in the fragment, e.g. #prd=<id>&alice=<token>&bob=<token>.'
    return
  }
  const panes = fragment.users.map(createPane)
  const owner = panes[0]
  // each part shows only when its service answers; absent services stay hidden, nothing is faked
  try {
    await loadPrd(owner)
    await resolveRoles(panes)
    await setupVersions(owner).catch(e => showError('versions', e))
  } catch (e) {
    showError('prd-service', e)
  }
  await setupAi(owner).catch(e => showError('ai-service', e))
  await Promise.all(panes.map(p => setupBell(p).catch(e => showError(`notifications of ${p.handle}`, e))))
  setInterval(() => {
    if (demo.prd) {
      api('prd', owner.token, 'GET', `/api/v1/prds/${fragment.prd}`).then(renderApproval).catch(() => {})
    }
  }, 5000)
  demo.ready = true
}

/** Test hook: the text a pane's editor shows. */
demo.text = handle => demo.panes[handle].view.state.doc.toString()

main()
