/** The tickets subgraph's configuration, read once from the environment. */
import { join } from 'node:path';
import { EnvReader } from '../../platform/config';
import type { LogLevel } from '../../platform/logger';
import { readTelemetryConfig, type TelemetryConfig } from '../../platform/telemetry';
import {
  DEFAULT_24X7_PRIORITIES,
  DEFAULT_RESPONSE_MINUTES,
  DEFAULT_SLA_TARGETS,
  parsePriorityList,
  parseResponseTargets,
  parseSlaTargets,
  type SlaPolicy,
  type SlaTargets,
} from './domain';
import { parseHolidays, parseSlaCalendar } from './sla-clock';

export interface TicketsConfig {
  port: number;
  /** Embedded PGlite lives in `<dataDir>/tickets` when DATABASE_URL is not set. */
  dataDir: string;
  databaseUrl: string | undefined;
  /** Where the CMDB subgraph answers item lookups. */
  cmdbUrl: string;
  slaTargets: SlaTargets;
  /** SLA_TARGET_HOURS with SLA_RESPONSE_MINUTES, SLA_BUSINESS_HOURS, SLA_HOLIDAYS and SLA_24X7_PRIORITIES. */
  sla: SlaPolicy;
  /** How long committed events stay available for `afterSequence` replay. */
  eventRetentionHours: number;
  internalSecret: string | null;
  introspection: boolean;
  /** LOG_LEVEL; the process that runs the service applies it (setLogLevel). */
  logLevel: LogLevel;
  /** METRICS_TOKEN, OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT, OTEL_SERVICE_NAME (platform/telemetry.ts). */
  telemetry: TelemetryConfig;
}

export function readTicketsConfig(env: NodeJS.ProcessEnv = process.env): TicketsConfig {
  const read = new EnvReader(env);
  const cmdbPort = read.port('CMDB_PORT', 4002);
  const slaTargets = read.parsed('SLA_TARGET_HOURS', parseSlaTargets, DEFAULT_SLA_TARGETS);
  const holidays = read.parsed('SLA_HOLIDAYS', parseHolidays, new Set<string>());
  const sla: SlaPolicy = {
    targets: slaTargets,
    responseMinutes: read.parsed('SLA_RESPONSE_MINUTES', parseResponseTargets, DEFAULT_RESPONSE_MINUTES),
    calendar: read.parsed('SLA_BUSINESS_HOURS', (hours) => parseSlaCalendar(hours, holidays), null),
    aroundTheClock: read.parsed('SLA_24X7_PRIORITIES', parsePriorityList, DEFAULT_24X7_PRIORITIES),
  };
  const config: TicketsConfig = {
    port: read.port('TICKETS_PORT', 4001),
    dataDir: join(read.string('DATA_DIR', './.data')),
    databaseUrl: read.url('DATABASE_URL', ['postgres', 'postgresql']),
    cmdbUrl: read.url('CMDB_URL', ['http', 'https']) ?? `http://127.0.0.1:${cmdbPort}/graphql`,
    slaTargets,
    sla,
    eventRetentionHours: read.positiveInt('EVENT_RETENTION_HOURS', 24),
    internalSecret: read.string('HUB_INTERNAL_SECRET') ?? null,
    introspection: read.string('NODE_ENV') !== 'production',
    logLevel: read.logLevel(),
    telemetry: readTelemetryConfig(read),
  };
  read.done('tickets');
  return config;
}
