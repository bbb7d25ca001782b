import { z } from 'zod';
import { cardNo, command, personName, phone, text } from './common';
import { rulesSchema } from './points';

export const readerRow = z.object({
  cardNo,
  name: personName,
  idNumber: z.string().trim().min(1).max(18),
  phone,
  status: z.enum(['active', 'inactive']).optional(),
});

export const admin = {
  importReaders: command(
    z.object({ readers: z.array(z.unknown()).min(1).max(500) }),
    z.object({ imported: z.number().int(), rejected: z.array(z.object({ row: z.number().int(), cardNo: z.string().nullable(), reason: z.string() })) }),
    'admin',
  ),
  setRules: command(z.object({ rules: rulesSchema.omit({ version: true }).partial() }), z.object({ rules: rulesSchema }), 'admin'),
  grantRole: command(
    z.object({ openid: z.string().min(1).max(64), role: z.enum(['staff', 'admin']), revoke: z.boolean().optional() }),
    z.object({ roles: z.array(z.enum(['staff', 'admin'])) }),
    'admin',
  ),
  setContent: command(
    z.object({ key: z.enum(['faq', 'rules', 'returnGuide', 'pickup', 'register']), title: text(50, { min: 1 }), sections: z.array(z.object({ title: text(100), body: text(5000, { multiline: true }) })).min(1).max(50) }),
    z.object({}),
    'admin',
  ),
};
