import { z } from 'zod';

/** A username and password as every form that creates an account takes them (accounts, and people of a grid). */
export const username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^[a-z0-9][a-z0-9_.-]{2,31}$/,
    'Use 3–32 letters, digits, dot, dash or underscore, starting with a letter or digit.',
  );
export const password = z.string().min(1).max(200);
