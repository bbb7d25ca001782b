// What the pages check in a form before calling the cloud (the functions check again).

/** A mainland mobile number (as contract/common `phone`, which pages cannot import). */
export const PHONE = /^1[3-9]\d{9}$/;
/** An SMS verification code. */
export const SMS_CODE = /^\d{6}$/;

/** A typed whole number within [min, max], or null (empty, a sign, a decimal point, out of range). */
export function wholeNumber(text: string, min: number, max: number): number | null {
  if (!/^\d+$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= min && n <= max ? n : null;
}
