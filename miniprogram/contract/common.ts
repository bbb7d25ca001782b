import { z } from 'zod';

// Shared field schemas: one place for each input rule.
export const cardNo = z.string().trim().regex(/^[A-Za-z0-9]{4,32}$/, '读者证号为4-32位字母或数字');
export const phone = z.string().trim().regex(/^1[3-9]\d{9}$/, '请输入11位手机号');
export const smsCode = z.string().trim().regex(/^\d{6}$/, '验证码为6位数字');
export const requestId = z.string().min(8).max(64);
export const isoTime = z.string().datetime({ offset: true });
// Control characters (NUL, escapes, DEL; newlines only where `multiline`) are refused in every
// free-text field: they break masking, logs and the pages.
export const SINGLE_LINE_CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const MULTI_LINE_CONTROL = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;

/** A free-text field: trimmed, `min`–`max` characters, no control characters. */
export function text(max: number, opts: { min?: number; multiline?: boolean; minMessage?: string } = {}) {
  const control = opts.multiline ? MULTI_LINE_CONTROL : SINGLE_LINE_CONTROL;
  return z.string().trim()
    .min(opts.min ?? 0, opts.minMessage)
    .max(max)
    .refine((s) => !control.test(s), '不能包含控制字符');
}

export const personName = text(30, { min: 1 });
export const id = z.string().min(1).max(64);

export const empty = z.object({});
export const withCard = z.object({ cardNo: cardNo.optional() });

export type Role = 'user' | 'staff' | 'admin';

export interface ActionSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  /** Lowest role allowed to call the action. */
  role: Role;
  /** Mutating actions accept a requestId and are answered once per requestId. */
  mutating: boolean;
}

export function query<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, role: Role = 'user'): ActionSpec<I, O> {
  return { input, output, role, mutating: false };
}

export function command<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, role: Role = 'user'): ActionSpec<I, O> {
  return { input, output, role, mutating: true };
}

export type FunctionSpec = Record<string, ActionSpec>;
export type InputOf<S extends ActionSpec> = z.input<S['input']> & { requestId?: string };
export type ParsedInput<S extends ActionSpec> = z.output<S['input']>;
export type OutputOf<S extends ActionSpec> = z.output<S['output']>;
