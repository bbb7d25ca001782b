// Cancelling an event is re-runnable: a cancel cut short (the admin function's timeout while it
// messages hundreds of patrons) is finished by the next save as cancelled, each patron told once.
import { ADMIN, call, ok, request, storedDocs } from '../support/cloud';
import { directDb } from '../support/db';
import { eventFields, eventPatron, signupEvent } from './helpers';

const TITLE = '活动已取消';

async function cancelMessages(openid: string): Promise<{ title: string }[]> {
  const { messages } = await ok('inbox', openid, { action: 'messages' });
  return messages.filter((m: { title: string }) => m.title === TITLE);
}

async function subscribeSent(openid: string, eventTitle: string): Promise<number> {
  const { messages } = (await request('GET', '/dev/outbox?kind=subscribe')).json;
  return messages.filter((m: { openid: string; title: string; body: string }) => m.openid === openid && m.title === TITLE && m.body.includes(eventTitle)).length;
}

describe('cancelling an event', () => {
  test('a cancel cut short half-way is completed by a second one; every patron gets exactly one message', async () => {
    const fields = eventFields({ capacity: 2 });
    const { event } = await ok('admin', ADMIN, { action: 'upsertEvent', ...fields });
    const eventId = event.eventId as string;
    const patrons = await Promise.all([eventPatron(), eventPatron(), eventPatron(), eventPatron()]);
    const ids: string[] = [];
    for (const [i, p] of patrons.entries()) {
      const { signup } = await ok('events', p.openid, signupEvent(eventId, { waitlist: i >= 2 }));
      expect(signup.status).toBe(i >= 2 ? 'waitlisted' : 'confirmed');
      ids.push(signup.signupId);
    }

    // What a first run leaves when cut short: the event cancelled, part of the sign-ups marked as
    // cancelled by the event (a bulk update is not atomic across documents), seats not yet freed,
    // and only the first patron messaged.
    const db = directDb();
    const _ = db.command;
    const now = new Date();
    await db.collection('events').doc(eventId).update({ data: { status: 'cancelled', updatedAt: now } });
    await db.collection('signups').where({ _id: _.in(ids.slice(0, 3)) })
      .update({ data: { status: 'cancelled', cancelledBy: 'event', cancelledAt: now, slots: [], waitKey: null, updatedAt: now } });
    await db.collection('messages').add({
      data: { _id: `event_cancelled_${ids[0]}_1`, openid: patrons[0].openid, cardNo: patrons[0].cardNo, title: TITLE, body: '首次取消时已发送', read: false, createdAt: now },
    });

    // The admin saves it as cancelled again (a retry: no stored answer for the cut-short call).
    const again = await call('admin', ADMIN, { action: 'upsertEvent', eventId, ...fields, status: 'cancelled' });
    expect(again.ok).toBe(true);
    expect(again.data.event).toMatchObject({ status: 'cancelled', phase: 'cancelled', seatsTaken: 0, waitlisted: 0 });

    for (const [i, p] of patrons.entries()) {
      expect(await cancelMessages(p.openid)).toHaveLength(1);
      // The first patron was told by the first run (not again); the others by the second.
      expect(await subscribeSent(p.openid, fields.title)).toBe(i === 0 ? 0 : 1);
    }
    const signups = (await storedDocs('signups')).filter((s) => s.eventId === eventId);
    expect(signups.map((s) => [s.status, s.cancelledBy, s.slots])).toEqual(ids.map(() => ['cancelled', 'event', []]));
    expect((await storedDocs('seats')).filter((s) => s.eventId === eventId)).toHaveLength(0);

    // A third save as cancelled tells no one again.
    await ok('admin', ADMIN, { action: 'upsertEvent', eventId, ...fields, status: 'cancelled' });
    for (const [i, p] of patrons.entries()) {
      expect(await cancelMessages(p.openid)).toHaveLength(1);
      expect(await subscribeSent(p.openid, fields.title)).toBe(i === 0 ? 0 : 1);
    }
  });
});
