// Judges a candidate decoding by the text it produces: real Thai follows syllable structure
// (a tone mark or an above/below vowel sits on a consonant, a leading vowel precedes one), real
// Arabic-script text is runs of letters without Latin letters inside words, and real Chinese or
// Korean text is mostly the few hundred most common characters — while a wrong code page turns the
// same bytes into marks on nothing, Latin letters inside Arabic words, or rare ideographs.
// Scores are per non-ASCII byte, so decodings of different widths compare.

/** The most common Chinese characters, simplified and traditional forms (both scripts share many). */
const COMMON_HAN = new Set([...(
  '的一是不了人我在有他这个们中来上大为和国地到以说时要就出会可也你对生能而子那得于着下自之年过发后作里用道行所然家种事成方多经么去法学如都同现当没动面起看定天分还进好小部其些主样理心她本前开但因只从想实日者意无力它与长把机十民第公此已工使情明性知全三又关点正业外将两高间由问很最重并物手应向头文体政美相见被利什二等产或新己制身果加西月话合回特代内信表化老给世位次度门任常先海通教儿原东声提立及比员解水名真论处走义各入几口认条平系气题活更别打女变四总何电数安少报才结反受目太量再感建务做接必场件计管期市直资命山金指许统区保至形社便空决治展马科司五基书非则听白界达光放强即像难且权思王象完设式色路记南品住告类求据程北边死张该交规万取拉格望觉术领共确传师观清今切院让识候带导争运笑飞风步改收根干造言联持组每济车亲极林服快办议往元证近失转令准布始怎呢存未远叫台单影具字爱流备连调深商算质团集百需价花华城石级整府离况请技际约示复病息究线似官火断精满支视消越器容照须九增研写称企八功吗包片史委查轻易早除农找装广显吧李标谈吃图念六引历首医局突专费号尽另周较注语仅考落青随选列红响虽推势参希古众构房半节土投案黑维划致陈律足态护七兴派孩验责营星够章音跟志底站严例防族供效续施留讲型料终答紧黄绝奇察母京段依批群项故按河米围江织害斗双境客纪采举父密低朝友诉止细愿千值仍男钱网热助育属坐限船脸职速刻乐否刚毛状率独球般普怕校苦创假久错承印晚试股拿脑预谁益阳若哪微继送急血惊伤素药适波夜省初喜卫源食险待述陆习置居劳财环排福纳欢获模充负云停木游龙树层冷射略范竟句室异激汉村策演简卡罪判担州静退既衣您宗积余痛检差富灵协角占配征修皮胜降阶审坚善妈刘读超免压银买养怀执副乱抗犯追帮宣岁航优怪香著田铁控税左右份穿艺背阵草脚概恶块顿敢守酒岛托央户烈洋哥索胡款靠评版宝座释景顾弟登货互付慢欧换闻危忙核暗姐介坏讨丽良序升监临亮露永呼味野架域沙掉括杂误湾吉减编楚肯测败屋跑梦散温困封救贵缺楼县尚移朋画班智耳短掌恐遗固席松秘谢遇康虑幸均销钟诗藏赶剧票损忽巨旧端探湖录叶春乡附吸予礼港雨板庭妇归饭额含顺输招婚脱补督油疗旅材灭莫笔亡鲜词择寻厂睡博烟授岸卖载堂旁宫喝借禁园避抓荣孙逃顶玉镇雪午练迫篇肉馆遍凡础卷牛宁纸训私庄祖丝翻暴森默握戏隐熟骨访弱歌店软典欲伙盘爸扩盖弄雄稳忘亿拥齐赛趣曲床迎冰虚玩析窗醒透购替努休扬途绿兄迅套贸毕唯谷轮库迹尤竞街促延震弃甲伟川申缓潜闪售灯针络抵朱抱植纯夏忍页杰筑折贝尊秀混振染盛怒舞圆措姓残秋培迷诚宽宇猛摆梅毁伸摩盟末悲拍丁硬麦操阻订彩抽赞纷沿违妹浪汇币丰蓝殊献桌啦援译汽烧距裁偏符勇触课敬哭懂墙召罚厅拜巧侧冒债融惯享童乘挂奖绍厚纵障讯涉彻刊丈爆役描洗患妙镜唱烦签仙彼症仿倾牌陷鸟菜闭奋庆泪茶疾缘播朗奶季丹尾仪奔珠孔宜桥淡翼繁寒伴叹旦愈潮粮缩罢聚径恰挑袋灰捕徐珍幕映裂泰隔启尖忠累炎暂估泛荒偿横拒瑞忆孤鼻闹羊厉衡零穷舍码婆魂灾洪腿胆津俗胸晓劲贫仁偶辑邦恢赖圈摸仰润堆碰稍迟辆废净署壁御奉旋冬矿抬蛋晨伏吹鸡倍秦盾杯租骑乏隆诊摄丧污渡旗甘耐凭扎抢绪粗肩梁幻皆碎叔岩荡综爬荷悉返井壮薄悄扫敏碍详允幅剩凯颗赏液番箱贴漫酸郎腰舒眉忧浮辛恋餐挺励辞键伍峰尺昨辈贯侦滑券崇扰趋慈阅汗枝拖墨插箭粉泥氏拔凤慧媒佩扑龄驱惜豪兼跃肃驶届欣惠册储飘闲惨洁踪频磨递撞拟滚奏巡颜剂绩贡坡截燃焦殿伪锁逼颇劝呈搜勤驾漂饮朵仔柔俩腐幼践籍牧凉佳浓芳稿竹腹跌逻垂遵脉貌柏猜惑陶帐饰贷昌叙躺钢沟寄扶铺寿惧询汤肥尝匆辉奈扣廷澳董迁凝慰厌脏腾幽怨鞋丢埋泉涌辖躲紫艰吾慌祝邮吐狠鉴械咬邻挤弯椅陪割揭悟聪雾锋梯猫祥阔誉筹丛牵鸣沈阁穆屈旨袖猎臂贺柱抛鼠戈牢迈欺吨琴衰瓶恼燕仲诱池疼卢冠粒遥玄尘抚浅敦纠钻晶峡苍喷耗凌敲菌赔涂粹扁亏寂煤熊恭湿循暖糖赋抑秩帽宿踏烂袁侯抖夹昆肝擦猪炼恒慎搬纽纹玻渔磁铜齿跨押怖漠疲遣祭醉拳弥斜档稀捷肤疫肿豆削岗晃吞宏肚履涨耀扭坛拨沃绘伐堪仆郭墓雇廉契拼覆刷劫嫌瓜歇雕闷乳串娃缴唤赢莲霸桃妥瘦搭赴岳嘉舱俊址庞耕锐缝悔邀玲惟添挖呵氧浩羽斤酷掠妖祸侍乙妨贪挣汪尿莉悬唇翰仓轨枚盐览傅帅庙芬屏寺胖璃愚滴疏萧姿颤丑劣柯寸扔盯辱匹俱辨饿蜂哦腔郁溃谨糟葛苗肠忌溜鸿爵鹏鹰笼丘桂滋聊挡纲肌茨壳痕碗穴膀卓贤卧膜毅锦欠函茫昂薛皱夸豫胃舌剥傲拾窝睁携陵哼棉晴铃填渴吻扮逆脆喘罩卜炉柴愉绳胎蓄眠竭喂傻慕浑扇柜悦拦诞饱乾泡贼亭夕爹酬儒姻卵氛泄杆挨僧蜜吟遂狭肖甜霉滩沫粘淮捧溪抹孝庸柄稻盆轿硕叠泳驳坑郊颈肢赚碑' +
  '這個們來為國說時會對發後過裡動開關點現當經麼學還進將長樣從實問種體機產東與無頭業員電話見間車門書語應氣軍見覺認錢處務條題總數報結話愛師導區劃權議論達運則設計類變讓選擇統範圍親聽樂麗麥義醫藥術戰鬥團專鄉層歷價買賣費貨單據帳戶稅額號碼網頁錄線級農鐵銀華環場邊廣車輛隊領導觀點規劃傳說記憶響聲顯視縣滿應該協會組織經濟發展觀察護認證職業辦務標準擔負責評價試驗檢測驗證訂購續約訪問詢問諮詢滿意調查聯絡電郵週區轉帳們會員優惠積點個體驗顧問題處理請謝謝狀態複雜簡單確認過時間隨機離開屬於歲壽險車禍')].join(''));

/** The most common Hangul syllables (Korean text, the EUC-KR / CP949 runner-up for Chinese bytes). */
const COMMON_HANGUL = new Set([...'이다는의에가고하을기지사서로리자대어아도일수정한그인시나국보제전해주으요라들부계장적만게상원소화경성면여동거마비등관우없같생것니있음습했된내할년문중분위신무진드운조회외구금실개차방공통발연업산선물명유학간강및당결세재미안후교반심영용식말러모불오처토파하야설날건감행람김박최객님다른저번때문합니다습니까입니다좋은고객센터문의답변만족점수평가가입해지결제금액요금제월간연간환불취소배송상품주문번호날짜시간담당자'].join(''));

type Cat = 'other' | 'thaiConsonant' | 'thaiLeading' | 'thaiMark' | 'thaiFollowing' | 'thai';

function thaiCat(c: number): Cat {
  if (c >= 0x0e01 && c <= 0x0e2e) return 'thaiConsonant';
  if (c >= 0x0e40 && c <= 0x0e44) return 'thaiLeading';
  if (c === 0x0e31 || (c >= 0x0e34 && c <= 0x0e3a) || (c >= 0x0e47 && c <= 0x0e4e)) return 'thaiMark';
  if (c === 0x0e30 || c === 0x0e32 || c === 0x0e33 || c === 0x0e45) return 'thaiFollowing';
  if ((c >= 0x0e2f && c <= 0x0e5b)) return 'thai';
  return 'other';
}

const isAsciiLetter = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isArabicLetter = (c: number) => (c >= 0x0621 && c <= 0x064a) || (c >= 0x0671 && c <= 0x06d3);
const isLatinExtLetter = (c: number) =>
  (c >= 0xc0 && c <= 0xff && c !== 0xd7 && c !== 0xf7) || (c >= 0x152 && c <= 0x17e) || c === 0x192;
const isHan = (c: number) => (c >= 0x4e00 && c <= 0x9fff);
const isHangul = (c: number) => c >= 0xac00 && c <= 0xd7a3;
const isKana = (c: number) => c >= 0x3041 && c <= 0x30ff;
/** Neutral neighbours for a symbol: space, digit, ASCII punctuation, line ends, or nothing. */
const isNeutral = (c: number | undefined) => c === undefined || (c < 0x80 && !isAsciiLetter(c));

/**
 * Score of a decoded text, per non-ASCII byte of the source: about +1 when every character looks
 * like real text of its script, negative when the decoding produced what no writer types.
 */
export function scoreDecodedText(text: string, highBytes: number): number {
  if (highBytes === 0) return 0;
  let score = 0;
  const chars = Array.from(text, (ch) => ch.codePointAt(0)!);
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c < 0x80) continue;
    const prev = chars[i - 1];
    const next = chars[i + 1];
    if (c === 0xfffd || (c >= 0x80 && c <= 0x9f) || (c >= 0xe000 && c <= 0xf8ff)) { score -= 4; continue; }
    const cat = thaiCat(c);
    if (cat !== 'other') {
      // One byte per Thai character in TIS-620 / windows-874.
      // Thai glued to a Latin letter is a double-byte code page's ASCII trail byte read as Thai.
      if ((prev !== undefined && isAsciiLetter(prev)) || (next !== undefined && isAsciiLetter(next))) { score -= 1; continue; }
      const p = prev === undefined ? 'other' : thaiCat(prev);
      if (cat === 'thaiMark') score += p === 'thaiConsonant' || (p === 'thaiMark' && !(prev! >= 0x0e47 && prev! <= 0x0e4e && c >= 0x0e47)) ? 1 : -2;
      else if (cat === 'thaiFollowing') score += p === 'thaiConsonant' || p === 'thaiMark' ? 1 : -2;
      else if (cat === 'thaiLeading') score += next !== undefined && thaiCat(next) === 'thaiConsonant' ? 1 : -2;
      else score += 1;
      continue;
    }
    if (isArabicLetter(c)) {
      // Two bytes per letter in UTF-8 but one in the code pages this judges; a letter inside a run
      // of letters is text, next to a Latin letter it is a wrong code page.
      if ((prev !== undefined && (isAsciiLetter(prev) || isLatinExtLetter(prev))) || (next !== undefined && (isAsciiLetter(next) || isLatinExtLetter(next)))) score -= 2;
      else if ((prev !== undefined && isArabicLetter(prev)) || (next !== undefined && isArabicLetter(next))) score += 1;
      continue;
    }
    if (c >= 0x064b && c <= 0x0652) { score += prev !== undefined && isArabicLetter(prev) ? 0.5 : -2; continue; }
    if (c === 0x060c || c === 0x061b || c === 0x061f || c === 0x0640 || (c >= 0x0660 && c <= 0x0669) || (c >= 0x06f0 && c <= 0x06f9)) { score += 0.5; continue; }
    // Zero-width (non-)joiners and direction marks sit between letters in Persian and Arabic text.
    if (c >= 0x200c && c <= 0x200f) { score += prev !== undefined && next !== undefined && isArabicLetter(prev) && isArabicLetter(next) ? 1 : -1; continue; }
    if (isHan(c)) { score += COMMON_HAN.has(String.fromCodePoint(c)) ? 2 : -1; continue; }
    if (isHangul(c)) { score += COMMON_HANGUL.has(String.fromCodePoint(c)) ? 2 : -1; continue; }
    if (isKana(c)) { score += 2; continue; }
    if ((c >= 0x3000 && c <= 0x303f) || (c >= 0xff01 && c <= 0xff5e)) { score += 1; continue; }
    if (c >= 0xff61 && c <= 0xff9f) { score -= 1; continue; }
    if (isLatinExtLetter(c)) {
      // An accented letter belongs to a word with plain letters (José, Köln); runs of accented
      // letters alone are another script read through a Latin code page.
      const latinNeighbour = (prev !== undefined && isAsciiLetter(prev)) || (next !== undefined && isAsciiLetter(next));
      score += latinNeighbour ? 1 : -0.5;
      continue;
    }
    if (c === 0x20ac || c === 0x2013 || c === 0x2014 || c === 0x2018 || c === 0x2019 || c === 0x201c || c === 0x201d || c === 0x2026 || c === 0x2022 || c === 0xa0 || c === 0xb0 || c === 0xa3 || c === 0xa5 || c === 0x0e3f) {
      score += isNeutral(prev) || isNeutral(next) ? 0.5 : -1;
      continue;
    }
    score -= 1.5;
  }
  return score / highBytes;
}
