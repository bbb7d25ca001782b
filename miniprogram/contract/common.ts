import { z } from 'zod';

// Shared field schemas: one place for each input rule.
export const cardNo = z.string().trim().regex(/^[A-Za-z0-9]{4,32}$/, '读者证号为4-32位字母或数字');
export const phone = z.string().trim().regex(/^1[3-9]\d{9}$/, '请输入11位手机号');
export const smsCode = z.string().trim().regex(/^\d{6}$/, '验证码为6位数字');
export const requestId = z.string().min(8).max(64);
export const isoTime = z.string().datetime({ offset: true });
// Control characters (NUL, escapes, DEL; newlines only where `multiline`) are refused in every
// free-text field: they break masking, logs and the pages. So are invisible characters, which
// make a text show other than it is (a name displayed reversed on a staff screen): Unicode format
// characters (Cf: bidi overrides and isolates such as U+202E/U+2066, zero-width spaces and
// joiners, BOM, soft hyphen, tags), lone surrogates, noncharacters, and blank "letters" (Hangul
// fillers, braille blank, the combining grapheme joiner). Private-use characters stay allowed
// (rare ideographs of old encodings).
const INVISIBLE = '\\p{Cf}\\p{Cs}\\u034f\\u115f\\u1160\\u2800\\u3164\\uffa0\\ufdd0-\\ufdef\\ufffe\\uffff';
export const SINGLE_LINE_CONTROL = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029${INVISIBLE}]`, 'u');
const MULTI_LINE_CONTROL = new RegExp(`[\\u0000-\\u0009\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u2028\\u2029${INVISIBLE}]`, 'u');
/** A zero-width joiner between two emoji (👨‍👩‍👧) is part of the emoji, not hidden text. */
// (Built from strings, as the other two: the functions run them; babel's ES5 output for the
// mini-program, which imports only types from here, never has to rewrite them.)
const EMOJI_JOINER = new RegExp('(?<=\\p{Extended_Pictographic}[\\ufe0f\\u{1f3fb}-\\u{1f3ff}]?)\\u200d(?=\\p{Extended_Pictographic})', 'gu');

/** True when a text has a control or invisible character (newlines allowed when `multiline`). */
export function hasControl(s: string, multiline = false): boolean {
  return (multiline ? MULTI_LINE_CONTROL : SINGLE_LINE_CONTROL).test(s.replace(EMOJI_JOINER, ''));
}

/** A free-text field: trimmed, `min`–`max` characters, no control or invisible characters. */
export function text(max: number, opts: { min?: number; multiline?: boolean; minMessage?: string } = {}) {
  return z.string().trim()
    .min(opts.min ?? 0, opts.minMessage)
    .max(max)
    .refine((s) => !hasControl(s, opts.multiline), '不能包含控制字符或不可见字符');
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
