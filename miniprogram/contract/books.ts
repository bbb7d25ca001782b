import { z } from 'zod';
import { command, id, query, text, withCard } from './common';

// Books: recommend (荐购) and donate (捐赠) by ISBN, the staff review queue and the desk.
// ISBNs arrive as typed or scanned (ISBN-10 or -13, hyphens/spaces allowed); the core checks
// them with isbn3 and answers ISBN_INVALID (with a suggestion when one is likely), never
// INVALID_INPUT, so the page can say precisely what is wrong. Every ISBN answered is ISBN-13.
export const isbnInput = z.string().trim().min(1).max(32);

export const recommendationStatus = z.enum(['pending', 'adopted', 'rejected', 'ordered', 'available']);
export type RecommendationStatus = z.infer<typeof recommendationStatus>;
export const donationStatus = z.enum(['pledged', 'confirmed']);
export type DonationStatus = z.infer<typeof donationStatus>;

export const bookView = z.object({
  isbn13: z.string(),
  title: z.string(),
  author: z.string(),
  publisher: z.string(),
  cover: z.string().nullable(),
});
export type BookView = z.infer<typeof bookView>;

/** One status change, oldest first; `reason` for 未采纳. */
export const statusStep = z.object({ status: recommendationStatus, at: z.string(), reason: z.string().nullable() });

export const recommendationView = z.object({
  recommendationId: z.string(),
  isbn13: z.string(),
  title: z.string(),
  author: z.string(),
  publisher: z.string(),
  /** The patron's own reason for recommending ('' when none). */
  reason: z.string(),
  status: recommendationStatus,
  /** Why it was not adopted (status rejected), else null. */
  rejectReason: z.string().nullable(),
  /** Points this recommendation earned (set when adopted). */
  pointsAwarded: z.number().int(),
  cardNo: z.string(), // masked
  createdAt: z.string(),
  updatedAt: z.string(),
  history: z.array(statusStep),
});

/** A pledged/confirmed book row. `held`: the library already has it (shown to the desk). */
export const donationBook = z.object({ isbn13: z.string(), title: z.string(), copies: z.number().int() });
export const declinedBook = donationBook.extend({ reason: z.string() });

/** Where and when to bring donated books (from the rules). */
export const dropOffView = z.object({ place: z.string(), text: z.string() });

export const donationView = z.object({
  donationId: z.string(),
  /** Text of the donation code (also the QR content); pages show it grouped, ABCDE-FGHJK. */
  code: z.string(),
  status: donationStatus,
  books: z.array(donationBook),
  totalCopies: z.number().int(),
  cardNo: z.string(), // masked
  createdAt: z.string(),
  confirmedAt: z.string().nullable(),
  /** After confirmation: what the desk took and what it gave back (with reasons). */
  accepted: z.array(donationBook),
  declined: z.array(declinedBook),
  /** Points credited; `withheld` is what the yearly cap kept back. */
  pointsAwarded: z.number().int(),
  withheld: z.number().int(),
});

/** What the desk sees for a scanned donation code: card and name masked, per-book holdings flag. */
export const deskDonationView = donationView.extend({
  name: z.string(), // masked
  books: z.array(donationBook.extend({ held: z.boolean() })),
});

export const recommendLimitView = z.object({
  /** Recommendations this card may still submit in the current window. */
  remaining: z.number().int(),
  limit: z.number().int(),
  windowDays: z.number().int(),
  /** When the next recommendation becomes possible (only when remaining is 0). */
  nextAt: z.string().nullable(),
});

export const donationCode = z.string().trim().min(1).max(40);

const acceptedCopies = z.object({ isbn: isbnInput, copies: z.number().int().min(0).max(99) });
const declineReason = z.object({ isbn: isbnInput, reason: text(100, { min: 1 }) });

export const books = {
  /**
   * Book details for the form: cache → metadata source → null (manual entry). `held`: in the
   * library's holdings (cannot be recommended); `recommendedBy`: patrons who asked for it;
   * `mine`: the current card's own recommendation of it; `limit`: the card's 30-day allowance
   * (null without a bound card).
   */
  lookup: query(
    withCard.extend({ isbn: isbnInput }),
    z.object({
      isbn13: z.string(),
      book: bookView.nullable(),
      held: z.boolean(),
      recommendedBy: z.number().int(),
      mine: z.object({ recommendationId: z.string(), status: recommendationStatus }).nullable(),
      limit: recommendLimitView.nullable(),
    }),
  ),
  recommend: command(
    withCard.extend({
      isbn: isbnInput,
      title: text(100, { min: 1 }).optional(),
      author: text(100).optional(),
      publisher: text(100).optional(),
      reason: text(300, { multiline: true }).optional(),
    }),
    z.object({ recommendation: recommendationView, limit: recommendLimitView }),
  ),
  /** Pledges books (rows with the same ISBN are merged); answers the donation code. */
  donate: command(
    withCard.extend({
      books: z.array(z.object({ isbn: isbnInput, title: text(100).optional(), copies: z.number().int().min(1).max(20).optional() })).min(1).max(30),
    }),
    z.object({ donation: donationView, dropOff: dropOffView }),
  ),
  /** Recommendations and donations of the caller's bound cards, newest first; where to bring donations. */
  mine: query(
    z.object({}),
    z.object({ recommendations: z.array(recommendationView), donations: z.array(donationView), dropOff: dropOffView }),
  ),
  /** Staff: one item per ISBN and status, oldest request first (default status pending). */
  recommendationQueue: query(
    z.object({ status: recommendationStatus.optional() }),
    z.object({
      items: z.array(z.object({
        isbn13: z.string(),
        title: z.string(),
        author: z.string(),
        publisher: z.string(),
        status: recommendationStatus,
        recommenders: z.number().int(),
        recommendationIds: z.array(z.string()),
        reasons: z.array(z.string()),
        held: z.boolean(),
        firstAt: z.string(),
        lastAt: z.string(),
      })),
    }),
    'staff',
  ),
  /**
   * Staff: moves every recommendation of the ISBN that shares this one's status (pending →
   * adopted|rejected, adopted → ordered → available; anything else INVALID_TRANSITION). Adopting
   * awards each recommender once; each patron gets a message. Already in `status`: changed 0.
   */
  reviewRecommendation: command(
    z.object({ recommendationId: id, status: recommendationStatus.exclude(['pending']), reason: text(100).optional() })
      .refine((v) => v.status !== 'rejected' || !!v.reason, { message: '请填写未采纳的原因', path: ['reason'] }),
    z.object({
      recommendation: recommendationView,
      isbn13: z.string(),
      changed: z.number().int(),
      recommendationIds: z.array(z.string()),
      pointsAwarded: z.number().int(),
    }),
    'staff',
  ),
  /** Staff: a scanned donation code → masked card and name, pledged books, the card's yearly allowance left. */
  donationLookup: query(
    z.object({ code: donationCode }),
    z.object({
      donation: deskDonationView,
      pointsPerCopy: z.number().int(),
      /** Donation points the card can still receive this calendar year (Asia/Shanghai). */
      yearRemaining: z.number().int(),
    }),
    'staff',
  ),
  /**
   * Staff: confirms once. `accepted` gives copies per ISBN (0 = declined); `acceptedIsbns` means
   * every pledged copy of those; books not accepted are declined with `declined[].reason` or
   * `reason` (default 未予接收). +pointsPerCopy per accepted copy up to the yearly cap.
   */
  confirmDonation: command(
    z.object({
      code: donationCode,
      accepted: z.array(acceptedCopies).max(30).optional(),
      acceptedIsbns: z.array(isbnInput).max(30).optional(),
      declined: z.array(declineReason).max(30).optional(),
      reason: text(100).optional(),
    }).refine((v) => !(v.accepted && v.acceptedIsbns), { message: 'accepted 与 acceptedIsbns 只能二选一', path: ['accepted'] }),
    z.object({
      awarded: z.number().int(),
      /** True when the yearly cap kept points back; `withheld` says how many. */
      capped: z.boolean(),
      withheld: z.number().int(),
      acceptedCopies: z.number().int(),
      donation: donationView,
    }),
    'staff',
  ),
};

/** admin.importHoldings: ISBNs of the library's holdings (for the 馆藏已有 flag). */
export const importHoldings = command(
  z.object({ isbns: z.array(z.string().max(64)).min(1).max(1000), dryRun: z.boolean().optional() }),
  z.object({
    imported: z.number().int(),
    /** ISBNs new to the holdings (written, or in a dry run to be written); the rest were held already. */
    changes: z.array(z.object({ row: z.number().int(), isbn13: z.string(), change: z.literal('created') })),
    unchanged: z.number().int(),
    /** row: 1-based position in `isbns`. */
    rejected: z.array(z.object({ row: z.number().int(), value: z.string(), reason: z.string() })),
  }),
  'admin',
);

/** Donation codes are 9 data characters + 1 check character (redemption codes have 11). */
export const DONATION_CODE_LENGTH = 10;
