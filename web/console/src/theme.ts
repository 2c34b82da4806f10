import { createTheme } from '@mantine/core';

// Arabic-first: a system font stack that carries Arabic well on Windows, macOS and Linux workstations.
export const theme = createTheme({
  primaryColor: 'teal',
  fontFamily: "'Segoe UI', 'Noto Sans Arabic', 'Noto Sans', Tahoma, 'Geeza Pro', system-ui, sans-serif",
  headings: { fontFamily: "'Segoe UI', 'Noto Sans Arabic', 'Noto Sans', Tahoma, system-ui, sans-serif" },
  defaultRadius: 'sm',
  // Teal 6 on white is below 4.5:1; a darker shade keeps buttons and links readable.
  primaryShade: 8,
});
