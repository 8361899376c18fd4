import { AbstractControl, FormArray, FormGroup } from '@angular/forms';
import { ApiProblem, FieldError } from './problem';

/**
 * Puts each field error of a problem on the form control its JSON pointer names (`/lines/0/
 * quantity` → lines[0].quantity), as the `server` error, so it shows next to that field; it goes
 * away when the field is edited. Answers the errors no control matched, to show above the form.
 */
export function showFieldErrors(form: AbstractControl, problem: ApiProblem): FieldError[] {
  const unmatched: FieldError[] = [];
  for (const error of problem.errors) {
    const control = controlAt(form, error.pointer);
    if (control && control !== form) {
      control.setErrors({ ...(control.errors ?? {}), server: error.message });
      control.markAsTouched();
    } else {
      unmatched.push(error);
    }
  }
  return unmatched;
}

/** The control a JSON pointer (RFC 6901) names, or null. */
export function controlAt(form: AbstractControl, pointer: string): AbstractControl | null {
  if (pointer === '' || pointer === '/') {
    return form;
  }
  const steps = pointer.replace(/^\//, '').split('/').map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'));
  let control: AbstractControl | null = form;
  for (const step of steps) {
    if (control instanceof FormArray) {
      control = control.at(Number(step)) ?? null;
    } else if (control instanceof FormGroup) {
      control = (control.controls as Record<string, AbstractControl>)[step] ?? null;
    } else {
      return null;
    }
    if (!control) {
      return null;
    }
  }
  return control;
}
