// Which renderer a terminal draws with: the user's setting, and for Auto what the machine's WebGL can do.

/** The user's choice in the page: Auto picks by the machine, the others force one. */
export type RendererSetting = 'auto' | 'webgl' | 'dom';
/** What a terminal actually draws with. */
export type RendererKind = 'webgl' | 'dom';

export const RENDERER_SETTINGS: readonly RendererSetting[] = ['auto', 'webgl', 'dom'];

/** What the browser says about WebGL: whether a context can be made, and the GPU's name behind it (null if hidden). */
export interface WebglProbe {
  available: boolean;
  renderer: string | null;
}

/**
 * Names of WebGL implementations that draw on the CPU. There, WebGL reads every frame back from a software
 * rasteriser and draws several times slower than xterm.js's DOM renderer (measured in BENCHMARKS.md).
 */
const SOFTWARE_RENDERERS = [/swiftshader/i, /llvmpipe/i, /softpipe/i, /software/i, /microsoft basic render/i];

export function isSoftwareRenderer(name: string | null): boolean {
  return name !== null && SOFTWARE_RENDERERS.some((pattern) => pattern.test(name));
}

/**
 * Auto: WebGL only on a GPU that says it is one. A hidden GPU name (privacy settings) gets WebGL, as a real GPU
 * is by far the common case there. Forcing WebGL without a context leaves the DOM renderer: nothing else can draw.
 */
export function chooseRenderer(setting: RendererSetting, probe: WebglProbe): RendererKind {
  if (!probe.available) return 'dom';
  switch (setting) {
    case 'dom':
      return 'dom';
    case 'webgl':
      return 'webgl';
    case 'auto':
      return isSoftwareRenderer(probe.renderer) ? 'dom' : 'webgl';
  }
}

/** A stored setting back, or Auto for anything else (nothing stored, an old or hand-edited value). */
export function parseRendererSetting(stored: string | null | undefined): RendererSetting {
  return RENDERER_SETTINGS.find((setting) => setting === stored) ?? 'auto';
}
