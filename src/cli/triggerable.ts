/** The events `baobab trigger` can cause (an order's authorisation is not among them: it needs a v4 card order). */
import type { EventType } from '../domain/events.js';
import { EVENT_TYPES } from '../domain/webhooks.js';

export const TRIGGERABLE: readonly EventType[] = EVENT_TYPES.filter((t) => t !== 'order.authorization');
