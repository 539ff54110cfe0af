/** The CMDB subgraph's configuration, read once from the environment. */
import { join } from 'node:path';
import { EnvReader } from '../../platform/config';
import type { LogLevel } from '../../platform/logger';
import { readTelemetryConfig, type TelemetryConfig } from '../../platform/telemetry';

export interface CmdbConfig {
  port: number;
  /** Embedded PGlite lives in `<dataDir>/cmdb` when neither Neo4j nor PostgreSQL is configured. */
  dataDir: string;
  neo4j: { uri: string; user: string; password: string | undefined; database: string } | null;
  databaseUrl: string | undefined;
  internalSecret: string | null;
  introspection: boolean;
  /** LOG_LEVEL; the process that runs the service applies it (setLogLevel). */
  logLevel: LogLevel;
  /** METRICS_TOKEN, OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, OTEL_SERVICE_NAME (platform/telemetry.ts). */
  telemetry: TelemetryConfig;
  /** TRAVERSAL_CACHE_MB: memory for graph answers reused until the CMDB changes; 0 turns the cache off. */
  traversalCacheMb: number;
}

export function readCmdbConfig(env: NodeJS.ProcessEnv = process.env): CmdbConfig {
  const read = new EnvReader(env);
  const neo4jUri = read.url('NEO4J_URI', ['bolt', 'neo4j', 'bolt+s', 'neo4j+s']);
  const config: CmdbConfig = {
    port: read.port('CMDB_PORT', 4002),
    dataDir: join(read.string('DATA_DIR', './.data')),
    neo4j: neo4jUri
      ? {
          uri: neo4jUri,
          user: read.string('NEO4J_USER', 'neo4j'),
          password: read.string('NEO4J_PASSWORD'),
          database: read.string('NEO4J_DATABASE', 'neo4j'),
        }
      : null,
    databaseUrl: read.url('DATABASE_URL', ['postgres', 'postgresql']),
    internalSecret: read.string('HUB_INTERNAL_SECRET') ?? null,
    introspection: read.string('NODE_ENV') !== 'production',
    logLevel: read.logLevel(),
    telemetry: readTelemetryConfig(read),
    traversalCacheMb: read.nonNegativeInt('TRAVERSAL_CACHE_MB', 64),
  };
  read.done('cmdb');
  return config;
}
