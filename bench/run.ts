/**
 * `npm run bench [-- --quick] [-- --only impact,metrics,subscriptions]`: the hub's
 * benchmarks. Each reports ratios against a baseline measured in the same run
 * (raw store query, naive per-hop walk, plain query), never absolute targets
 * alone, so the figures mean the same on any machine. Results are printed and
 * written to bench/results/<name>.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchChangeAndProblem } from './change-and-problem';
import { benchImpact } from './impact';
import { benchKnowledge } from './knowledge';
import { benchMetricsRun } from './metrics-run';
import { benchPeers } from './peers';
import { benchSlaExtraction } from './sla-extraction';
import { benchSoak } from './soak';
import { benchSubscriptions } from './subscriptions';

export interface BenchOptions {
  /** CI-sized run: small data, few iterations, under a few minutes in all. */
  quick: boolean;
  /** Prints a line and keeps it for the results file. */
  report: (line: string) => void;
  /** `--backends neo4j,postgresql`: the store backends to bench (lower case), or null for all. */
  backends: string[] | null;
}

/** The comma-separated values of `--name a,b` or `--name=a,b`, or null when the flag is absent. */
function listOption(argv: string[], name: string): string[] | null {
  const flag = argv.find((a) => a === name || a.startsWith(`${name}=`));
  if (!flag) return null;
  return (flag.includes('=') ? flag.slice(name.length + 1) : argv[argv.indexOf(flag) + 1] ?? '').split(',').filter(Boolean);
}

type Bench = (options: BenchOptions) => Promise<void>;

const BENCHES: Record<string, Bench> = {
  impact: benchImpact,
  metrics: benchMetricsRun,
  subscriptions: benchSubscriptions,
  'change-and-problem': benchChangeAndProblem,
  knowledge: benchKnowledge,
  'sla-extraction': benchSlaExtraction,
  soak: benchSoak,
  peers: benchPeers,
};

async function main(argv: string[]): Promise<void> {
  const quick = argv.includes('--quick');
  const only = listOption(argv, '--only') ?? Object.keys(BENCHES);
  const backends = listOption(argv, '--backends')?.map((backend) => backend.toLowerCase()) ?? null;
  const resultsDir = join(__dirname, 'results');
  mkdirSync(resultsDir, { recursive: true });
  for (const name of only) {
    const bench = BENCHES[name];
    if (!bench) throw new Error(`unknown benchmark ${name}; known: ${Object.keys(BENCHES).join(', ')}`);
    const lines: string[] = [];
    const report = (line: string) => {
      lines.push(line);
      console.log(line);
    };
    report(`\n## ${name}${quick ? ' (quick)' : ''} — ${new Date().toISOString()}\n`);
    const started = Date.now();
    await bench({ quick, report, backends });
    report(`\n(${name} took ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    writeFileSync(join(resultsDir, `${name}${quick ? '-quick' : ''}.md`), `${lines.join('\n')}\n`);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
