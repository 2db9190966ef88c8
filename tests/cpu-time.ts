/**
 * CPU time this process spent since a start mark, in ms: what a piece of work costs, unaffected by other
 * processes competing for the cores (a wall-clock bound fails on a busy machine with nothing wrong).
 * Counts every thread of the process (libuv pool, GC), so it never under-reports the work done.
 */
export function cpuMark(): NodeJS.CpuUsage {
  return process.cpuUsage();
}

export function cpuMsSince(mark: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(mark);
  return (d.user + d.system) / 1000;
}
