// The terms the Persian, Thai and Traditional Chinese reference guides use for our metrics
// (../shared/docs/TERMS.md). Many are literal machine translations ("customer spinning rate" for
// churn), so the UI labels use the professional terms of each language; these are synonyms the KPI
// search recognises and the details popover shows, so a user who learnt from a guide finds the metric.
import type { UiLanguage } from './index';

type GuideLanguage = Extract<UiLanguage, 'fa' | 'th' | 'zh-Hant'>;

export const GUIDE_TERMS: Readonly<Record<string, Readonly<Partial<Record<GuideLanguage, readonly string[]>>>>> = {
  health_score: { fa: ['امتیاز سلامت مشتری', 'نمره سلامت مشتری'], 'zh-Hant': ['客戶健康評分'] },
  nps: { fa: ['امتیاز خالص پروموتر'], th: ['คะแนนโปรโมเตอร์สุทธิ'], 'zh-Hant': ['淨推薦值'] },
  feedback_themes: { fa: ['بازخورد کیفی مشتری'], th: ['คำติชมเชิงคุณภาพของลูกค้า'], 'zh-Hant': ['定性客戶反饋'] },
  customer_churn_rate: { fa: ['نرخ ریزش مشتری', 'نرخ انصراف یا لغو', 'ریزش مشتری'], th: ['อัตราการปั่นของลูกค้า', 'อัตราการเลิกใช้งานของลูกค้า'], 'zh-Hant': ['客戶流失率'] },
  mrr: {
    fa: ['درآمد مکرر ماهانه', 'درآمد دوره ای ماهانه', 'درآمد ماهانه تکرارشونده', 'درآمد تکراری ماهانه'],
    th: ['รายได้ประจำรายเดือน', 'รายรับประจำรายเดือน'], 'zh-Hant': ['每月經常性收入'],
  },
  mrr_expansion: { fa: ['MRR گسترش'], 'zh-Hant': ['擴展 MMR'] },
  mrr_contraction: { th: ['การหดตัว MRR'] },
  arr: { th: ['รายได้ประจำประจำปี'] },
  clv: { fa: ['ارزش طول عمر مشتری'], th: ['มูลค่าตลอดช่วงชีวิตของลูกค้า', 'มูลค่าตลอดอายุการใช้งานของลูกค้า'], 'zh-Hant': ['平均客戶生命週期價值'] },
  crc: { fa: ['هزینه حفظ مشتری'], th: ['ต้นทุนการรักษาลูกค้า'], 'zh-Hant': ['客戶保留成本'] },
  ces: { fa: ['امتیاز تلاش مشتری'] },
  fcr_rate: {
    fa: ['نرخ وضوح تماس اول', 'نرخ رزولوشن اولین تماس', 'میزان وضوح اولین تماس', 'نرخ حل و فصل تماس اول', 'نرخ تفکیک تماس اول'],
    th: ['อัตราการแก้ปัญหาการติดต่อครั้งแรก'], 'zh-Hant': ['首次聯繫解決率', '第一次聯繫解決率'],
  },
  csat: { fa: ['امتیاز رضایت مشتری', 'رضایت مشتری'], th: ['คะแนนความพึงพอใจของลูกค้า'], 'zh-Hant': ['客戶滿意度得分'] },
  renewal_rate: { fa: ['نرخ تمدید'], 'zh-Hant': ['續訂率'] },
  product_usage_rate: { fa: ['نرخ استفاده از محصول'] },
  time_on_platform: { fa: ['میانگین زمان در پلتفرم', 'میانگین زمان در برنامه'] },
  mau: { fa: ['کاربران فعال'] },
  trial_conversion_rate: { fa: ['نرخ تبدیل آزمایشی رایگان'] },
  first_response_time: { fa: ['میانگین زمان پاسخ', 'اولین زمان پاسخ', 'زمان اولین پاسخ'] },
  ticket_volume: { fa: ['تعداد درخواست بلیط مشتری', 'حجم بلیط مشتری', 'تعداد درخواستهای پشتیبانی دریافت شده'] },
  arpa: { fa: ['میانگین درآمد هر کاربر', 'میانگین درآمد به ازای هر مشتری'], th: ['รายได้เฉลี่ยต่อผู้ใช้'] },
  cac: { fa: ['هزینه جذب مشتری'], th: ['ต้นทุนการได้มาซึ่งลูกค้า'] },
  cac_payback_months: { th: ['ระยะเวลาคืนทุนของ CAC'] },
  customer_retention_rate: { fa: ['حفظ مشتری'] },
  avg_purchase_value: { fa: ['میانگین ارزش خرید'] },
  purchase_frequency: { fa: ['نرخ فرکانس خرید'] },
  avg_customer_lifespan: { fa: ['طول عمر متوسط مشتری'] },
  handle_time: { fa: ['میانگین زمان رسیدگی به بلیط'] },
  channel_mix: { fa: ['انواع درخواست های پشتیبانی مشتری', 'کانال ارتباطی ترجیحی'] },
  self_service_usage: { fa: ['استفاده از سلف سرویس'] },
  resolution_rate: { fa: ['نرخ وضوح کلی', 'نرخ تفکیک کلی'] },
  backlog: { fa: ['بلیت عقب افتاده', 'بک لاگ بلیط'] },
  replies_per_resolution: { fa: ['پاسخ در هر قطعنامه', 'پاسخها در هر رزولوشن'] },
  answered_call_rate: { fa: ['نرخ تماس های پاسخ داده شده'] },
  social_mentions: { fa: ['نظارت بر رسانه های اجتماعی'] },
  upsell_frequency: { fa: ['فراوانی فروش و فروش متقابل'] },
  cross_sell_frequency: { fa: ['فراوانی فروش های متقابل و فروش متقابل'] },
  repurchase_rate: { fa: ['نرخ بازخرید', 'نرخ خرید مجدد'] },
  esat: { fa: ['میزان رضایت کارکنان'] },
  agent_leaderboard: { fa: ['مجریان برتر'] },
  nrr: { th: ['อัตราการรักษาสุทธิ', 'อัตราการรักษาลูกค้าสุทธิ'] },
  expansion_revenue: { th: ['รายได้จากการขยาย'] },
  gross_revenue_churn: { th: ['ปั่นรายได้', 'รายได้ที่เสียไป'] },
};

/** Folds text for matching: width, case, Arabic vs Persian letters, ZWNJ and spaces do not count. */
export function foldSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase()
    .replace(/[يى]/g, 'ی').replace(/ك/g, 'ک')
    .replace(/[\u200b-\u200d\u00a0\s_-]+/g, '');
}

/** The guide terms of a metric, every language (for search), or one language's (to show). */
export function guideTermsOf(metric: string, language?: string): string[] {
  const terms = GUIDE_TERMS[metric] ?? {};
  if (language) return [...(terms[language as GuideLanguage] ?? [])];
  return Object.values(terms).flatMap((list) => [...(list ?? [])]);
}
