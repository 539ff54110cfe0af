/** Memory figures of the benchmarks: a full collection before reading the heap, so garbage is not counted. */
import * as v8 from 'node:v8';
import * as vm from 'node:vm';

export interface GarbageCollector {
  collect: (() => void) | null;
  /** Three collections 50 ms apart, so what finalizers and timers let go is collected too. */
  collectFully(): Promise<void>;
  how: string;
}

/** A full collection, when this process may trigger one: `--expose-gc`, or the flag set at run time. */
export function garbageCollector(): GarbageCollector {
  const { collect, how } = findCollector();
  return {
    collect,
    how,
    async collectFully() {
      for (let i = 0; i < 3; i++) {
        collect?.();
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}

function findCollector(): { collect: (() => void) | null; how: string } {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (typeof exposed === 'function') return { collect: exposed, how: 'global.gc (node --expose-gc)' };
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    if (typeof gc === 'function') return { collect: gc, how: 'gc exposed at run time (v8.setFlagsFromString), no --expose-gc needed' };
  } catch {
    // fall through
  }
  return { collect: null, how: 'no GC available: heap figures include garbage (run with node --expose-gc)' };
}
