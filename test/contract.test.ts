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
