/** The knowledge subgraph's configuration, read once from the environment. */
import { join } from 'node:path';
import { EnvReader } from '../../platform/config';
import type { LogLevel } from '../../platform/logger';
import { readTelemetryConfig, type TelemetryConfig } from '../../platform/telemetry';

export interface KnowledgeConfig {
  port: number;
  /** Embedded PGlite lives in `<dataDir>/knowledge` when DATABASE_URL is not set. */
  dataDir: string;
  databaseUrl: string | undefined;
  /** Where the CMDB subgraph answers item checks, names and dependencies. */
  cmdbUrl: string;
  /** Where the tickets subgraph answers problem checks and numbers. */
  ticketsUrl: string;
  internalSecret: string | null;
  introspection: boolean;
  /** LOG_LEVEL; the process that runs the service applies it (setLogLevel). */
  logLevel: LogLevel;
  /** METRICS_TOKEN, OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, OTEL_SERVICE_NAME (platform/telemetry.ts). */
  telemetry: TelemetryConfig;
}

export function readKnowledgeConfig(env: NodeJS.ProcessEnv = process.env): KnowledgeConfig {
  const read = new EnvReader(env);
  const cmdbPort = read.port('CMDB_PORT', 4002);
  const ticketsPort = read.port('TICKETS_PORT', 4001);
  const config: KnowledgeConfig = {
    port: read.port('KNOWLEDGE_PORT', 4003),
    dataDir: join(read.string('DATA_DIR', './.data')),
    databaseUrl: read.url('DATABASE_URL', ['postgres', 'postgresql']),
    cmdbUrl: read.url('CMDB_URL', ['http', 'https']) ?? `http://127.0.0.1:${cmdbPort}/graphql`,
    ticketsUrl: read.url('TICKETS_URL', ['http', 'https']) ?? `http://127.0.0.1:${ticketsPort}/graphql`,
    internalSecret: read.string('HUB_INTERNAL_SECRET') ?? null,
    introspection: read.string('NODE_ENV') !== 'production',
    logLevel: read.logLevel(),
    telemetry: readTelemetryConfig(read),
  };
  read.done('knowledge');
  return config;
}
