/**
 * Merchants' sandbox fault profiles (docs/sandbox.md "Faults"). Drawing the fault of a request costs a
 * round trip only for a merchant that has a profile: that a merchant has none is remembered for a
 * second, so setting one on another node takes effect within a second.
 */
import type { Clock } from '../../domain/clock.js';
import { drawFault, type Fault, type FaultProfile } from '../../domain/faults.js';
import type { Db } from '../../store/db.js';
import {
  countFaultRequest,
  deleteFaultProfile,
  findFaultProfile,
  putFaultProfile,
} from '../../store/fault-profiles.js';

export interface FaultProfiles {
  get(merchantId: string): Promise<{ profile: FaultProfile; requests: number } | undefined>;
  put(merchantId: string, profile: FaultProfile): Promise<void>;
  remove(merchantId: string): Promise<boolean>;
  /** Counts the merchant's next request against its profile and returns the fault it meets, if any. */
  draw(merchantId: string): Promise<Fault | undefined>;
}

const NONE_TTL_MS = 1_000;

export function createFaultProfiles(db: Db, clock: Clock): FaultProfiles {
  const none = new Map<string, number>();
  return {
    get: (merchantId) => findFaultProfile(db, merchantId),
    async put(merchantId, profile) {
      await putFaultProfile(db, merchantId, profile, clock.now());
      none.delete(merchantId);
    },
    async remove(merchantId) {
      const removed = await deleteFaultProfile(db, merchantId);
      none.set(merchantId, clock.now().getTime() + NONE_TTL_MS);
      return removed;
    },
    async draw(merchantId) {
      const now = clock.now().getTime();
      const until = none.get(merchantId);
      if (until !== undefined && until > now) return undefined;
      const counted = await countFaultRequest(db, merchantId);
      if (!counted) {
        if (none.size > 100_000) none.clear();
        none.set(merchantId, now + NONE_TTL_MS);
        return undefined;
      }
      none.delete(merchantId);
      return drawFault(counted.profile, counted.n);
    },
  };
}
