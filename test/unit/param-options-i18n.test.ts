// Every choice a parameter editor offers has a name in every UI language (paramOption.<id>.<value>
// or a variant name): a Persian user never reads a bare "week" or "inclusive" in a menu.
import { describe, expect, it } from 'vitest';
import { PARAMS } from '../../src/shared/catalog/params';
import { LANGUAGES, resources } from '../../src/shared/i18n';

type Tree = { [k: string]: string | Tree };
const lookup = (tree: Tree, key: string): string | undefined => {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  return typeof node === 'string' ? node : undefined;
};

describe('parameter choices', () => {
  it.each(LANGUAGES)('are named in %s', (lang) => {
    const tree = resources[lang].translation as unknown as Tree;
    const missing: string[] = [];
    for (const p of PARAMS) {
      if (p.editor.kind !== 'choice') continue;
      for (const o of p.editor.options) {
        // A numeric range ("0-10") needs no words: the editor writes it in the UI's digits.
        if (/^\d+-\d+$/.test(o)) continue;
        if (lookup(tree, `paramOption.${p.id}.${o}`) === undefined && lookup(tree, `variant.${o}`) === undefined) missing.push(`${p.id}=${o}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
