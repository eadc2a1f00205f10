// Channel names as help desks export them ("E-mail", "Web form", "Twitter", "ایمیل", "โทรศัพท์",
// "電話"…) mapped to the channels the parameters speak of (frt.target.<channel>).
import { paramNumber } from '../params';
import type { Params } from '../types';
import { slug } from './support-common';

export type CanonicalChannel = 'email' | 'web_form' | 'phone' | 'chat' | 'social' | 'self_service';

const CHANNEL_WORDS: Record<CanonicalChannel, string[]> = {
  email: ['email', 'mail', 'emails', 'inbox', 'ایمیل', 'پستالکترونیک', 'رایانامه', 'อีเมล', 'อีเมล์', '電子郵件', '电子邮件', '郵件', '邮件', '電郵'],
  web_form: ['webform', 'web', 'form', 'contactform', 'portal', 'website', 'webportal', 'ticketform', 'فرم', 'وب', 'وبسایت', 'فرموب',
    'แบบฟอร์ม', 'เว็บไซต์', 'เว็บ', '網頁表單', '网页表单', '表單', '表单', '網站', '网站'],
  phone: ['phone', 'call', 'calls', 'telephone', 'voice', 'tel', 'phonecall', 'callcenter', 'تلفن', 'تماس', 'تماستلفنی', 'تلفنی',
    'โทรศัพท์', 'โทร', 'คอลเซ็นเตอร์', '電話', '电话', '來電', '来电'],
  chat: ['chat', 'livechat', 'webchat', 'messenger', 'whatsapp', 'line', 'telegram', 'wechat', 'chatbot', 'چت', 'گفتگو', 'گفتگویآنلاین',
    'تلگرام', 'واتساپ', 'แชท', 'ไลน์', '聊天', '線上客服', '在线客服', '即時通訊', '微信'],
  social: ['social', 'socialmedia', 'twitter', 'x', 'facebook', 'instagram', 'linkedin', 'tiktok', 'youtube', 'weibo',
    'شبکهاجتماعی', 'شبکههایاجتماعی', 'اینستاگرام', 'توییتر', 'โซเชียล', 'โซเชียลมีเดีย', 'เฟซบุ๊ก', 'เฟสบุ๊ค', '社群', '社群媒體', '社交媒體', '社交媒体', '微博', '臉書'],
  self_service: ['selfservice', 'helpcenter', 'helpcentre', 'knowledgebase', 'kb', 'faq', 'faqs', 'community', 'forum', 'docs',
    'documentation', 'مرکزراهنما', 'پرسشهایمتداول', 'سوالاتمتداول', 'پایگاهدانش', 'ศูนย์ช่วยเหลือ', 'คำถามที่พบบ่อย', '常見問題', '常见问题',
    '幫助中心', '帮助中心', '知識庫', '知识库'],
};

/** The canonical channel a raw channel name stands for, or null when it is none of them. */
export function canonicalChannel(raw: string): CanonicalChannel | null {
  const s = slug(raw);
  for (const ch of Object.keys(CHANNEL_WORDS) as CanonicalChannel[]) {
    if (CHANNEL_WORDS[ch].includes(s)) return ch;
  }
  // "Email (support@)", "Phone - inbound": the first recognisable word decides.
  for (const part of raw.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    for (const ch of Object.keys(CHANNEL_WORDS) as CanonicalChannel[]) {
      if (part.length > 1 && CHANNEL_WORDS[ch].includes(part)) return ch;
    }
  }
  return null;
}

/**
 * First-response target in seconds for a raw channel name: `frt.target.<slug of the name>` when
 * the user set one (e.g. frt.target.whatsapp), else the canonical channel's target, else
 * frt.target.default.
 */
export function frtTarget(params: Params, raw: string | null): { seconds: number; channel: string } {
  const fallback = paramNumber(params, 'frt.target.default') ?? 24 * 3600;
  if (raw == null || raw.trim() === '') return { seconds: fallback, channel: 'default' };
  const own = paramNumber(params, `frt.target.${slug(raw)}`);
  if (own != null) return { seconds: own, channel: slug(raw) };
  const ch = canonicalChannel(raw);
  const t = ch ? paramNumber(params, `frt.target.${ch}`) : null;
  return t != null ? { seconds: t, channel: ch! } : { seconds: fallback, channel: 'default' };
}
