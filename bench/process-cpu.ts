import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * CPU milliseconds used so far by the process listening on `port` on this machine (Linux /proc), or a
 * function answering null when it cannot be found (another machine, another OS).
 */
export function listenerCpuMs(port: number): () => number | null {
  let pid: string | null = null;
  try {
    const hex = port.toString(16).toUpperCase().padStart(4, '0');
    const inodes = new Set<string>();
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
        const f = line.trim().split(/\s+/);
        if (f[1]?.endsWith(`:${hex}`) && f[3] === '0A') inodes.add(f[9]!);
      }
    }
    for (const candidate of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        for (const fd of readdirSync(`/proc/${candidate}/fd`)) {
          const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${candidate}/fd/${fd}`))?.[1];
          if (inode && inodes.has(inode)) pid = candidate;
        }
      } catch {
        // another user's process, or gone
      }
      if (pid) break;
    }
  } catch {
    pid = null;
  }
  return () => {
    if (!pid) return null;
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      // utime and stime, in clock ticks (100 per second on Linux).
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      return null;
    }
  };
}

/** This process's CPU time so far, in milliseconds. */
export const ownCpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
