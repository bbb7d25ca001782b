// Codes as QR images, made on the phone: no network, no server.
import qrcode from 'qrcode-generator';

/** The code as a QR image (GIF data URL); alphanumeric mode when the code allows it. */
export function qrDataUrl(code: string): string {
  const qr = qrcode(0, 'M');
  qr.addData(code, /^[0-9A-Z $%*+\-./:]+$/.test(code) ? 'Alphanumeric' : 'Byte');
  qr.make();
  return qr.createDataURL(8, 16);
}
