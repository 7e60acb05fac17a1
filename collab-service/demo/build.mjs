// Bundles the demo page into collab-service's static resources (src/main/resources/META-INF/resources/demo/), where
// Quarkus serves it at /demo/. The bundle is committed, so the Maven build needs no Node; after changing src/ run
// `npm ci && npm run build` and commit the result. `--check` fails when the committed bundle is not what src/ builds.
import * as esbuild from 'esbuild'
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const target = join(here, '..', 'src', 'main', 'resources', 'META-INF', 'resources', 'demo')
const check = process.argv.includes('--check')
const out = check ? mkdtempSync(join(tmpdir(), 'prdtool-demo-')) : target
mkdirSync(out, { recursive: true })

await esbuild.build({
  entryPoints: [join(here, 'src', 'demo.js')],
  bundle: true,
  format: 'iife',
  minify: true,
  target: 'es2020',
  legalComments: 'eof',
  outfile: join(out, 'demo.js'),
  logLevel: 'warning'
})
for (const file of ['index.html', 'demo.css']) {
  copyFileSync(join(here, 'src', file), join(out, file))
}
const files = ['index.html', 'demo.css', 'demo.js']
if (check) {
  const stale = files.filter(f => {
    try {
      return !readFileSync(join(out, f)).equals(readFileSync(join(target, f)))
    } catch (e) {
      return true
    }
  })
  rmSync(out, { recursive: true, force: true })
  if (stale.length) {
    console.error(`the committed demo bundle is stale (${stale.join(', ')}): run npm run build in ${here} and commit`)
    process.exit(1)
  }
  console.log('the committed demo bundle matches src/')
} else {
  writeFileSync(join(out, '.generated'),
    'Built by collab-service/demo/build.mjs from collab-service/demo/src; do not edit.\n')
  console.log(`built ${files.join(', ')} into ${out}`)
}
