/**
 * Webhook faults (docs/sandbox.md "Webhook faults"): what the sandbox does wrong, on purpose, to a
 * delivery so that a receiver's handling of it can be tested. Chosen per endpoint (a sandbox setting)
 * or per event (`webhook:` parts of the X-Scenario-Key of the charge or transfer the event is about),
 * fixed once when the relay fans the event out, and applied to the delivery's first attempt only:
 * retries, and a merchant's explicit resend, are sent as usual. Nothing here is random.
 *
 * - `drop`: the first attempt sends nothing and the delivery ends `failed` (no retry).
 * - `duplicate`: the first attempt POSTs the same message (same webhook-id) twice.
 * - `delay=N`: the first attempt is due N seconds (merchant's clock) after the event.
 * - `out_of_order`: the event's first attempt is held OUT_OF_ORDER_HOLD_SECONDS, unless an earlier
 *   event of the same charge is already held for the endpoint; so a later event of that charge
 *   (charge.completed after order.authorization, refund.completed after charge.completed) is sent first.
 * - `bad_signature`: the first attempt is signed with a wrong secret (every signature header).
 * - `slow`: the first attempt is sent, but its answer counts as a timeout: a failed attempt, retried.
 */

export interface WebhookFaults {
  readonly drop?: true;
  readonly duplicate?: true;
  /** Seconds the first attempt waits after the event. */
  readonly delaySeconds?: number;
  readonly outOfOrder?: true;
  readonly badSignature?: true;
  readonly slow?: true;
}

export const WEBHOOK_FAULT_NAMES = [
  'drop',
  'duplicate',
  'delay',
  'out_of_order',
  'bad_signature',
  'slow',
] as const;

/** The longest delay a fault may ask for: one day. */
export const MAX_DELAY_SECONDS = 86_400;

/** How long an out-of-order event waits for a later event of its charge to go first. */
export const OUT_OF_ORDER_HOLD_SECONDS = 300;

const PART = /^(drop|duplicate|out_of_order|bad_signature|slow)$|^delay=([0-9]{1,5})$/;

/** One fault in the scenario key's words (`drop`, `delay=30`); undefined when it names none. */
export function parseFault(value: string): WebhookFaults | undefined {
  const match = PART.exec(value.trim().toLowerCase());
  if (match === null) return undefined;
  const [, name, delay] = match;
  if (delay !== undefined) {
    const seconds = Number(delay);
    return seconds >= 1 && seconds <= MAX_DELAY_SECONDS ? { delaySeconds: seconds } : undefined;
  }
  switch (name) {
    case 'drop':
      return { drop: true };
    case 'duplicate':
      return { duplicate: true };
    case 'out_of_order':
      return { outOfOrder: true };
    case 'bad_signature':
      return { badSignature: true };
    default:
      return { slow: true };
  }
}

/** Both sets at once; the longer delay wins. */
export function mergeFaults(a: WebhookFaults, b: WebhookFaults): WebhookFaults {
  const delay = Math.max(a.delaySeconds ?? 0, b.delaySeconds ?? 0);
  return {
    ...((a.drop ?? b.drop) && { drop: true }),
    ...((a.duplicate ?? b.duplicate) && { duplicate: true }),
    ...(delay > 0 && { delaySeconds: delay }),
    ...((a.outOfOrder ?? b.outOfOrder) && { outOfOrder: true }),
    ...((a.badSignature ?? b.badSignature) && { badSignature: true }),
    ...((a.slow ?? b.slow) && { slow: true }),
  };
}

/** The canonical words of a set (`delay=30,duplicate`), as stored; undefined when it is empty. */
export function formatFaults(f: WebhookFaults): string | undefined {
  const words = [
    ...(f.drop ? ['drop'] : []),
    ...(f.duplicate ? ['duplicate'] : []),
    ...(f.delaySeconds !== undefined ? [`delay=${String(f.delaySeconds)}`] : []),
    ...(f.outOfOrder ? ['out_of_order'] : []),
    ...(f.badSignature ? ['bad_signature'] : []),
    ...(f.slow ? ['slow'] : []),
  ];
  return words.length === 0 ? undefined : words.join(',');
}

/** A stored set back (unknown words, which nothing writes, are ignored). */
export function readFaults(stored: string | null | undefined): WebhookFaults {
  if (stored === null || stored === undefined || stored === '') return {};
  return stored
    .split(',')
    .map(parseFault)
    .reduce<WebhookFaults>((all, f) => (f ? mergeFaults(all, f) : all), {});
}

const WEBHOOK_PART = /^webhook\s*:\s*(.*)$/;

/**
 * The `webhook:` parts of an X-Scenario-Key: `scenario:auth_pin&webhook:duplicate&webhook:delay=30`.
 * `faults` is undefined when one of them names no fault (the key is then unreadable, spec §11's rule
 * for any ill-formed part); `rest` is the key's other parts, for the charge scenario's own parser.
 */
export function webhookPartsOf(key: string): { faults: WebhookFaults | undefined; rest: string[] } {
  let faults: WebhookFaults | undefined = {};
  const rest: string[] = [];
  for (const part of key.split('&')) {
    const match = WEBHOOK_PART.exec(part.trim().toLowerCase());
    if (match === null) {
      rest.push(part);
      continue;
    }
    const fault = parseFault(match[1] ?? '');
    faults = fault && faults ? mergeFaults(faults, fault) : undefined;
  }
  return { faults, rest };
}

/** The faults an event's scenario key names (none when it has no key, or an unreadable one). */
export const faultsOfScenarioKey = (key: string | undefined): WebhookFaults =>
  key === undefined ? {} : (webhookPartsOf(key).faults ?? {});

/** Whether a set has any fault. */
export const hasFaults = (f: WebhookFaults): boolean => formatFaults(f) !== undefined;
