export const LOGO_TYPES = ['image/png', 'image/jpeg'] as const;
export const LOGO_MAX_BYTES = 512 * 1024;

/**
 * Why a chosen file cannot be a logo, or null when it may be uploaded: PNG or JPEG, at most 512
 * KiB, as the users service takes them (the server decodes it too and has the last word).
 */
export function logoFileProblem(file: { type: string; size: number }): string | null {
  if (!(LOGO_TYPES as readonly string[]).includes(file.type)) {
    return 'Choose a PNG or JPEG image.';
  }
  if (file.size > LOGO_MAX_BYTES) {
    return `The image is ${Math.ceil(file.size / 1024)} KiB; a logo can be at most 512 KiB.`;
  }
  if (file.size === 0) {
    return 'The file is empty.';
  }
  return null;
}
