/**
 * Reservations on MongoDB and FerretDB 1.x (`TaskStore.reserve`/`release`). FerretDB makes only
 * unique inserts and deletes by `_id` atomic (docs/ferretdb-notes.md), so both operations are built
 * from those: a reservation's `_id` names the key *and* its holder, and a unique index on `key` lets
 * one holder per key in. A release deletes by that `_id`, so it can only ever remove the releasing
 * holder's own reservation, never one another holder took after it.
 */
import type { Collection } from 'mongodb';
import type { Reservation } from '../types.ts';
import { ensureIndexes } from './collection.ts';
import { isDuplicateKey } from './lock.ts';

interface ReservationDoc {
  _id: string;
  key: string;
  holder: string;
  at: Date;
}

/** A winner's reservation may be released between our failed insert and our read: try again. */
const ATTEMPTS = 5;

const idOf = (key: string, holder: string): string => JSON.stringify([key, holder]);

export class MongoReservations {
  constructor(private readonly collection: Collection<ReservationDoc>) {}

  async start(): Promise<void> {
    await ensureIndexes(this.collection, [{ key: { key: 1 }, name: 'key_unique', unique: true }]);
  }

  async reserve(key: string, holder: string, now: Date): Promise<Reservation> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        await this.collection.insertOne({ _id: idOf(key, holder), key, holder, at: now });
        return { key, holder, at: new Date(now.getTime()) };
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const held = await this.collection.findOne({ key });
      if (held) return { key, holder: held.holder, at: new Date(held.at.getTime()) };
    }
    throw new Error(`reservation ${key} kept changing hands; try again`);
  }

  async release(key: string, holder: string): Promise<boolean> {
    return (await this.collection.deleteOne({ _id: idOf(key, holder) })).deletedCount === 1;
  }
}
