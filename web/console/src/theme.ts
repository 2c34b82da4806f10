import { createTheme, defaultVariantColorsResolver, parseThemeColor, type CSSVariablesResolver, type VariantColorsResolver } from '@mantine/core';

// Text on tinted, outlined and plain backgrounds in the colour's darkest shade, so every badge,
// active link and subtle button reads at WCAG AA (4.5:1) on the palest tint; yellow, orange, lime
// and green are too light even then and carry dark text.
const LIGHT_HUES = new Set(['yellow', 'orange', 'lime', 'green']);

const variantColorResolver: VariantColorsResolver = (input) => {
  const defaults = defaultVariantColorsResolver(input);
  const parsed = parseThemeColor({ color: input.color || input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor) return defaults;
  const c = parsed.color;
  // Filled: the darkest shade at rest and on hover (Mantine lightens on hover past the last shade).
  if (input.variant === 'filled') return { ...defaults, background: `var(--mantine-color-${c}-9)`, hover: `var(--mantine-color-${c}-9)`, color: LIGHT_HUES.has(c) ? 'var(--mantine-color-black)' : 'var(--mantine-color-white)' };
  if (!['light', 'outline', 'subtle', 'transparent'].includes(input.variant)) return defaults;
  const text = LIGHT_HUES.has(c) ? 'var(--mantine-color-dark-8)' : `var(--mantine-color-${c}-9)`;
  if (input.variant === 'light') return { ...defaults, background: `var(--mantine-color-${c}-0)`, hover: `var(--mantine-color-${c}-0)`, color: text };
  return { ...defaults, color: text, ...(input.variant === 'outline' ? { border: `1px solid var(--mantine-color-${c}-9)` } : {}) };
};

// "Dimmed" text (dates' Hijri line, hints) stays readable: gray 7 instead of gray 6.
// Components read tinted colours from CSS variables too: the same darkest shades there.
export const cssVariablesResolver: CSSVariablesResolver = (theme) => {
  const light: Record<string, string> = { '--mantine-color-dimmed': theme.colors.gray[7] };
  for (const name of Object.keys(theme.colors)) {
    const text = LIGHT_HUES.has(name) ? theme.colors.dark[8] : theme.colors[name][9];
    light[`--mantine-color-${name}-light-color`] = text;
    light[`--mantine-color-${name}-light`] = theme.colors[name][0];
    // Hover keeps the palest tint: the darkest text on the next tint falls just under 4.5:1.
    light[`--mantine-color-${name}-light-hover`] = theme.colors[name][0];
    light[`--mantine-color-${name}-filled-hover`] = theme.colors[name][9];
    light[`--mantine-color-${name}-outline`] = theme.colors[name][9];
  }
  // A field's error message and its red outline: red 9 reads at AA on white, Mantine's red 6 does not.
  light['--mantine-color-error'] = theme.colors.red[9];
  light['--mantine-primary-color-light-color'] = theme.colors[theme.primaryColor][9];
  light['--mantine-primary-color-light'] = theme.colors[theme.primaryColor][0];
  light['--mantine-primary-color-light-hover'] = theme.colors[theme.primaryColor][0];
  light['--mantine-primary-color-filled-hover'] = theme.colors[theme.primaryColor][9];
  return { variables: {}, light, dark: {} };
};

// Arabic-first: a system font stack that carries Arabic well on Windows, macOS and Linux workstations.
export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: 9,
  fontFamily: "'Segoe UI', 'Noto Sans Arabic', 'Noto Sans', Tahoma, 'Geeza Pro', system-ui, sans-serif",
  headings: { fontFamily: "'Segoe UI', 'Noto Sans Arabic', 'Noto Sans', Tahoma, system-ui, sans-serif" },
  defaultRadius: 'sm',
  variantColorResolver,
});
