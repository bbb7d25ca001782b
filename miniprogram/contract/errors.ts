// Every error code the cloud functions answer, with its one Chinese message.
export const ERROR_MESSAGES = {
  INVALID_INPUT: '输入有误，请检查后重试',
  UNKNOWN_ACTION: '不支持的操作',
  INTERNAL: '系统繁忙，请稍后再试',
  FORBIDDEN: '无权进行此操作',
  NOT_LOGGED_IN: '无法识别微信身份，请重新进入小程序',
  NO_CURRENT_CARD: '请先绑定读者证',
  CARD_NOT_BOUND: '该读者证未绑定到您的微信',
  CARD_NOT_FOUND: '读者证号不存在，请核对或先注册成为读者',
  CARD_PHONE_MISMATCH: '手机号与读者证登记的手机号不一致',
  CARD_ALREADY_BOUND: '该读者证已被其他微信绑定',
  CARD_LIMIT_REACHED: '绑定的读者证数量已达上限',
  CARD_INACTIVE: '该读者证已停用，请到服务台咨询',
  SMS_RATE_LIMITED: '验证码发送过于频繁，请稍后再试',
  SMS_CODE_INVALID: '验证码错误',
  SMS_CODE_EXPIRED: '验证码已过期，请重新获取',
  SMS_TOO_MANY_ATTEMPTS: '验证码错误次数过多，请重新获取',
  SMS_SEND_FAILED: '短信发送失败，请稍后再试',
  ALREADY_CHECKED_IN: '今天已经签到过了，明天再来吧',
  INSUFFICIENT_POINTS: '积分不足',
  TRANSFER_IDENTITY_MISMATCH: '两张读者证的持有人信息不一致，无法转移积分',
  TRANSFER_SAME_CARD: '转出和转入不能是同一张读者证',
  MEMBER_NOT_FOUND: '成员不存在',
  MEMBER_LIMIT_REACHED: '家庭成员数量已达上限',
  CONTENT_REJECTED: '内容含有不当信息，请修改后再提交',
  CONTENT_NOT_FOUND: '内容不存在',
  RULES_INVALID: '积分规则配置有误',
  OUT_OF_STOCK: '奖品已兑完',
  PRIZE_UNAVAILABLE: '该奖品暂不可兑换',
  REDEMPTION_NOT_FOUND: '兑换码不存在，请核对',
  REDEMPTION_CODE_MALFORMED: '兑换码格式有误，请重新扫描或输入',
  REDEMPTION_EXPIRED: '兑换码已过期（超过一年未领取），不能发放',
  REDEMPTION_ALREADY_COLLECTED: '该奖品已领取，不能重复发放',
  BUSY: '当前操作人数较多，请稍后重试',
  NETWORK: '网络异常，请稍后再试',
  PRIZE_NOT_FOUND: '奖品不存在',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Field path for INVALID_INPUT. */
  field?: string;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export function errorMessage(code: string): string {
  return (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES.INTERNAL;
}
