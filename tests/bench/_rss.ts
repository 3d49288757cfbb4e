/**
 * Peak memory of the running process, for benchmarks that run each side in
 * its own process so the figures stay apart.
 *
 * @module
 */

/** Peak resident set size in MB (Linux `VmHWM`; elsewhere the current RSS). */
export function peakRssMb(): number {
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    const kb = Number(status.match(/VmHWM:\s+(\d+)/)?.[1]);
    if (kb) return kb / 1024;
  } catch { /* not Linux */ }
  return Deno.memoryUsage().rss / 1024 / 1024;
}
