// Masking for names, phones and card numbers wherever someone else may see them.
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

export function maskCardNo(cardNo: string): string {
  return cardNo.length > 6 ? `${cardNo.slice(0, 3)}${'*'.repeat(cardNo.length - 6)}${cardNo.slice(-3)}` : `${cardNo.slice(0, 1)}***`;
}
