/**
 * Reading X-Scenario-Key (spec §11): `scenario:<flow>&issuer:<issuer>`, either part alone, in any
 * order, with any number of `webhook:<fault>` parts (docs/sandbox.md "Webhook faults"). This only reads the header's shape; whether `auth_pin` or `insufficient_funds` mean anything
 * is the rail's business, so the same parser serves cards, mobile money, transfers and the rest.
 *
 * Shape rules: parts are separated by `&` and trimmed; a part is `<name>:<value>` with name `scenario`
 * or `issuer` and a value of `[a-z0-9_]+`. Names and values are read case-insensitively and kept in
 * lower case. An unknown name, an empty part (`a&&b`, a trailing `&`), an empty or ill-formed value, a
 * name given twice, or a key over 1000 characters (the documented maximum) makes the whole key
 * unreadable: the charge is then left pending for a requery, as the sandbox documents for invalid keys.
 * A `fault:<kind>` part (docs/sandbox.md "Faults") is read by the HTTP edge, not here: it is skipped.
 */
import type { Scenario } from './charge.js';
import { isFaultPart } from './faults.js';
import { webhookPartsOf } from './webhook-faults.js';

/** The documented maximum length of X-Scenario-Key. */
export const SCENARIO_KEY_MAX_LENGTH = 1000;

const PART = /^(scenario|issuer)\s*:\s*([a-z0-9_]+)$/;

/** No header, or a blank one, means "no scenario": each rail's default outcome. */
export function parseScenarioKey(header: string | undefined): Scenario {
  if (header === undefined || header.trim() === '') return { malformed: false };
  const key = header;
  const malformed: Scenario = { key, malformed: true };
  if (header.length > SCENARIO_KEY_MAX_LENGTH) return malformed;

  // `webhook:` parts choose webhook faults (domain/webhook-faults.ts), read at the event's fan-out.
  const { faults, rest } = webhookPartsOf(header);
  if (faults === undefined) return malformed;
  let flow: string | undefined;
  let issuer: string | undefined;
  for (const part of rest) {
    // `fault:…` parts are the HTTP edge's (domain/faults.ts): they choose no outcome.
    if (isFaultPart(part)) continue;
    const match = PART.exec(part.trim().toLowerCase());
    if (match === null) return malformed;
    const [, name, value] = match;
    if (value === undefined) return malformed;
    if (name === 'scenario') {
      if (flow !== undefined) return malformed;
      flow = value;
    } else {
      if (issuer !== undefined) return malformed;
      issuer = value;
    }
  }
  return {
    key,
    malformed: false,
    ...(flow === undefined ? {} : { flow }),
    ...(issuer === undefined ? {} : { issuer }),
  };
}

/**
 * One line for humans (dashboard, docs, test names): "auth_pin then issuer insufficient_funds",
 * "default flow then issuer approved". Missing parts are shown as the defaults every rail applies
 * (its default flow, issuer `approved`).
 */
export function describeScenario(s: Scenario): string {
  if (s.malformed) return `unreadable scenario key ${JSON.stringify(s.key ?? '')}`;
  const flow = s.flow ?? 'default flow';
  const issuer = s.issuer === undefined ? 'issuer approved (default)' : `issuer ${s.issuer}`;
  const credentials = [
    ...(s.pin === undefined ? [] : [`PIN ${s.pin}`]),
    ...(s.otp === undefined ? [] : [`OTP ${s.otp}`]),
  ];
  const required = credentials.length === 0 ? '' : `; only ${credentials.join(' and ')} accepted`;
  return `${flow} then ${issuer}${required}`;
}
