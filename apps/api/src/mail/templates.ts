import type { OutgoingMail } from './mail-transport';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function layout(paragraphs: string[], action?: { text: string; url: string }): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n');
  const button = action
    ? `<p><a href="${escapeHtml(action.url)}" style="background:#007f3b;color:#fff;padding:12px 16px;text-decoration:none;display:inline-block">${escapeHtml(action.text)}</a></p>`
    : '';
  return `<!doctype html><html lang="en"><body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#212b32">${body}${button}</body></html>`;
}

export function invitationMail(input: {
  to: string;
  name: string;
  organisationName: string | null;
  acceptUrl: string;
  expiresAt: Date;
}): OutgoingMail {
  const where = input.organisationName ? ` for ${input.organisationName}` : '';
  const expires = input.expiresAt.toLocaleString('en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/London',
  });
  const paragraphs = [
    `Dear ${input.name},`,
    `You have been given an account${where} on AHP Placements, where students, universities and providers arrange placements in mental health, learning disability and autism services.`,
    `To start, choose your password. The link works once and expires on ${expires}.`,
  ];
  return {
    to: input.to,
    subject: 'Set up your AHP Placements account',
    text: [
      ...paragraphs,
      input.acceptUrl,
      'If you did not expect this e-mail, you can ignore it.',
    ].join('\n\n'),
    html: layout(paragraphs, { text: 'Choose your password', url: input.acceptUrl }),
  };
}

export function notificationMail(input: {
  to: string;
  name: string;
  title: string;
  body: string;
  url: string | null;
}): OutgoingMail {
  const paragraphs = [`Dear ${input.name},`, input.body];
  return {
    to: input.to,
    subject: input.title,
    text: [
      ...paragraphs,
      ...(input.url ? [input.url] : []),
      'You are receiving this because you use AHP Placements.',
    ].join('\n\n'),
    html: layout(
      paragraphs,
      input.url ? { text: 'Open AHP Placements', url: input.url } : undefined,
    ),
  };
}
