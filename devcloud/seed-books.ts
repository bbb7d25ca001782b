import { newDonationCode, pledgeDoc } from '../server/domain/books/donations';
import { counterDoc, pendingDoc } from '../server/domain/books/recommendations';
import { CATALOGUE } from '../server/ports/isbn-catalogue';
import { loadConfig } from '../server/runtime/config';
import type { Ctx } from '../server/runtime/context';
import type { DbEmulator } from './db';

// Demo books for `npm start`: the catalogue the local ISBN adapter answers from
// (books_catalogue), the library's holdings (some of those books), two pending recommendations
// of one ISBN by different demo readers, and one pledged donation. test/books/seed.test.ts
// checks every ISBN with isbn3.
export const DEMO_CATALOGUE: { isbn13: string; title: string; author: string; publisher: string }[] = [
  { isbn13: '9787020002207', title: '红楼梦', author: '曹雪芹、高鹗', publisher: '人民文学出版社' },
  { isbn13: '9787020008728', title: '三国演义', author: '罗贯中', publisher: '人民文学出版社' },
  { isbn13: '9787020008735', title: '西游记', author: '吴承恩', publisher: '人民文学出版社' },
  { isbn13: '9787020015016', title: '水浒传', author: '施耐庵、罗贯中', publisher: '人民文学出版社' },
  { isbn13: '9787020024759', title: '围城', author: '钱钟书', publisher: '人民文学出版社' },
  { isbn13: '9787506365437', title: '活着', author: '余华', publisher: '作家出版社' },
  { isbn13: '9787530212004', title: '平凡的世界', author: '路遥', publisher: '北京十月文艺出版社' },
  { isbn13: '9787544253994', title: '百年孤独', author: '加西亚·马尔克斯', publisher: '南海出版公司' },
  { isbn13: '9787208061644', title: '追风筝的人', author: '卡勒德·胡赛尼', publisher: '上海人民出版社' },
  { isbn13: '9787544270878', title: '解忧杂货店', author: '东野圭吾', publisher: '南海出版公司' },
  { isbn13: '9787536692930', title: '三体', author: '刘慈欣', publisher: '重庆出版社' },
  { isbn13: '9787508647357', title: '人类简史：从动物到上帝', author: '尤瓦尔·赫拉利', publisher: '中信出版社' },
  { isbn13: '9787111213826', title: 'Java编程思想（第4版）', author: 'Bruce Eckel', publisher: '机械工业出版社' },
  { isbn13: '9787115275790', title: 'JavaScript高级程序设计（第3版）', author: 'Nicholas C. Zakas', publisher: '人民邮电出版社' },
  { isbn13: '9787111407010', title: '算法导论（原书第3版）', author: 'Thomas H. Cormen 等', publisher: '机械工业出版社' },
  { isbn13: '9780141439518', title: 'Pride and Prejudice', author: 'Jane Austen', publisher: 'Penguin Classics' },
  { isbn13: '9780679783268', title: 'Pride and Prejudice', author: 'Jane Austen', publisher: 'Modern Library' },
  { isbn13: '9780743273565', title: 'The Great Gatsby', author: 'F. Scott Fitzgerald', publisher: 'Scribner' },
  { isbn13: '9780451524935', title: '1984', author: 'George Orwell', publisher: 'Signet Classic' },
  { isbn13: '9780141187761', title: 'Nineteen Eighty-Four', author: 'George Orwell', publisher: 'Penguin Modern Classics' },
  { isbn13: '9780061120084', title: 'To Kill a Mockingbird', author: 'Harper Lee', publisher: 'Harper Perennial Modern Classics' },
  { isbn13: '9780316769488', title: 'The Catcher in the Rye', author: 'J. D. Salinger', publisher: 'Little, Brown and Company' },
  { isbn13: '9780547928227', title: 'The Hobbit', author: 'J. R. R. Tolkien', publisher: 'Houghton Mifflin Harcourt' },
  { isbn13: '9780439708180', title: "Harry Potter and the Sorcerer's Stone", author: 'J. K. Rowling', publisher: 'Scholastic' },
  { isbn13: '9780132350884', title: 'Clean Code', author: 'Robert C. Martin', publisher: 'Prentice Hall' },
  { isbn13: '9780201633610', title: 'Design Patterns', author: 'Erich Gamma 等', publisher: 'Addison-Wesley' },
  { isbn13: '9780262033848', title: 'Introduction to Algorithms (3rd ed.)', author: 'Thomas H. Cormen 等', publisher: 'MIT Press' },
  { isbn13: '9780596007126', title: 'Head First Design Patterns', author: 'Eric Freeman 等', publisher: "O'Reilly" },
  { isbn13: '9780374528379', title: 'The Brothers Karamazov', author: 'Fyodor Dostoevsky', publisher: 'Farrar, Straus and Giroux' },
  { isbn13: '9780140449136', title: 'Crime and Punishment', author: 'Fyodor Dostoevsky', publisher: 'Penguin Classics' },
  { isbn13: '9780345391803', title: "The Hitchhiker's Guide to the Galaxy", author: 'Douglas Adams', publisher: 'Del Rey' },
  { isbn13: '9780553380163', title: 'A Brief History of Time', author: 'Stephen Hawking', publisher: 'Bantam' },
  { isbn13: '9780062316097', title: 'Sapiens: A Brief History of Humankind', author: 'Yuval Noah Harari', publisher: 'Harper' },
  { isbn13: '9780385490818', title: "The Handmaid's Tale", author: 'Margaret Atwood', publisher: 'Anchor' },
  { isbn13: '9780060850524', title: 'Brave New World', author: 'Aldous Huxley', publisher: 'Harper Perennial Modern Classics' },
  { isbn13: '9780684801223', title: 'The Old Man and the Sea', author: 'Ernest Hemingway', publisher: 'Scribner' },
  { isbn13: '9780307474278', title: 'The Da Vinci Code', author: 'Dan Brown', publisher: 'Anchor' },
];

/** Held by the library already (馆藏已有). */
export const DEMO_HOLDINGS = ['9787020002207', '9787020008728', '9787020024759', '9787506365437', '9780141439518', '9780451524935'];
/** Recommended (pending) by demo cards …05 and …06. */
export const DEMO_RECOMMENDED = '9787536692930';
const RECOMMENDERS = ['2023000105', '2023000106'];
/** Card of the pledged demo donation. */
export const DEMO_DONOR = '2023000107';

export function seedBooks(emu: DbEmulator, now: Date): void {
  const ctx = { config: loadConfig() } as unknown as Ctx; // the keyed recommendation ids
  for (const b of DEMO_CATALOGUE) emu.collection(CATALOGUE).insert({ _id: b.isbn13, ...b, cover: null });
  for (const isbn13 of DEMO_HOLDINGS) emu.collection('holdings').insert({ _id: isbn13, isbn13, importedAt: now, importedBy: 'seed' });
  const book = DEMO_CATALOGUE.find((b) => b.isbn13 === DEMO_RECOMMENDED)!;
  RECOMMENDERS.forEach((cardNo, i) => {
    const at = new Date(now.getTime() - (2 - i) * 86_400_000);
    const openid = `demo-reader-${cardNo.slice(-2)}`;
    emu.collection('recommendations').insert(pendingDoc(ctx, { ...book, cardNo, openid, at, reason: i ? '孩子很喜欢科幻' : '希望馆里能有这套书' }));
    emu.collection('book_counters').insert(counterDoc(cardNo, [at], [book.isbn13], at));
  });
  const books = [DEMO_CATALOGUE[7], DEMO_CATALOGUE[9]].map((b, i) => ({ isbn13: b.isbn13, title: b.title, copies: i + 1 }));
  emu.collection('donations').insert(pledgeDoc({ code: newDonationCode(), cardNo: DEMO_DONOR, openid: `demo-reader-${DEMO_DONOR.slice(-2)}`, books, at: now }));
}
