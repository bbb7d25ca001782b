// Books: ISBN lookup, recommendations (荐购) and donations (捐赠), the staff queue and the desk.
import { books } from '../../miniprogram/contract/books';
import { createMain } from '../../server/runtime/router';
import { fail } from '../../server/runtime/fail';

const notYet = async (): Promise<never> => fail('INTERNAL');

export const main = createMain('books', books, {
  lookup: notYet,
  recommend: notYet,
  donate: notYet,
  mine: notYet,
  recommendationQueue: notYet,
  reviewRecommendation: notYet,
  donationLookup: notYet,
  confirmDonation: notYet,
});
