/**
 * Every v3 charge type but card (v3 spec §5): `POST /v3/charges?type=mobile_money_ghana|…|opay`, plain
 * JSON. The type names a method of the registry (src/methods); the request is read and checked against
 * it (method-charge-input.ts), the customer, payment method and charge are created together
 * (`directCharge`, idempotent under X-Idempotency-Key) on the method's rail with its v3 default flow,
 * and the reply has the type's own shape (method-replies.ts). X-Scenario-Key picks the outcome as on
 * cards. The customer completes the charge on the sandbox page, through the sandbox controls, or the
 * sandbox completes it after its wait (docs/sandbox.md).
 *
 * A `tx_ref` names one charge for ever: re-sent while its charge of the same type, amount and currency
 * is pending, the current step is answered again (a client retrying after a timeout); otherwise it is
 * "A transaction with tx_ref … already exists", as on cards.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { appError, invalid, type AppError } from '../../domain/errors.js';
import { pick } from '../../domain/customer.js';
import { err, ok, type Result } from '../../domain/result.js';
import type { Deps } from '../../flows/deps.js';
import { directCharge } from '../../flows/charges/direct-charge.js';
import type { MerchantProfile } from '../../flows/merchants/merchant-profiles.js';
import { getCharge, withCustomer, type ChargeInFull } from '../../flows/charges/read-charges.js';
import { openBankTransferCharge } from '../../flows/charges/bank-transfers.js';
import { methodByV3Type, V3_CHARGE_TYPES } from '../../methods/index.js';
import type { Method } from '../../methods/method.js';
import type { Links } from '../http/links.js';
import { callerOf } from '../http/caller.js';
import { sendExecuted } from '../http/idempotency.js';
import { readMethodCharge, type MethodCharge } from '../http/charge-input/method-charge-input.js';
import { labelsOf } from './method-labels.js';
import type { V3Body } from './envelope.js';
import { methodChargeReply } from './method-replies.js';
import { contextOf } from '../http/request-context.js';

/** `meta` as the charge keeps it: text values, anything else as its JSON. */
export const metaOf = (meta: Readonly<Record<string, unknown>> | undefined): Record<string, string> =>
  Object.fromEntries(
    Object.entries(meta ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );

const alreadyExists = (txRef: string): AppError =>
  appError('CHARGE_ALREADY_EXISTS', `A transaction with tx_ref ${txRef} already exists`);

/** The types this route charges (card has its own), for the message naming them. */
const supported = (): string => V3_CHARGE_TYPES.join(', ');

export type MethodChargeHandler = (
  req: FastifyRequest,
  reply: FastifyReply,
  type: string,
) => Promise<FastifyReply>;

export function methodChargeHandler(deps: Deps, links: Links): MethodChargeHandler {
  const profileOf = async (merchantId: string): Promise<MerchantProfile> => {
    const profile = await deps.profiles.get(merchantId);
    if (!profile) throw new Error(`no profile for authenticated merchant ${merchantId}`);
    return profile;
  };

  /**
   * The answer when `tx_ref` already names a charge: its current step again when it is this request's
   * pending charge (same type, amount and currency), else "already exists".
   */
  const answerExisting = async (
    merchantId: string,
    type: string,
    request: MethodCharge,
  ): Promise<Result<V3Body> | undefined> => {
    const found = await getCharge(deps, merchantId, { reference: request.body.tx_ref });
    if (!found.ok) return undefined;
    const { charge, paymentMethod } = found.value;
    const same =
      charge.status === 'pending' &&
      labelsOf(charge, paymentMethod).chargeType === type &&
      charge.amount === request.amount &&
      charge.currency === request.currency;
    if (!same) return err(alreadyExists(request.body.tx_ref));
    return ok(
      await methodChargeReply(await withCustomer(deps, found.value), await profileOf(merchantId), links),
    );
  };
  const answer = (reply: FastifyReply, result: Result<V3Body>): FastifyReply =>
    result.ok ? reply.code(200).send(result.value) : reply.fail(result.error);

  return async (req, reply, type) => {
    const method: Method | undefined = methodByV3Type(type);
    if (!method || type === 'card') {
      return reply.fail(
        invalid([{ field: 'type', message: `type ${type} is not supported: use one of ${supported()}` }]),
      );
    }
    const { merchantId } = callerOf(req);
    const read = readMethodCharge(type, req.body, method);
    if (!read.ok) return reply.fail(read.error);
    const request = read.value;
    const claim = contextOf(req).idempotency();
    if (!claim.ok) return reply.fail(claim.error);

    // Without a key the common retry is answered before drawing ids; with one, a replay wins (below).
    if (!claim.value) {
      const existing = await answerExisting(merchantId, type, request);
      if (existing) return answer(reply, existing);
    }

    const profile = await profileOf(merchantId);
    const scenario = contextOf(req).scenario();
    if (!scenario.ok) return reply.fail(scenario.error);
    // Without X-Scenario-Key a method's test values (a test bank account) pick the outcome.
    const tested = scenario.value.key === undefined ? method.v3?.testScenario?.(request.body) : undefined;
    const charge = {
      merchantId,
      customer: request.customer,
      reuseCustomerByEmail: true,
      amount: request.amount,
      currency: request.currency,
      reference: request.body.tx_ref,
      ...pick('redirectUrl', request.body.redirect_url),
      meta: metaOf(request.body.meta),
      origin: 'v3',
      scenario: tested ?? scenario.value,
      ...pick('flow', method.v3?.flow),
    } as const;
    const rendering = {
      idempotency: claim.value,
      render: async (r: ChargeInFull) => ({
        status: 200,
        body: JSON.stringify(await methodChargeReply(r, profile, links)),
      }),
    };
    const executed =
      'transfer' in request
        ? // An account is opened for the charge and shown as where to transfer to (flows/bank-transfers.ts).
          await openBankTransferCharge(deps, { ...charge, ...request.transfer }, rendering, 'v3')
        : await directCharge(
            deps,
            {
              ...charge,
              paymentMethod: request.paymentMethod,
              recurring: false,
              preauthorize: false,
              ...pick(
                'instrument',
                request.voucherBalance === undefined ? undefined : { voucherBalance: request.voucherBalance },
              ),
            },
            rendering,
            'v3',
          );
    if (executed.ok) return sendExecuted(reply, executed.value);
    if (executed.error.type === 'CHARGE_ALREADY_EXISTS') {
      // A race with the same tx_ref, or a keyed request reusing one: answered as a retry would be.
      const existing = await answerExisting(merchantId, type, request);
      return answer(reply, existing ?? err(alreadyExists(request.body.tx_ref)));
    }
    return reply.fail(executed.error);
  };
}
