/**
 * The frame every page shares: document head (assets served by the app, no CDN), a skip link, the
 * navigation for the signed-in person, and a main landmark. Pages pass their content as `Html`.
 */
import type { Principal } from '../server/principal.ts';
import { html, type Html } from './html.ts';
import { headerPresenceOf, presenceControl } from './views/presence.ts';

export interface PageOptions {
  title: string;
  /** Absent on pages seen before signing in. */
  principal?: Principal;
  /** The CSRF token for the sign-out form (and any form the page renders itself). */
  csrf?: string;
  /** Which navigation entry is current. */
  current?: 'inbox' | 'analytics' | 'users';
  /** Extra scripts from `/ui/assets/` (file names), e.g. `uPlot.iife.min.js`. */
  scripts?: string[];
  /** Extra stylesheets from `/ui/assets/`. */
  styles?: string[];
  body: Html;
}

function navLink(href: string, label: string, current: boolean): Html {
  return html`<a href="${href}"${current ? html` aria-current="page"` : ''}>${label}</a>`;
}

/** A hidden CSRF field for a form. */
export function csrfField(csrf: string | undefined): Html {
  return csrf ? html`<input type="hidden" name="_csrf" value="${csrf}">` : html``;
}

export function layout(options: PageOptions): Html {
  const { principal, csrf, current } = options;
  // Known for signed-in people on full pages (src/ui/pages/presence.ts); the admin token has none.
  const presence = headerPresenceOf(principal);
  const nav = principal
    ? html`<nav aria-label="Main">
        ${navLink('/ui', 'Inbox', current === 'inbox')}
        ${navLink('/ui/analytics', 'Analytics', current === 'analytics')}
        ${(principal.role === 'admin' || principal.role === 'lead') && principal.kind === 'user' ? navLink('/ui/users', principal.role === 'admin' ? 'Users' : 'People', current === 'users') : ''}
        <span class="who">${principal.name} <span class="role">(${principal.role})</span></span>
        ${presence ? presenceControl(presence, csrf) : ''}
        ${principal.via === 'session'
          ? html`<form method="post" action="/ui/logout" class="inline">${csrfField(csrf)}<button type="submit" class="link">Sign out</button></form>`
          : ''}
      </nav>`
    : '';
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowScriptTags":false,"allowEval":false}'>
<title>${options.title} · triage</title>
<link rel="stylesheet" href="/ui/assets/app.css">
${(options.styles ?? []).map((s) => html`<link rel="stylesheet" href="/ui/assets/${s}">`)}
<script src="/ui/assets/htmx.min.js" defer></script>
<script src="/ui/assets/ui.js" defer></script>
${(options.scripts ?? []).map((s) => html`<script src="/ui/assets/${s}" defer></script>`)}
</head>
<body${csrf ? html` hx-headers='${JSON.stringify({ 'x-csrf-token': csrf })}'` : ''}>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><a class="brand" href="/ui">triage</a>${nav}</header>
<main id="main" tabindex="-1">
${options.body}
</main>
</body>
</html>`;
}
