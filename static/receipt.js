// The printable receipt: its Print button (no inline script under the CSP).
document.getElementById('print')?.addEventListener('click', () => window.print());
