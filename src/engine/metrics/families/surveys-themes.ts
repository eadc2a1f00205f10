// Word and two-word-phrase frequencies of survey comments (feedback_themes, METRICS.md §4.5).
// Words come from Intl.Segmenter, which splits Thai and Chinese (written without spaces) with the
// ICU dictionaries, so "บริการดีมาก" gives บริการ / ดี / มาก.

const EN_STOP = new Set(`a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he her
here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not of off on once
only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves
then there these they this those through to too under until up very was we were what when where which while who whom why
will with would you your yours yourself yourselves i'm it's don't didn't can't won't isn't wasn't i've i'd get got
really much many one even still ok okay`.split(/\s+/));

const FA_STOP = new Set(`و در به از که این آن با را برای است بود هست نیست یک تا هم اما یا می نمی شد شده شود باشد کرد کرده
کند کنم کنید من ما شما او آنها ایشان خیلی بسیار همه هر چه چون اگر پس نه ولی بر روی دیگر همین همان بعد قبل خود داشت دارد
دارم داریم ها های ای بی هیچ فقط چند`.split(/\s+/));

const TH_STOP = new Set(`และ ที่ ของ ใน เป็น มี ได้ ให้ กับ แต่ ก็ จะ ว่า นี้ นั้น คือ ครับ ค่ะ คะ นะ จ้า ซึ่ง หรือ โดย แล้ว
อยู่ ไป มา ผม ฉัน เรา คุณ เขา`.split(/\s+/));

const ZH_STOP = new Set(`的 了 是 我 你 他 她 它 們 们 我們 我们 和 與 与 在 也 都 就 但 但是 而且 這 这 那 有 很 嗎 吗 呢 吧 啊
一個 一个 個 个 及 或 被 把 對 对 給 给 還 还 就是`.split(/\s+/));

const STOP_WORDS = [EN_STOP, FA_STOP, TH_STOP, ZH_STOP];

const segmenters = new Map<string, Intl.Segmenter>();
function segmenter(locale: string): Intl.Segmenter {
  let s = segmenters.get(locale);
  if (!s) segmenters.set(locale, (s = new Intl.Segmenter(locale, { granularity: 'word' })));
  return s;
}

/** Locale whose word rules fit the text's script (dictionary scripts first). */
function localeOf(text: string): string {
  if (/[\u0E00-\u0E7F]/.test(text)) return 'th';
  if (/\p{Script=Han}/u.test(text)) return 'zh';
  if (/\p{Script=Arabic}/u.test(text)) return 'fa';
  return 'en';
}

/** Unifies Arabic and Persian letter forms and removes diacritics/tatweel, so words match. */
function normalizeWord(w: string): string {
  return w
    .normalize('NFKC')
    .toLocaleLowerCase()
    .replace(/ي/g, 'ی').replace(/ى/g, 'ی').replace(/ك/g, 'ک')
    .replace(/[\u064B-\u065F\u0670\u0640]/g, '')
    .replace(/^\u200c+|\u200c+$/g, '');
}

/** Scripts written without spaces between words. */
const noSpaceScript = (w: string): boolean => /[\u0E00-\u0E7F]|\p{Script=Han}/u.test(w);

/**
 * Content words of a comment, in order, split into runs: punctuation and stop-words end a run, so
 * two-word phrases never straddle a comma or a dropped function word.
 */
function wordRuns(text: string): string[][] {
  const runs: string[][] = [[]];
  const breakRun = () => { if (runs[runs.length - 1]!.length) runs.push([]); };
  for (const seg of segmenter(localeOf(text)).segment(text)) {
    if (!seg.isWordLike) {
      if (seg.segment.trim() !== '') breakRun();
      continue;
    }
    const w = normalizeWord(seg.segment);
    if (!w || /^[\p{N}.,]+$/u.test(w) || /^[a-z]$/.test(w) || STOP_WORDS.some((st) => st.has(w))) {
      breakRun();
      continue;
    }
    runs[runs.length - 1]!.push(w);
  }
  return runs.filter((r) => r.length);
}

/** Content words of a comment, in order (stop-words, numbers and single Latin letters removed). */
export function commentWords(text: string): string[] {
  return wordRuns(text).flat();
}

/** Words and adjacent word pairs of a comment. */
export function commentTerms(text: string): { words: string[]; bigrams: string[] } {
  const runs = wordRuns(text);
  const bigrams: string[] = [];
  for (const run of runs) {
    for (let i = 0; i + 1 < run.length; i++) {
      const a = run[i]!, b = run[i + 1]!;
      bigrams.push(noSpaceScript(a) && noSpaceScript(b) ? a + b : `${a} ${b}`);
    }
  }
  return { words: runs.flat(), bigrams };
}

export interface ThemeRow { band: string; term: string; occurrences: number; comments: number; share: number }

/**
 * Most frequent terms per band. `share` = comments of the band containing the term ÷ comments of the
 * band. Two-word phrases are listed only when they occur in at least two comments.
 */
export function feedbackThemes(comments: Array<{ band: string; text: string }>, perBand = 15): ThemeRow[] {
  const bands = new Map<string, { comments: number; terms: Map<string, { occ: number; comments: number; phrase: boolean }> }>();
  for (const c of comments) {
    let b = bands.get(c.band);
    if (!b) bands.set(c.band, (b = { comments: 0, terms: new Map() }));
    b.comments++;
    const { words, bigrams } = commentTerms(c.text);
    const seen = new Set<string>();
    for (const [list, phrase] of [[words, false], [bigrams, true]] as const) {
      for (const t of list) {
        let e = b.terms.get(t);
        if (!e) b.terms.set(t, (e = { occ: 0, comments: 0, phrase }));
        e.occ++;
        if (!seen.has(t)) { e.comments++; seen.add(t); }
      }
    }
  }
  const rows: ThemeRow[] = [];
  for (const [band, b] of bands) {
    const ranked = [...b.terms.entries()]
      .filter(([, e]) => !e.phrase || e.comments >= 2)
      .sort((x, y) => y[1].comments - x[1].comments || y[1].occ - x[1].occ || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
      .slice(0, perBand);
    for (const [term, e] of ranked) rows.push({ band, term, occurrences: e.occ, comments: e.comments, share: e.comments / b.comments });
  }
  return rows;
}
