import { computed, signal } from '@angular/core';
import type { AbstractControl, FormGroup } from '@angular/forms';
import type { FieldError } from '@ahp/contracts';
import { apiError } from '../core/api-error';

/** DOM id for a field named like the API names it ("studentProfile.homePostcode"). */
export function fieldId(field: string): string {
  return field.replace(/\./g, '-');
}

/** Messages for a control's validation errors, keyed by validator name. */
export type ErrorMessages = Record<string, Record<string, string>>;

/**
 * The problems with one form, from the browser's own checks or the API's 400 details, shown in
 * the NHS.UK error summary and beside each field. Fields the form does not know about are shown
 * in the summary only, so no message from the server is ever lost.
 */
export class FormProblems {
  readonly list = signal<FieldError[]>([]);
  private readonly byField = computed(() => {
    const map = new Map<string, string>();
    for (const problem of this.list())
      if (!map.has(problem.field)) map.set(problem.field, problem.message);
    return map;
  });

  messageFor(field: string): string | null {
    return this.byField().get(field) ?? null;
  }

  clear(): void {
    this.list.set([]);
  }

  /** Checks the form against its validators, in field order; true when there is nothing wrong. */
  check(form: FormGroup, messages: ErrorMessages, prefix = ''): boolean {
    const problems: FieldError[] = [];
    collect(form, messages, prefix, problems);
    this.list.set(problems);
    return problems.length === 0;
  }

  /**
   * Shows what the API said was wrong: each field it named, or its message against
   * `fallbackField` (or the whole form) when it named none.
   */
  fromApi(error: unknown, fallbackField = ''): void {
    const body = apiError(error);
    const details = body.details?.length
      ? body.details
      : [{ field: fallbackField, message: body.message }];
    this.list.set(details.map((detail) => ({ field: detail.field, message: detail.message })));
  }
}

function collect(
  control: AbstractControl,
  messages: ErrorMessages,
  path: string,
  out: FieldError[],
): void {
  const children = (control as FormGroup).controls;
  if (children) {
    for (const [name, child] of Object.entries(children)) {
      if (child.disabled) continue;
      collect(child, messages, path ? `${path}.${name}` : name, out);
    }
    return;
  }
  if (!control.errors) return;
  const forField = messages[path] ?? {};
  const key = Object.keys(control.errors)[0];
  out.push({ field: path, message: forField[key] ?? forField['default'] ?? 'Check this answer' });
}
