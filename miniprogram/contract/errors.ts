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
  CARD_PHONE_MISMATCH: '读者证号或手机号不正确',
  CARD_ALREADY_BOUND: '该读者证已被其他微信绑定',
  CARD_LIMIT_REACHED: '绑定的读者证数量已达上限',
  CARD_INACTIVE: '该读者证已停用，请到服务台咨询',
  CARD_PASSWORD_INVALID: '读者证密码不正确（图书馆借阅系统的密码）',
  ILS_UNAVAILABLE: '图书馆系统暂时无法连接，请稍后再试',
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
  // Events and volunteers
  EVENT_NOT_FOUND: '活动不存在或已下线',
  EVENT_FULL: '名额已满，可以报名候补',
  EVENT_CLOSED: '活动报名已截止或活动已结束',
  EVENT_CANCELLED: '活动已取消',
  EVENT_NOT_STARTED: '活动签到尚未开始',
  EVENT_TIMES_INVALID: '活动时间有误：结束须晚于开始，报名截止不能晚于开始',
  EVENT_KIND_LOCKED: '已有报名的活动不能修改类型',
  TOO_MANY_MEMBERS: '同行家庭成员人数超过上限',
  ALREADY_SIGNED_UP: '该读者证已报名此活动',
  NOT_SIGNED_UP: '该读者证没有报名此活动',
  NOT_VOLUNTEER: '志愿者活动仅限审核通过的志愿者报名，请先注册志愿者',
  SIGNUP_BLOCKED: '近期多次报名未到场，暂时不能报名活动',
  CHECKIN_TOKEN_INVALID: '签到码无效或已过期，请扫描现场最新的签到码',
  ALREADY_ATTENDED: '已签到过，无需重复签到',
  ALREADY_VOLUNTEER: '您已提交志愿者注册，无需重复提交',
  VOLUNTEER_NOT_FOUND: '志愿者记录不存在',
  ALREADY_REVIEWED: '该志愿者申请已审核过',
  REASON_REQUIRED: '请填写未通过的原因',
  ALREADY_CONFIRMED: '该志愿者本次服务已确认，不能重复确认',
  SERVICE_TOO_EARLY: '活动开始后才能确认志愿服务',
  NOT_VOLUNTEER_EVENT: '只有志愿者活动需要确认服务，读者活动请使用签到',
  // Books: recommendations and donations
  ISBN_INVALID: 'ISBN 无效，请核对条码或重新输入（ISBN-10 或 ISBN-13）',
  BOOK_TITLE_REQUIRED: '未查到这本书的信息，请填写书名',
  DUPLICATE_SUBMISSION: '您已推荐过这本书，无需重复推荐',
  RECOMMEND_LIMIT_REACHED: '推荐次数已达上限',
  BOOK_ALREADY_HELD: '馆藏已有，可直接借阅，无需推荐',
  RECOMMENDATION_NOT_FOUND: '推荐记录不存在',
  INVALID_TRANSITION: '当前状态不能进行此操作',
  DONATION_NOT_FOUND: '捐赠码不存在，请核对',
  DONATION_CODE_MALFORMED: '捐赠码格式有误，请重新扫描或输入',
  DONATION_ALREADY_CONFIRMED: '该捐赠已确认，不能重复确认',
  DONATION_BOOK_MISMATCH: '所选图书或册数与登记的捐赠不符',
  DONATION_LIMIT_REACHED: '捐赠登记的册数超过上限',
  // Console: feedback, roles, reader directory
  FEEDBACK_NOT_FOUND: '意见反馈不存在',
  FEEDBACK_LIMIT_REACHED: '今天提交的意见反馈已达上限，请明天再来',
  LAST_ADMIN: '至少要保留一位管理员',
  ROLE_FIXED: '该管理员由部署配置指定，不能在小程序中撤销',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Field path for INVALID_INPUT. */
  field?: string;
  /** This instance's particulars in Chinese, already appended to `message` (e.g. SIGNUP_BLOCKED: '2027-01-05 起可再报名'). */
  detail?: string;
}

export type Envelope<T> = { ok: true; data: T } | { ok: false; error: ApiError };

export function errorMessage(code: string): string {
  return (ERROR_MESSAGES as Record<string, string>)[code] ?? ERROR_MESSAGES.INTERNAL;
}
