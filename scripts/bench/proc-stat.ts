// A running process's CPU time as Linux reports it in /proc/<pid>/stat, so the benchmark can measure a window of
// steady state inside one run: no init, no teardown, and no second run to subtract (whose own noise doubled the
// spread of the figure).

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on every Linux that k6 ships for). */
export const TICKS_PER_SECOND = 100;

/** CPU seconds of all the process's threads, in user space and in the kernel on its behalf. */
export interface CpuTimes {
  userSeconds: number;
  systemSeconds: number;
}

/** User and system CPU seconds of all the process's threads, from the text of /proc/<pid>/stat. */
export function cpuTimesFromStat(stat: string): CpuTimes {
  // The command name (field 2) is in parentheses and may itself hold spaces or parentheses: count from the last ")".
  const close = stat.lastIndexOf(")");
  if (close < 0) throw new Error(`unexpected /proc/<pid>/stat text: ${JSON.stringify(stat.slice(0, 200))}`);
  const fields = stat.slice(close + 2).trim().split(/\s+/);
  // After the name: state is field 3, so utime (field 14) and stime (field 15) are at indexes 11 and 12 here.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`no utime/stime in /proc/<pid>/stat: ${JSON.stringify(stat.slice(0, 200))}`);
  return { userSeconds: utime / TICKS_PER_SECOND, systemSeconds: stime / TICKS_PER_SECOND };
}

/** The pids of a process's children, from /proc/<pid>/task/<pid>/children ("123 456 "). */
export function childPids(children: string): number[] {
  return children
    .trim()
    .split(/\s+/)
    .filter((s) => s !== "")
    .map(Number);
}
