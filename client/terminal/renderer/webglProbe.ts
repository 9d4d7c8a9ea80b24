// Asks the browser once per page whether WebGL works and which GPU (or software rasteriser) is behind it.
import type { WebglProbe } from './rendererChoice.js';

let probed: WebglProbe | null = null;

/** The probe's own context is released at once: browsers allow only about 16 live ones per page. */
export function probeWebgl(): WebglProbe {
  if (probed) return probed;
  probed = { available: false, renderer: null };
  try {
    const canvas = document.createElement('canvas');
    const gl = canvas.getContext('webgl2'); // what xterm.js's WebGL addon needs
    if (gl) {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const name = info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER);
      probed = { available: true, renderer: typeof name === 'string' && name !== '' ? name : null };
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  } catch (error) {
    console.info('longhaul: could not ask the browser about WebGL; drawing with the DOM renderer.', error);
  }
  return probed;
}
