/**
 * Customers: who pays. A customer belongs to exactly one merchant; emails are not unique
 * (spec §8.1 [P]) and are searched case-insensitively.
 */
export type Meta = Readonly<Record<string, string>>;

export interface PersonName {
  readonly first?: string;
  readonly middle?: string;
  readonly last?: string;
}

/** `countryCode` is the dialing code (`234`), not an ISO country. */
export interface Phone {
  readonly countryCode: string;
  readonly number: string;
}

export interface Address {
  readonly line1: string;
  readonly line2?: string;
  readonly city: string;
  readonly state: string;
  readonly country: string;
  readonly postalCode: string;
}

export interface CustomerDetails {
  readonly email: string;
  readonly name?: PersonName;
  readonly phone?: Phone;
  readonly address?: Address;
  readonly meta: Meta;
}

export interface Customer extends CustomerDetails {
  readonly id: string;
  /** The v3 dialect's numeric customer id. */
  readonly numId: number;
  readonly merchantId: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A partial update: each field present replaces the stored one (`meta` is replaced as a whole). */
export type CustomerPatch = { readonly [K in keyof CustomerDetails]?: CustomerDetails[K] };

export function applyPatch(current: CustomerDetails, patch: CustomerPatch): CustomerDetails {
  return {
    email: patch.email ?? current.email,
    meta: patch.meta ?? current.meta,
    ...pick('name', patch.name ?? current.name),
    ...pick('phone', patch.phone ?? current.phone),
    ...pick('address', patch.address ?? current.address),
  };
}

/** `{key: value}` when value is defined, `{}` otherwise: builds objects for exactOptionalPropertyTypes. */
export function pick<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
