import { describe, expect, it } from 'vitest';
import { chooseRenderer, isSoftwareRenderer, parseRendererSetting } from './rendererChoice.js';

const SWIFTSHADER =
  'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver-5.0.0)';
const LLVMPIPE = 'llvmpipe (LLVM 15.0.6, 256 bits)';
const MESA_SOFTWARE = 'Mesa OffScreen';
const WINDOWS_BASIC = 'ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0, D3D11)';
const INTEL = 'ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)';
const APPLE = 'Apple M2';

describe('isSoftwareRenderer', () => {
  it('knows the CPU rasterisers', () => {
    expect(isSoftwareRenderer(SWIFTSHADER)).toBe(true);
    expect(isSoftwareRenderer(LLVMPIPE)).toBe(true);
    expect(isSoftwareRenderer(WINDOWS_BASIC)).toBe(true);
    expect(isSoftwareRenderer('Google SwiftShader')).toBe(true);
    expect(isSoftwareRenderer('Software Adapter')).toBe(true);
  });

  it('takes real GPUs and unknown names for GPUs', () => {
    expect(isSoftwareRenderer(INTEL)).toBe(false);
    expect(isSoftwareRenderer(APPLE)).toBe(false);
    expect(isSoftwareRenderer(MESA_SOFTWARE)).toBe(false);
    expect(isSoftwareRenderer(null)).toBe(false);
  });
});

describe('chooseRenderer', () => {
  it('Auto draws with the DOM renderer where WebGL runs on the CPU', () => {
    expect(chooseRenderer('auto', { available: true, renderer: SWIFTSHADER })).toBe('dom');
    expect(chooseRenderer('auto', { available: true, renderer: LLVMPIPE })).toBe('dom');
  });

  it('Auto draws with WebGL on a GPU, and when the GPU keeps its name to itself', () => {
    expect(chooseRenderer('auto', { available: true, renderer: INTEL })).toBe('webgl');
    expect(chooseRenderer('auto', { available: true, renderer: null })).toBe('webgl');
  });

  it('follows a forced choice while a WebGL context can be made', () => {
    expect(chooseRenderer('webgl', { available: true, renderer: SWIFTSHADER })).toBe('webgl');
    expect(chooseRenderer('dom', { available: true, renderer: INTEL })).toBe('dom');
  });

  it('draws with the DOM renderer when no WebGL context can be made, whatever the setting', () => {
    for (const setting of ['auto', 'webgl', 'dom'] as const) {
      expect(chooseRenderer(setting, { available: false, renderer: null })).toBe('dom');
    }
  });
});

describe('parseRendererSetting', () => {
  it('reads back what was stored, and Auto for anything else', () => {
    expect(parseRendererSetting('webgl')).toBe('webgl');
    expect(parseRendererSetting('dom')).toBe('dom');
    expect(parseRendererSetting('auto')).toBe('auto');
    expect(parseRendererSetting(null)).toBe('auto');
    expect(parseRendererSetting('canvas')).toBe('auto');
  });
});
