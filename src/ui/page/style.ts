/** `zkop ui`'s style: readable tables, a visible focus ring, state not shown by colour alone. */
export const PAGE_STYLE = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.4; }
body { margin: 1rem 2rem; }
h1 { margin: 0 0 .25rem; font-size: 1.5rem; }
h2 { margin: 1.5rem 0 .25rem; font-size: 1.25rem; }
table { border-collapse: collapse; margin: .5rem 0; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid #8888; padding: .2rem .5rem; text-align: left; font-variant-numeric: tabular-nums; }
thead th { background: #8882; }
a:focus-visible, button:focus-visible, summary:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
button { font: inherit; padding: .2rem .75rem; }
.ok { color: #137333; }
.bad { color: #c5221f; }
.operation { padding: .4rem .6rem; border-left: 4px solid #e37400; background: #e3740014; }
.operation.none { border-left-color: #8888; background: none; }
.down { font-weight: 600; }
pre { margin: .25rem 0; padding: .5rem; background: #8881; overflow-x: auto; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; }
figure { margin: .5rem 0; }
svg { border: 1px solid #8888; }
nav a { margin-right: 1rem; }
`;
