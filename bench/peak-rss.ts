// Peak resident memory of this process (VmHWM, Linux), or null elsewhere.
import { readFileSync } from 'node:fs';

export function peakRssBytes(): number | null {
  try {
    const match = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}
