import { CODE_ALPHABET, CODE_LENGTH, formatCode, generateCode, isWellFormedCode, normalizeCode } from '../../server/domain/redemption-code';

describe('redemption codes', () => {
  test('the alphabet has no look-alike characters', () => {
    for (const ch of '01OIL') expect(CODE_ALPHABET).not.toContain(ch);
    expect(new Set(CODE_ALPHABET).size).toBe(CODE_ALPHABET.length);
  });

  test('10 000 generated codes are distinct, well formed and 10+1 characters long', () => {
    const codes = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const code = generateCode();
      expect(code).toHaveLength(CODE_LENGTH);
      expect(isWellFormedCode(code)).toBe(true);
      codes.add(code);
    }
    expect(codes.size).toBe(10_000);
  });

  test('every one-character typo is caught by the check character', () => {
    for (let n = 0; n < 200; n++) {
      const code = generateCode();
      for (let i = 0; i < code.length; i++) {
        for (const ch of CODE_ALPHABET) {
          if (ch === code[i]) continue;
          const typo = code.slice(0, i) + ch + code.slice(i + 1);
          expect(isWellFormedCode(typo)).toBe(false);
        }
      }
    }
  });

  test('swapping two neighbouring characters is caught', () => {
    for (let n = 0; n < 200; n++) {
      const code = generateCode();
      for (let i = 0; i + 1 < code.length; i++) {
        if (code[i] === code[i + 1]) continue;
        const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
        expect(isWellFormedCode(swapped)).toBe(false);
      }
    }
  });

  test('wrong length, look-alikes and lower case with separators', () => {
    const code = generateCode();
    expect(isWellFormedCode(code.slice(0, -1))).toBe(false);
    expect(isWellFormedCode(`${code}2`)).toBe(false);
    expect(isWellFormedCode(`O${code.slice(1)}`)).toBe(false);
    expect(normalizeCode(` ${formatCode(code).toLowerCase()} `)).toBe(code);
    expect(formatCode(code)).toMatch(/^.{4}-.{4}-.{3}$/);
  });
});
