/**
 * Builds the browser pages (the GraphQL IDE and the impact explorer) with esbuild from npm
 * packages into `web/dist/<input hash>/`, so the gateway serves every script, style and font
 * itself and the pages work with no internet. The gateway calls `ensureWebBundles()` on the
 * first page request: a fresh clone needs no separate build step, and a change to `web/` or to
 * a bundled package's version produces a new hash and a rebuild.
 *
 * `tsx scripts/build-web.ts` builds ahead of time (and refreshes the IDE's examples).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build, stop as stopEsbuild, type Plugin } from 'esbuild';
import { Kind, parse, type OperationDefinitionNode, type TypeNode } from 'graphql';

export const WEB_DIR = join(__dirname, '..', 'web');
export const DIST_DIR = join(WEB_DIR, 'dist');
/** The committed copy of the contract's golden operations: a clone without `../shared` still has examples. */
export const EXAMPLES_DIR = join(WEB_DIR, 'examples');
const CONTRACT_DIR = join(__dirname, '..', '..', 'shared', 'contract');
const ENTRY_POINTS = { ide: join(WEB_DIR, 'ide', 'main.tsx'), explorer: join(WEB_DIR, 'explorer', 'main.ts') };
const BUNDLED_PACKAGES = ['esbuild', 'graphiql', '@graphiql/react', '@graphiql/toolkit', 'graphql', 'graphql-ws', 'react', 'react-dom', 'cytoscape'];

export interface WebBundles {
  /** Folder holding `ide.js`, `ide.css`, `explorer.js`, `explorer.css`. */
  dir: string;
  /** Path segment that changes whenever the bundles do (used in asset URLs, so they can be cached forever). */
  version: string;
}

/** One golden operation offered as an example in the IDE. */
export interface ExampleOperation {
  file: string;
  name: string;
  kind: 'query' | 'mutation' | 'subscription';
  query: string;
  /** A variables skeleton: each required variable with a placeholder value to fill in. */
  variables: string;
}

/**
 * Copies the contract's operation files into `web/examples/` when `../shared/contract` is beside
 * the clone (CI, the team's checkouts); otherwise the committed copy stays as it is.
 */
export function refreshExamples(): void {
  if (!existsSync(CONTRACT_DIR)) return;
  const sources = [join(CONTRACT_DIR, 'operations.graphql')];
  const parts = join(CONTRACT_DIR, 'parts');
  if (existsSync(parts)) {
    for (const file of readdirSync(parts).sort()) if (file.endsWith('.operations.graphql')) sources.push(join(parts, file));
  }
  mkdirSync(EXAMPLES_DIR, { recursive: true });
  for (const source of sources) {
    const target = join(EXAMPLES_DIR, source.split('/').pop()!);
    const text = readFileSync(source, 'utf8');
    if (!existsSync(target) || readFileSync(target, 'utf8') !== text) writeFileSync(target, text);
  }
}

function placeholder(type: TypeNode): unknown {
  if (type.kind === Kind.NON_NULL_TYPE) return placeholder(type.type);
  if (type.kind === Kind.LIST_TYPE) return [];
  switch (type.name.value) {
    case 'Int':
    case 'Float':
      return 0;
    case 'Boolean':
      return false;
    case 'String':
    case 'ID':
    case 'DateTime':
      return '';
    default:
      return null;
  }
}

/** Every operation of the example files, each with its own source text. */
export function readExamples(): ExampleOperation[] {
  if (!existsSync(EXAMPLES_DIR)) return [];
  const examples: ExampleOperation[] = [];
  const files = readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort((a, b) => (a === 'operations.graphql' ? -1 : b === 'operations.graphql' ? 1 : a.localeCompare(b)));
  for (const file of files) {
    const text = readFileSync(join(EXAMPLES_DIR, file), 'utf8');
    for (const definition of parse(text).definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name) continue;
      const operation = definition as OperationDefinitionNode;
      const required = (operation.variableDefinitions ?? []).filter((v) => v.type.kind === Kind.NON_NULL_TYPE && !v.defaultValue);
      const variables = Object.fromEntries(required.map((v) => [v.variable.name.value, placeholder(v.type)]));
      examples.push({
        file,
        name: operation.name!.value,
        kind: operation.operation,
        query: text.slice(operation.loc!.start, operation.loc!.end),
        variables: Object.keys(variables).length ? JSON.stringify(variables, null, 2) : '',
      });
    }
  }
  return examples;
}

function filesUnder(dir: string, skip: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (path === skip) continue;
    if (entry.isDirectory()) found.push(...filesUnder(path, skip));
    else found.push(path);
  }
  return found.sort();
}

/** A hash of everything the bundles are made from: the page sources, this script, the examples and the bundled packages' versions. */
export function inputHash(): string {
  const hash = createHash('sha256');
  for (const file of [...filesUnder(WEB_DIR, DIST_DIR), __filename]) {
    hash.update(relative(WEB_DIR, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  for (const name of BUNDLED_PACKAGES) {
    const manifest = join(__dirname, '..', 'node_modules', name, 'package.json');
    hash.update(name).update(existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : 'absent');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Serves `import examples from 'virtual:examples'` to the IDE bundle. */
const examplesPlugin: Plugin = {
  name: 'examples',
  setup(builder) {
    builder.onResolve({ filter: /^virtual:examples$/ }, () => ({ path: 'examples', namespace: 'examples' }));
    builder.onLoad({ filter: /.*/, namespace: 'examples' }, () => ({ contents: JSON.stringify(readExamples()), loader: 'json' }));
  },
};

/** Builds into a private folder, then renames it into place: processes building at once never see half a build. */
export async function buildWebBundles(version = inputHash()): Promise<WebBundles> {
  const dir = join(DIST_DIR, version);
  const scratch = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await build({
    entryPoints: ENTRY_POINTS,
    outdir: scratch,
    bundle: true,
    minify: true,
    sourcemap: false,
    format: 'iife',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    jsx: 'automatic',
    loader: { '.woff': 'dataurl', '.woff2': 'dataurl', '.ttf': 'dataurl', '.svg': 'dataurl', '.png': 'dataurl' },
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [examplesPlugin],
    logLevel: 'silent',
    legalComments: 'none',
  }).finally(() => stopEsbuild()); // esbuild's helper process would otherwise outlive the build in a long-running gateway.
  if (existsSync(dir)) {
    rmSync(scratch, { recursive: true, force: true });
  } else {
    try {
      renameSync(scratch, dir);
    } catch (error) {
      // Another process finished the same build first; theirs is identical.
      rmSync(scratch, { recursive: true, force: true });
      if (!existsSync(dir)) throw error;
    }
  }
  return { dir, version };
}

/** Removes bundles of earlier inputs (and scratch folders of builds that died) older than an hour. */
function removeStaleBundles(keep: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const entry of readdirSync(DIST_DIR)) {
    const path = join(DIST_DIR, entry);
    if (entry !== keep && statSync(path).mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true });
  }
}

const building = new Map<string, Promise<WebBundles>>();

/** The current bundles, built first when missing or stale. */
export async function ensureWebBundles(): Promise<WebBundles> {
  refreshExamples();
  const version = inputHash();
  const dir = join(DIST_DIR, version);
  if (existsSync(join(dir, 'explorer.js'))) return { dir, version };
  // One build per version in this process, however many gateways ask (esbuild's service is shared and stopped after each build).
  let pending = building.get(version);
  if (!pending) {
    pending = buildWebBundles(version).finally(() => building.delete(version));
    building.set(version, pending);
  }
  const bundles = await pending;
  removeStaleBundles(version);
  return bundles;
}


if (require.main === module) {
  const started = Date.now();
  ensureWebBundles().then(
    ({ dir }) => console.log(`web bundles in ${relative(process.cwd(), dir)} (${Date.now() - started} ms)`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
