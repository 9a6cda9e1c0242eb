/** Instance-wide settings shared by every node of one database. */
import type { Queryable } from './db.js';

export async function getSetting(q: Queryable, name: string): Promise<string | undefined> {
  const { rows } = await q.query<{ value: string }>('SELECT value FROM instance_settings WHERE name = $1', [
    name,
  ]);
  return rows[0]?.value;
}

/** Stores `value` unless the setting exists; returns what is stored now (first writer wins). */
export async function initSetting(q: Queryable, name: string, value: string): Promise<string> {
  await q.query('INSERT INTO instance_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
    name,
    value,
  ]);
  return (await getSetting(q, name)) ?? value;
}
