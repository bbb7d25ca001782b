// Walks of the modules that landed after the core (events, books).
import type { Walk } from './walks';

export function extraWalks(): Array<{ name: string; walks: Walk[] }> {
  return [];
}
