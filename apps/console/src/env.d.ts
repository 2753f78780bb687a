// Next's ambient types (CSS imports, images) without next-env.d.ts, which points into .next/ and
// so does not exist on a clean clone before the first build.
/// <reference types="next" />
/// <reference types="next/image-types/global" />
