/**
 * `/ui/users` for admins: who has access, adding people, disabling and enabling them, and personal API
 * tokens (a new token is shown once, on the page that created it). Secrets appear only in the answer
 * to the POST that made them, which is never cached. Leads see the people of their teams and their
 * presence, read-only (they set it through the API, as `PUT /api/users/:user/presence` allows).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InputError } from '../../errors.ts';
import type { RouteContext } from '../../server/app.ts';
import { HttpError } from '../../server/errors.ts';
import { canSeeTeam, csrfToken, isAdmin, pageAuthHook, principalOf, ROLES, type Principal, type Role } from '../../server/principal.ts';
import { generatePassword } from '../../users/password.ts';
import { UserNotFoundError, type PublicUser, type UserService } from '../../users/types.ts';
import { html, type Html } from '../html.ts';
import { csrfField, layout } from '../layout.ts';
import { presenceText, presenceView, type PresenceView } from '../views/presence.ts';

type Form = Record<string, string | string[] | undefined>;

interface UsersView {
  users: PublicUser[];
  /** Each user's presence now (by id), with the note when their teams' hours overrule it. */
  presence: Map<string, PresenceView>;
  teams: string[];
  /** Shown above the table: a created password or token (once), or what failed. */
  flash?: Html;
  status?: number;
  /** The add-user form's values after an error. */
  form?: Form;
}

function text(form: Form | undefined, name: string): string {
  const value = form?.[name];
  return typeof value === 'string' ? value : '';
}

function list(form: Form | undefined, name: string): string[] {
  const value = form?.[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function presenceCell(user: PublicUser, view: PresenceView | undefined): Html {
  // One wrapper: the phone layout makes each cell a flex row, which would split the text and its note.
  return html`<td data-label="Presence"><span>${presenceText(view ?? { presence: user.presence })}</span></td>`;
}

/** What a lead sees: people and their presence, no forms. */
function readOnlyRow(user: PublicUser, presence: PresenceView | undefined): Html {
  return html`<tr>
  <td data-label="User"><strong>${user.username}</strong><br><span class="muted">${user.name}</span></td>
  <td data-label="Role">${user.role}</td>
  <td data-label="Teams">${user.teams.join(', ') || html`<span class="muted">none</span>`}</td>
  ${presenceCell(user, presence)}
  <td data-label="Status">${user.disabled ? html`<span class="badge failed">disabled</span>` : html`<span class="badge ok">enabled</span>`}</td>
</tr>`;
}

function userRow(user: PublicUser, csrf: string, presence: PresenceView | undefined): Html {
  const path = `/ui/users/${encodeURIComponent(user.username)}`;
  const tokens = user.tokens.map(
    (t) => html`<li>${t.label} <span class="muted">(${t.id}, last used ${t.lastUsedAt ? t.lastUsedAt.toISOString().slice(0, 16).replace('T', ' ') : 'never'})</span>
      <form method="post" action="${path}/tokens/${t.id}/revoke" class="inline">${csrfField(csrf)}<button type="submit" class="link" aria-label="Revoke token ${t.label} of ${user.username}">Revoke</button></form></li>`,
  );
  return html`<tr>
  <td data-label="User"><strong>${user.username}</strong><br><span class="muted">${user.name}${user.email ? html`, ${user.email}` : ''}</span></td>
  <td data-label="Role">${user.role}</td>
  <td data-label="Teams">${user.teams.join(', ') || html`<span class="muted">none</span>`}</td>
  ${presenceCell(user, presence)}
  <td data-label="Status">${user.disabled ? html`<span class="badge failed">disabled</span>` : html`<span class="badge ok">enabled</span>`}</td>
  <td data-label="Slack">${user.slackUserId ?? html`<span class="muted">-</span>`}</td>
  <td data-label="Tokens">${tokens.length ? html`<ul>${tokens}</ul>` : html`<span class="muted">none</span>`}
    <form method="post" action="${path}/tokens" class="inline">${csrfField(csrf)}
      <label class="sr-only" for="label-${user.id}">Label for a new token of ${user.username}</label>
      <input type="text" id="label-${user.id}" name="label" value="api" maxlength="100" required>
      <button type="submit" class="secondary">Create token</button></form></td>
  <td data-label="Actions"><form method="post" action="${path}/${user.disabled ? 'enable' : 'disable'}" class="inline">${csrfField(csrf)}
    <button type="submit" class="secondary" aria-label="${user.disabled ? 'Enable' : 'Disable'} ${user.username}">${user.disabled ? 'Enable' : 'Disable'}</button></form></td>
</tr>`;
}

function addForm(view: UsersView, csrf: string): Html {
  const role = text(view.form, 'role') || 'agent';
  const chosen = list(view.form, 'teams');
  return html`<form method="post" action="/ui/users" class="panel">
  <h2 id="add-user">Add a user</h2>
  ${csrfField(csrf)}
  <label for="new-username">Username</label>
  <input type="text" id="new-username" name="username" value="${text(view.form, 'username')}" required maxlength="64" autocapitalize="none" spellcheck="false" autocomplete="off">
  <label for="new-name">Name</label>
  <input type="text" id="new-name" name="name" value="${text(view.form, 'name')}" maxlength="200">
  <label for="new-email">Email</label>
  <input type="email" id="new-email" name="email" value="${text(view.form, 'email')}" maxlength="320">
  <label for="new-role">Role</label>
  <select id="new-role" name="role">${ROLES.map((r) => html`<option value="${r}"${r === role ? html` selected` : ''}>${r}</option>`)}</select>
  <fieldset><legend>Teams</legend>
  ${view.teams.map((t) => html`<label class="check"><input type="checkbox" name="teams" value="${t}"${chosen.includes(t) ? html` checked` : ''}> ${t}</label>`)}
  </fieldset>
  <label for="new-slack">Slack user id (optional)</label>
  <input type="text" id="new-slack" name="slackUserId" value="${text(view.form, 'slackUserId')}" maxlength="32" autocapitalize="characters">
  <label for="new-password">Password (leave empty to generate one, shown once)</label>
  <input type="password" id="new-password" name="password" autocomplete="new-password" maxlength="1024">
  <p><button type="submit">Add user</button></p>
</form>`;
}

function page(request: FastifyRequest, reply: FastifyReply, view: UsersView): FastifyReply {
  const principal = principalOf(request);
  const csrf = csrfToken(request);
  if (!isAdmin(principal)) {
    const body = html`<h1>People in your teams</h1>
<p class="muted">Presence as each person set it; in brackets when their team's hours overrule it right now.</p>
<div class="table-wrap" tabindex="0"><table class="responsive">
<caption>${view.users.length} user(s)</caption>
<thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Teams</th><th scope="col">Presence</th><th scope="col">Status</th></tr></thead>
<tbody>${view.users.map((u) => readOnlyRow(u, view.presence.get(u.id)))}</tbody>
</table></div>`;
    return reply.code(view.status ?? 200).type('text/html; charset=utf-8').send(layout({ title: 'People', principal, csrf, current: 'users', body }).value);
  }
  const body = html`<h1>Users</h1>
<div role="status" aria-live="polite">${view.flash ?? ''}</div>
<div class="table-wrap" tabindex="0"><table class="responsive">
<caption>${view.users.length} user(s)</caption>
<thead><tr><th scope="col">User</th><th scope="col">Role</th><th scope="col">Teams</th><th scope="col">Presence</th><th scope="col">Status</th><th scope="col">Slack</th><th scope="col">API tokens</th><th scope="col">Actions</th></tr></thead>
<tbody>${view.users.map((u) => userRow(u, csrf, view.presence.get(u.id)))}</tbody>
</table></div>
${addForm(view, csrf)}`;
  return reply
    .code(view.status ?? 200)
    .type('text/html; charset=utf-8')
    .send(layout({ title: 'Users', principal, csrf, current: 'users', body }).value);
}

export function registerUserPages(scope: FastifyInstance, context: RouteContext): void {
  const authenticate = pageAuthHook(context);
  const onRequest = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await authenticate(request, reply);
    if (reply.sent || !request.principal) return;
    if (!isAdmin(request.principal)) throw new HttpError(403, 'only admins manage users');
  };
  const users = (): UserService => {
    if (!context.users) throw new HttpError(503, 'users are not available on this server');
    return context.users;
  };
  // Leads may look (GET) at the people of their teams; everything else stays the admins'.
  const onView = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    await authenticate(request, reply);
    if (reply.sent || !request.principal) return;
    if (!isAdmin(request.principal) && request.principal.role !== 'lead') throw new HttpError(403, 'only admins manage users (and leads see the people of their teams)');
  };
  const teams = () => Object.keys(context.app.policy.source.teams);
  const visible = (principal: Principal, user: PublicUser) => isAdmin(principal) || user.teams.some((team) => canSeeTeam(principal, team));
  const show = async (request: FastifyRequest, reply: FastifyReply, extra: Omit<UsersView, 'users' | 'teams' | 'presence'> = {}) => {
    const principal = principalOf(request);
    const all = (await users().list({ includeDisabled: isAdmin(principal) })).filter((u) => visible(principal, u));
    const at = context.now();
    const presence = new Map(all.map((u) => [u.id, presenceView(u, context.app.policy.source.teams, at)] as const));
    return page(request, reply, { users: all, teams: teams(), presence, ...extra });
  };
  /** Input errors come back on the page, with what was typed (but never the password). */
  const attempt = async (request: FastifyRequest, reply: FastifyReply, work: () => Promise<FastifyReply>, form?: Form): Promise<FastifyReply> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof UserNotFoundError) throw new HttpError(404, error.message, {}, { cause: error });
      if (!(error instanceof InputError)) throw error;
      const kept = form ? { ...form, password: undefined } : undefined;
      return show(request, reply, { status: 400, flash: html`<p class="flash error" role="alert">${error.message}</p>`, ...(kept ? { form: kept } : {}) });
    }
  };
  type WithUser = { Params: { user: string } };

  scope.get('/ui/users', { onRequest: onView }, async (request, reply) => show(request, reply));

  scope.post('/ui/users', { onRequest }, async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    return attempt(request, reply, async () => {
      const given = text(form, 'password');
      const password = given === '' ? generatePassword() : given;
      const optional = (name: string) => (text(form, name).trim() === '' ? undefined : text(form, name).trim());
      const created = await users().create({
        username: text(form, 'username'),
        role: text(form, 'role') as Role,
        teams: list(form, 'teams'),
        password,
        ...(optional('name') ? { name: optional('name')! } : {}),
        ...(optional('email') ? { email: optional('email')! } : {}),
        ...(optional('slackUserId') ? { slackUserId: optional('slackUserId')! } : {}),
      });
      const flash = html`<div class="flash ok"><p>Created ${created.username} (${created.role}).</p>
        ${given === '' ? html`<p>Their password, shown once: <code>${password}</code></p>` : ''}</div>`;
      return show(request, reply, { status: 201, flash });
    }, form);
  });

  for (const action of ['disable', 'enable'] as const) {
    scope.post<WithUser>(`/ui/users/:user/${action}`, { onRequest }, async (request, reply) =>
      attempt(request, reply, async () => {
        const user = await users().update(request.params.user, { disabled: action === 'disable' });
        return show(request, reply, { flash: html`<p class="flash ok">${user.username} is ${action}d.</p>` });
      }),
    );
  }

  scope.post<WithUser>('/ui/users/:user/tokens', { onRequest }, async (request, reply) =>
    attempt(request, reply, async () => {
      const label = text(request.body as Form, 'label');
      const { token, record } = await users().createToken(request.params.user, label);
      const flash = html`<div class="flash ok"><p>Token "${record.label}" for ${request.params.user}, shown once; send it as <code>Authorization: Bearer &lt;token&gt;</code>:</p>
        <p><code>${token}</code></p></div>`;
      return show(request, reply, { status: 201, flash });
    }),
  );

  scope.post<{ Params: { user: string; tokenId: string } }>('/ui/users/:user/tokens/:tokenId/revoke', { onRequest }, async (request, reply) =>
    attempt(request, reply, async () => {
      await users().revokeToken(request.params.user, request.params.tokenId);
      return show(request, reply, { flash: html`<p class="flash ok">Token ${request.params.tokenId} revoked.</p>` });
    }),
  );
}
