import type { SessionRecord } from './session-record.js';

/** The condition a replacement must meet: the stored version is this one, or this lock is still held. */
export type ReplaceCondition = { version: number } | { lock: string };

/**
 * Sessions to end on a back-channel logout: every session of `iss` with this `sid`, or of this `sub`, and of this
 * client (`clientId`, and the partner name `client` where the session records one): two partners registered at one
 * issuer never end each other's sessions. Test a record with `sessionMatches`.
 */
export interface SessionMatch {
  iss: string;
  sid?: string;
  sub?: string;
  /** The client_id the sessions were signed in with (the logout token's `aud`). */
  clientId?: string;
  /** The partner name (a named client) the sessions belong to. */
  client?: string;
}

/**
 * Where server-side sessions live. Every operation is atomic on one record. An unreachable backend throws
 * `SignetError('ERR_STORE_UNAVAILABLE')`: the request is refused, never served from a stale copy.
 */
export interface SessionStore {
  /** The record, or undefined when unknown or expired. */
  get(key: string): Promise<SessionRecord | undefined>;
  /** Stores a new record until `record.expiresAt` and indexes it by (iss, sid) and (iss, sub). */
  create(record: SessionRecord): Promise<void>;
  /**
   * Replaces a record when the condition holds (its version, or a refresh lock still held: the fencing check),
   * storing `record` with `version` = stored version + 1. False when the condition failed or the record is gone.
   */
  replace(record: SessionRecord, condition: ReplaceCondition): Promise<boolean>;
  /** Deletes a record (and its index entries); deleting an unknown key is not an error. */
  delete(key: string): Promise<void>;
  /** Deletes every record matching; returns how many. */
  deleteMatching(match: SessionMatch): Promise<number>;
  /** Takes the refresh lock of one record for `ttlMs`; returns its token, or undefined when someone holds it. */
  acquireLock(key: string, ttlMs: number): Promise<string | undefined>;
  /** Releases the lock if this token still holds it. */
  releaseLock(key: string, token: string): Promise<void>;
}
