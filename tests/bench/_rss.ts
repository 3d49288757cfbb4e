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

/**
 * A process's memory figure from `/proc/<pid>/status` in MB (Linux): the
 * current RSS, or another field such as `VmHWM`; NaN when it is missing.
 */
export function rssMb(pid: number, field = "VmRSS"): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
  return match ? Number(match[1]) / 1024 : NaN;
}

/** User + system CPU a process has used, ms (Linux `/proc/<pid>/stat`). */
export function cpuMs(pid: number): number {
  const fields = Deno.readTextFileSync(`/proc/${pid}/stat`).split(") ")[1]
    .split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
