// Masks personal data before it reaches the screen.

/** 13812341234 → 138****1234 */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: keeps the first character only. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= 1 ? name : chars[0] + '*'.repeat(chars.length - 1);
}

/** Reader card number: keeps the last 4 characters. */
export function maskCardNo(cardNo: string): string {
  return cardNo.length <= 4 ? cardNo : `${'*'.repeat(cardNo.length - 4)}${cardNo.slice(-4)}`;
}
