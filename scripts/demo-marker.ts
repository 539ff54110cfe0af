/**
 * Whether the demo company got in whole. `npm start` loads the demo through the API in many
 * calls; a crash halfway used to leave a half-loaded demo forever, since the demo loads only into
 * empty stores. A marker file in DATA_DIR says `loading` from just before the first write of the
 * demo until its last, then `loaded`. A start that finds `loading` knows the stores hold a part of
 * the demo and nothing else (the demo began on empty stores): on the embedded stores, which live
 * in DATA_DIR and belong to this hub alone, it removes them so the demo loads again from the
 * start. On database servers nothing is removed (they may be shared); the start says what happened.
 * Meanwhile the gateway's /readyz reports `demo` as down, so nothing routes traffic to a hub whose
 * demo is not in yet.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { ReadinessCheck } from '../platform/http';

export const DEMO_MARKER_FILE = 'demo-state.json';

/** Folders of the embedded stores under DATA_DIR (subgraphs/\*\/store/open.ts). */
const EMBEDDED_STORES = ['cmdb', 'tickets', 'knowledge'];

export type DemoState = 'loading' | 'loaded';

export function readDemoState(dataDir: string): DemoState | null {
  try {
    const { state } = JSON.parse(readFileSync(join(dataDir, DEMO_MARKER_FILE), 'utf8')) as { state?: unknown };
    return state === 'loading' || state === 'loaded' ? state : null;
  } catch {
    // No marker (or an unreadable one): no demo load was under way.
    return null;
  }
}

/** Written through a rename, so a crash leaves the old marker or the new one, never half of one. */
export function writeDemoState(dataDir: string, state: DemoState): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, DEMO_MARKER_FILE);
  writeFileSync(`${file}.tmp`, JSON.stringify({ state, at: new Date().toISOString() }));
  renameSync(`${file}.tmp`, file);
}

/**
 * Before the stores open: after an interrupted demo load, removes the embedded stores (they hold
 * only the part of the demo that got in) and the marker, and returns what it did, for the log.
 * `embedded` is false when the stores are database servers: they are left alone.
 */
export function discardInterruptedDemo(dataDir: string, embedded: boolean): string | null {
  if (readDemoState(dataDir) !== 'loading') return null;
  if (!embedded) {
    return 'the last demo load was interrupted; its data on the database servers is incomplete: empty the databases to load it again, or set SEED_DEMO=false';
  }
  for (const store of EMBEDDED_STORES) rmSync(join(dataDir, store), { recursive: true, force: true });
  rmSync(join(dataDir, DEMO_MARKER_FILE), { force: true });
  return 'the last demo load was interrupted; the embedded stores held only part of it and were removed, the demo loads again';
}

/** A readiness check that is down until `done()`: the gateway is not ready while the demo loads. */
export function demoReadiness(): { check: ReadinessCheck; done(): void } {
  let loaded = false;
  return {
    check: {
      name: 'demo',
      async check() {
        if (!loaded) throw new Error('the demo company is still loading');
      },
    },
    done() {
      loaded = true;
    },
  };
}

/** Whether a marker file exists at all (tests). */
export const demoMarkerExists = (dataDir: string) => existsSync(join(dataDir, DEMO_MARKER_FILE));
