/** A QR code as both dialects show it: a PNG, base64 (v3 `qr_image`) or as a data URL (v4 `qr_code.image`). */
import QRCode from 'qrcode';

/** Medium error correction and a 4-module quiet zone: what bank apps scan reliably from a screen. */
export async function qrPngDataUrl(payload: string): Promise<string> {
  return QRCode.toDataURL(payload, { errorCorrectionLevel: 'M', margin: 4, scale: 6, type: 'image/png' });
}

export async function qrPngBase64(payload: string): Promise<string> {
  return (await qrPngDataUrl(payload)).replace(/^data:image\/png;base64,/, '');
}
