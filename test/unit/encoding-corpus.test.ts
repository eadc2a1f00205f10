// Encoding detection on real-language text: sentences written for this test in Thai, Persian,
// Arabic, Traditional and Simplified Chinese, laid out in the shapes users' files take (a CSV with
// headers, short cells mixed with Latin and digits, a news paragraph, a form export), encoded with
// iconv-lite in each encoding those languages' files come in. A detection is right when the file
// decodes back to exactly the text written (TIS-620 and windows-874 decode Thai alike).
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { readDelimited } from '../../src/engine/import/delimited';
import { decodeFile } from './decode-text';

const SENTENCES: Record<string, string[]> = {
  thai: [
    'พนักงานบริการดีมาก ตอบคำถามรวดเร็ว',
    'รอสายนานเกินไป อยากให้ปรับปรุงระบบคิว',
    'สินค้าส่งถึงตรงเวลา บรรจุภัณฑ์เรียบร้อย',
    'แอปใช้งานยาก เมนูซับซ้อน หาเมนูชำระเงินไม่เจอ',
    'ประทับใจการแก้ปัญหาของเจ้าหน้าที่',
    'ราคาแพงไปหน่อยเมื่อเทียบกับคู่แข่ง',
    'ธนาคารแห่งประเทศไทยคงอัตราดอกเบี้ยนโยบายไว้ที่ร้อยละสองจุดห้า',
    'กรมอุตุนิยมวิทยาเตือนประชาชนในภาคเหนือให้ระวังฝนตกหนักในช่วงสุดสัปดาห์นี้',
    'ผู้ว่าราชการจังหวัดเชียงใหม่สั่งการให้หน่วยงานเร่งช่วยเหลือผู้ประสบภัยน้ำท่วม',
    'ยอดขายรถยนต์ไฟฟ้าในไตรมาสที่ผ่านมาเพิ่มขึ้นเกือบเท่าตัว',
    'กรุณากรอกชื่อ นามสกุล และเบอร์โทรศัพท์ที่ติดต่อได้',
    'ขอบคุณที่ใช้บริการ โปรดให้คะแนนความพึงพอใจ',
    'ดี', 'โอเค', 'ช้า', 'ไม่พอใจ', 'เยี่ยมมาก', 'พอใช้',
  ],
  persian: [
    'پشتیبانی خیلی سریع جواب داد و مشکل حل شد',
    'زمان انتظار پشت خط خیلی طولانی بود',
    'قیمت اشتراک نسبت به رقبا گران است',
    'از کیفیت خدمات راضی هستم و به دوستانم پیشنهاد می‌کنم',
    'برنامه روی گوشی من مدام بسته می‌شود',
    'بانک مرکزی نرخ سود سپرده‌ها را برای سال آینده اعلام کرد',
    'سازمان هواشناسی از بارش باران در استان‌های شمالی کشور خبر داد',
    'فروش خودروهای داخلی در ماه گذشته کاهش یافت',
    'لطفاً نام و نام خانوادگی و شماره تماس خود را وارد کنید',
    'از اینکه وقت گذاشتید سپاسگزاریم',
    'عالی', 'بد نبود', 'کند', 'راضی', 'متوسط', 'خوب بود',
  ],
  arabic: [
    'خدمة العملاء ممتازة وتم حل المشكلة بسرعة',
    'الانتظار على الهاتف كان طويلا جدا',
    'السعر مرتفع مقارنة بالشركات الأخرى',
    'وصل الطلب في الموعد المحدد والتغليف جيد',
    'أعلن البنك المركزي عن تثبيت أسعار الفائدة حتى نهاية العام',
    'توقعت الأرصاد الجوية أمطارا غزيرة على المناطق الساحلية',
    'ارتفعت مبيعات الهواتف الذكية في الربع الأخير من السنة',
    'يرجى كتابة الاسم الكامل ورقم الهاتف والبريد الإلكتروني',
    'شكرا لاستخدامكم خدماتنا',
    'ممتاز', 'جيد', 'سيئ', 'بطيء', 'راض', 'مقبول',
  ],
  'chinese-traditional': [
    '客服人員態度很好，問題很快就解決了',
    '等待時間太長，希望可以改善',
    '價格比其他公司貴一點',
    '包裝完整，送貨準時，非常滿意',
    '中央銀行宣布維持利率不變，市場反應平穩',
    '氣象局預報明天北部地區將有大雨，請民眾注意安全',
    '今年第三季電動車銷售量比去年同期成長將近一倍',
    '請填寫姓名、電話與電子郵件地址',
    '感謝您使用我們的服務，請為這次的體驗評分',
    '很好', '普通', '太慢', '不滿意', '非常好', '還可以',
  ],
  'chinese-simplified': [
    '客服人员态度很好，问题很快就解决了',
    '等待时间太长，希望可以改进',
    '价格比其他公司贵一点',
    '包装完整，送货准时，非常满意',
    '中国人民银行宣布维持贷款利率不变，市场反应平稳',
    '气象台预报明天北方地区将有大雨，请市民注意出行安全',
    '今年第三季度新能源汽车销量比去年同期增长近一倍',
    '请填写姓名、手机号码和电子邮箱',
    '感谢您使用我们的服务，请为本次体验打分',
    '很好', '一般', '太慢', '不满意', '非常好', '还行',
  ],
};

const HEADERS: Record<string, string[]> = {
  thai: ['วันที่', 'รหัสลูกค้า', 'คะแนน', 'ความคิดเห็น'],
  persian: ['تاریخ', 'شناسه مشتری', 'امتیاز', 'نظر'],
  arabic: ['التاريخ', 'رقم العميل', 'التقييم', 'التعليق'],
  'chinese-traditional': ['日期', '客戶編號', '推薦意願(0-10)', '意見'],
  'chinese-simplified': ['日期', '客户编号', '评分', '意见'],
};

/** Encodings each language's files come in (besides the Unicode ones every language gets). */
const LEGACY: Record<string, string[]> = {
  thai: ['windows-874', 'tis-620'],
  persian: ['windows-1256'],
  arabic: ['windows-1256', 'iso-8859-6'],
  'chinese-traditional': ['big5'],
  'chinese-simplified': ['gb18030', 'gbk'],
};

/** Deterministic pseudo-random choices, so the corpus is the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

/** The shapes of document built from a language's sentences. */
function documents(language: string): { shape: string; text: string }[] {
  const sentences = SENTENCES[language];
  const short = sentences.filter((s) => s.length <= 12);
  const long = sentences.filter((s) => s.length > 12);
  const out: { shape: string; text: string }[] = [];
  for (let seed = 1; seed <= 6; seed++) {
    const r = rng(seed * 97 + language.length);
    const pick = (list: string[]) => list[Math.floor(r() * list.length)];
    const rows = 3 + Math.floor(r() * 20);
    // A survey CSV with headers: dates, ids, scores, a comment.
    const csv = [HEADERS[language].join(',')];
    for (let i = 0; i < rows; i++) csv.push(`2024-0${1 + (i % 9)}-1${i % 10},C-${1000 + i},${Math.floor(r() * 11)},${pick(r() < 0.5 ? short : long)}`);
    out.push({ shape: 'survey csv', text: csv.join('\r\n') + '\r\n' });
    // Short cells only, mixed with Latin names and digits: the hardest case, little text to judge.
    const cells = ['id;name;plan;note'];
    for (let i = 0; i < Math.min(rows, 6); i++) cells.push(`${i + 1};user${i}@example.com;Pro ${i * 10} USD;${pick(short)}`);
    out.push({ shape: 'short cells', text: cells.join('\n') + '\n' });
    // A news paragraph pasted into one column.
    out.push({ shape: 'news', text: `title,body\n"${pick(long)}","${pick(long)} ${pick(long)} ${pick(long)}"\n` });
    // A form export: question, answer pairs.
    out.push({ shape: 'form', text: `field\tvalue\n${HEADERS[language][1]}\tA${seed}23\n${pick(long)}\t${pick(short)}\nemail\tx${seed}@mail.com\n` });
  }
  return out;
}

const encodeAs = (text: string, encoding: string, bom = false) => new Uint8Array(iconv.encode(text, encoding, { addBOM: bom }));

describe('encoding detection on real-language text', () => {
  const results: Record<string, { right: number; total: number; misses: string[] }> = {};
  for (const language of Object.keys(SENTENCES)) {
    const result = { right: 0, total: 0, misses: [] as string[] };
    results[language] = result;
    for (const doc of documents(language)) {
      const variants: [string, Uint8Array][] = [
        ...LEGACY[language].map((e) => [e, encodeAs(doc.text, e)] as [string, Uint8Array]),
        ['utf-8', encodeAs(doc.text, 'utf-8')],
        ['utf-8 bom', encodeAs(doc.text, 'utf-8', true)],
        ['utf-16le bom', encodeAs(doc.text, 'utf-16le', true)],
        ['utf-16le', encodeAs(doc.text, 'utf-16le')],
        ['utf-16be bom', encodeAs(doc.text, 'utf-16be', true)],
      ];
      for (const [label, bytes] of variants) {
        result.total++;
        const decoded = decodeFile(bytes);
        const text = decoded.text.charCodeAt(0) === 0xfeff ? decoded.text.slice(1) : decoded.text;
        // What the encoding can hold: Windows-1256 has Arabic yeh and kaf, not the Persian ones
        // (Persian files in it are written so), and the file's text is that.
        const expected = iconv.decode(Buffer.from(iconv.encode(doc.text, label.split(' ')[0])), label.split(' ')[0]);
        if (text === expected) result.right++;
        else result.misses.push(`${doc.shape} in ${label} read as ${decoded.encoding}`);
      }
    }
  }

  it('is right on at least 95 % of each language\'s files', () => {
    for (const [language, r] of Object.entries(results)) {
      console.log(`encoding accuracy ${language}: ${r.right}/${r.total} = ${(100 * r.right / r.total).toFixed(1)} %${r.misses.length ? ' — missed: ' + r.misses.join('; ') : ''}`);
    }
    for (const [language, r] of Object.entries(results)) expect(r.right / r.total, language).toBeGreaterThanOrEqual(0.95);
  });

  it('reads the TIS-620 Thai CSAT survey with readable headers', () => {
    const text = 'วันที่,รหัสลูกค้า,คะแนน,ความคิดเห็น\n2024-03-01,T001,5,ดีมาก\n2024-03-01,T002,4,โอเค\n2024-03-02,T003,2,ช้า\n2024-03-02,T004,3,พอใช้\n2024-03-03,T005,5,ประทับใจ\n';
    const table = readDelimited(encodeAs(text, 'tis-620'), 'csat.csv');
    expect(table.encoding).toBe('windows-874');
    expect(table.header).toEqual(['วันที่', 'รหัสลูกค้า', 'คะแนน', 'ความคิดเห็น']);
  });

  it('reads a realistic Windows-874 export with curly quotes, ellipsis and euro signs', () => {
    const text = 'เลขที่ใบแจ้งหนี้,ลูกค้า,ยอดเงิน,หมายเหตุ\nINV-001,บริษัท สยามเทค จำกัด,"1,250.00","ชำระแล้ว – ขอบคุณ"\nINV-002,ร้านกาแฟ “บ้านสวน”,980.50,รอชำระ…\nINV-003,Global Trade Co.,€120,ลูกค้าต่างประเทศ\n';
    const decoded = decodeFile(encodeAs(text, 'windows-874'));
    expect(decoded.encoding).toBe('windows-874');
    expect(decoded.text).toBe(text);
  });

  it('warns, naming the runner-up, when the choice is close', () => {
    // Two Latin-1 bytes alone say little.
    const table = readDelimited(encodeAs('a,b\nx,\u00e9\u00e8\n', 'windows-1252'), 'tiny.csv');
    const warning = table.issues.find((i) => i.code === 'uncertain_encoding');
    expect(warning?.message).toMatch(/tiny\.csv: .*read as [\w-]+, [\w-]+ came close/);
  });
});
