/** Page-number pagination as the v4 API does it: page ≥ 1, most recent first. */
export interface PageRequest {
  readonly page: number;
  readonly size: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly page: number;
  readonly size: number;
}

export const offsetOf = (req: PageRequest): number => (req.page - 1) * req.size;

export const totalPages = (total: number, size: number): number => Math.ceil(total / size);
