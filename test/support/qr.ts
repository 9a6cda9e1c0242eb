/** Reading a QR code image back to its text, as a phone's camera would, and the payload it must carry. */
import * as jsqr from 'jsqr';
import { PNG } from 'pngjs';
import type { TestGateway } from './gateway.js';

type JsQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
// jsqr is CommonJS: its function is the module itself (and its `default`).
const readQr = jsqr.default as unknown as JsQr;

/** The text a PNG QR code encodes: base64, or a `data:image/png;base64,…` URL. */
export function decodeQr(image: string): string | undefined {
  const png = PNG.sync.read(Buffer.from(image.replace(/^data:image\/png;base64,/, ''), 'base64'));
  return readQr(new Uint8ClampedArray(png.data), png.width, png.height)?.data;
}

/** What the charge's QR step carries, as stored: the payload the image must encode. */
export async function storedQrPayload(
  gw: TestGateway,
  charge: { id: string } | { txId: number },
): Promise<string | undefined> {
  const [column, value] = 'id' in charge ? ['id', charge.id] : ['tx_id', charge.txId];
  const { rows } = await gw.deps.db.query<{ payload: string | null }>(
    `SELECT next_action->>'payload' AS payload FROM charges WHERE ${column} = $1`,
    [value],
  );
  return rows[0]?.payload ?? undefined;
}
