/**
 * Jest `setupFiles`: suites log at `warn` unless LOG_LEVEL says otherwise, so a run shows failures,
 * not every request. Set before any module loads, hence before the logger reads it; processes a
 * suite spawns inherit it.
 */
process.env.LOG_LEVEL ??= 'warn';
