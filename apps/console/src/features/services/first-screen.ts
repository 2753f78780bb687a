/**
 * Services rendered on the server with the page: a tall screen's worth of 30 px rows plus the
 * virtualizer's overscan. Its own module because a server component importing a constant from a
 * "use client" file gets a client reference, not the number.
 */
export const FIRST_SCREEN = 48;
