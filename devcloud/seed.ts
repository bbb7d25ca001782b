import { readerFromRow } from '../server/domain/readers';
import { loadConfig } from '../server/runtime/config';
import { DEFAULT_CONTENT } from '../server/domain/content';
import { PRIZE_STOCK, shardDocs } from '../server/domain/prize-stock';
import { withCheckChar } from '../server/util/idcard';
import type { DbEmulator } from './db';
import { seedEvents } from './seed-events';
import { seedBooks } from './seed-books';

// Demo data for `npm start` (YUE_SEED=demo), loaded once per data directory.
const SURNAMES = ['张', '李', '王', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平'];

export function demoReaders() {
  const rows: { cardNo: string; name: string; idNumber: string; phone: string; status?: 'inactive' }[] = [];
  for (let i = 1; i <= 20; i++) {
    const n = String(i).padStart(2, '0');
    rows.push({
      cardNo: `20230001${n}`,
      name: SURNAMES[(i - 1) % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length],
      idNumber: withCheckChar(`3201911990${String(1 + (i % 12)).padStart(2, '0')}${String(10 + i).padStart(2, '0')}0${n}`),
      phone: `138000000${n}`,
    });
  }
  // Two pairs share name + ID number: a lost card and its replacement (points transfer).
  rows[1] = { ...rows[1], name: rows[0].name, idNumber: rows[0].idNumber };
  rows[3] = { ...rows[3], name: rows[2].name, idNumber: rows[2].idNumber };
  rows[19] = { ...rows[19], status: 'inactive' };
  return rows;
}

export const DEMO_PRIZES = [
  { _id: 'prize-bookmark', name: '金属书签', description: '馆藏古籍纹样金属书签一枚', cost: 20, stock: 100 },
  { _id: 'prize-canvas-bag', name: '帆布袋', description: '图书馆定制帆布袋', cost: 60, stock: 40 },
  { _id: 'prize-notebook', name: '文创笔记本', description: 'A5 线装笔记本', cost: 40, stock: 50 },
  { _id: 'prize-mug', name: '阅读马克杯', description: '陶瓷马克杯，容量 350ml', cost: 120, stock: 20 },
  { _id: 'prize-book-voucher', name: '新书借阅优先券', description: '新书上架后优先借阅一次', cost: 80, stock: 30 },
  { _id: 'prize-signed-book', name: '作家签名书', description: '限量一本，先到先得', cost: 300, stock: 1 },
];

export async function seedDemo(emu: DbEmulator): Promise<boolean> {
  const meta = emu.collection('_meta');
  if (meta.find({ _id: 'seed' }).length) return false;
  const { hmacKey, prizeShards } = loadConfig();
  const now = new Date();
  for (const row of demoReaders()) {
    const res = readerFromRow(row, hmacKey);
    if (!res.ok) throw new Error(`demo reader ${row.cardNo}: ${res.reason}`);
    emu.collection('readers').insert({ ...res.doc, importedAt: now });
  }
  DEMO_PRIZES.forEach(({ stock, ...p }, i) => {
    emu.collection('prizes').insert({ ...p, shards: prizeShards, active: true, sort: i, createdAt: now, updatedAt: now });
    for (const shard of shardDocs(p._id, stock, prizeShards, now)) emu.collection(PRIZE_STOCK).insert(shard);
  });
  for (const [key, content] of Object.entries(DEFAULT_CONTENT)) emu.collection('content').insert({ _id: key, ...content, updatedAt: now });
  seedBooks(emu, now);
  seedEvents(emu, now);
  meta.insert({ _id: 'seed', kind: 'demo', at: now });
  await emu.flush();
  return true;
}
