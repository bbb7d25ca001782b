// Masking of personal data wherever someone else may see it: the one rule, shared by the cloud
// functions (server/ imports this file) and the pages.

/** 13812341234 → 138****1234 */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: keeps the first character only (a single character still gets a *). */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (!chars.length) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** Reader card number: keeps the last 4 characters. */
export function maskCardNo(cardNo: string): string {
  return cardNo.length <= 4 ? '****' : `${'*'.repeat(cardNo.length - 4)}${cardNo.slice(-4)}`;
}

/** An OPENID as staff screens show it: its last 6 characters. */
export function maskOpenid(openid: string): string {
  return openid.length <= 6 ? '***' : `***${openid.slice(-6)}`;
}
