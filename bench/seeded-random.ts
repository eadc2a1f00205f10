// mulberry32: a small seeded generator, so every run of a bench entry sees the same data.
// (bench/generate.mjs keeps its own copy: it runs under plain node, which cannot import TypeScript.)
export function seededRandom(seed: number): () => number {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
