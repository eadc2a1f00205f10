import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Papa from 'papaparse';
import { csvBytes, neutraliseCell } from '../../src/engine/report/csv';

const decode = (b: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b);

describe('CSV export', () => {
  it('starts with a UTF-8 BOM and uses CRLF lines', async () => {
    const b = await csvBytes(['a', 'b'], [[[1, 'x']]]);
    expect([...b.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(decode(b)).toBe('\uFEFFa,b\r\n1,x\r\n');
  });

  it('neutralises cells that would start a formula', async () => {
    const cases = ['=1+2', '+SUM(A1)', '-2+3', '@cmd', '\tx', '\rx', '=HYPERLINK("http://x","y")'];
    for (const c of cases) expect(neutraliseCell(c)).toBe(`'${c}`);
    expect(neutraliseCell('plain')).toBe('plain');
    expect(neutraliseCell('')).toBe('');
    const text = decode(await csvBytes(['v'], [[['=cmd|"/c calc"!A1'], [-5], ['a,b'], ['x"y'], ['line\nbreak'], [null]]]));
    expect(text).toBe('\uFEFFv\r\n"\'=cmd|""/c calc""!A1"\r\n-5\r\n"a,b"\r\n"x""y"\r\n"line\nbreak"\r\n\r\n');
  });

  it('neutralises formula starts after leading blanks and in fullwidth forms (OWASP CSV-injection cases)', () => {
    const triggered = [' =1+1', '   =1+1', '\u00A0=1+1', '\u3000=1+1', '\uFEFF=1+1', '\u2007+1', ' \t=1+1', ' @SUM(A1)',
      '\uFF1D1+1', '\uFF0BSUM(A1)', '\uFF0D2', '\uFF20cmd', ' \uFF1D1+1', '\n=1+1', '\r\n@x', '=1+1\n'];
    for (const c of triggered) expect(neutraliseCell(c), JSON.stringify(c)).toBe(`'${c}`);
    for (const c of [' plain', 'a=1+1', 'x +1', '\u00A0text', '100', '1-2', 'e-mail: a@b']) expect(neutraliseCell(c), JSON.stringify(c)).toBe(c);
  });

  it('reads back identical (apart from neutralisation) with an independent CSV parser', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.array(fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), { minLength: 2, maxLength: 2 }), { maxLength: 20 }),
      async (rows) => {
        const text = decode(await csvBytes(['a', 'b'], [rows])).slice(1);
        const parsed = Papa.parse<string[]>(text, { newline: '\r\n' }).data.slice(1, rows.length + 1);
        rows.forEach((r, i) => r.forEach((cell, j) => {
          const expected = typeof cell === 'number' ? String(cell) : neutraliseCell(cell);
          expect(parsed[i]![j]).toBe(expected);
        }));
      },
    ), { numRuns: 100 });
  });
});
