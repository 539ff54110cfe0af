import { isIP } from 'node:net';
import { LOG_LEVELS, type LogLevel } from './logger';

/** Every problem found in one service's environment (or several services', under `npm start`). */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly problems: string[],
    /** What kind of problems: the environment's values, or what a start found (`cannot start`). */
    headline = 'invalid configuration',
  ) {
    super(`${service}: ${headline}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Reads the environment for one service: every problem is collected and
 * reported at once, then the process exits. Defaults are the embedded ones, so
 * a bare start works.
 */
export class EnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  string(name: string, fallback: string): string;
  string(name: string): string | undefined;
  string(name: string, fallback?: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value === '' ? fallback : value;
  }

  port(name: string, fallback: number): number {
    const value = this.string(name);
    if (value === undefined) return fallback;
    const port = Number(value);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      this.problems.push(`${name}=${value} is not a port number (0..65535)`);
      return fallback;
    }
    return port;
  }

  positiveInt(name: string, fallback: number): number {
    return this.intFrom(name, fallback, 1, 'a positive integer');
  }

  /** An integer of at least 0, where 0 means "none" (a cache turned off, say). */
  nonNegativeInt(name: string, fallback: number): number {
    return this.intFrom(name, fallback, 0, 'an integer of at least 0');
  }

  private intFrom(name: string, fallback: number, least: number, what: string): number {
    const value = this.string(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < least) {
      this.problems.push(`${name}=${value} is not ${what}`);
      return fallback;
    }
    return n;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.string(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if (['true', '1', 'yes'].includes(value)) return true;
    if (['false', '0', 'no'].includes(value)) return false;
    this.problems.push(`${name}=${value} is not true or false`);
    return fallback;
  }

  /** One of `values`, compared without case. */
  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const value = this.string(name)?.toLowerCase();
    if (value === undefined) return fallback;
    if ((values as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${name}=${value} is not one of ${values.join(', ')}`);
    return fallback;
  }

  /** `LOG_LEVEL`, checked against the logger's levels; every service reads it the same way. */
  logLevel(): LogLevel {
    return this.oneOf('LOG_LEVEL', LOG_LEVELS, 'info');
  }

  /** A listen address: an IPv4 or IPv6 address, or a host name; unset means every interface. */
  host(name: string): string | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (isIP(value) || /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(value)) return value;
    this.problems.push(`${name}=${value} is not an IP address or host name to listen on (e.g. 127.0.0.1, 0.0.0.0, ::)`);
    return undefined;
  }

  url(name: string, protocols: string[]): string | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    try {
      const url = new URL(value);
      if (!protocols.includes(url.protocol.replace(/:$/, ''))) {
        this.problems.push(`${name}=${redact(value)} must use ${protocols.join(' or ')}`);
      }
    } catch {
      this.problems.push(`${name}=${redact(value)} is not a URL`);
    }
    return value;
  }

  /** Runs `parse` on the value and records its error message as a problem. */
  parsed<T>(name: string, parse: (value: string | undefined) => T, fallback: T): T {
    try {
      return parse(this.string(name));
    } catch (error) {
      this.problems.push((error as Error).message);
      return fallback;
    }
  }

  /** Throws one ConfigError listing every problem found. */
  done(service: string): void {
    if (this.problems.length) throw new ConfigError(service, this.problems);
  }
}

/** Hides the password of a URL for logs. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
