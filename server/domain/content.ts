import type { Ctx } from '../runtime/context';
import { getOrNull } from '../runtime/db';
import { fail } from '../runtime/fail';
import type { Rules } from '../../miniprogram/contract/points';
import { loadRules, pickupText } from './rules';

// content/<key>: text pages an admin can edit (admin.setContent). Defaults for a fresh database.
export interface ContentDoc { title: string; sections: { title: string; body: string }[] }

const RETURN_GUIDE: ContentDoc['sections'] = [
  { title: '方式一：自助机人脸识别还书（无需读者证）', body: '已在自助借还机录入人脸并通过验证的读者：在自助借还机上点“还书”，认证方式选“人脸认证”；把图书放在感应区，本人正对机器上方摄像头；核对屏幕上检测到的图书数量与实际是否一致，不一致请挪动图书或减少数量（一次建议不超过5本）；一致后点右下角“继续”，屏幕会显示还书成功或失败。失败时点“查看详情”按提示处理，完成后点“退出”，可选择是否打印凭条。' },
  { title: '方式二：自助机读者证还书（需要读者证）', body: '在自助借还机上点“还书”，认证方式选“读者证认证”；把读者证和图书分别放在感应区；核对检测到的图书数量（一次建议不超过5本），一致后点“继续”。失败时点“查看详情”按提示处理，完成后点“退出”，可选择是否打印凭条。' },
  { title: '方式三：服务台人工还书（需要读者证和身份证）', body: '携带读者证和身份证到服务台，由馆员为您办理还书。' },
];

/** The points rules as text, always from the rules in force. */
export function rulesContent(rules: Rules): ContentDoc {
  return {
    title: '积分规则',
    sections: [
      { title: '首次绑定', body: `每张读者证首次绑定奖励 ${rules.firstBindBonus} 积分，解绑后再绑定不重复奖励。每个微信最多绑定 ${rules.maxCardsPerUser} 张读者证。` },
      { title: '签到打卡', body: `每天签到一次得 ${rules.checkinPoints} 积分，连续签到每满 ${rules.streakEvery} 天额外奖励 ${rules.streakBonus} 积分（按北京时间计算日期）。` },
      { title: '读者活动与志愿服务', body: '报名并在活动现场扫码签到，或完成志愿服务经馆员确认后，获得该活动设定的积分。' },
      { title: '图书推荐与捐赠', body: `推荐被采纳得 ${rules.recommendAdoptedPoints} 积分，每张证每30天最多推荐 ${rules.recommendLimitPer30Days} 次；捐赠图书经馆员验收，每本得 ${rules.donationPointsPerBook} 积分，每年最多 ${rules.donationPointsPerYear} 积分。` },
      { title: '积分兑换', body: `兑换后 ${rules.redemptionValidDays} 天内到服务台领取（${pickupText(rules)}，${rules.pickupPlace}），逾期作废，积分不退。` },
      { title: '积分明细', body: `每一笔积分变动都记录在“积分明细”中，并注明所依据的规则版本（当前为第 ${rules.version} 版）。` },
    ],
  };
}

function pickupContent(rules: Rules): ContentDoc {
  return { title: '领取时间和地点', sections: [{ title: '领取时间', body: pickupText(rules) }, { title: '领取地点', body: rules.pickupPlace }] };
}

export const DEFAULT_CONTENT: Record<string, ContentDoc> = {
  faq: {
    title: '常见问题',
    sections: [
      { title: '如何绑定读者证？', body: '在首页点“去绑定证件”，输入读者证条码号和读者登记的手机号，获取短信验证码后点“立即绑定”。首次绑定可获得积分奖励。' },
      { title: '还不是图书馆读者怎么办？', body: '在绑定页点“前往注册成为读者”，按指引在微信中办理电子读者证后再来绑定。' },
      { title: '积分属于谁？', body: '积分跟随读者证，不跟随微信号。解绑后积分仍保留在读者证上，重新绑定即可继续使用。' },
      { title: '读者证丢失补办后，积分怎么办？', body: '把旧证和新证都绑定到本微信，在“我的-积分转移”中把旧证积分转到新证。两张证的姓名和身份证号必须一致。' },
      { title: '兑换的奖品在哪里领取？', body: '凭“我的兑换”中的兑换码，在领取时间到服务台领取。兑换后一年内有效，逾期作废，积分不退。' },
      ...RETURN_GUIDE.map((s) => ({ title: `如何还书 · ${s.title}`, body: s.body })),
    ],
  },
  returnGuide: { title: '还书指南', sections: RETURN_GUIDE },
  register: {
    title: '注册成为读者',
    sections: [
      { title: '办理电子读者证', body: '关注图书馆微信公众号，进入“便捷服务”中的“办理读者证”，按提示填写身份信息即可在线办理电子读者证。' },
      { title: '办好以后', body: '回到本小程序，用新读者证号和登记的手机号绑定即可。' },
    ],
  },
};

/** A content page; `pickup` and `rules` are generated from the rules in force. */
export async function getContent(ctx: Ctx, key: string): Promise<ContentDoc & { key: string }> {
  if (key === 'pickup') return { key, ...pickupContent(await loadRules(ctx)) };
  if (key === 'rules') return { key, ...rulesContent(await loadRules(ctx)) };
  const doc = await getOrNull(ctx.db.collection('content').doc(key));
  const content = doc ? { title: String(doc.title), sections: doc.sections as ContentDoc['sections'] } : DEFAULT_CONTENT[key];
  if (!content) fail('CONTENT_NOT_FOUND');
  return { key, ...content };
}

/** 积分规则 page: the rules and pickup texts from one read of the rules. */
export async function rulesText(ctx: Ctx) {
  const rules = await loadRules(ctx);
  return { version: rules.version, rules: { key: 'rules', ...rulesContent(rules) }, pickup: { key: 'pickup', ...pickupContent(rules) } };
}

export async function setContent(ctx: Ctx, key: string, content: ContentDoc): Promise<void> {
  const text = [content.title, ...content.sections.flatMap((s) => [s.title, s.body])].join('\n');
  if (!(await ctx.ports.checkText(ctx.openid, text))) fail('CONTENT_REJECTED');
  await ctx.db.collection('content').doc(key).set({ data: { ...content, updatedAt: ctx.now, updatedBy: ctx.openid } });
}
