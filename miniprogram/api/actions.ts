import type { Contract } from '../contract';

// Which actions write (they carry a requestId kept across retries). The type makes the table
// complete; test/contract.test.ts checks it against the contract's own flags.
export const MUTATING: { [F in keyof Contract]: { [A in keyof Contract[F]]: boolean } } = {
  account: { profile: false, center: false, sendSmsCode: true, bindCard: true, bindOptions: false, unbindCard: true, setCurrentCard: true, changePhone: true, addMember: true, removeMember: true },
  points: { summary: false, home: false, checkin: true, calendar: false, ledger: false, rules: false, transfer: true },
  inbox: { messages: false, markRead: true, feedback: true, content: false, rulesText: false, feedbackList: false, feedbackDetail: false, revealContact: true, replyFeedback: true, closeFeedback: true },
  rewards: { list: false, redeem: true, mine: false, staffLookup: false, fulfil: true, expireSweep: true },
  events: {
    list: false, detail: false, detailPage: false, signup: true, cancel: true, attend: true, mine: false, registerVolunteer: true, volunteerStatus: false,
    listAll: false, attendanceToken: false, roster: false, manualAttend: true, volunteerQueue: false, reviewVolunteer: true, confirmService: true,
  },
  books: {
    lookup: false, recommend: true, donate: true, mine: false,
    recommendationQueue: false, reviewRecommendation: true, donationLookup: false, confirmDonation: true,
  },
  admin: { importHoldings: true, importReaders: true, recordImport: true, setRules: true, grantRole: true, revokeRole: true, listRoles: false, rulesHistory: false, readerStats: false, findReader: false, consoleSummary: false, rulesEditor: false, contentEditor: false, setContent: true, upsertPrize: true, listPrizes: false, upsertEvent: true, report: false, exportReport: false, cardHistory: false },
};
