/** The one source of time. Nothing reads the system clock except the implementation handed in at the edge. */
export interface Clock {
  now(): Date;
}
