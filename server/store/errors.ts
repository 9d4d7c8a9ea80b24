// What can go wrong with the store, as errors whose messages a person can act on.

/** The store file cannot be used at all: unreadable, not a longhaul store, or written by a newer longhaul. */
export class StoreOpenError extends Error {
  override readonly name = 'StoreOpenError';
}

/** A value a repository refused (bad input; the HTTP API answers 400 with the message). */
export class InvalidInputError extends Error {
  override readonly name = 'InvalidInputError';
}

/** Another saved session already has this name (the HTTP API answers 409). */
export class NameTakenError extends Error {
  override readonly name = 'NameTakenError';
}
