// Books: ISBN lookup, recommendations (荐购) and donations (捐赠), the staff queue and the desk.
import { books } from '../../miniprogram/contract/books';
import { confirmDonation, donate, donationLookup, dropOff, myDonations } from '../../server/domain/books/donations';
import { lookup, myRecommendations, recommend, recommendationQueue, reviewRecommendation } from '../../server/domain/books/recommendations';
import { loadUser } from '../../server/domain/cards';
import { loadRules } from '../../server/domain/rules';
import { createMain } from '../../server/runtime/router';

export const main = createMain('books', books, {
  lookup: (ctx, i) => lookup(ctx, i),
  recommend: (ctx, i) => recommend(ctx, i),
  donate: (ctx, i) => donate(ctx, i),
  mine: async (ctx) => {
    const { cards } = await loadUser(ctx);
    const [recommendations, donations, rules] = await Promise.all([myRecommendations(ctx, cards), myDonations(ctx, cards), loadRules(ctx)]);
    return { recommendations, donations, dropOff: dropOff(rules) };
  },
  recommendationQueue: (ctx, i) => recommendationQueue(ctx, i.status),
  reviewRecommendation: (ctx, i) => reviewRecommendation(ctx, i),
  donationLookup: (ctx, i) => donationLookup(ctx, i.code),
  confirmDonation: (ctx, i) => confirmDonation(ctx, i),
});
