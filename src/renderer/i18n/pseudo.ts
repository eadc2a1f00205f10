// A pseudo-locale for finding strings that bypass the resource files: every English text becomes
// ⟦Ŝéé ţĥîš⟧ (placeholders kept), so any plain English left on screen did not come from them.
// Turned on by ?pseudo in the page address (the end-to-end test); never offered in the UI.
const ACCENTED: Record<string, string> = {
  a: 'á', b: 'ƀ', c: 'ç', d: 'ð', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'î', j: 'ĵ', k: 'ķ', l: 'ļ', m: 'ɱ',
  n: 'ñ', o: 'ö', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ţ', u: 'û', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž',
  A: 'Á', B: 'Ɓ', C: 'Ç', D: 'Ð', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Î', J: 'Ĵ', K: 'Ķ', L: 'Ļ', M: 'Ṁ',
  N: 'Ñ', O: 'Ö', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Û', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
};

export function pseudoText(text: string): string {
  // Placeholders ({{name}}) stay as they are; everything else is accented.
  const parts = text.split(/(\{\{[^}]*\}\})/);
  return `⟦${parts.map((p) => (p.startsWith('{{') ? p : p.replace(/[A-Za-z]/g, (c) => ACCENTED[c] ?? c))).join('')}⟧`;
}

type Tree = { [key: string]: string | Tree };

export function pseudoResources(tree: Tree): Tree {
  const out: Tree = {};
  for (const [k, v] of Object.entries(tree)) out[k] = typeof v === 'string' ? (v === '' ? v : pseudoText(v)) : pseudoResources(v);
  return out;
}

export function pseudoRequested(): boolean {
  try { return typeof location !== 'undefined' && new URLSearchParams(location.search).has('pseudo'); } catch { return false; }
}
