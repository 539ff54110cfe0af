/**
 * Composes the subgraph SDL files into the supergraph the gateway loads.
 * `npm run compose` writes schema/supergraph.graphql; `--check` exits 1 when the
 * committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';

export const SUBGRAPHS = [
  { name: 'cmdb', file: 'cmdb.graphql', defaultUrl: 'http://localhost:4002/graphql' },
  { name: 'tickets', file: 'tickets.graphql', defaultUrl: 'http://localhost:4001/graphql' },
  { name: 'knowledge', file: 'knowledge.graphql', defaultUrl: 'http://localhost:4003/graphql' },
] as const;

export const SCHEMA_DIR = __dirname;
export const SUPERGRAPH_FILE = join(SCHEMA_DIR, 'supergraph.graphql');

export function subgraphSdl(name: (typeof SUBGRAPHS)[number]['name']): string {
  const subgraph = SUBGRAPHS.find((s) => s.name === name)!;
  return readFileSync(join(SCHEMA_DIR, subgraph.file), 'utf8');
}

export function composeSupergraph(): string {
  const result = composeServices(
    SUBGRAPHS.map((s) => ({ name: s.name, url: s.defaultUrl, typeDefs: parse(subgraphSdl(s.name)) })),
  );
  if (result.errors) {
    throw new Error(`composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`);
  }
  return result.supergraphSdl;
}

if (require.main === module) {
  const composed = composeSupergraph();
  if (process.argv.includes('--check')) {
    const committed = readFileSync(SUPERGRAPH_FILE, 'utf8');
    if (committed !== composed) {
      console.error('schema/supergraph.graphql is stale: run `npm run compose`');
      process.exit(1);
    }
    console.log('schema/supergraph.graphql is up to date');
  } else {
    writeFileSync(SUPERGRAPH_FILE, composed);
    console.log(`wrote ${SUPERGRAPH_FILE}`);
  }
}
