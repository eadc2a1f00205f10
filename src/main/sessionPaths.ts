// The files the user chose in this session: in a main-process dialog, by a trusted drop or file
// input in the window (the preload reports those), on the command line or from the recent list
// main keeps. Only these may be read on the renderer's request, and only their recorded sources
// are compared with the disk when a workspace opens: a workspace's own paths are untrusted.
import path from 'node:path';

export class SessionPaths {
  private readonly chosen: string[] = [];
  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  add(paths: Iterable<string>): void {
    for (const p of paths) if (p && !this.has(p)) this.chosen.push(p);
  }

  has(p: string): boolean {
    return this.chosen.some((c) => samePath(c, p, this.platform));
  }
}

/** Why a path the renderer sent is refused (for the failure it reports). */
export function notChosenMessage(p: string): string {
  return `${p}: refused, this file was not chosen in this session (open it with the Open dialog, drop it on the window, or name it on the command line)`;
}

/** Two paths name the same file (case-insensitively on Windows and macOS, whose file systems usually are). */
export function samePath(a: string, b: string, platform: NodeJS.Platform = process.platform): boolean {
  const norm = (p: string) => {
    const r = path.resolve(p);
    return platform === 'win32' || platform === 'darwin' ? r.toLowerCase() : r;
  };
  return norm(a) === norm(b);
}
