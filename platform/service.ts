/** Runs one service as a process: starts it, stops it cleanly on SIGINT/SIGTERM, exits 1 with the message when it cannot start. */
export function runService(start: () => Promise<{ stop(): Promise<void> }>): void {
  start().then(
    (service) => {
      // A terminal's Ctrl-C reaches npm, tsx and node alike, and tsx relays it again: the second
      // signal must not kill the process halfway through closing its stores.
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        console.log('stopping...');
        try {
          await service.stop();
          console.log('stopped');
          process.exit(0);
        } catch (error) {
          console.error('stop failed:', error);
          process.exit(1);
        }
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    },
    (error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
