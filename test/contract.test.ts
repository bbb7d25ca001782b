import { MUTATING } from '../miniprogram/api/actions';
import { contract } from '../miniprogram/contract';
import { ERROR_MESSAGES } from '../miniprogram/contract/errors';

describe('the contract', () => {
  test('the client knows exactly which actions write', () => {
    const fromContract = Object.fromEntries(Object.entries(contract).map(([fn, actions]) =>
      [fn, Object.fromEntries(Object.entries(actions).map(([a, spec]) => [a, (spec as { mutating: boolean }).mutating]))]));
    expect(MUTATING).toEqual(fromContract);
  });

  test('every error code has a Chinese message', () => {
    for (const [code, message] of Object.entries(ERROR_MESSAGES)) {
      expect(code).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(message).toMatch(/[\u4e00-\u9fa5]/);
    }
  });
});

describe('free-text fields', () => {
  const member = contract.account.addMember.input;
  const feedback = contract.inbox.feedback.input;

  test.each([
    ['a NUL character', '张\u0000三'],
    ['an escape sequence', '张\u001b[31m三'],
    ['DEL', '张三\u007f'],
    ['a line break in a one-line field', '张\n三'],
    ['a line separator', '张\u2028三'],
    ['a right-to-left override (U+202E)', '张\u202e三'],
    ['a zero-width space (U+200B)', '张\u200b三'],
    ['a left-to-right isolate (U+2066)', '\u2066张三'],
    ['a zero-width joiner between letters', '张\u200d三'],
    ['a soft hyphen', '张\u00ad三'],
    ['a Hangul filler (blank letter)', '张\u3164'],
    ['a lone surrogate', '张\ud800三'],
  ])('a family member name with %s is refused', (_what, name) => {
    expect(member.safeParse({ name, relation: '子女' }).success).toBe(false);
  });

  test('plain names, and line breaks in multi-line text, are accepted', () => {
    expect(member.safeParse({ name: '张三', relation: '子女' }).success).toBe(true);
    expect(member.safeParse({ name: '欧阳　娜娜', relation: '子女' }).success).toBe(true); // ideographic space
    // Emoji joined by U+200D are emoji, not hidden text; an override inside multi-line text is not.
    expect(feedback.safeParse({ content: '全家都喜欢👨\u200d👩\u200d👧，谢谢👩🏽\u200d💻' }).success).toBe(true);
    expect(feedback.safeParse({ content: '第一行\n第二行\u202e内容' }).success).toBe(false);
    expect(feedback.safeParse({ content: '第一行\n第二行内容' }).success).toBe(true);
    expect(feedback.safeParse({ content: '第一行\u0000第二行内容' }).success).toBe(false);
  });

  test('prize texts and the pickup and donation places shown to patrons refuse control characters', () => {
    const prize = contract.admin.upsertPrize.input;
    const rules = contract.admin.setRules.input;
    expect(prize.safeParse({ name: '书签', cost: 10, stock: 1, description: '第一行\n第二行' }).success).toBe(true);
    expect(prize.safeParse({ name: '书\u0007签', cost: 10, stock: 1 }).success).toBe(false);
    expect(prize.safeParse({ name: '书签', cost: 10, stock: 1, description: '说明\u001b[31m' }).success).toBe(false);
    expect(rules.safeParse({ rules: { pickupPlace: '一楼服务台' } }).success).toBe(true);
    expect(rules.safeParse({ rules: { pickupPlace: '一楼\u0000服务台' } }).success).toBe(false);
    expect(rules.safeParse({ rules: { donationPlace: '二楼\n捐赠处' } }).success).toBe(false);
  });

  test('limits apply after trimming', () => {
    expect(member.safeParse({ name: '   ', relation: '子女' }).success).toBe(false);
    expect(member.safeParse({ name: '张'.repeat(31), relation: '子女' }).success).toBe(false);
  });
});
