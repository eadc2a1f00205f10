// Whole-text decoding for tests, built on the engine's streaming source (the engine itself never
// holds a whole file as one string).
import { openText, readWithEncoding, type EncodingChoice } from '../../src/engine/import/encoding';

export function decodeText(bytes: Uint8Array, choice: EncodingChoice, chunkBytes?: number, fatal = false): string {
  const source = openText(bytes, choice, chunkBytes, fatal);
  const pieces: string[] = [];
  for (let piece = source.read(); piece !== null; piece = source.read()) pieces.push(piece);
  return pieces.join('');
}

/** Detects (UTF-8 confirmed over the whole file, as the CSV reader does) and decodes. */
export function decodeFile(bytes: Uint8Array, forced?: string): { text: string; encoding: string; runnerUp?: string } {
  return readWithEncoding(bytes, forced, (detected) => {
    const text = decodeText(bytes, detected, undefined, detected.unconfirmedUtf8 === true);
    return detected.runnerUp ? { text, encoding: detected.encoding, runnerUp: detected.runnerUp } : { text, encoding: detected.encoding };
  });
}
