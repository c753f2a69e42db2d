import { describe, expect, it } from 'vitest';
import { relativeTime } from './relative-time';

const now = new Date('2025-06-10T12:00:00Z');
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();

describe('relativeTime', () => {
  it('says just now for the last few seconds', () => {
    expect(relativeTime(ago(10), now, 'en')).toBe('just now');
  });
  it('counts minutes, hours and days', () => {
    expect(relativeTime(ago(5 * 60), now, 'en')).toBe('5 minutes ago');
    expect(relativeTime(ago(3 * 3600), now, 'en')).toBe('3 hours ago');
    expect(relativeTime(ago(26 * 3600), now, 'en')).toBe('yesterday');
    expect(relativeTime(ago(21 * 24 * 3600), now, 'en')).toBe('3 weeks ago');
  });
  it('returns nothing for a time it cannot read', () => {
    expect(relativeTime('not a date', now, 'en')).toBe('');
  });
});
