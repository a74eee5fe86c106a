/**
 * Preloaded into a server being profiled (`--import=tests/bench/profile-exit.mjs`): exit normally on
 * SIGTERM. SitRoom re-raises SIGTERM after its shutdown hooks, which kills the process before
 * `--cpu-prof` can write its profile; a normal exit writes it.
 */
process.on('SIGTERM', () => process.exit(0));
