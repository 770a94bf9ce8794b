import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { HttpError } from '../../../src/server/errors.ts';
import { SYSTEM_PRINCIPAL, type Principal } from '../../../src/server/principal.ts';
import { inboxFilter, inboxSearch, PAGE_SIZE, parseInboxQuery, safeInboxReturn } from '../../../src/ui/views/inbox-query.ts';

const TEAMS = ['finance', 'engineering', 'product'];
const agent: Principal = { kind: 'user', id: 'u1', username: 'ann', name: 'Ann', role: 'agent', teams: ['finance', 'product'], via: 'token' };

describe('parseInboxQuery', () => {
  it('reads every filter and the page, ignoring empty values (an unselected <select>)', () => {
    expect(parseInboxQuery({ team: 'finance', status: 'assigned', priority: 'high', assignee: 'me', page: '3' }, TEAMS)).toEqual({
      team: 'finance', status: 'assigned', priority: 'high', assignee: 'me', page: 3,
    });
    expect(parseInboxQuery({ team: '', status: '', priority: '', assignee: '' }, TEAMS)).toEqual({ page: 1 });
  });

  it('refuses unknown values, naming the parameter', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ team: 'nobody' }, 'team'],
      [{ status: 'completed' }, 'status'],
      [{ priority: 'urgent' }, 'priority'],
      [{ assignee: '<script>' }, 'assignee'],
      [{ page: '0' }, 'page'],
      [{ page: '1.5' }, 'page'],
      [{ team: ['finance', 'product'] }, 'team'],
    ];
    for (const [query, name] of cases) {
      let caught: unknown;
      try {
        parseInboxQuery(query, TEAMS);
      } catch (error) {
        caught = error;
      }
      expect(caught, JSON.stringify(query)).toBeInstanceOf(InputError);
      expect((caught as InputError).path).toEqual([name]);
    }
  });
});

describe('inboxSearch', () => {
  it('keeps the filters in links and starts again at page 1 unless told', () => {
    const query = { team: 'finance', priority: 'high' as const, page: 4 };
    expect(inboxSearch(query)).toBe('?team=finance&priority=high');
    expect(inboxSearch(query, { page: 5 })).toBe('?team=finance&priority=high&page=5');
    expect(inboxSearch({ page: 1 })).toBe('');
    expect(inboxSearch({ assignee: 'a&b=c', page: 1 })).toBe('?assignee=a%26b%3Dc');
  });
});

describe('inboxFilter', () => {
  it('pages in the store and defaults to every open status', () => {
    expect(inboxFilter({ page: 3 }, SYSTEM_PRINCIPAL)).toEqual({ status: ['pending', 'assigned', 'in_progress'], limit: PAGE_SIZE, skip: 2 * PAGE_SIZE });
  });

  it("limits an agent to their teams, and refuses another team's inbox", () => {
    expect(inboxFilter({ page: 1 }, agent)).toMatchObject({ team: ['finance', 'product'] });
    expect(inboxFilter({ team: 'product', page: 1 }, agent)).toMatchObject({ team: 'product' });
    expect(() => inboxFilter({ team: 'engineering', page: 1 }, agent)).toThrow(HttpError);
    expect(inboxFilter({ page: 1 }, { ...agent, teams: [] })).toBeNull();
  });

  it('turns the assignee into the store filter: me, unassigned (null) or a username', () => {
    expect(inboxFilter({ assignee: 'me', page: 1 }, agent)).toMatchObject({ assignedTo: 'ann' });
    expect(inboxFilter({ assignee: 'unassigned', page: 1 }, agent)).toMatchObject({ assignedTo: null });
    expect(inboxFilter({ assignee: 'bob', page: 1 }, agent)).toMatchObject({ assignedTo: 'bob' });
  });
});

describe('safeInboxReturn', () => {
  it('accepts the inbox with a query and nothing else', () => {
    expect(safeInboxReturn('/ui')).toBe('/ui');
    expect(safeInboxReturn('/ui?team=finance&page=2')).toBe('/ui?team=finance&page=2');
    for (const bad of ['//evil.example', 'https://evil.example/ui', '/ui/../x', '/uix', '/ui?\\x', '/ui?a b', 5, undefined]) {
      expect(safeInboxReturn(bad), String(bad)).toBeNull();
    }
  });
});
