// The SIP2 codec against published bytes: the specification's checksum example and messages
// quoted in open projects' test files. Expected bytes are copied here as data (no code).
import iconv from 'iconv-lite';
import { answers, checksum, frame, requests, sipDate, unframe } from '../../server/ports/sip2/codec';

const utf8CR = { encoding: 'utf8', terminator: '\r', checksum: true } as const;
const bytes = (s: string) => Buffer.from(s, 'latin1');

test('the specification example: 941AY0AZ has checksum FDFD', () => {
  // 3M SIP2 specification, "Checksums and Sequence Numbers" (also answered by many servers as the login OK).
  expect(checksum(bytes('941AY0AZ'))).toBe('FDFD');
  expect(unframe(bytes('941AY0AZFDFD'), 'utf8')).toEqual({ text: '941', seq: 0, checksumOk: true });
  expect(unframe(bytes('941AY0AZFDFE'), 'utf8').checksumOk).toBe(false);
});

test('a published 63 request is framed byte for byte', () => {
  // MeCard (Edmonton Public Library), CPLCustomerGetNormalizerTest.java, "sent:" line of a lost-card session.
  const text = `63${' '.repeat(31)}AO|AA29065023801673|AD1234|`;
  expect(frame(text, 1, utf8CR).toString('latin1')).toBe('63                               AO|AA29065023801673|AD1234|AY1AZF3A8\r');
  expect(frame(text, 1, { ...utf8CR, terminator: '\r\n' }).toString('latin1')).toBe('63                               AO|AA29065023801673|AD1234|AY1AZF3A8\r\n');
  expect(frame(text, 1, { ...utf8CR, checksum: false }).toString('latin1')).toBe(`${text}\r`);
  // 97 carries a checksum but no sequence number (seen in Koha-Suomi's SIP logs: 97AZFEF5).
  expect(frame(requests.resend(), null, utf8CR).toString('latin1')).toBe('97AZFEF5\r');
});

// 64 answers from real systems, with their checksums as received.
const PUBLISHED_64 = {
  // MeCard, CPLCustomerGetNormalizerTest.java: answers "returned from CAR (ChinookArch)".
  goodStanding: '64              00020140328    130720000000000000000000000000AO|AA55544466677788|AEkelso, test adult|AQCENT|BZ0050|CA0000|CB0099|BLY|CQY|BV0.00|BD123 sad street nw CALGARY, AB t3g 1m1|BE21@test.ca|BF403-123-4567|BHUSD|PA20141008    235900|PD|PCADULT|PEAR|DB$0.00|DM$500.00|AFOK|AY0AZB6B0',
  lost: '64YYYY          00020140328    150819000000000000000000000000AO|AA29065023801673|AETest Metro, Adult Lostcard|AQCROW|BZ0050|CA0000|CB0099|BLY|CQY|BV0.00|BD123 Reside Rd NW CALGARY, AB T3G 3G3|BF403-123-4567|BHUSD|PA20150108    235900|PD19580103|PCADULT|PEAR|PGFEMALE|PHALL|DB$32.99|DM$500.00|AFUser BARRED|AY1AZAF1D',
  suspended: '64YYYY          00020140328    131112000000000000000000000000AO|AA29065010271955|AETest, Piglet 2|AQCENT|BZ0050|CA0000|CB0099|BLY|CQY|BV0.00|BD616 MacLeod Trail SE Calgary AB T2G 2M2|BEcarolyn.kelso@calgarypubliclibrary.com|BF403-260-2747|BHUSD|PA20150327    235900|PD|PCADULT|PECR|PGMALE|PHALL|DB$0.00|DM$500.00|AFUser BARRED|AY4AZA40D',
  // The Palace Project circulation, tests of its SIP2 authentication provider: Polaris and TLC "no such patron".
  polarisNoSuchPatron: '64YYYY          00120161121    143126000000000000000000000000AO3|AA1112|AE, |BZ0000|CA0000|CB0000|BLN|CQN|BHUSD|BV0.00|CC0.00|BD|BE|BF|BC|PA0|PE|PS|U1|U2|U3|U4|U5|PZ|PX|PYN|FA0.00|AFPatron does not exist.|AGPatron does not exist.|AY2AZBCF2',
  tlcNoSuchPatron: '64YYYY          00020171031    092000000000000000000000000000AOhq|AA2642|AE|BLN|AF#Unknown borrower barcode - please refer to the circulation desk.|AY1AZD46E',
};

test('published 64 answers verify and parse: valid, phone, lost flag, BL N', () => {
  for (const [name, msg] of Object.entries(PUBLISHED_64)) {
    expect([name, unframe(bytes(msg), 'utf8').checksumOk]).toEqual([name, true]);
  }
  const parse = (m: string) => answers.patronInfo(unframe(bytes(m), 'utf8').text)!;
  const good = parse(PUBLISHED_64.goodStanding);
  expect(good).toMatchObject({ cardNo: '55544466677788', name: 'kelso, test adult', valid: true, passwordOk: true, phone: '403-123-4567', email: '21@test.ca', flags: [] });
  // The MeCard test names this one the lost card; its flags are the four privileges denied (positions 1-4), not position 5.
  expect(parse(PUBLISHED_64.lost).flags).toEqual(['chargePrivilegesDenied', 'renewalPrivilegesDenied', 'recallPrivilegesDenied', 'holdPrivilegesDenied']);
  expect(parse(PUBLISHED_64.polarisNoSuchPatron)).toMatchObject({ cardNo: '1112', valid: false, passwordOk: false, phone: null });
  expect(parse(PUBLISHED_64.tlcNoSuchPatron)).toMatchObject({ cardNo: '2642', valid: false, passwordOk: null, name: '' });
  // Palace Project, evergreen_card_reported_lost (redacted, checksum 0000): the lost flag is the 5th status character.
  const lost = '64    Y        00020161021    143002000000000000000100000000AA12345|AEBooth Excessive Fines Test|BHUSD|BV100.00|BDChildrens Circ Desk 1 Newtown, CT USA 06470|AQNEWTWN|BLY|PA20191004|PCAdult|PIAllowed|XI863718|AOBiblioTest|';
  expect(answers.patronInfo(lost)).toMatchObject({ flags: ['cardReportedLost'], valid: true, institution: 'BiblioTest', phone: null });
});

test('checksums are summed over the encoded bytes (GBK, GB18030, UTF-8 differ)', () => {
  const text = `64              001${sipDate(new Date('2031-05-06T01:00:00Z'))}${'0000'.repeat(6)}AOYUE|AAE0001|AE张三|BLY|`;
  for (const encoding of ['utf8', 'gbk', 'gb18030'] as const) {
    const framed = frame(text, 3, { encoding, terminator: '\r', checksum: true });
    const raw = framed.subarray(0, framed.length - 1);
    expect(unframe(raw, encoding)).toEqual({ text, seq: 3, checksumOk: true });
    const body = Buffer.concat([iconv.encode(text, encoding), bytes('AY3AZ')]);
    expect(raw.toString('latin1').slice(-4)).toBe(checksum(body));
  }
  const gbk = frame(text, 3, { encoding: 'gbk', terminator: '\r', checksum: true });
  const utf8 = frame(text, 3, utf8CR);
  expect(gbk.subarray(-5, -1).toString()).not.toBe(utf8.subarray(-5, -1).toString());
  // A name summed per character (not per byte) would not verify.
  expect(answers.patronInfo(unframe(gbk.subarray(0, -1), 'gbk').text)!.name).toBe('张三');
});

test('the requests we send', () => {
  expect(frame(requests.login('yue-app', 'pw', 'MAIN'), 0, utf8CR).toString()).toMatch(/^9300CNyue-app\|COpw\|CPMAIN\|AY0AZ[0-9A-F]{4}\r$/);
  expect(frame(requests.scStatus(), 1, utf8CR).toString()).toMatch(/^9900802\.00AY1AZ[0-9A-F]{4}\r$/);
  const pi = requests.patronInfo({ institution: 'YUE', cardNo: 'E01|x', patronPassword: '1234', now: new Date('2031-05-06T01:02:03Z') });
  expect(pi).toBe('63001' + '20310506    090203' + ' '.repeat(10) + 'AOYUE|AAE01 x|AD1234|');
});
