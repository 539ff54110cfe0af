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
    const value = this.string(name);
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) {
      this.problems.push(`${name}=${value} is not a positive integer`);
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

  /** Throws one error listing every problem found. */
  done(service: string): void {
    if (this.problems.length) {
      throw new Error(`${service}: invalid configuration:\n${this.problems.map((p) => `  - ${p}`).join('\n')}`);
    }
  }
}

/** Hides the password of a URL for logs. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
}
