// Test helper: the InputError a function throws (any other error is rethrown; none fails the test).
import { InputError } from '../../input/input-error.js';

export function inputErrorOf(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}
